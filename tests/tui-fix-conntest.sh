#!/bin/sh
# Console end to end: F3 in the Connection form tests what the form holds
# (tests/tui-fixes.c).
TUI_SCENARIO=conntest
. "${B24_TESTDIR:-$(dirname "$0")}/tui-fixes-run.sh"
