#!/bin/sh
# Console end to end: the resize scenario (tests/tui-console.c).
TUI_SCENARIO=resize
. "${B24_TESTDIR:-$(dirname "$0")}/tui-run.sh"
