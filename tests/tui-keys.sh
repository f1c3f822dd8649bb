#!/bin/sh
# Console end to end: the keys scenario (tests/tui-console.c).
TUI_SCENARIO=keys
. "${B24_TESTDIR:-$(dirname "$0")}/tui-run.sh"
