#!/bin/sh
# Console end to end: the unknown scenario (tests/tui-safe.c).
TUI_SCENARIO=unknown
. "${B24_TESTDIR:-$(dirname "$0")}/tui-run.sh"
