#!/bin/sh
# Console end to end: OAuth 2.0 sign-in from the Connection form (a
# pasted code, an expired one, no secret on screen or in the log).
TUI_SCENARIO=signin
TUI_AUTH=signin
. "${B24_TESTDIR:-$(dirname "$0")}/tui-polish-run.sh"
