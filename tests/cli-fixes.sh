#!/bin/sh
# The command line: an ID with blanks around it is that ID (get, journal
# --user, undo SEQ); Ctrl-C during a read says nothing was changed.
. "${B24_TESTDIR:-$(dirname "$0")}/lib.sh"

portal_start
B24USER_WEBHOOK_URL=$WEBHOOK_URL
export B24USER_WEBHOOK_URL
plan 10

run "$B24USER" --cacert "$PORTAL_CA" get ' 7 '
is "$RUN_STATUS" 0 "get ' 7 ' exits 0"
like "$RUN_OUT" '7' "... and shows user 7"
run "$B24USER" --cacert "$PORTAL_CA" update '	7 ' --set NAME=Trimmed
is "$RUN_STATUS" 0 "update with blanks around the ID exits 0"
run "$B24USER" journal --user ' 7 '
like "$RUN_OUT" 'user 7|"7"| 7 ' "journal --user ' 7 ' lists user 7's entry"
run "$B24USER" --cacert "$PORTAL_CA" undo ' 1 ' --yes
is "$RUN_STATUS" 0 "undo ' 1 ' takes entry 1"

# A custom field is shown with the label the portal gives it, as the
# console's Fields form does.
run "$B24USER" --cacert "$PORTAL_CA" get 4
is "$RUN_STATUS" 0 "get 4 exits 0"
like "$RUN_OUT" 'Team \(UF_USR_TEAM\): Team A' \
	"... and labels the custom field UF_USR_TEAM"

# A shell starts background jobs with SIGINT ignored; undo that, as a
# terminal's Ctrl-C would reach a foreground program.
portal_control fault '{"fault": "hang", "method": "user.get"}' >/dev/null
GETS=$(portal_requests count user.get)
"$PYTHON3" -c '
import os, signal, sys
signal.signal(signal.SIGINT, signal.SIG_DFL)
os.execv(sys.argv[1], sys.argv[1:])
' "$B24USER" --cacert "$PORTAL_CA" get 5 \
	>"$TEST_TMP/bg.out" 2>"$TEST_TMP/bg.err" </dev/null &
BG=$!
_i=0
while [ "$(portal_requests count user.get)" -le "$GETS" ]; do
	_i=$((_i + 1))
	[ "$_i" -le 400 ] || bail_out "the read never arrived"
	kill -0 "$BG" 2>/dev/null || bail_out "b24user ended early"
	sleep 0.05
done
kill -INT "$BG"
wait "$BG"
is "$?" 130 "Ctrl-C during get exits 130"
like "$(cat "$TEST_TMP/bg.err")" 'nothing was changed' \
	"... and says that nothing was changed"
unlike "$(cat "$TEST_TMP/bg.err")" 'may have|reload the user' \
	"... with no word of a write that may have run"

done_testing
