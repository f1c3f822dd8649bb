#!/bin/sh
# update --from stopped or cut while a write batch is on its way: the
# batch's rows are outcome unknown (never "not sent") and the message
# says the portal may have written them; --resume settles them by
# reading back, marks the run finished, and the file can be run again;
# a timeout (or a gateway's 504) that reads back old values does not
# send the rows a second time.  undo --run names its rows by journal
# entry, not by line.
. "${B24_TESTDIR:-$(dirname "$0")}/lib.sh"

portal_start --extra-users 20
export B24USER_WEBHOOK_URL=$WEBHOOK_URL B24USER_CACERT=$PORTAL_CA
B=$B24USER
STATE=$XDG_STATE_HOME/b24user

# rows FIRST LAST TEXT: a CSV that sets WORK_POSITION of users FIRST..LAST.
rows() {
	echo "ID,WORK_POSITION"
	_i=$1
	while [ "$_i" -le "$2" ]; do
		echo "$_i,$3 $_i"
		_i=$((_i + 1))
	done
}

field() {
	json_value "$(portal_control user "{\"id\": $1}")" "$2"
}

# updates ID: how many times the portal ran user.update for ID.
updates() {
	portal_control stats | "$PYTHON3" -c '
import json, sys
print(json.load(sys.stdin)["updates"].get(sys.argv[1], 0))' "$1"
}

# twice: the users updated more than once since the last reset.
twice() {
	portal_control stats | "$PYTHON3" -c '
import json, sys
print(sorted(k for k, v in json.load(sys.stdin)["updates"].items() if v > 1))'
}

# checkpoint KEY: a value of the only checkpoint (rows.2.state, finished).
checkpoint() {
	json_value "$(cat "$STATE"/bulk-*[0-9a-f].json)" "$1"
}

# mode FILE: its permission bits (600).
mode() {
	"$PYTHON3" -c 'import os, sys
print("%o" % (os.stat(sys.argv[1]).st_mode & 0o777))' "$1"
}

# --- Ctrl-C while the write batch is held on the portal ------------------

rows 1001 1006 Cancel >"$TEST_TMP/dept.csv"
portal_control reset >/dev/null
# The plan's read and the write batch are both held: the first is let
# go, the second is the one the interrupt hits.
portal_control fault '{"fault": "hold", "method": "batch", "count": 2}' \
	>/dev/null
$B update --from "$TEST_TMP/dept.csv" --yes >"$TEST_TMP/int.out" \
	2>"$TEST_TMP/int.err" &
pid=$!
portal_held
portal_release
portal_held
kill -INT "$pid"
wait "$pid"
is "$?" 130 "Ctrl-C while the write batch is on its way: exit 130"
portal_release
OUT=$(cat "$TEST_TMP/int.out")
ERR=$(cat "$TEST_TMP/int.err")
unlike "$ERR" "before anything was sent" "... not 'nothing was sent'"
like "$ERR" "batch of 6 updates was on its way: the portal may have" \
	"... the batch may have been written"
like "$ERR" "reads those users back" "... going on reads them back"
like "$ERR" "--resume" "... with --resume"
like "$OUT" "6 outcome unknown" "... the summary counts 6 unknown"
unlike "$OUT" "not sent" "... and none as not sent"
is "$(checkpoint rows.7.state)" unknown "... the checkpoint says unknown"
wait_until "the held batch is written" '[ "$(updates 1006)" = 1 ]'
is "$(field 1006 WORK_POSITION)" "Cancel 1006" "the portal wrote the batch"

run $B update --from "$TEST_TMP/dept.csv" --yes --resume
is "$RUN_STATUS" 0 "--resume: exit 0"
like "$RUN_OUT" "6 settled by the earlier run" "... read back, settled"
is "$(twice)" "[]" "... nothing sent twice"
is "$(checkpoint finished)" true "... and the checkpoint is finished"
RESULTS=$(ls "$STATE"/bulk-*.results.jsonl)
unlike "$(cat "$RESULTS")" "before its answer came" \
	"... the results file no longer says the answer is awaited"
is "$(grep -c '"outcome":"earlier"' "$RESULTS")" 6 \
	"... it says each row was settled by the earlier run"
is "$(mode "$RESULTS")" 600 "... and only its owner may read it"
run $B update --from "$TEST_TMP/dept.csv" --yes
is "$RUN_STATUS" 0 "the same file after the resume: not refused"
like "$RUN_OUT" "6 unchanged rows skipped" "... every row unchanged"
run $B update --from "$TEST_TMP/dept.csv" --yes --resume
is "$RUN_STATUS" 2 "--resume once more: nothing to resume"

# --- the answer cut off, and the read-back fails too ---------------------

rm -f "$STATE"/bulk-*
rows 1001 1006 Cut >"$TEST_TMP/cut.csv"
portal_control reset >/dev/null
portal_hold batch
$B update --from "$TEST_TMP/cut.csv" --yes --results "$TEST_TMP/cut.jsonl" \
	>"$TEST_TMP/cut.out" 2>"$TEST_TMP/cut.err" &
pid=$!
portal_held
portal_control fault '{"fault": "reset-after", "method": "batch"}' \
	>/dev/null
portal_control fault \
	'{"fault": "reset-before", "method": "batch", "count": 4}' >/dev/null
portal_release
wait "$pid"
is "$?" 7 "answer cut and the read-back failing: exit 7"
like "$(cat "$TEST_TMP/cut.out")" "6 outcome unknown" "... 6 unknown"
unlike "$(cat "$TEST_TMP/cut.out")" "not sent" "... none as not sent"
like "$(cat "$TEST_TMP/cut.err")" "the portal may have written them" \
	"... the batch may have been written"
portal_control fault '{"fault": "none"}' >/dev/null
is "$(mode "$TEST_TMP/cut.jsonl")" 600 "--results FILE is created 0600"
like "$(cat "$TEST_TMP/cut.jsonl")" "before its answer came" \
	"... and says the answers were lost"
run $B update --from "$TEST_TMP/cut.csv" --yes --resume \
	--results "$TEST_TMP/cut.jsonl"
is "$RUN_STATUS" 0 "--resume settles them"
is "$(updates 1003)" 1 "... written once"
is "$(grep -c '"outcome":"earlier"' "$TEST_TMP/cut.jsonl")" 6 \
	"... and brings --results FILE up to date"
like "$RUN_OUT" "Results, one line per row: $TEST_TMP/cut.jsonl" \
	"... naming it"

# --- a timeout: old values read back do not send the batch again ---------

rm -f "$STATE"/bulk-*
rows 1001 1006 Late >"$TEST_TMP/late.csv"
portal_control reset >/dev/null
# The plan's read passes (a slow of 0 s); the write batch is held until
# the client has given up on it and read the users back.
portal_control fault \
	'{"fault": "slow", "method": "batch", "seconds": 0}' >/dev/null
portal_hold batch
$B update --timeout 2 --from "$TEST_TMP/late.csv" --yes \
	>"$TEST_TMP/late.out" 2>"$TEST_TMP/late.err" &
pid=$!
wait "$pid"
is "$?" 7 "no answer, old values read back: exit 7"
like "$(cat "$TEST_TMP/late.out")" "6 outcome unknown" "... 6 unknown"
portal_release
wait_until "the held batch is written" '[ "$(updates 1006)" = 1 ]'
is "$(twice)" "[]" "... the batch the portal was still on ran once"
is "$(field 1001 WORK_POSITION)" "Late 1001" "... and it was written"

# A gateway's 504 is a timeout too; a 500 came from the portal itself.
rows 1001 1006 Gateway >"$TEST_TMP/gw.csv"
portal_control reset >/dev/null
portal_control fault \
	'{"fault": "slow", "method": "batch", "seconds": 0}' >/dev/null
portal_control fault \
	'{"fault": "server-error", "method": "batch", "status": 504}' \
	>/dev/null
run $B update --from "$TEST_TMP/gw.csv" --yes
is "$RUN_STATUS" 7 "a gateway's 504, old values read back: exit 7"
is "$(updates 1001)" 0 "... not sent again in the same run"

# --- undo --run: rows are journal entries --------------------------------

rows 1011 1013 Moved >"$TEST_TMP/move.csv"
run $B update --from "$TEST_TMP/move.csv" --yes
RUNID=$(grep -o '"run":"bulk-[0-9a-f]*-[0-9]*"' "$STATE/journal.jsonl" |
	tail -n 1 | cut -d'"' -f4)
SEQ=$(grep '"user_id":"1012"' "$STATE/journal.jsonl" | tail -n 1 |
	grep -o '"seq":[0-9]*' | cut -d: -f2)
run $B update 1013 --set "WORK_POSITION=Changed since"
run $B undo --run "$RUNID" --dry-run
is "$RUN_STATUS" 0 "undo --run --dry-run: exit 0"
like "$RUN_OUT" "^User 1012 \(journal entry $SEQ\):" \
	"... the plan names the journal entry"
like "$RUN_OUT" "Left as it is, user 1013 \(journal entry [0-9]+\)" \
	"... a user changed since too"
unlike "$RUN_OUT" "\(line [0-9]" "... and no file line"
run $B undo --run "$RUNID" --dry-run --json
like "$RUN_OUT" "\"row\": *$SEQ," "--json keeps the \"row\" key"

done_testing
