#!/bin/sh
# Console end to end: the dropped scenario (tests/tui-safe.c).
TUI_SCENARIO=dropped
. "${B24_TESTDIR:-$(dirname "$0")}/tui-run.sh"
