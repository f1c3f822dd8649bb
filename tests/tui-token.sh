#!/bin/sh
# Console end to end: a one-off access token from the Options form.
TUI_SCENARIO=token
. "${B24_TESTDIR:-$(dirname "$0")}/tui-run.sh"
