# Self-test of the fake portal: the REST quirks, OAuth rotation, the rate
# limit and every fault answer the other tests rely on.
. "${B24_TESTDIR:-$(dirname "$0")}/lib.sh"

portal_start --extra-users 30

# call PATH [BODY] / hook METHOD [BODY] / hook2 ...: STATUS and BODY.
call() {
	_r=$(portal_call "$@")
	STATUS=$(printf '%s\n' "$_r" | sed -n 1p)
	BODY=$(printf '%s\n' "$_r" | sed 1d)
}
hook() {
	_m=$1
	shift
	call "/rest/1/$WEBHOOK_CODE/$_m" "$@"
}
hook2() {
	_m=$1
	shift
	call "/rest/2/$WEBHOOK_CODE2/$_m" "$@"
}
field() {
	json_value "$BODY" "$1"
}
user_field() {	# user_field ID FIELD: read back through the control API
	json_value "$(portal_control "user?id=$1")" "$2"
}
fault() {
	portal_control fault "$1" >/dev/null || bail_out "cannot arm $1"
}

# --- webhook calls and the envelope
hook profile.json '{}'
is "$STATUS/$(field result.ADMIN)" "200/true" "profile through the webhook"
like "$(field time)" '"operating_reset_at"' "success carries time"
hook user.get '{"ID": "3"}'
is "$(field result.0.ID)" "3" "ID is a string"
is "$(field result.0.ACTIVE)" "true" "ACTIVE is a boolean"
is "$(field result.0.UF_DEPARTMENT)" "[2]" "UF_DEPARTMENT is a list of ints"
is "$(field result.0.NAME)" "Иван" "Cyrillic comes back as Cyrillic"
call "/rest/1/wrong$WEBHOOK_CODE/profile" '{}'
is "$STATUS/$(field error)" "401/INVALID_CREDENTIALS" "wrong code: 401"
call "/rest/$WEBHOOK_CODE/profile" '{}'
is "$STATUS/$(field error)" "404/ERROR_METHOD_NOT_FOUND" \
	"no user id: method not found"
hook user.nosuch '{}'
is "$STATUS/$(field error)" "404/ERROR_METHOD_NOT_FOUND" "unknown method"
call --get "/rest/1/$WEBHOOK_CODE/USER.GET?ID=2"
is "$STATUS/$(field result.0.ID)" "200/2" "GET, query, any case"

# --- user.get filters, sorting and paging
hook user.get '{"FILTER": {">=ID": 30, "<ID": 33}}'
is "$(field total)" "3" "FILTER with >= and <"
hook user.get '{"FILTER": {"%LAST_NAME": "ова"}, "SORT": "ID", "ORDER": "DESC"}'
is "$(field result.0.ID)/$(field total)" "30/6" \
	"substring filter, SORT+ORDER"
hook user.get '{"UF_DEPARTMENT": 6, "SORT": "ID"}'
is "$(field result.0.ID)/$(field total)" "4/4" \
	"top-level filter; SORT alone ignored"
hook user.get '{"FILTER": {"@ID": [1, 2, 5], "!ID": 2}}'
is "$(field total)" "2" "@ (in) and ! (not)"
hook user.get '{"FILTER": {"ACTIVE": true}}'
is "$(field total)" "64" "ACTIVE filter drops the dismissed"
hook user.get '{}'
is "$(field total)/$(field next)" "66/50" "page of 50 with total and next"
hook user.get '{"start": 50}'
is "$(field result.0.ID)/$(field next)" "1016/" "second page, no next"
hook user.search '{"FIND": "бухгалт"}'
is "$(field total)" "4" "user.search FIND looks at positions/departments"

# --- user.update quirks
hook user.update '{"NAME": "x"}'
is "$STATUS/$(field error)/$(field error_description)" \
	"400/ERROR_CORE/access_denied" "no ID: access_denied"
hook user.update '{"ID": 5, "ACTIVE": true}'
is "$STATUS/$(user_field 5 ACTIVE)" "200/false" "ACTIVE=true dismisses"
hook user.update '{"ID": 5, "ACTIVE": "false"}'
is "$(user_field 5 ACTIVE)" "true" "ACTIVE=\"false\" activates"
hook user.update '{"ID": 5, "ACTIVE": "N", "NO_SUCH_FIELD": "1"}'
is "$STATUS/$(user_field 5 ACTIVE)/$(user_field 5 NO_SUCH_FIELD)" \
	"200/false/" "unknown field dropped silently"
hook user.update '{"ID": 5, "UF_DEPARTMENT": "7"}'
is "$(user_field 5 UF_DEPARTMENT)" "[7]" "UF_DEPARTMENT scalar wrapped"
hook user.update '{"ID": 5, "EMAIL": "not-an-address"}'
is "$STATUS/$(field error_description)" "400/Incorrect E-Mail<br>" \
	"bad e-mail refused"
hook user.update '{"ID": 999, "NAME": "x"}'
is "$STATUS/$(field error)/$(field error_description)" "400/ERROR_CORE/" \
	"unknown ID: ERROR_CORE, empty text"
hook user.update '{"ID": 5, "NAME": "broken"'
is "$STATUS/$(field error_description)" "400/access_denied" \
	"broken JSON is an empty request"
hook user.update 'ID=5&UF_DEPARTMENT[]=1&UF_DEPARTMENT[]=5' --form
is "$STATUS/$(user_field 5 UF_DEPARTMENT)" "200/[1, 5]" \
	"form body with PHP brackets"
hook2 user.update '{"ID": 3, "NAME": "x"}'
is "$STATUS/$(field error_description)" "400/access_denied" \
	"non-admin cannot edit others"
hook2 user.update \
	'{"ID": 2, "ACTIVE": "N", "UF_DEPARTMENT": [7], "NAME": "Tommy"}'
is "$STATUS/$(user_field 2 ACTIVE)/$(user_field 2 UF_DEPARTMENT)/"\
"$(user_field 2 NAME)" \
	"200/true/[2]/Tommy" \
	"non-admin self edit: ACTIVE and departments dropped"
hook user.update '{"ID": 7, "WORK_POSITION": "Дизайнер ☕ & co"}'
like "$(portal_requests last)" '"body": ".*Дизайнер ☕ & co' \
	"the log holds the body as UTF-8"
is "$(portal_requests count user.update)" "12" "the log counts requests"

# --- other methods
hook user.fields '{}'
is "$(field result.EMAIL)" "E-mail" "user.fields labels"
hook user.userfield.list '{}'
is "$(field result.0.FIELD_NAME)" "UF_USR_TEAM" "user.userfield.list"
hook method.get '{"name": "user.update"}'
is "$(field result.isExisting)/$(field result.isAvailable)" "true/true" \
	"method.get"
hook scope '{}'
like "$(field result)" '"user"' "scope"
hook server.time '{}'
like "$(field result)" '^20[0-9-]+T[0-9:]+\+00:00$' "server.time"
hook department.get '{"ID": 4}'
is "$(field result.0.NAME)" "Отдел продаж" "department.get"
hook batch '{"halt": 0, "cmd": {"a": "user.get?ID=4",'\
' "b": "user.update?ID=4&EMAIL=bad",'\
' "c": "user.get?ID=$result[a][0][ID]&select[]=NAME"}}'
is "$(field result.result.c.0.NAME)/$(field result.result_error.b.error)" \
	"Ольга/ERROR_CORE" "batch: results, errors, references"
is "$(field result.result_total.a)" "1" "batch: result_total"
hook batch '{"halt": 1, "cmd": ["user.update?ID=0", "user.get?ID=1"]}'
is "$(field result.result)" "[]" "batch halt stops; empty is []"

# --- token auth and OAuth
pair=$(portal_control token '{"user_id": 4, "ttl": 3600}')
at=$(json_value "$pair" access_token)
rt=$(json_value "$pair" refresh_token)
call /rest/user.current.json "{\"auth\": \"$at\"}"
is "$STATUS/$(field result.ID)" "200/4" "token in the body"
call --get "/rest/profile?auth=$at"
is "$STATUS/$(field result.ADMIN)" "200/false" "token in the query"
call --header "Authorization: Bearer $at" /rest/profile '{}'
is "$STATUS" "200" "bearer header"
call /rest/profile '{}'
is "$STATUS/$(field error)" "401/NO_AUTH_FOUND" "no token"
cl='client_id=local.b24user.test&client_secret=test-client-secret'
call --get "/oauth/token/?grant_type=refresh_token&$cl&refresh_token=$rt"
at2=$(field access_token)
rt2=$(field refresh_token)
is "$STATUS/$(field expires_in)/$(field user_id)" "200/3600/4" "refresh"
isnt "$rt2" "$rt" "refresh token rotates"
like "$(field server_endpoint)" "^$PORTAL_URL/rest/\$" "server_endpoint"
call --get "/oauth/token/?grant_type=refresh_token&$cl&refresh_token=$rt"
is "$STATUS/$(field error)" "400/invalid_grant" "reused refresh token"
call /rest/profile "{\"auth\": \"$at\"}"
is "$STATUS/$(field error)" "401/invalid_token" "old access token is dead"
call --form "/oauth/token/" \
	"grant_type=refresh_token&client_id=x&client_secret=y"\
"&refresh_token=$rt2"
is "$STATUS/$(field error)" "401/invalid_client" "wrong client"
portal_control expire '{}' >/dev/null
call /rest/profile "{\"auth\": \"$at2\"}"
is "$STATUS/$(field error)" "401/expired_token" "expired access token"
code=$(json_value "$(portal_control code '{"user_id": 1}')" code)
portal_control config \
	'{"server_endpoint": "https://localhost:'"$PORTAL_PORT"'/rest/"}' \
	>/dev/null
call /oauth/token/ "{\"grant_type\": \"authorization_code\","\
" \"client_id\": \"local.b24user.test\","\
" \"client_secret\": \"test-client-secret\", \"code\": \"$code\"}"
is "$STATUS/$(field domain)" "200/localhost:$PORTAL_PORT" \
	"code exchange names another server_endpoint"
call /oauth/token/ "{\"grant_type\": \"authorization_code\","\
" \"client_id\": \"local.b24user.test\","\
" \"client_secret\": \"test-client-secret\", \"code\": \"$code\"}"
is "$STATUS/$(field error)" "400/invalid_grant" "a code is single use"
is "$(json_value "$(portal_control stats)" refreshes)" "1" \
	"the portal counts refreshes"

# --- limits
portal_control config '{"rate": 2, "drain": 0.001}' >/dev/null
hook profile '{}'
hook profile '{}'
hook profile '{}'
is "$STATUS/$(field error)" "503/QUERY_LIMIT_EXCEEDED" "leaky bucket trips"
portal_control config '{"rate_limit": false, "op_limit": 1.5, "op_cost": 1}' \
	>/dev/null
hook server.time '{}'
hook server.time '{}'
hook server.time '{}'
is "$STATUS/$(field error)" "429/OPERATION_TIME_LIMIT" "time budget spent"
hook profile '{}'
is "$STATUS" "200" "other methods still work"
portal_control config '{"op_limit": 480, "op_cost": 0}' >/dev/null

# --- faults
fault '{"fault": "html"}'
call --show-header Content-Type "/rest/1/$WEBHOOK_CODE/profile" '{}'
like "$STATUS $BODY" '^502 Content-Type: text/html' "html fault"
fault '{"fault": "truncated"}'
hook profile '{}'
is "$STATUS/$(field result)" "200/" "truncated fault: JSON cut"
like "$BODY" '^\{"result"' "truncated fault: starts like an answer"
fault '{"fault": "cut"}'
hook profile '{}'
like "$STATUS" '^ERROR IncompleteRead' "cut fault: body shorter than declared"
fault '{"fault": "garbage"}'
hook profile '{}'
is "$STATUS $BODY" "200 [4096 bytes, binary]" "garbage fault"
fault '{"fault": "huge"}'
hook profile '{}'
is "$STATUS $BODY" "200 [52428800 bytes]" "huge fault streams 50 MB"
fault '{"fault": "slow", "seconds": 1}'
hook profile '{}'
is "$STATUS" "200" "slow fault answers in the end"
portal_hold user.update
portal_call "/rest/1/$WEBHOOK_CODE/user.update" '{"ID": 9, "NAME": "Held"}' \
	>"$TEST_TMP/held.out" &
held_pid=$!
portal_held
is "$?" 0 "hold fault: the request arrives and is held"
isnt "$(user_field 9 NAME)" "Held" "... not applied while held"
is "$(json_value "$(portal_control release)" released)" 1 \
	"release lets one request go"
wait "$held_pid"
is "$(sed -n 1p "$TEST_TMP/held.out")/$(user_field 9 NAME)" "200/Held" \
	"... then it is applied and answered"
portal_control held '{"wait": 0.2}' >/dev/null
isnt "$?" 0 "held with nothing held fails after its wait"
fault '{"fault": "hold", "seconds": 0.5}'
hook profile '{}'
is "$STATUS" "200" "hold fault: the safety deadline lets it go"
fault '{"fault": "hang", "method": "user.get"}'
call --timeout 1 "/rest/1/$WEBHOOK_CODE/user.get" '{}'
like "$STATUS" '^ERROR .*timed out' "hang fault never answers"
fault '{"fault": "reset-before", "method": "user.update"}'
hook profile '{}'
is "$STATUS" "200" "a fault waits for its method"
hook user.update '{"ID": 9, "NAME": "Before"}'
like "$STATUS" '^ERROR (RemoteDisconnected|Connection|SSLEOF)' \
	"reset-before drops the connection"
isnt "$(user_field 9 NAME)" "Before" "reset-before: nothing applied"
fault '{"fault": "reset-after"}'
hook user.update '{"ID": 9, "NAME": "After"}'
like "$STATUS" '^ERROR' "reset-after drops the connection"
is "$(user_field 9 NAME)" "After" "reset-after: the write happened"
fault '{"fault": "redirect"}'
call --show-header Location "/rest/1/$WEBHOOK_CODE/profile.json?x=1" '{}'
is "$STATUS $(printf '%s\n' "$BODY" | sed -n 1p)" \
	"302 Location: https://renamed-portal.example/rest/1/"\
"$WEBHOOK_CODE/profile.json?x=1" \
	"redirect fault names the renamed portal"
for f in rate-limit:503:QUERY_LIMIT_EXCEEDED \
	operation-limit:429:OPERATION_TIME_LIMIT \
	expired-token:401:expired_token server-error:500:INTERNAL_SERVER_ERROR
do
	fault "{\"fault\": \"${f%%:*}\"}"
	hook profile '{}'
	want=${f#*:}
	is "$STATUS/$(field error)" "${want%%:*}/${want#*:}" "${f%%:*} fault"
done
fault '{"fault": "operation-limit", "method": "user.update", "count": 1}'
hook batch '{"cmd": {"a": "user.update?ID=9&NAME=B1",'\
' "b": "user.update?ID=9&NAME=B2"}}'
is "$(field result.result_error.a.error)/$(field result.result.b)" \
	"OPERATION_TIME_LIMIT/true" "time-limit fault inside a batch"
fault '{"fault": "server-error", "count": 2}'
hook profile '{}'
hook profile '{}'
s2=$STATUS
hook profile '{}'
is "$s2/$STATUS" "500/200" "count limits a fault"
fault '{"fault": "html", "forever": true}'
hook profile '{}'
hook profile '{}'
s2=$STATUS
portal_control fault '{"fault": "none"}' >/dev/null
hook profile '{}'
is "$s2/$STATUS" "502/200" "forever until cleared"

# --- control
portal_control admin '{"user_id": 1, "admin": false}' >/dev/null
hook user.update '{"ID": 9, "NAME": "x"}'
is "$(field error_description)" "access_denied" "admin flag can be taken away"
portal_control reset '{}' >/dev/null
hook user.get '{"ID": 9}'
is "$(field result.0.NAME)/$(portal_requests count)" "Наталья/1" \
	"reset restores seed and log"
portal_control user '{"ID": "9", "NAME": "Changed elsewhere"}' >/dev/null
hook user.get '{"ID": 9}'
is "$(field result.0.NAME)" "Changed elsewhere" "control can change a user"

done_testing
