#!/bin/sh
# Console end to end: the undo scenario (tests/tui-safe.c).
TUI_SCENARIO=undo
. "${B24_TESTDIR:-$(dirname "$0")}/tui-run.sh"
