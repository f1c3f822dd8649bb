#!/bin/sh
# Console end to end: a bulk run on a read-only profile, stopped with
# Esc and finished by update --from --resume (tests/tui-bulk.c).
TUI_SCENARIO=bulkstop
TUI_READONLY=1
TUI_RATE=1/1
TUI_PORTAL_ARGS="--extra-users 130"
. "${B24_TESTDIR:-$(dirname "$0")}/tui-run.sh"
