#!/bin/sh
# Console end to end: long messages whole in the log, the console's own
# words for command-line flags, curl one option per line, the log's keys.
TUI_SCENARIO=messages
. "${B24_TESTDIR:-$(dirname "$0")}/tui-polish-run.sh"
