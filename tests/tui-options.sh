#!/bin/sh
# Console end to end: the options scenario (tests/tui-console.c).
TUI_SCENARIO=options
. "${B24_TESTDIR:-$(dirname "$0")}/tui-run.sh"
