#!/bin/sh
# Console end to end: the conflict scenario (tests/tui-safe.c).
TUI_SCENARIO=conflict
. "${B24_TESTDIR:-$(dirname "$0")}/tui-run.sh"
