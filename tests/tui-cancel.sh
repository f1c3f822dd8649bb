#!/bin/sh
# Console end to end: the cancel scenario (tests/tui-console.c).
TUI_SCENARIO=cancel
. "${B24_TESTDIR:-$(dirname "$0")}/tui-run.sh"
