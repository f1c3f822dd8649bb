#!/bin/sh
# Console fault (tests/tui-faults.c): the closed scenario.
TUI_SCENARIO=closed
. "${B24_TESTDIR:-$(dirname "$0")}/tui-faults-run.sh"
