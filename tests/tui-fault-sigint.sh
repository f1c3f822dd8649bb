#!/bin/sh
# Console fault (tests/tui-faults.c): the sigint scenario.
TUI_SCENARIO=sigint
. "${B24_TESTDIR:-$(dirname "$0")}/tui-faults-run.sh"
