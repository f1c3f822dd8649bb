#!/bin/sh
# Console end to end: the helpdesk scenario with apikey credentials.
TUI_SCENARIO=helpdesk
TUI_AUTH=apikey
. "${B24_TESTDIR:-$(dirname "$0")}/tui-run.sh"
