#!/bin/sh
# The console needs a terminal: without one (stdin at /dev/null, as from
# cron or a pipe) b24user refuses at once with a usage error, exit 2.
. "${B24_TESTDIR:-$(dirname "$0")}/lib.sh"

plan 3
run timeout 10 "$B24USER"
is "$RUN_STATUS" 2 "stdin at /dev/null: exit status 2, no hang"
like "$RUN_ERR" "needs a terminal" "it says the console needs a terminal"
RUN_STDIN=/dev/null run timeout 10 "$B24USER" --profile none
is "$RUN_STATUS" 2 "also with options before it"
done_testing
