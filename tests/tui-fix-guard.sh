#!/bin/sh
# Console end to end: the unlock dialog's refusal in the console's words
# (tests/tui-fixes.c).
TUI_SCENARIO=guard
TUI_READONLY=1
export TUI_READONLY
. "${B24_TESTDIR:-$(dirname "$0")}/tui-fixes-run.sh"
