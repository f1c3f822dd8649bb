#!/bin/sh
# Console end to end: the Options form's one-off token for the load as for
# the send (tests/tui-fixes.c).
TUI_SCENARIO=oneoff
. "${B24_TESTDIR:-$(dirname "$0")}/tui-fixes-run.sh"
