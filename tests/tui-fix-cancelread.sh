#!/bin/sh
# Console end to end: Esc during a read: nothing was changed, said once
# (tests/tui-fixes.c).
TUI_SCENARIO=cancelread
. "${B24_TESTDIR:-$(dirname "$0")}/tui-fixes-run.sh"
