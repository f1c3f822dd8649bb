#!/bin/sh
# Console end to end: F4 over a saved profile whose auth method the
# Connection form changed asks first (tests/tui-fixes.c).
TUI_SCENARIO=saveprofile
. "${B24_TESTDIR:-$(dirname "$0")}/tui-fixes-run.sh"
