#!/bin/sh
# Console end to end: the raw JSON view shows the user just loaded, not
# the one before (tests/tui-reload.c).
TUI_SCENARIO=jsonview TUI_PROG=tui-reload
. "${B24_TESTDIR:-$(dirname "$0")}/tui-fixes-run.sh"
