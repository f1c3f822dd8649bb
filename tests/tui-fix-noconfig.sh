#!/bin/sh
# Console end to end: the first start with no config points to the
# Connection form (tests/tui-fixes.c).
TUI_SCENARIO=noconfig
TUI_NOCONFIG=1
export TUI_NOCONFIG
. "${B24_TESTDIR:-$(dirname "$0")}/tui-fixes-run.sh"
