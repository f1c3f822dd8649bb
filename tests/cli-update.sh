#!/bin/sh
# b24user update against the fake portal: what reaches the wire for each
# option, validation that sends nothing, output items and exit statuses.
. "${B24_TESTDIR:-$(dirname "$0")}/lib.sh"

portal_start
export B24USER_WEBHOOK_URL=$WEBHOOK_URL
B="$B24USER --cacert $PORTAL_CA"

# last_write: the user.update parameters of the newest write, as JSON.
# Since the safe edits they travel inside a batch with the read-back.
last_write() {
	"$PYTHON3" -c '
import json, sys
sys.dont_write_bytecode = True
sys.path.insert(0, sys.argv[1])
import fakeportal_api as api
rows = [json.loads(l) for l in open(sys.argv[2], encoding="utf-8")
        if l.strip()]
for r in reversed(rows):
    if r.get("method") == "batch" and r.get("params"):
        line = r["params"]["cmd"]["update"]
        print(json.dumps(api.parse_php_query(line.partition("?")[2]),
                         ensure_ascii=False))
        break
    if r.get("method") == "user.update":
        print(json.dumps(r.get("params"), ensure_ascii=False))
        break
' "$B24_TESTDIR" "$PORTAL_DIR/requests.jsonl"
}

# wire PATH: a member of the newest write's parameters.
wire() {
	json_value "$(last_write)" "$1"
}

# portal_user ID FIELD: the field as the portal now holds it.
portal_user() {
	json_value "$(portal_control user "{\"id\": \"$1\"}")" "$2"
}

# Writes: user.update travels in a batch with its read-back.
updates() {
	portal_requests count batch
}

# --- what reaches the wire ------------------------------------------

run $B update 3 --set NAME=Анна --set 'LAST_NAME=Петрова-Водкина'
is "$RUN_STATUS" 0 "Cyrillic update exits 0"
is "$(wire NAME)" "Анна" "Cyrillic value on the wire"
like "$(portal_requests last)" '"body_utf8": true' "the body is UTF-8"
like "$(portal_requests last)" '"content_type": "application/json' \
	"sent as JSON"
is "$(portal_user 3 LAST_NAME)" "Петрова-Водкина" "the portal stored it"

run $B update 3 --set LAST_NAME=
like "$RUN_OUT" '^User 3 updated: LAST_NAME\.$' "the summary names the field"
is "$(wire LAST_NAME)" "" "--set FIELD= sends an empty string"
is "$(portal_user 3 LAST_NAME)" "" "the field is cleared"
run $B update 3 --data '{"SECOND_NAME": null}'
is "$RUN_STATUS" 0 "null clears too"
like "$(last_write)" '"SECOND_NAME": ""' \
	"null is sent as an empty string, never as text"

portal_control user '{"id": "5", "ACTIVE": false}' >/dev/null
run $B update 5 --data '{"ACTIVE": true}'
is "$(wire ACTIVE)" "Y" "ACTIVE true is sent as \"Y\""
is "$(portal_user 5 ACTIVE)" true "the user is active again"
run $B update 5 --set ACTIVE=false --json
is "$(wire ACTIVE)" "N" "ACTIVE false is sent as \"N\""

run $B update 4 --data '{"NAME": "Olga", "WORK_POSITION": "QA"}' \
	--set NAME=Оля
is "$(wire NAME)" "Оля" "--set wins over --data"
is "$(wire WORK_POSITION)" "QA" "... and the other --data fields stay"

printf '{"WORK_CITY": "Київ"}\n' >"$TEST_TMP/data.json"
run $B update 4 --data @"$TEST_TMP/data.json"
is "$(wire WORK_CITY)" "Київ" "--data @FILE"
# Only fields that change are sent, so standard input brings a new value.
printf '{"WORK_CITY": "Львів"}\n' >"$TEST_TMP/data2.json"
RUN_STDIN=$TEST_TMP/data2.json run $B update 4 --data - \
	--set WORK_ZIP=01001
is "$(wire WORK_CITY)" "Львів" "--data - reads standard input"
is "$(wire WORK_ZIP)" "01001" "--set with --data -"

run $B update 4 --set NAME=Olga --admin-mode
is "$(wire ADMIN_MODE)" "Y" "--admin-mode sends ADMIN_MODE=Y"

run $B update 4 --set NAME=Olya --order '{"LAST_NAME": "desc"}' \
	--filter '{"ACTIVE": true, "UF_DEPARTMENT": 5}'
is "$(wire SORT)" "LAST_NAME" "--order gives SORT"
is "$(wire ORDER)" "DESC" "... and ORDER"
is "$(wire FILTER.UF_DEPARTMENT)" 5 "--filter is a real object"

run $B update 4 --set NAME=Olenka --params '{"LANGUAGE_ID": "de"}' \
	--param UF_USR_TEAM=Blue
is "$(wire LANGUAGE_ID)" "de" "--params merged into the request"
is "$(wire UF_USR_TEAM)" "Blue" "--param merged into the request"

# The portal drops a name it does not know; the read-back says so.
run $B update 4 --set NAMEX=1 --allow-unknown-fields
is "$(wire NAMEX)" 1 "--allow-unknown-fields sends an unknown name"
is "$RUN_STATUS" 7 "... and the read-back finds it did not take"

run $B update 4 --set UF_USR_TEAM=Red
is "$RUN_STATUS" 0 "a custom field of the portal is known"
is "$(portal_requests count user.userfield.list)" 1 \
	"... after asking user.userfield.list"

# --- validation: refused before anything is written -----------------

before=$(portal_requests count)
writes=$(updates)
# refused DESC PATTERN ARGS...: exit 2, message matches, nothing sent.
refused() {
	_d=$1
	_p=$2
	shift 2
	run $B "$@"
	if [ "$RUN_STATUS" = 2 ] &&
	   printf '%s\n' "$RUN_ERR" | grep -Eq -- "$_p"; then
		ok "$_d"
	else
		not_ok "$_d" "status $RUN_STATUS" "$RUN_ERR"
	fi
}
refused "user ID 0" 'not a user ID' update 0 --set NAME=x
refused "user ID -5" 'not a user ID' update --set NAME=x -- -5
refused "user ID abc" 'not a user ID' update abc --set NAME=x
refused "user ID 1.5" 'not a user ID' update 1.5 --set NAME=x
refused "JSON syntax error with line and column" 'line 2, column [0-9]+' \
	update 4 --data '{"NAME": "x",
	"LAST_NAME" "y"}'
refused "data that is not an object" 'JSON object' update 4 --data '[1]'
refused "missing data file" 'Could not open' update 4 --data @/nonexistent
refused "bad e-mail" 'EMAIL' update 4 --set EMAIL=not-an-address
refused "bad birthday" 'PERSONAL_BIRTHDAY' \
	update 4 --set PERSONAL_BIRTHDAY=31.12.1990
refused "bad department list" 'UF_DEPARTMENT' \
	update 4 --data '{"UF_DEPARTMENT": ["sales"]}'
refused "ID inside the data" 'ID' update 4 --data '{"ID": "7"}'
refused "--params replacing ID" 'replace the user ID' \
	update 4 --set NAME=x --params '{"ID": 9}'
refused "--param replacing auth" 'credentials' \
	update 4 --set NAME=x --param auth=abc
refused "--params not JSON" '--params' update 4 --set NAME=x --params '{'
refused "bad --order" 'order' update 4 --set NAME=x --order '{"NAME": "up"}'
refused "nothing to change" 'nothing to change' update 4 --data '{}'
is "$(portal_requests count)" "$before" "no offline refusal sent anything"
refused "unknown field, with a suggestion" 'did you mean NAME' \
	update 4 --set NAMEE=x
is "$(updates)" "$writes" "the unknown field was not written"
after=$(portal_requests count)
is "$((after - before))" 1 "... with one read (user.fields)"

# --- dry run ---------------------------------------------------------

n=$(updates)
run $B update 4 --set NAME=Trial --dry-run
is "$RUN_STATUS" 0 "--dry-run exits 0"
like "$RUN_OUT" '/rest/1/\*\*\*/user\.update\.json' "shows the masked URL"
unlike "$RUN_OUT$RUN_ERR" "$WEBHOOK_CODE" "never the webhook code"
like "$RUN_OUT" '"NAME": "Trial"' "shows the body"
is "$(updates)" "$n" "sends no write"
run $B --json update 4 --set ACTIVE=no --dry-run
is "$(json_value "$RUN_OUT" 0.dry_run)" true "--dry-run --json: an item"
is "$(json_value "$RUN_OUT" 0.json)" null "... whose json is null"
is "$(json_value "$RUN_OUT" 0.params.ACTIVE)" N "... with the checked params"
unlike "$RUN_OUT" "$WEBHOOK_CODE" "... and no webhook code"
is "$(updates)" "$n" "... and no write"

# --- output items and exit statuses ---------------------------------

run $B --json update 4 --set WORK_PHONE=123
is "$(json_value "$RUN_OUT" 0.json.result)" true \
	"--json: [{\"json\": envelope}]"
like "$(json_value "$RUN_OUT" 0.json.time)" '"start"' \
	"... the whole envelope"

run $B --json update 4 --set EMAIL=bad --continue-on-fail
is "$RUN_STATUS" 0 "--continue-on-fail exits 0 on a failure"
like "$(json_value "$RUN_OUT" 0.json.error)" 'EMAIL' "error item: message"
is "$(json_value "$RUN_OUT" 0.json.resource)" user "error item: resource"
like "$(json_value "$RUN_OUT" 0.json.timestamp)" \
	'^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]+)?Z$' \
	"error item: ISO 8601 UTC timestamp"
run $B --json update 999 --set NAME=x --continue-on-fail
is "$RUN_STATUS" 0 "a portal refusal with --continue-on-fail exits 0"
like "$(json_value "$RUN_OUT" 0.json.error)" '.' "... as an error item"

run $B update 999 --set NAME=x
is "$RUN_STATUS" 1 "a portal refusal exits 1"
B24USER_WEBHOOK_URL=$PORTAL_URL/rest/1/wrongcode1234/ \
	run $B update 4 --set NAME=x
is "$RUN_STATUS" 3 "a wrong webhook exits 3"
like "$RUN_ERR" 'INVALID_CREDENTIALS' "... naming the portal's code"
run "$B24USER" update 4 --set NAME=x
is "$RUN_STATUS" 4 "an untrusted certificate exits 4"
B24USER_WEBHOOK_URL= run "$B24USER" update 4 --set NAME=x
is "$RUN_STATUS" 3 "no credentials at all exits 3"
portal_control fault '{"fault": "reset-after", "method": "batch"}' \
	>/dev/null
n=$(updates)
run $B update 4 --set NAME=Cut
is "$RUN_STATUS" 7 "a dropped answer to a write exits 7"
like "$RUN_ERR" 'outcome_unknown|unknown' "... outcome unknown"
is "$(updates)" "$((n + 1))" "... and the write was not repeated"

# --- one-off token ---------------------------------------------------

tok=$(json_value "$(portal_control token '{"user_id": 1}')" access_token)
B24USER_TOKEN_OVERRIDE=$tok run $B update 4 --set NAME=Token
is "$RUN_STATUS" 0 "B24USER_TOKEN_OVERRIDE is used"
is "$(json_value "$(portal_requests last)" auth)" token \
	"... with auth= instead of the webhook"
printf '%s\n' "$tok" >"$TEST_TMP/tok"
RUN_STDIN=$TEST_TMP/tok run $B update 4 --set NAME=Stdin \
	--access-token-stdin
is "$RUN_STATUS" 0 "--access-token-stdin is used"
is "$(json_value "$(portal_requests last)" auth)" token \
	"... with auth= too"
RUN_STDIN=/dev/null run $B update 4 --set NAME=x --access-token-stdin
is "$RUN_STATUS" 2 "an empty token line is bad input"
B24USER_WEBHOOK_URL= B24USER_ACCESS_TOKEN=$tok run $B --auth apikey \
	--portal "$PORTAL_URL" update 4 --set NAME=ApiKey
is "$RUN_STATUS" 0 "--auth apikey and --portal with B24USER_ACCESS_TOKEN"
is "$(json_value "$(portal_requests last)" auth)" token "... sends auth="

# --- timeout ---------------------------------------------------------

portal_control fault \
	'{"fault": "hang", "method": "user.get", "forever": true}' >/dev/null
run $B --timeout 1 get 4
is "$RUN_STATUS" 4 "--timeout ends a request the portal never answers"
like "$RUN_ERR" 'did not answer in time' "... and says so"
portal_control fault '{"fault": "none"}' >/dev/null
portal_control fault \
	'{"fault": "rate-limit", "method": "batch", "forever": true}' \
	>/dev/null
run $B --timeout 2 update 4 --set NAME=Busy
is "$RUN_STATUS" 5 "a rate limit that does not clear exits 5"
like "$RUN_ERR" 'QUERY_LIMIT_EXCEEDED' "... naming the portal's code"
portal_control fault '{"fault": "none"}' >/dev/null

done_testing
