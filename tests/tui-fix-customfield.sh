#!/bin/sh
# Console end to end: a custom field the portal lists is labelled and
# sent (tests/tui-fixes.c).
TUI_SCENARIO=customfield
. "${B24_TESTDIR:-$(dirname "$0")}/tui-fixes-run.sh"
