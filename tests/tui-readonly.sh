#!/bin/sh
# Console end to end: the readonly scenario (tests/tui-safe.c).
TUI_SCENARIO=readonly
TUI_READONLY=1
. "${B24_TESTDIR:-$(dirname "$0")}/tui-run.sh"
