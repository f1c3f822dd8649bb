#!/bin/sh
# Console end to end: a paste longer than a field may hold stops at its
# limit and says so (tests/tui-reload.c).
TUI_SCENARIO=full TUI_PROG=tui-reload
. "${B24_TESTDIR:-$(dirname "$0")}/tui-fixes-run.sh"
