#!/bin/sh
# Console fault (tests/tui-faults.c): the sighup scenario.
TUI_SCENARIO=sighup
. "${B24_TESTDIR:-$(dirname "$0")}/tui-faults-run.sh"
