#!/bin/sh
# Every portal fault of issue 9 through the real b24user binary, on a read
# (get) and on a write (update): the exit status, a message with a hint,
# nothing applied twice, the edit kept (journal), a usable program after.
. "${B24_TESTDIR:-$(dirname "$0")}/lib.sh"

SECRET=client-secret-$(_random_code)
PORTAL_CLIENT_SECRET=$SECRET
portal_start
export B24USER_WEBHOOK_URL=$WEBHOOK_URL
B="$B24USER --cacert $PORTAL_CA"
n=0

fault() {
	portal_control fault "$1" >/dev/null || bail_out "fault $1 refused"
}

fresh() {	# fresh: seed users, no faults, an empty request log
	portal_control reset >/dev/null || bail_out "reset refused"
}

# writes: requests that carried a user.update (alone or in a batch).
writes() {
	"$PYTHON3" -c '
import json, sys
n = 0
for line in open(sys.argv[1], encoding="utf-8"):
    r = json.loads(line)
    if r.get("method") == "user.update" or (r.get("method") == "batch"
            and "user.update" in json.dumps(r.get("params"))):
        n += 1
print(n)
' "$PORTAL_DIR/requests.jsonl"
}

applied() {	# applied ID: updates the portal carried out for user ID
	_a=$(json_value "$(portal_control stats)" "updates.$1")
	echo "${_a:-0}"
}

name_of() {	# name_of ID: NAME as the portal holds it
	json_value "$(portal_control user "{\"id\": \"$1\"}")" NAME
}

# told DESC: stderr is a message naming a code in brackets, then a hint.
told() {
	like "$RUN_ERR" '^b24user: .*\[[A-Za-z_]+\]' "$1: message with a code"
	_lines=$(printf '%s\n' "$RUN_ERR" | grep -c .)
	if [ "$_lines" -ge 2 ]; then
		ok "$1: a hint follows"
	else
		not_ok "$1: a hint follows" "$RUN_ERR"
	fi
}

# usable DESC: with the fault gone, the same program reads again.
usable() {
	fault '{"fault": "none"}'
	run $B get 4
	is "$RUN_STATUS" 0 "$1: b24user works again afterwards"
}

# read_fault NAME FAULT STATUS REGEX [OPTS]: get 4 under FAULT (forever).
read_fault() {
	fresh
	fault "$2"
	run $B $5 get 4
	is "$RUN_STATUS" "$3" "get, $1: exit $3"
	like "$RUN_ERR" "$4" "get, $1: says what happened"
	told "get, $1"
	LAST_ERR=$RUN_ERR
	is "$(writes)" 0 "get, $1: nothing written"
	usable "get, $1"
}

# write_fault NAME FAULT STATUS REGEX APPLIED [OPTS]: update 4 under FAULT
# (on the write's batch); APPLIED is what the portal must have done.
write_fault() {
	n=$((n + 1))
	fresh
	fault "$2"
	_v="Faulty$n"
	run $B $6 update 4 --set "NAME=$_v"
	is "$RUN_STATUS" "$3" "update, $1: exit $3"
	like "$RUN_ERR" "$4" "update, $1: says what happened"
	told "update, $1"
	LAST_ERR=$RUN_ERR
	is "$(applied 4)" "$5" "update, $1: applied $5 time(s), never twice"
	case $5 in
	0) isnt "$(name_of 4)" "$_v" "update, $1: the portal kept its value" ;;
	1) is "$(name_of 4)" "$_v" "update, $1: the portal has the value" ;;
	esac
	run "$B24USER" journal
	like "$RUN_OUT" "user 4 .*NAME .*→ $_v\$" \
		"update, $1: the journal keeps the edit"
	usable "update, $1"
}

# --------------------------------------------------------- read faults
read_fault "HTML 502 page" '{"fault": "html", "forever": true}' 4 \
	'HTTP 502 .*not a Bitrix24 answer'
read_fault "truncated JSON" '{"fault": "truncated", "forever": true}' 4 \
	'broken or incomplete JSON answer'
read_fault "binary garbage" '{"fault": "garbage", "forever": true}' 4 \
	'\(4096 bytes of binary data\)'
read_fault "reset before the request was read" \
	'{"fault": "reset-before", "forever": true}' 4 'connection .*broke'
read_fault "reset after the answer was due" \
	'{"fault": "reset-after", "forever": true}' 4 'connection .*broke'
read_fault "a server that never answers" \
	'{"fault": "hang", "forever": true}' 4 'did not answer in time' \
	"--timeout 2"
read_fault "302 to a renamed portal" \
	'{"fault": "redirect", "forever": true}' 4 \
	'moved to renamed-portal\.example \(HTTP 302\)'
like "$LAST_ERR" 'https://renamed-portal\.example/ is the portal' \
	"get, 302: the hint names the new address"
read_fault "a 503 QUERY_LIMIT_EXCEEDED storm" \
	'{"fault": "rate-limit", "forever": true}' 5 \
	'too many requests.*\[QUERY_LIMIT_EXCEEDED\]' "--timeout 3"
read_fault "429 OPERATION_TIME_LIMIT" \
	'{"fault": "operation-limit", "forever": true}' 5 \
	'\[OPERATION_TIME_LIMIT\]' "--timeout 3"

# A 50 MB answer: the read stops at the cap, memory stays bounded.
fresh
measure=
if [ -x /usr/bin/time ] && ! ldd "$B24USER" 2>/dev/null | grep -q libasan
then
	measure="/usr/bin/time -f maxrss=%M"
fi
run $measure $B get 4
base=$(printf '%s\n' "$RUN_ERR" | sed -n 's/^maxrss=//p')
fault '{"fault": "huge", "forever": true}'
run $measure $B get 4
peak=$(printf '%s\n' "$RUN_ERR" | sed -n 's/^maxrss=//p')
is "$RUN_STATUS" 4 "get, 50 MB answer: exit 4"
like "$RUN_ERR" 'larger than .*not read to the end.*\[answer_too_large\]' \
	"get, 50 MB answer: says it stopped reading"
if [ -n "$measure" ]; then
	diag "peak memory: ${base:-?} KiB for a plain get," \
		"${peak:-?} KiB with a 50 MB answer"
	# Under the 50 MB body, so reading it all would fail here.
	check "get, 50 MB answer: peak memory ${peak:-?} KiB < 48 MiB" \
		test "${peak:-999999}" -lt 49152
else
	skip "get, 50 MB answer: peak memory" \
		"no /usr/bin/time, or an AddressSanitizer build"
fi
usable "get, 50 MB answer"

# -------------------------------------------------------- write faults
write_fault "HTML 502 page" \
	'{"fault": "html", "method": "batch", "forever": true}' 7 \
	'HTTP 502 .*\[outcome_unknown\]' 0
write_fault "truncated JSON" \
	'{"fault": "truncated", "method": "batch", "forever": true}' 7 \
	'broken or incomplete JSON.*\[outcome_unknown\]' 1
write_fault "binary garbage" \
	'{"fault": "garbage", "method": "batch", "forever": true}' 7 \
	'binary data.*\[outcome_unknown\]' 0
write_fault "50 MB answer" \
	'{"fault": "huge", "method": "batch", "forever": true}' 7 \
	'answer_too_large.*\[outcome_unknown\]' 0
write_fault "reset before the request was read" \
	'{"fault": "reset-before", "method": "batch", "forever": true}' 7 \
	'connection .*broke.*\[outcome_unknown\]' 0
write_fault "reset after the request was sent" \
	'{"fault": "reset-after", "method": "batch", "forever": true}' 7 \
	'after the request was sent.*\[outcome_unknown\]' 1
is "$(writes)" 1 "update, reset after sending: sent exactly once"
write_fault "answer cut off" \
	'{"fault": "cut", "method": "batch", "forever": true}' 7 \
	'cut off.*\[outcome_unknown\]' 1
is "$(writes)" 1 "update, cut off: sent exactly once"
write_fault "a server that never answers" \
	'{"fault": "hang", "method": "batch", "forever": true}' 7 \
	'did not answer in time.*\[outcome_unknown\]' 0 "--timeout 2"
is "$(writes)" 1 "update, never answered: sent exactly once"
write_fault "302 to a renamed portal" \
	'{"fault": "redirect", "method": "batch", "forever": true}' 4 \
	'moved to renamed-portal\.example \(HTTP 302\)' 0
is "$(writes)" 1 "update, 302: not followed, not re-sent"
like "$LAST_ERR" 'https://renamed-portal\.example/ is the portal' \
	"update, 302: the hint names the new address"
run "$B24USER" journal
unlike "$(printf '%s\n' "$RUN_OUT" | sed -n 1p)" 'unknown' \
	"update, 302: not journalled as unknown (the portal did nothing)"
write_fault "a 503 QUERY_LIMIT_EXCEEDED storm" \
	'{"fault": "rate-limit", "method": "batch", "forever": true}' 5 \
	'too many requests.*\[QUERY_LIMIT_EXCEEDED\]' 0 "--timeout 3"
write_fault "429 OPERATION_TIME_LIMIT" \
	'{"fault": "operation-limit", "method": "user.update",'\
' "forever": true}' \
	5 '\[OPERATION_TIME_LIMIT\]' 0 "--timeout 3"
write_fault "500 INTERNAL_SERVER_ERROR" \
	'{"fault": "server-error", "method": "batch", "forever": true}' 7 \
	'\[INTERNAL_SERVER_ERROR\].*\[outcome_unknown\]' 0

# A short storm passes: refusals are retried, the change made once.
fresh
fault '{"fault": "rate-limit", "method": "batch", "count": 2}'
run $B update 4 --set NAME=AfterStorm
is "$RUN_STATUS" 0 "update, two 503s then room: exit 0"
is "$(applied 4)" 1 "update, two 503s then room: applied once"

# ------------------------------- expired_token followed by invalid_grant
fresh
CONF=$XDG_CONFIG_HOME/b24user/config
mkdir -p "$XDG_CONFIG_HOME/b24user"
{
	printf '[profile m]\nportal=%s\nauth=oauth\n' "$PORTAL_URL"
	printf 'client_id=local.b24user.test\noauth_server=%s\n' "$PORTAL_URL"
	printf 'ca_file=%s\nsecret_store=memory\n' "$PORTAL_CA"
} >"$CONF"
TOK=$(portal_control token)
A1=$(json_value "$TOK" access_token)
R1=$(json_value "$TOK" refresh_token)
portal_control expire >/dev/null
B24USER_WEBHOOK_URL= B24USER_ACCESS_TOKEN=$A1 B24USER_REFRESH_TOKEN=$R1 \
B24USER_CLIENT_SECRET=$SECRET run "$B24USER" get 4 --profile m
is "$RUN_STATUS" 0 "oauth: the first refresh works (and spends R1)"
A2=$(json_value "$(portal_control token)" access_token)
fault '{"fault": "expired-token", "method": "batch"}'
B24USER_WEBHOOK_URL= B24USER_ACCESS_TOKEN=$A2 B24USER_REFRESH_TOKEN=$R1 \
B24USER_CLIENT_SECRET=$SECRET run "$B24USER" update 4 --profile m \
	--set NAME=Granted
is "$RUN_STATUS" 3 "update, expired_token then invalid_grant: exit 3"
like "$RUN_ERR" 'Sign in again.*\[invalid_grant\]' \
	"update, invalid_grant: says sign in again"
like "$RUN_ERR" 'auth login --profile m' "update, invalid_grant: says how"
is "$(writes)" 1 "update, invalid_grant: the write was not re-sent"
is "$(applied 4)" 0 "update, invalid_grant: nothing applied"
run "$B24USER" journal
like "$RUN_OUT" 'user 4 .*NAME .*→ Granted$' \
	"update, invalid_grant: the journal keeps the edit"
rm -f "$CONF"

# ------------------------------------------------------- certificates
# restart_with NAME: the portal again, serving $TEST_TMP/pki/NAME.pem.
restart_with() {
	portal_stop
	PORTAL_SERVER_CERT=$TEST_TMP/pki/$1.pem \
	PORTAL_SERVER_KEY=$TEST_TMP/pki/$1.key portal_start
	export B24USER_WEBHOOK_URL=$WEBHOOK_URL
}

# tls_fault NAME CERT REGEX: get and update refused before any request.
tls_fault() {
	restart_with "$2"
	_before=$(portal_requests count 2>/dev/null || echo 0)
	for _cmd in "get 4" "update 4 --set NAME=Tls"; do
		run $B $_cmd
		is "$RUN_STATUS" 4 "${_cmd%% *}, $1: exit 4"
		like "$RUN_ERR" "$3" "${_cmd%% *}, $1: says why"
		told "${_cmd%% *}, $1"
		LAST_ERR=$RUN_ERR
		is "$(portal_requests count 2>/dev/null || echo 0)" "$_before" \
			"${_cmd%% *}, $1: no request reached the portal"
	done
}

pki_cert "$TEST_TMP/pki" wronghost DNS:wrong-host.example ||
	bail_out "openssl failed"
tls_fault "certificate for another host" wronghost \
	'certificate is for another address .*\[tls_wrong_host\]'
like "$LAST_ERR" 'Check the portal address' \
	"another host: the hint says to check the address"
unlike "$LAST_ERR" '--cacert' "another host: no --cacert hint (it cannot help)"

# An expired certificate: valid until yesterday.
printf 'subjectAltName=IP:127.0.0.1,DNS:localhost\n' >"$TEST_TMP/pki/old.ext"
{ openssl req -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes \
	-subj /CN=old -keyout "$TEST_TMP/pki/old.key" \
	-out "$TEST_TMP/pki/old.csr" &&
  openssl x509 -req -in "$TEST_TMP/pki/old.csr" -CA "$TEST_TMP/pki/ca.pem" \
	-CAkey "$TEST_TMP/pki/ca.key" -CAcreateserial -days -1 \
	-extfile "$TEST_TMP/pki/old.ext" -out "$TEST_TMP/pki/old.pem"
} 2>>"$TEST_TMP/pki/openssl.err" || bail_out "openssl failed"
tls_fault "expired certificate" old 'certificate has expired.*\[tls_expired\]'
like "$LAST_ERR" 'renew it.*date and time' \
	"expired: the hint says renew, or check the clock"

# A certificate from a CA the client was not told to trust.
{ pki_ca "$TEST_TMP/other" && pki_cert "$TEST_TMP/other" srv; } ||
	bail_out "openssl failed"
cp "$TEST_TMP/other/srv.pem" "$TEST_TMP/pki/foreign.pem"
cp "$TEST_TMP/other/srv.key" "$TEST_TMP/pki/foreign.key"
tls_fault "untrusted CA" foreign 'certificate.*(trust|verif|CA)'
like "$LAST_ERR" '--cacert|ca_file' "untrusted CA: the hint names --cacert"

restart_with srv
run $B get 4
is "$RUN_STATUS" 0 "the right certificate again: get works"

done_testing
