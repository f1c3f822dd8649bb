#!/bin/sh
# Console fault (tests/tui-faults.c): the load-faults scenario.
TUI_SCENARIO=load-faults
. "${B24_TESTDIR:-$(dirname "$0")}/tui-faults-run.sh"
