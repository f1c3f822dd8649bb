#!/bin/sh
# Console end to end: the input scenario (tests/tui-console.c).
TUI_SCENARIO=input
. "${B24_TESTDIR:-$(dirname "$0")}/tui-run.sh"
