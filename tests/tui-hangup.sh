#!/bin/sh
# Console end to end: the hangup scenario (tests/tui-console.c).
TUI_SCENARIO=hangup
. "${B24_TESTDIR:-$(dirname "$0")}/tui-run.sh"
