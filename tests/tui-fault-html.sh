#!/bin/sh
# Console fault (tests/tui-faults.c): the html scenario.
TUI_SCENARIO=html
. "${B24_TESTDIR:-$(dirname "$0")}/tui-faults-run.sh"
