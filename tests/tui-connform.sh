#!/bin/sh
# Console end to end: the connform scenario (tests/tui-console.c).
TUI_SCENARIO=connform
. "${B24_TESTDIR:-$(dirname "$0")}/tui-run.sh"
