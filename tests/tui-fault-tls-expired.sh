#!/bin/sh
# Console fault (tests/tui-faults.c): the tls scenario, expired.
TUI_SCENARIO=tls TUI_CERT=expired \
	TUI_EXPECT="The portal's certificate has expired"
export TUI_EXPECT
. "${B24_TESTDIR:-$(dirname "$0")}/tui-faults-run.sh"
