#!/bin/sh
# Console end to end: the bulk update scenario (tests/tui-bulk.c).
TUI_SCENARIO=bulk
. "${B24_TESTDIR:-$(dirname "$0")}/tui-run.sh"
