#!/bin/sh
# make demo on a terminal keeps the logs saved with F9 in ./demo-logs
# (tests/tui-fixes.c).
TUI_SCENARIO=demologs
. "${B24_TESTDIR:-$(dirname "$0")}/tui-fixes-run.sh"
