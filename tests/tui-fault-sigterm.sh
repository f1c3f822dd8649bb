#!/bin/sh
# Console fault (tests/tui-faults.c): the sigterm scenario.
TUI_SCENARIO=sigterm
. "${B24_TESTDIR:-$(dirname "$0")}/tui-faults-run.sh"
