#!/bin/sh
# Console end to end: keeping the portal's values after a conflict; Ctrl-_
# puts a field back (tests/tui-fixes.c).
TUI_SCENARIO=conflict
. "${B24_TESTDIR:-$(dirname "$0")}/tui-fixes-run.sh"
