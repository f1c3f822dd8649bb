#!/bin/sh
# Console end to end: the sigterm scenario (tests/tui-safe.c).
TUI_SCENARIO=sigterm
. "${B24_TESTDIR:-$(dirname "$0")}/tui-run.sh"
