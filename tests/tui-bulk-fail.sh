#!/bin/sh
# Console end to end: a bulk run as an account that is no admin: the
# own dismissal refused, a refused row logged (tests/tui-bulk.c).
TUI_SCENARIO=bulkfail
. "${B24_TESTDIR:-$(dirname "$0")}/tui-run.sh"
