#!/bin/sh
# Console fault (tests/tui-faults.c): expired_token, then invalid_grant.
TUI_SCENARIO=grant TUI_GRANT=1
. "${B24_TESTDIR:-$(dirname "$0")}/tui-faults-run.sh"
