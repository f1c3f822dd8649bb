#!/bin/sh
# Console fault (tests/tui-faults.c): the tls scenario, untrusted.
TUI_SCENARIO=tls TUI_CERT=untrusted TUI_EXPECT="certificate is not trusted"
export TUI_EXPECT
. "${B24_TESTDIR:-$(dirname "$0")}/tui-faults-run.sh"
