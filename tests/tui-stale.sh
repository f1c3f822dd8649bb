#!/bin/sh
# Console end to end: the stale scenario (tests/tui-safe.c).
TUI_SCENARIO=stale
. "${B24_TESTDIR:-$(dirname "$0")}/tui-run.sh"
