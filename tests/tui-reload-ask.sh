#!/bin/sh
# Console end to end: F2 on the user being edited asks before dropping
# unsent changes (tests/tui-reload.c).
TUI_SCENARIO=reload TUI_PROG=tui-reload
. "${B24_TESTDIR:-$(dirname "$0")}/tui-fixes-run.sh"
