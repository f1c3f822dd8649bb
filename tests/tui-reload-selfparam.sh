#!/bin/sh
# Console end to end: ACTIVE=N as a custom parameter on one's own account
# takes a capital Y like the field (tests/tui-reload.c).
TUI_SCENARIO=selfparam TUI_PROG=tui-reload
. "${B24_TESTDIR:-$(dirname "$0")}/tui-fixes-run.sh"
