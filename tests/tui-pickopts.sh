#!/bin/sh
# Console end to end: the pickopts scenario (tests/tui-safe.c).
TUI_SCENARIO=pickopts
. "${B24_TESTDIR:-$(dirname "$0")}/tui-run.sh"
