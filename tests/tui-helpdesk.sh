#!/bin/sh
# Console end to end: the helpdesk scenario (tests/tui-console.c).
TUI_SCENARIO=helpdesk
. "${B24_TESTDIR:-$(dirname "$0")}/tui-run.sh"
