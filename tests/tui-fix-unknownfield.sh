#!/bin/sh
# Console end to end: a field the portal does not list is refused in the
# console's words (tests/tui-fixes.c).
TUI_SCENARIO=unknownfield
. "${B24_TESTDIR:-$(dirname "$0")}/tui-fixes-run.sh"
