#!/bin/sh
# Console end to end: an ID with blanks around it in the User field
# (tests/tui-fixes.c).
TUI_SCENARIO=trimid
. "${B24_TESTDIR:-$(dirname "$0")}/tui-fixes-run.sh"
