#!/bin/sh
# Console end to end: the marker scenario (tests/tui-safe.c).
TUI_SCENARIO=marker
TUI_READONLY=1
. "${B24_TESTDIR:-$(dirname "$0")}/tui-run.sh"
