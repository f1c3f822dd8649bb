#!/bin/sh
# Console end to end: the param scenario (tests/tui-safe.c).
TUI_SCENARIO=param
. "${B24_TESTDIR:-$(dirname "$0")}/tui-run.sh"
