#!/bin/sh
# Console end to end: the pick scenario (tests/tui-safe.c).
TUI_SCENARIO=pick
. "${B24_TESTDIR:-$(dirname "$0")}/tui-run.sh"
