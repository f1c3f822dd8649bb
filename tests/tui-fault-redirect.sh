#!/bin/sh
# Console fault (tests/tui-faults.c): the redirect scenario.
TUI_SCENARIO=redirect
. "${B24_TESTDIR:-$(dirname "$0")}/tui-faults-run.sh"
