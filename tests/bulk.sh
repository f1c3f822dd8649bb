#!/bin/sh
# b24user update --from against the fake portal: export and re-import as
# a no-op plan, rows refused before anything is sent, the plan accepted
# or not, values on the wire, results per row, time-budget errors inside
# a batch, lost answers settled by reading back, an interrupted run
# resumed, and pacing on a small request bucket.
. "${B24_TESTDIR:-$(dirname "$0")}/lib.sh"

portal_start --extra-users 130
export B24USER_WEBHOOK_URL=$WEBHOOK_URL B24USER_CACERT=$PORTAL_CA
B=$B24USER
STATE=$XDG_STATE_HOME/b24user

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

# written: how many user.update the portal ran since the last reset.
written() {
	portal_control stats | "$PYTHON3" -c '
import json, sys
print(sum(json.load(sys.stdin)["updates"].values()))'
}

# field ID FIELD: the value on the portal.
field() {
	json_value "$(portal_control user "{\"id\": $1}")" "$2"
}

# rows FIRST LAST TEXT: a CSV that sets WORK_POSITION of users FIRST..LAST.
rows() {
	echo "ID,WORK_POSITION"
	_i=$1
	while [ "$_i" -le "$2" ]; do
		echo "$_i,$3 $_i"
		_i=$((_i + 1))
	done
}

# wait_faults_gone: until no armed fault is left (deadline 20 s).
wait_faults_gone() {
	_i=0
	while portal_control faults | grep -q '"fault"'; do
		_i=$((_i + 1))
		[ "$_i" -le 400 ] || return 1
		sleep 0.05
	done
}

# --- export, re-import: nothing to do ----------------------------------

$B search --format csv --limit 60 >"$TEST_TMP/export.csv"
run $B update --from "$TEST_TMP/export.csv" --dry-run
is "$RUN_STATUS" 0 "re-importing a CSV export exits 0"
like "$RUN_OUT" "60 unchanged rows skipped" "... every row unchanged"
like "$RUN_OUT" "LAST_LOGIN" "... read-only columns named as left out"
$B search --format jsonl --limit 60 >"$TEST_TMP/export.jsonl"
run $B update --from "$TEST_TMP/export.jsonl" --yes
is "$RUN_STATUS" 0 "re-importing a JSON Lines export exits 0"
like "$RUN_OUT" "Nothing to send" "... nothing to send"
is "$(portal_requests count user.update)" 0 "... and nothing was written"

# --- invalid rows: listed, nothing sent --------------------------------

printf 'ID,EMAIL,NAME\n1,anna@acme.example,Anna\n2,not-an-email,Tom\n' \
	>"$TEST_TMP/bad.csv"
printf 'x,,Kim\n1,,Again\n' >>"$TEST_TMP/bad.csv"
portal_control reset >/dev/null
run $B update --from "$TEST_TMP/bad.csv" --yes
is "$RUN_STATUS" 2 "invalid rows: exit 2"
like "$RUN_ERR" \
	"^line 3: EMAIL: does not look like an e-mail address\\. Write" \
	"... the bad e-mail with its line, what is wrong and what to do"
like "$RUN_ERR" "^line 4: .*not a user ID" "... the bad ID with its line"
like "$RUN_ERR" "^line 5: user 1 is already in line 2" "... a user twice"
is "$(portal_requests count user.update)" 0 "... and nothing was sent"
is "$(written)" 0 "... not even inside a batch"

# A bad cell and a user the portal does not have: both in one report,
# so the file is corrected in one go (the users are read, not written).
printf 'ID,EMAIL\n1,anna@acme.example\n2,not-an-email\n' \
	>"$TEST_TMP/both.csv"
printf '999,kim@acme.example\n' >>"$TEST_TMP/both.csv"
portal_control reset >/dev/null
run $B update --from "$TEST_TMP/both.csv" --yes
is "$RUN_STATUS" 2 "a bad e-mail and an unknown user: exit 2"
like "$RUN_ERR" "2 of 3 rows of .* cannot be used" "... both counted"
like "$RUN_ERR" "^line 3: EMAIL: does not look like" "... the bad e-mail"
like "$RUN_ERR" "^line 4: the portal shows no user 999" \
	"... and the unknown user in the same report"
is "$(written)" 0 "... and nothing was written"
run $B update --from "$TEST_TMP/both.csv" --dry-run
is "$RUN_STATUS" 2 "--dry-run: the same report, exit 2"
like "$RUN_ERR" "^line 4: the portal shows no user 999" "... naming both"

printf 'ID;NAME\n1;\351t\351\n' >"$TEST_TMP/latin1.csv"
run $B update --from "$TEST_TMP/latin1.csv" --yes
is "$RUN_STATUS" 2 "a Latin-1 file is refused"
like "$RUN_ERR" "not UTF-8: line 2" "... saying so, with the line"
printf '\377\376I\000D\000\n\000' >"$TEST_TMP/utf16.csv"
run $B update --from "$TEST_TMP/utf16.csv" --yes
like "$RUN_ERR" "UTF-16" "a UTF-16 file is refused by name"
printf 'NAME,EMAIL\nAnna,a@b.example\n' >"$TEST_TMP/noid.csv"
run $B update --from "$TEST_TMP/noid.csv" --yes
like "$RUN_ERR" "no ID column" "a file without an ID column is refused"

# --- the plan: accepted or not ------------------------------------------

printf '\357\273\277ID;WORK_POSITION;UF_DEPARTMENT;NAME\n' \
	>"$TEST_TMP/semi.csv"
printf '5;"Lead; ""night"" shift";"1;5";\n' >>"$TEST_TMP/semi.csv"
printf '6;"Two\nlines";2;Тимур\n' >>"$TEST_TMP/semi.csv"
run $B update --from "$TEST_TMP/semi.csv"
is "$RUN_STATUS" 6 "without --yes off a terminal: exit 6"
like "$RUN_ERR" "not accepted; nothing was sent" "... nothing sent"
like "$RUN_ERR" "with --yes" "... and it says how to go on"
like "$RUN_OUT" "Plan: 2 rows; 2 users to update" "... after the plan"
run $B update --from "$TEST_TMP/semi.csv" --dry-run
is "$RUN_STATUS" 0 "--dry-run stops after the plan"
is "$(portal_requests count user.update)" 0 "... nothing was written"

run $B update --from "$TEST_TMP/semi.csv" --yes
is "$RUN_STATUS" 0 "BOM, ';', quotes and line breaks: exit 0"
is "$(field 5 WORK_POSITION)" 'Lead; "night" shift' "... quoted cell"
is "$(field 5 UF_DEPARTMENT)" "[1, 5]" "... a list written 1;5"
is "$(field 6 WORK_POSITION)" "Two
lines" "... a line break inside a cell"
is "$(field 6 NAME)" "Тимур" "... Cyrillic"
isnt "$(field 5 NAME)" "" "... an empty cell leaves the field"

# --- values on the wire --------------------------------------------------

value='A&B+C #1 50% =x? Ёжик 🎉'
"$PYTHON3" -c 'import json, sys
print(json.dumps({"ID": 7, "WORK_POSITION": sys.argv[1]}, ensure_ascii=False))
print(json.dumps({"ID": "8", "PERSONAL_CITY": sys.argv[1]}))' "$value" \
	>"$TEST_TMP/wire.jsonl"
run $B update --from "$TEST_TMP/wire.jsonl" --yes --json
is "$RUN_STATUS" 0 "JSON Lines with & + # % = ? Cyrillic and emoji"
is "$(field 7 WORK_POSITION)" "$value" "... arrive unchanged (row 1)"
is "$(field 8 PERSONAL_CITY)" "$value" "... arrive unchanged (row 2)"
encoded=$("$PYTHON3" -c 'import sys, urllib.parse
print(urllib.parse.quote(sys.argv[1], safe="-_.~"))' "$value")
like "$(grep '"user.update' "$PORTAL_DIR/requests.jsonl" | tail -n 1)" \
	"ID=7&WORK_POSITION=$encoded\"," \
	"... percent-encoded on the wire (%26 %2B %23 %25)"
is "$(json_value "$RUN_OUT" 1.row)" 2 "--json: one item per row, its line"
is "$(json_value "$RUN_OUT" 1.user_id)" 8 "... and its user"
is "$(json_value "$RUN_OUT" 0.verified)" true "... read back"

# --- failures ------------------------------------------------------------

# User 2 is no administrator: it may change itself, not others.
portal_control reset >/dev/null
export B24USER_WEBHOOK_URL=$WEBHOOK_URL2
printf 'ID,WORK_POSITION\n2,Own\n1001,Other\n1003,Other3\n' \
	>"$TEST_TMP/fail.csv"
run $B update --from "$TEST_TMP/fail.csv" --yes
is "$RUN_STATUS" 1 "a refused row stops the run: exit 1"
like "$RUN_ERR" "Line 3, user 1001 was not updated" "... naming line and user"
is "$(updates 1003)" 0 "... rows after it are not sent"
is "$(updates 2)" 1 "... rows before it are done"
echo "1004,Other4" >>"$TEST_TMP/fail.csv"
run $B update --from "$TEST_TMP/fail.csv" --yes --continue-on-fail --json
is "$RUN_STATUS" 0 "--continue-on-fail: exit 0"
is "$(json_value "$RUN_OUT" 1.json.resource)" user "... an error item"
like "$(json_value "$RUN_OUT" 1.json.error)" "access_denied" \
	"... with the portal's reason"
is "$(json_value "$RUN_OUT" 1.row)" 3 "... tied to its line"
is "$(json_value "$RUN_OUT" 2.row)" 4 "... the next row is its own item"
like "$RUN_ERR" "3 failed" "... the failures counted in the summary"
like "$(cat "$STATE"/bulk-*.results.jsonl)" '"row":3,"user_id":"1001"' \
	"... and in the per-row result file"
export B24USER_WEBHOOK_URL=$WEBHOOK_URL

# --- time budget inside a batch -----------------------------------------

portal_control reset >/dev/null
rows 1001 1120 Budget >"$TEST_TMP/budget.csv"
portal_control fault \
	'{"fault": "operation-limit", "method": "user.update", "count": 3}' \
	>/dev/null
run $B update --from "$TEST_TMP/budget.csv" --yes --continue-on-fail
is "$RUN_STATUS" 0 "OPERATION_TIME_LIMIT inside a batch: exit 0"
is "$(field 1001 WORK_POSITION)" "Budget 1001" "... the rows it hit were sent"
is "$(field 1120 WORK_POSITION)" "Budget 1120" "... and the rest"
is "$(twice)" "[]" "... no row ran twice"
is "$(updates 1002)" 1 "... each exactly once"

# --- a lost answer is settled by reading back ----------------------------

rows 1001 1010 Lost >"$TEST_TMP/lost.csv"
portal_control reset >/dev/null
portal_hold batch
$B update --from "$TEST_TMP/lost.csv" --yes >"$TEST_TMP/lost.out" 2>&1 &
pid=$!
portal_held
portal_control fault '{"fault": "reset-after", "method": "batch"}' \
	>/dev/null
portal_release
wait $pid
is "$?" 0 "a write whose answer was lost (reset): exit 0"
is "$(field 1010 WORK_POSITION)" "Lost 1010" "... the change is there"
is "$(twice)" "[]" "... and was not sent again"

rows 1001 1010 Gateway >"$TEST_TMP/html.csv"
portal_control reset >/dev/null
portal_hold batch
$B update --from "$TEST_TMP/html.csv" --yes >"$TEST_TMP/html.out" 2>&1 &
pid=$!
portal_held
portal_control fault '{"fault": "html", "method": "batch"}' >/dev/null
portal_release
wait $pid
is "$?" 0 "a 502 page instead of the answer: exit 0"
is "$(field 1003 WORK_POSITION)" "Gateway 1003" "... read back, then sent"
is "$(updates 1003)" 1 "... exactly once"

# --- interrupted, then resumed -------------------------------------------

rows 1001 1040 Resumed >"$TEST_TMP/resume.csv"
portal_control reset >/dev/null
portal_hold batch
$B update --from "$TEST_TMP/resume.csv" --yes >"$TEST_TMP/int.out" 2>&1 &
pid=$!
portal_held
portal_control fault '{"fault": "hang", "method": "batch"}' >/dev/null
portal_release
wait_faults_gone
kill -INT "$pid"
wait $pid
is "$?" 130 "Ctrl-C while a batch hangs: exit 130"
like "$(cat "$TEST_TMP/int.out")" "--resume" "... saying how to go on"
run $B update --from "$TEST_TMP/resume.csv" --yes
is "$RUN_STATUS" 6 "running the file again without --resume: exit 6"
like "$RUN_ERR" "stopped before its end" "... it says why"
run $B update --from "$TEST_TMP/resume.csv" --yes --resume
is "$RUN_STATUS" 0 "--resume: exit 0"
is "$(field 1040 WORK_POSITION)" "Resumed 1040" "... every row done"
is "$(twice)" "[]" "... none twice"
run $B update --from "$TEST_TMP/resume.csv" --yes --resume
is "$RUN_STATUS" 2 "--resume after the end: nothing to resume"
run $B journal --json --limit 200
like "$RUN_OUT" '"outcome": "done"' "the journal has the run's writes"
like "$(grep -c '"run":"bulk-' "$STATE/journal.jsonl")" '^[1-9]' \
	"... each with the run's id"

# --- on a terminal: the question, and a progress line --------------------

cat >"$TEST_TMP/tty-run.py" <<'EOF'
import os, pty, select, sys, time
answer, argv = sys.argv[1].encode(), sys.argv[2:]
pid, master = pty.fork()
if pid == 0:
    os.execv(argv[0], argv)
out, status, asked = b"", None, False
deadline = time.time() + 60
while status is None and time.time() < deadline:
    if select.select([master], [], [], 0.05)[0]:
        try:
            out += os.read(master, 65536)
        except OSError:
            pass
    if not asked and b"[y/N] " in out:
        asked = True
        os.write(master, answer + b"\r")
    done, st = os.waitpid(pid, os.WNOHANG)
    if done:
        status = os.waitstatus_to_exitcode(st)
while select.select([master], [], [], 0.1)[0]:
    try:
        chunk = os.read(master, 65536)
    except OSError:
        break
    if not chunk:
        break
    out += chunk
print("status=%s" % status)
sys.stdout.write(out.decode("utf-8", "replace"))
EOF
portal_control reset >/dev/null
rows 1001 1120 Terminal >"$TEST_TMP/tty.csv"
"$PYTHON3" "$TEST_TMP/tty-run.py" n "$B24USER" update \
	--from "$TEST_TMP/tty.csv" >"$TEST_TMP/tty.out" 2>&1
TTY=$(cat "$TEST_TMP/tty.out")
like "$TTY" "Send 120 updates to https://127.0.0.1:[0-9]+\? \[y/N\]" \
	"terminal: the plan ends with a question"
like "$TTY" "^status=6" "terminal: n sends nothing (exit 6)"
is "$(updates 1001)" 0 "... nothing was written"
"$PYTHON3" "$TEST_TMP/tty-run.py" y "$B24USER" update \
	--from "$TEST_TMP/tty.csv" >"$TEST_TMP/tty.out" 2>&1
TTY=$(cat "$TEST_TMP/tty.out")
like "$TTY" "^status=0" "terminal: y sends the plan"
like "$TTY" "done 50, failed 0, remaining 70, ETA" \
	"terminal: a progress line with done, failed, remaining, ETA"
is "$(field 1120 WORK_POSITION)" "Terminal 1120" "... every row done"
unlike "$(cat "$TEST_TMP/lost.out")" "remaining" \
	"no progress line when stdout is not a terminal"

# --- pacing on a small bucket --------------------------------------------

portal_control reset >/dev/null
portal_control config '{"rate": 4, "drain": 4}' >/dev/null
rows 1001 1130 Paced >"$TEST_TMP/paced.csv"
run $B update --from "$TEST_TMP/paced.csv" --yes --rate 4/4
is "$RUN_STATUS" 0 "a bucket of 4: exit 0"
is "$(json_value "$(portal_control stats)" rate_refused)" 0 \
	"... never refused with too many requests"
is "$(field 1130 WORK_POSITION)" "Paced 1130" "... every row done"
is "$(portal_requests count batch)" 5 \
	"... one read of 130 users, 3 writes of up to 50, one read-back"

done_testing
