#!/bin/sh
# b24user search against the fake portal: text and filter searches, what
# reaches the wire, paging through a large portal, the output formats,
# department names, and input refused before anything is sent.
. "${B24_TESTDIR:-$(dirname "$0")}/lib.sh"

# The rate limit has its own tests (rest.sh); here it would only wait.
portal_start --no-rate-limit
export B24USER_WEBHOOK_URL=$WEBHOOK_URL
B="$B24USER --cacert $PORTAL_CA"

# wire PATH: a member of the params of the last request, as JSON.
wire() {
	json_value "$(portal_requests last)" "params.$1"
}

# answered METHOD: requests for METHOD the portal answered with 200 (a
# rate-limit refusal, retried, is logged too).
answered() {
	"$PYTHON3" -c '
import json, sys
print(sum(1 for l in open(sys.argv[1]) if l.strip() and
          json.loads(l).get("method") == sys.argv[2] and
          json.loads(l).get("status") == 200))' \
		"$PORTAL_DIR/requests.jsonl" "$1"
}

# ids: the IDs of JSON Lines on stdin, space separated, in order.
ids() {
	"$PYTHON3" -c '
import json, sys
print(" ".join(json.loads(l)["ID"] for l in sys.stdin if l.strip()))'
}

# --- text searches ----------------------------------------------------

run $B search Kowalska --format jsonl
is "$RUN_STATUS" 0 "a text search exits 0"
is "$(printf '%s\n' "$RUN_OUT" | ids)" 1 "Latin text finds the user"
is "$(json_value "$(portal_requests last)" method)" user.search \
	"... through user.search"
is "$(wire FIND)" Kowalska "... with FIND"

run $B search Смирнова --format jsonl
is "$(printf '%s\n' "$RUN_OUT" | ids)" 4 "Cyrillic text finds the user"
is "$(wire FIND)" Смирнова "... sent as UTF-8"

run $B search Бухгалтерия --format jsonl
is "$(printf '%s\n' "$RUN_OUT" | ids)" "4 17 31" \
	"a department name finds its people, not the dismissed one (18)"

run $B search olga.smirnova@acme --format jsonl
is "$(printf '%s\n' "$RUN_OUT" | ids)" 4 "an e-mail finds the user"
is "$(wire FILTER.%EMAIL)" olga.smirnova@acme "... through FILTER %EMAIL"

run $B search '+7 916' --format jsonl
is "$(printf '%s\n' "$RUN_OUT" | ids)" "3 6 9 12 15 21 27 30 33" \
	"a phone number finds the users (dismissed 18, 24 left out)"
run $B search 104 --format jsonl --fields UF_PHONE_INNER
is "$RUN_OUT" '{"ID":"4","UF_PHONE_INNER":"104"}' \
	"an extension number finds the user, once"
is "$(wire FILTER.%UF_PHONE_INNER)" 104 "... asked as %UF_PHONE_INNER"
run $B search '5550 0' --format jsonl --limit 3
is "$(printf '%s\n' "$RUN_OUT" | ids)" "1 2 3" "a phone search honours --limit"

# --- filters, order, admin mode, limit ---------------------------------

run $B search --filter '{"%LAST_NAME": "ова"}' --format jsonl
is "$(printf '%s\n' "$RUN_OUT" | ids)" "4 9 17 22 30" \
	"% substring filter (dismissed 24 left out)"
is "$(wire FILTER.ACTIVE)" true "ACTIVE=true added when the filter is silent"
is "$(wire start)" -1 "user.get pages with start=-1"

run $B search --filter '{">=ID": 33}' --format jsonl
is "$(printf '%s\n' "$RUN_OUT" | ids)" "33 34 35 9007199254740993" \
	">= filter; an ID above 2^53 stays exact"

run $B search --filter '{"@UF_DEPARTMENT": [4, 7]}' --format jsonl
is "$(printf '%s\n' "$RUN_OUT" | ids)" "8 9 10 11 20 21 30 35" "@ list filter"

run $B search --format jsonl
unlike "$(printf '%s\n' "$RUN_OUT" | ids)" '(^| )(18|24)( |$)' \
	"dismissed users are left out by default"
run $B search --filter '{"ACTIVE": false}' --format jsonl
is "$(printf '%s\n' "$RUN_OUT" | ids)" "18 24" \
	"... and found when the filter asks"
unlike "$(wire FILTER)" '"ACTIVE": true' "... without ACTIVE=true added"

run $B search --order '{"LAST_NAME": "desc"}' --filter '{"@ID": [1,2,3]}' \
	--format jsonl
is "$(printf '%s\n' "$RUN_OUT" | ids)" "3 1 2" \
	"--order sorts (Петров, Kowalska, Becker)"
is "$(wire SORT)/$(wire ORDER)" "LAST_NAME/DESC" "... sent as SORT and ORDER"

run $B search --admin-mode --limit 1 --format jsonl
is "$(wire ADMIN_MODE)" Y "--admin-mode sends ADMIN_MODE=Y"

n0=$(answered user.get)
run $B search --limit 5 --format jsonl
is "$(printf '%s\n' "$RUN_OUT" | ids)" "1 2 3 4 5" "--limit 5 stops after 5"
is "$(($(answered user.get) - n0))" 1 "... after one request"

# --- formats and fields ------------------------------------------------

run $B search Ольга
is "$RUN_STATUS" 0 "table exits 0"
like "$RUN_OUT" '^ID +Name +E-mail +Position +Department +Active$' \
	"table header"
row='^4 +Ольга Смирнова +olga.smirnova@acme.example +Бухгалтер'
like "$RUN_OUT" "$row +Бухгалтерия +yes\$" \
	"table row with the department name"
like "$RUN_OUT" '^\(1 user\)$' "table count"

run $B --json search Ольга
is "$(json_value "$RUN_OUT" 0.json.ID)" 4 "--json: [{\"json\": user}]"
run $B search Ольга --format json
is "$(json_value "$RUN_OUT" 0.json.EMAIL)" olga.smirnova@acme.example \
	"--format json is the same"
run $B --json search Ольга --format csv
is "$RUN_STATUS" 2 "--json with --format csv is refused"

run $B search --filter '{"@ID": [4, 20]}' --format csv \
	--fields EMAIL,UF_DEPARTMENT,ACTIVE
is "$RUN_OUT" "$(printf '%s\r\n' 'ID,EMAIL,UF_DEPARTMENT,ACTIVE' \
	'4,olga.smirnova@acme.example,6,Y' \
	'20,sofia.rossi@acme.example,"2;7",Y')" \
	"csv: ID first, lists as 1;5, quoted"
is "$(wire select)" '["EMAIL", "UF_DEPARTMENT", "ACTIVE", "ID"]' \
	"--fields asks only for those fields"

run $B search --filter '{"@ID": [4]}' --format jsonl --fields NAME
is "$RUN_OUT" '{"ID":"4","NAME":"Ольга"}' "jsonl with --fields"

notes='Бухгалтерия, "Главная"\nстрока 2'
portal_control user \
	'{"ID": "4", "WORK_NOTES": "Бухгалтерия, \"Главная\"\nстрока 2"}' \
	>/dev/null
run $B search --filter '{"@ID": [4]}' --format csv --fields WORK_NOTES
got=$(printf '%s' "$RUN_OUT" | "$PYTHON3" -c '
import csv, sys
rows = list(csv.reader(sys.stdin, strict=True))
print(rows[1][1].replace("\n", "\\n"))')
is "$got" "$notes" "csv quoting reads back with a CSV reader"

run $B search --format csv --fields NAME,LAST_NAME
"$PYTHON3" -c '
import csv, sys
rows = list(csv.reader(open(sys.argv[1], newline="", encoding="utf-8")))
assert rows[0] == ["ID", "NAME", "LAST_NAME"], rows[0]
assert len(rows) == 35, len(rows)
' "$TEST_TMP/run.out" 2>"$TEST_TMP/py.err"
is "$?" 0 "csv of every user: header and 34 rows $(cat "$TEST_TMP/py.err")"

# Export, then read back with update --from: nothing to change.  User 4
# carries a note with a comma, quotes, a newline and Cyrillic.
for fmt in csv jsonl; do
	$B search --format $fmt >"$TEST_TMP/all.$fmt"
	run $B update --from "$TEST_TMP/all.$fmt" --dry-run
	is "$RUN_STATUS" 0 "export $fmt, then update --from it: exit 0"
	like "$RUN_OUT" '34 rows; 0 users to update' \
		"... a no-op plan for all 34 users"
done
$B search --format csv --fields NAME,UF_DEPARTMENT,WORK_NOTES \
	>"$TEST_TMP/some.csv"
run $B update --from "$TEST_TMP/some.csv" --dry-run
like "$RUN_OUT" '0 users to update' "... and with --fields"
is "$(portal_requests count user.update)" 0 "the round trips wrote nothing"

# --- refused before anything is sent -----------------------------------

n0=$(portal_requests count)
run $B search --filter '{"%NAME": "Ol",
 "@ID": [1 2]}'
is "$RUN_STATUS" 2 "broken --filter JSON exits 2"
like "$RUN_ERR" 'line 2, column 12' "... and says where"
run $B search --order '{"LAST_NAME": "ASC"'
is "$RUN_STATUS" 2 "broken --order JSON exits 2"
like "$RUN_ERR" 'line 1, column' "... and says where"
run $B search --order '{"LAST_NAME": "UP"}'
is "$RUN_STATUS" 2 "an order other than ASC/DESC exits 2"
run $B search --filter '[1]'
is "$RUN_STATUS" 2 "a filter that is not an object exits 2"
run $B search --limit 0
is "$RUN_STATUS" 2 "--limit 0 exits 2"
run $B search --format xml
is "$RUN_STATUS" 2 "an unknown format exits 2"
run $B search --fields name
is "$RUN_STATUS" 2 "lower-case --fields exit 2"
is "$(portal_requests count)" "$n0" "none of them sent anything"

# --- departments without the scope; other refusals ---------------------

portal_control config '{"scope": ["user"]}' >/dev/null
run $B search Ольга
is "$RUN_STATUS" 0 "without the department scope the table still works"
like "$RUN_OUT" '^4 +Ольга Смирнова .* 6 +yes$' "... with the number"
like "$RUN_ERR" 'department" scope.*\[insufficient_scope\]' \
	"... and says why"
portal_control config '{"scope": ["department"]}' >/dev/null
run $B search Ольга --format jsonl
is "$RUN_STATUS" 3 "without the user scope: exit 3"
like "$RUN_ERR" 'insufficient_scope' "... with the portal's code"
portal_control config '{"scope": ["department", "user"]}' >/dev/null

B24USER_WEBHOOK_URL=https://127.0.0.1:1/rest/1/x0x0x0x0x0x0x0x0/ \
	run $B search Ольга
is "$RUN_STATUS" 4 "no portal: exit 4"

# Ctrl-C while a page is on its way: the request is cancelled, exit 130.
# (A shell starts background jobs with SIGINT ignored; undo that.)
portal_control fault '{"fault": "hang", "method": "user.get", "count": 1}' \
	>/dev/null
n0=$(portal_requests count user.get)
"$PYTHON3" -c '
import os, signal, sys
signal.signal(signal.SIGINT, signal.SIG_DFL)
os.execv(sys.argv[1], sys.argv[1:])
' "$B24USER" --cacert "$PORTAL_CA" search --format json \
	>"$TEST_TMP/bg.out" 2>"$TEST_TMP/bg.err" </dev/null &
BG=$!
_i=0
while [ "$(portal_requests count user.get)" -le "$n0" ]; do
	_i=$((_i + 1))
	[ "$_i" -le 400 ] || bail_out "the search never reached the portal"
	kill -0 "$BG" 2>/dev/null || bail_out "b24user ended early"
	sleep 0.05
done
kill -INT "$BG"
wait "$BG"
is "$?" 130 "Ctrl-C during a search exits 130"
is "$(cat "$TEST_TMP/bg.out")" "[]" "... the JSON output still closed"

# --- the search API as the console's pick list uses it -----------------

PROBE=$B24_BUILDDIR/tests/search-probe
B24_PROBE_WEBHOOK=$WEBHOOK_URL
export B24_PROBE_WEBHOOK
probe() {
	run "$PROBE" --cacert "$PORTAL_CA" "$@"
}

probe --departments --filter '{"@ID": [4, 20]}'
is "$RUN_OUT" "$(printf '%s\n' '4	Бухгалтерия' \
	'20	Helpdesk, Marketing & PR' 'users=2 requests=2')" \
	"API: department names, read once (department.get + user.get)"
probe --rows --text Rossi
is "$RUN_OUT" "$(printf '%s\n' \
	'20|Sofia Rossi|Support agent|Helpdesk, Marketing & PR|active' \
	'users=1 requests=2')" "API: the pick list's row"
probe --rows --filter '{"@ID": [18], "ACTIVE": false}'
like "$RUN_OUT" '^18\|Peter Novak\|Accountant\|Бухгалтерия\|dismissed$' \
	"... of a dismissed user"
portal_control config '{"scope": ["user"]}' >/dev/null
probe --departments --filter '{"@ID": [4, 20]}'
like "$RUN_OUT" "^4	6\$" "API: numbers without the department scope"
like "$RUN_OUT" '^20	2, 7$' "... all of them"
like "$RUN_OUT" '^note: .*"department" scope.*\[insufficient_scope\]' \
	"... and the note says why"
portal_control config '{"scope": ["department", "user"]}' >/dev/null

# --- paging a large portal ---------------------------------------------

portal_stop
portal_start --extra-users 2000 --no-rate-limit
export B24USER_WEBHOOK_URL=$WEBHOOK_URL
B24_PROBE_WEBHOOK=$WEBHOOK_URL
B="$B24USER --cacert $PORTAL_CA"
n0=$(answered user.get)

run $B search --format jsonl
is "$RUN_STATUS" 0 "2 034 users: exit 0"
"$PYTHON3" -c '
import json, sys
got = [json.loads(l)["ID"] for l in open(sys.argv[1]) if l.strip()]
want = [str(i) for i in range(1, 36) if i not in (18, 24)]
want += [str(i) for i in range(1001, 3001)] + ["9007199254740993"]
assert len(got) == len(set(got)), "repeated IDs"
assert sorted(got) == sorted(want), "missing or extra IDs"
' "$TEST_TMP/run.out" 2>"$TEST_TMP/py.err"
is "$?" 0 "every ID exactly once $(tail -n 1 "$TEST_TMP/py.err")"
is "$(($(answered user.get) - n0))" 41 \
	"41 requests of 50 (2 034 users, start=-1 and >ID)"
like "$(portal_requests last)" '">ID": "2967"' \
	"... the last one after ID 2967 (34 left)"

n0=$(answered user.get)
run $B search --order '{"ID": "DESC"}' --format jsonl
is "$(printf '%s\n' "$RUN_OUT" | ids | cut -d' ' -f1-3)" \
	"9007199254740993 3000 2999" "ID DESC pages too (<ID)"
is "$(printf '%s\n' "$RUN_OUT" | wc -l | tr -d ' ')/$(($(answered \
	user.get) - n0))" 2034/41 "... all users in 41 answered requests"
like "$(portal_requests last)" '"<ID": "' "... with <ID"

# A reader that goes away (| head) ends the search early and quietly.
n0=$(answered user.get)
{ $B search --format jsonl 2>"$TEST_TMP/pipe.err"
  echo $? >"$TEST_TMP/pipe.rc"; } | head -n 2 >"$TEST_TMP/head.out"
is "$(cat "$TEST_TMP/pipe.rc")/$(wc -l <"$TEST_TMP/head.out" | tr -d ' ')" \
	0/2 "search | head: exit 0"
is "$(cat "$TEST_TMP/pipe.err")" "" "... without a word"
n1=$(($(answered user.get) - n0))
if [ "$n1" -lt 41 ]; then
	ok "... and stops asking for pages ($n1 of 41)"
else
	not_ok "... and stops asking for pages" "all $n1 pages were read"
fi
$B search --format jsonl >/dev/full 2>"$TEST_TMP/full.err"
is "$?" 1 "a full disk: exit 1"
like "$(cat "$TEST_TMP/full.err")" 'could not all be written.*space' \
	"... and says so"

run $B search --order '{"LAST_NAME": "ASC"}' --format jsonl
is "$(printf '%s\n' "$RUN_OUT" | wc -l | tr -d ' ')" 2034 \
	"another order pages by offset, all 2 034 users"
is "$(wire start)" 2000 "... up to start=2000"

run $B search User --format jsonl --limit 120
is "$(printf '%s\n' "$RUN_OUT" | wc -l | tr -d ' ')" 120 \
	"a text search pages too (--limit 120 over three pages)"
is "$(wire start)" 100 "... by offset"

probe --cancel-after 60
is "$RUN_STATUS" 130 "API: a search cancelled by its caller ends 130"
like "$RUN_OUT" '^users=60 requests=2$' \
	"... at once: no user and no request more"
like "$RUN_OUT" '^error exit=130 code=cancelled$' "... code cancelled"

probe --cancel-after 60 --again
is "$RUN_STATUS" 0 "API: after search_clear_cancel the next search runs"
like "$RUN_OUT" '^users=2094 requests=43$' "... in full (60 + 2 034 users)"

portal_control fault '{"fault": "hang", "method": "user.get", "count": 1}' \
	>/dev/null
n0=$(portal_requests count user.get)
mkfifo "$TEST_TMP/typing"
"$PROBE" --cacert "$PORTAL_CA" --cancel-on-stdin <"$TEST_TMP/typing" \
	>"$TEST_TMP/probe.out" 2>&1 &
BG=$!
exec 3>"$TEST_TMP/typing"
_i=0
while [ "$(portal_requests count user.get)" -le "$n0" ]; do
	_i=$((_i + 1))
	[ "$_i" -le 400 ] || bail_out "the search never reached the portal"
	sleep 0.05
done
echo typed >&3
exec 3>&-
wait "$BG"
is "$?" 130 "API: another thread cancels a hanging search (typing on)"
like "$(cat "$TEST_TMP/probe.out")" '^users=0 requests=1$' \
	"... the one request in flight, nothing handed over"

done_testing
