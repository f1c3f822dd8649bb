#!/bin/sh
# Console end to end: the switch scenario (tests/tui-safe.c).
TUI_SCENARIO=switch
TUI_SECOND=1
. "${B24_TESTDIR:-$(dirname "$0")}/tui-run.sh"
