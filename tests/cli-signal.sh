#!/bin/sh
# Ctrl-C and SIGTERM during a request: the request is cancelled and the
# exit status is 130 / 128+N.
. "${B24_TESTDIR:-$(dirname "$0")}/lib.sh"

portal_start
export B24USER_WEBHOOK_URL=$WEBHOOK_URL

# A shell starts background jobs with SIGINT ignored; undo that, as a
# terminal's Ctrl-C would reach a foreground program.
start_update() {
	"$PYTHON3" -c '
import os, signal, sys
signal.signal(signal.SIGINT, signal.SIG_DFL)
os.execv(sys.argv[1], sys.argv[1:])
' "$B24USER" --cacert "$PORTAL_CA" update 4 --set NAME=Stuck \
		>"$TEST_TMP/bg.out" 2>"$TEST_TMP/bg.err" </dev/null &
	BG=$!
}

# wait_hanging N: until the portal holds N writes (bounded); a write is
# user.update in a batch with its read-back.
wait_hanging() {
	_i=0
	while [ "$(portal_requests count batch)" -lt "$1" ]; do
		_i=$((_i + 1))
		[ "$_i" -le 400 ] || bail_out "the request never arrived"
		kill -0 "$BG" 2>/dev/null || bail_out "b24user ended early"
		sleep 0.05
	done
}

portal_control fault '{"fault": "hang", "method": "batch", "count": 2}' \
	>/dev/null

start_update
wait_hanging 1
kill -INT "$BG"
wait "$BG"
is "$?" 130 "SIGINT during a request exits 130"
like "$(cat "$TEST_TMP/bg.err")" 'cancel|interrupt|stopped' \
	"... and says the request was stopped"

start_update
wait_hanging 2
kill -TERM "$BG"
wait "$BG"
is "$?" 143 "SIGTERM during a request exits 143"

done_testing
