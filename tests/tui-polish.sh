#!/bin/sh
# Console end to end: whole keys in the status line, labels with their
# codes, the e-mail message once, broken JSON never dropped silently.
TUI_SCENARIO=polish
. "${B24_TESTDIR:-$(dirname "$0")}/tui-polish-run.sh"
