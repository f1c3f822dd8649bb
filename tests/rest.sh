#!/bin/sh
# The transport and REST core against the fake HTTPS portal, driven
# through tests/rest-probe: TLS trust and reuse, http:// refused,
# redirects, broken bodies, rate and time limits, unknown outcomes,
# cancel, token refresh, and a debug log without secrets.
. "${B24_TESTDIR:-$(dirname "$0")}/lib.sh"

PROBE=$B24_BUILDDIR/tests/rest-probe
[ -x "$PROBE" ] || skip_all "tests/rest-probe is not built"
portal_start

export B24_PROBE_WEBHOOK="$WEBHOOK_URL"
LOG=$TEST_TMP/debug.log

probe() {
	run "$PROBE" --log "$LOG" "$@"
}
fresh() {
	portal_control reset >/dev/null || bail_out "portal reset failed"
}
fault() {
	portal_control fault "$1" >/dev/null || bail_out "fault $1 refused"
}
token() {
	json_value "$(portal_control token)" access_token
}

# --- a plain webhook call, one TLS connection for several calls
fresh
probe --cacert "$PORTAL_CA" --count 3 user.get '{"ID":"1"}'
is "$RUN_STATUS" 0 "webhook call succeeds"
like "$RUN_OUT" '^ok \[\{"ID":"1".*"NAME":"Anna"' "result is the user"
like "$RUN_OUT" 'stats requests=3 connections=1 ' \
	"three calls, one TLS connection"
is "$(portal_requests count user.get)" 3 "portal saw three calls"
last=$(portal_requests last)
is "$(json_value "$last" auth)" webhook "sent as a webhook"
is "$(json_value "$last" content_type)" application/json "JSON body"
is "$(json_value "$last" path)" "/rest/1/$WEBHOOK_CODE/user.get.json" \
	"path is WEBHOOKURL/METHOD.json"

# --- TLS: the system CAs do not know the test CA
fresh
probe user.get '{"ID":"1"}'
is "$RUN_STATUS" 4 "untrusted certificate: exit 4"
like "$RUN_OUT" 'code=tls_untrusted reached=0' "reported as untrusted"
like "$RUN_OUT" '--cacert FILE' "hint names --cacert"
is "$(portal_requests count)" 0 "nothing reached the portal"

# --- http:// is refused before sending
B24_PROBE_WEBHOOK="http://127.0.0.1:$PORTAL_PORT/rest/1/$WEBHOOK_CODE/" \
	probe --cacert "$PORTAL_CA" user.get
is "$RUN_STATUS" 2 "http:// webhook: exit 2"
like "$RUN_OUT" 'code=insecure_url reached=0' "refused as insecure"
like "$RUN_OUT" 'only over https://' "explains why"

# --- a redirect is reported, never followed
fresh
fault '{"fault": "redirect", "location": "https://renamed.example"}'
probe --cacert "$PORTAL_CA" --write user.update '{"ID":"2"}'
is "$RUN_STATUS" 4 "302: exit 4"
like "$RUN_OUT" 'The portal has moved to renamed.example \(HTTP 302\)' \
	"names the new host"
like "$RUN_OUT" 'https://renamed.example/ is the portal' "says what to do"
is "$(portal_requests count user.update)" 1 "nothing re-sent"
unlike "$RUN_OUT" "$WEBHOOK_CODE" "the code is not in the message"

# --- bodies that are not Bitrix24 JSON
fresh
fault '{"fault": "html", "count": 2}'
probe --cacert "$PORTAL_CA" user.get '{"ID":"1"}'
is "$RUN_STATUS" 4 "HTML 502 twice on a read: exit 4"
like "$RUN_OUT" 'HTTP 502 .*"502 Bad Gateway 502 Bad Gateway nginx"' \
	"status and sanitised excerpt"
is "$(portal_requests count user.get)" 2 "a read is retried once"

fresh
fault '{"fault": "html", "count": 1}'
probe --cacert "$PORTAL_CA" user.get '{"ID":"1"}'
is "$RUN_STATUS" 0 "HTML once on a read: the retry succeeds"

fresh
fault '{"fault": "truncated", "count": 2}'
probe --cacert "$PORTAL_CA" user.get '{"ID":"1"}'
is "$RUN_STATUS" 4 "truncated JSON: exit 4"
like "$RUN_OUT" 'code=not_json .*status=200' "not JSON, status 200"
like "$RUN_OUT" 'broken or incomplete JSON answer' "says it is broken"

fresh
fault '{"fault": "garbage", "count": 2}'
probe --cacert "$PORTAL_CA" user.get '{"ID":"1"}'
is "$RUN_STATUS" 4 "binary garbage: exit 4"
like "$RUN_OUT" '\(4096 bytes of binary data\)' "no raw bytes shown"

fresh
fault '{"fault": "cut", "count": 1}'
probe --cacert "$PORTAL_CA" --write user.update \
	'{"ID":"2","fields":{"NAME":"Cut"}}'
is "$RUN_STATUS" 7 "answer cut off after a write: exit 7"
is "$(portal_requests count user.update)" 1 "the write was not repeated"

fresh
fault '{"fault": "huge", "bytes": 300000}'
probe --cacert "$PORTAL_CA" --max-body 100000 user.get '{"ID":"1"}'
is "$RUN_STATUS" 4 "answer over the cap: exit 4"
like "$RUN_OUT" 'code=answer_too_large' "reported as too large"

# --- rate limit: retried after backing off, bounded by the budget
fresh
fault '{"fault": "rate-limit", "count": 2}'
probe --cacert "$PORTAL_CA" --write user.update \
	'{"ID":"2","fields":{"NAME":"Rate"}}'
is "$RUN_STATUS" 0 "503 QUERY_LIMIT_EXCEEDED twice, then success"
is "$(portal_requests count user.update)" 3 "refusals are retried"

fresh
fault '{"fault": "rate-limit", "forever": true}'
probe --cacert "$PORTAL_CA" --budget 1.5 user.get '{"ID":"1"}'
is "$RUN_STATUS" 5 "rate storm: exit 5"
like "$RUN_OUT" 'code=QUERY_LIMIT_EXCEEDED' "names the code"
is "$(portal_requests count user.get)" 2 "backed off once within 1.5 s"

# --- the method's time budget: wait for operating_reset_at when short
fresh
portal_control config '{"op_limit": 0, "op_cost": 1, "op_window": 2}' \
	>/dev/null
probe --cacert "$PORTAL_CA" --budget 10 --count 2 user.get '{"ID":"1"}'
is "$RUN_STATUS" 0 "OPERATION_TIME_LIMIT: waited for the reset"
is "$(portal_requests count user.get)" 3 "one refusal, then success"

fresh
portal_control config '{"op_limit": 0, "op_cost": 1, "op_window": 600}' \
	>/dev/null
probe --cacert "$PORTAL_CA" --budget 5 --count 2 user.get '{"ID":"1"}'
is "$RUN_STATUS" 5 "reset too far away: exit 5"
like "$RUN_OUT" 'frees up in about (59[0-9]|60[0-9]) s' "says how long"
portal_control config '{"op_limit": 480, "op_cost": 0, "op_window": 600}' \
	>/dev/null

# --- a write that may have run is never repeated
fresh
fault '{"fault": "reset-after", "method": "user.update"}'
probe --cacert "$PORTAL_CA" --write user.update \
	'{"ID":"2","fields":{"NAME":"Reset"}}'
is "$RUN_STATUS" 7 "reset after a write: exit 7"
like "$RUN_OUT" 'code=outcome_unknown reached=1' "outcome unknown"
like "$RUN_OUT" '[Oo]utcome unknown — reload the user to check' \
	"tells what to do"
is "$(portal_requests count user.update)" 1 "exactly one request"

# On a reused connection libcurl would quietly send the POST again.
fresh
fault '{"fault": "reset-after", "method": "user.update"}'
probe --cacert "$PORTAL_CA" --warm user.get --write user.update \
	'{"ID":"2","fields":{"NAME":"Reused"}}'
is "$RUN_STATUS" 7 "reset after a write on a reused connection: exit 7"
is "$(portal_requests count user.update)" 1 "still exactly one request"

fresh
fault '{"fault": "reset-after", "method": "user.get"}'
probe --cacert "$PORTAL_CA" user.get '{"ID":"1"}'
is "$RUN_STATUS" 0 "reset after a read: retried"
is "$(portal_requests count user.get)" 2 "read sent twice"

fresh
fault '{"fault": "server-error", "method": "user.update"}'
probe --cacert "$PORTAL_CA" --write user.update \
	'{"ID":"2","fields":{"NAME":"Five"}}'
is "$RUN_STATUS" 7 "500 INTERNAL_SERVER_ERROR on a write: exit 7"
like "$RUN_OUT" 'INTERNAL_SERVER_ERROR' "keeps the portal's code"

# --- cancel: a silent portal, then a connect that never completes
fresh
fault '{"fault": "hang"}'
probe --cacert "$PORTAL_CA" --cancel-on-log "$PORTAL_DIR/requests.jsonl" \
	user.get '{"ID":"1"}'
is "$RUN_STATUS" 130 "cancel of a hanging request returns"
like "$RUN_OUT" 'code=cancelled reached=1' "cancelled after sending"
diag "cancel while waiting for the answer: $(echo "$RUN_OUT" |
	sed -n 's/^cancel_ms //p') ms"
fresh
fault '{"fault": "hang"}'
probe --cacert "$PORTAL_CA" --cancel-on-log "$PORTAL_DIR/requests.jsonl" \
	--write user.update '{"ID":"2","fields":{"NAME":"Hang"}}'
is "$RUN_STATUS" 7 "cancelled write after sending: outcome unknown"
probe --blackhole --cancel-after-ms 200 user.get
is "$RUN_STATUS" 130 "cancel while connecting returns"
like "$RUN_OUT" 'code=cancelled reached=0' "nothing was sent"
diag "cancel while connecting: $(echo "$RUN_OUT" |
	sed -n 's/^cancel_ms //p') ms"

# --- expired_token: the refresh hook runs once
fresh
old=$(token)
new=$(token)
portal_control expire "{\"access_token\": \"$old\"}" >/dev/null
B24_PROBE_TOKEN=$old B24_PROBE_NEW_TOKEN=$new \
	probe --cacert "$PORTAL_CA" --portal "$PORTAL_URL" --refresh \
	user.current
is "$RUN_STATUS" 0 "expired token refreshed, call repeated"
like "$RUN_OUT" 'refreshes=1' "the hook ran once"
last=$(portal_requests last)
is "$(json_value "$last" auth)" token "sent with auth in the body"
is "$(json_value "$last" path)" /rest/user.current.json \
	"path is PORTAL/rest/METHOD.json"
B24_PROBE_TOKEN=$old probe --cacert "$PORTAL_CA" --portal "$PORTAL_URL" \
	user.current
is "$RUN_STATUS" 3 "without a hook: exit 3"
like "$RUN_OUT" 'code=expired_token' "names expired_token"

# --- a one-off token replaces the webhook, on the same portal
fresh
B24_PROBE_OVERRIDE=$(token) probe --cacert "$PORTAL_CA" user.current
is "$RUN_STATUS" 0 "token override works"
last=$(portal_requests last)
is "$(json_value "$last" auth)" token "override sent as auth="
is "$(json_value "$last" path)" /rest/user.current.json \
	"override uses the webhook's portal"

# --- timeouts: a read fails, a write becomes unknown
fresh
fault '{"fault": "slow", "seconds": 3, "count": 2}'
probe --cacert "$PORTAL_CA" --timeout 1 user.get '{"ID":"1"}'
is "$RUN_STATUS" 4 "timeout on a read: exit 4"
like "$RUN_OUT" 'code=timeout' "reported as a timeout"
probe --cacert "$PORTAL_CA" --timeout 1 --write user.update \
	'{"ID":"2","fields":{"NAME":"Slow"}}'
is "$RUN_STATUS" 7 "timeout on a write: exit 7"

# --- proxies come from the environment
fresh
run env https_proxy=http://127.0.0.1:1 "$PROBE" --cacert "$PORTAL_CA" \
	user.get '{"ID":"1"}'
is "$RUN_STATUS" 4 "https_proxy is used"
like "$RUN_OUT" 'proxy set in https_proxy' "the hint names the proxy"
run env https_proxy=http://127.0.0.1:1 no_proxy=127.0.0.1 "$PROBE" \
	--cacert "$PORTAL_CA" user.get '{"ID":"1"}'
is "$RUN_STATUS" 0 "no_proxy is honoured"

# --- UTF-8 on the wire
fresh
probe --cacert "$PORTAL_CA" --write user.update \
	'{"ID":"2","fields":{"NAME":"Иван"}}'
is "$RUN_STATUS" 0 "Cyrillic update succeeds"
is "$(json_value "$(portal_requests last)" params.fields.NAME)" "Иван" \
	"arrives as UTF-8"

# --- the debug log: written, redacted
test -s "$LOG"
is "$?" 0 "debug log written"
like "$(cat "$LOG")" "POST /rest/1/\*\*\*/user.get.json" "request line masked"
unlike "$(cat "$LOG")" "$WEBHOOK_CODE|$old|$new" "no secret in the log"

done_testing
