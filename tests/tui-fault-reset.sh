#!/bin/sh
# Console fault (tests/tui-faults.c): the reset scenario.
TUI_SCENARIO=reset-send
. "${B24_TESTDIR:-$(dirname "$0")}/tui-faults-run.sh"
