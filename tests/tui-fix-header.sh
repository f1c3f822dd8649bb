#!/bin/sh
# Console end to end: the header's short form of the file store at 80x24
# (tests/tui-fixes.c).
TUI_SCENARIO=header
TUI_STORE=file
export TUI_STORE
. "${B24_TESTDIR:-$(dirname "$0")}/tui-fixes-run.sh"
