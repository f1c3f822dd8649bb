#!/bin/sh
# Console end to end: a connection that finds no credentials keeps the
# running one and its header (tests/tui-reload.c).  The webhook is in
# the file store, so nothing in the environment stands in for OAuth.
TUI_SCENARIO=failedconn TUI_PROG=tui-reload TUI_STORE=file
. "${B24_TESTDIR:-$(dirname "$0")}/tui-fixes-run.sh"
