#!/bin/sh
# Console end to end: an API key (access token) typed in the Connection
# form with its refresh token and client secret, all masked.
TUI_SCENARIO=apikey
TUI_AUTH=apikey
. "${B24_TESTDIR:-$(dirname "$0")}/tui-polish-run.sh"
