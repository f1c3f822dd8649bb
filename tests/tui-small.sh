#!/bin/sh
# Console end to end: the small scenario (tests/tui-console.c).
TUI_SCENARIO=small
. "${B24_TESTDIR:-$(dirname "$0")}/tui-run.sh"
