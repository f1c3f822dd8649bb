#!/bin/sh
# Console end to end: an expired OAuth token renewed in the background.
TUI_SCENARIO=refresh
TUI_AUTH=oauth
. "${B24_TESTDIR:-$(dirname "$0")}/tui-run.sh"
