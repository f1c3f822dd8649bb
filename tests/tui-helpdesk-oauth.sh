#!/bin/sh
# Console end to end: the helpdesk scenario with oauth credentials.
TUI_SCENARIO=helpdesk
TUI_AUTH=oauth
. "${B24_TESTDIR:-$(dirname "$0")}/tui-run.sh"
