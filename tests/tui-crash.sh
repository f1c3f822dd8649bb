#!/bin/sh
# Console end to end: the crash scenario (tests/tui-console.c).
TUI_SCENARIO=crash
. "${B24_TESTDIR:-$(dirname "$0")}/tui-run.sh"
