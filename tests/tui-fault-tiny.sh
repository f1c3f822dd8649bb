#!/bin/sh
# Console fault (tests/tui-faults.c): the tiny scenario.
TUI_SCENARIO=tiny
. "${B24_TESTDIR:-$(dirname "$0")}/tui-faults-run.sh"
