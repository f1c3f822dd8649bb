#!/bin/sh
# Console end to end: the busy scenario (tests/tui-safe.c).
TUI_SCENARIO=busy
. "${B24_TESTDIR:-$(dirname "$0")}/tui-run.sh"
