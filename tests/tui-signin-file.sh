#!/bin/sh
# Console end to end: OAuth 2.0 sign-in into the file store the profile
# chose; the connection then takes its tokens from that store.
TUI_SCENARIO=signin
TUI_AUTH=signin
TUI_STORE=file
export TUI_STORE
. "${B24_TESTDIR:-$(dirname "$0")}/tui-polish-run.sh"
