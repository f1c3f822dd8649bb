#!/bin/sh
# Console end to end: the log scenario (tests/tui-console.c).
TUI_SCENARIO=log
. "${B24_TESTDIR:-$(dirname "$0")}/tui-run.sh"
