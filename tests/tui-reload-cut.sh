#!/bin/sh
# Console end to end: values cut to their column end in an ellipsis
# (tests/tui-reload.c).
TUI_SCENARIO=cut TUI_PROG=tui-reload
. "${B24_TESTDIR:-$(dirname "$0")}/tui-fixes-run.sh"
