#!/bin/sh
# Console fault (tests/tui-faults.c): the tls scenario, wronghost.
TUI_SCENARIO=tls TUI_CERT=wronghost \
	TUI_EXPECT="certificate is for another address"
export TUI_EXPECT
. "${B24_TESTDIR:-$(dirname "$0")}/tui-faults-run.sh"
