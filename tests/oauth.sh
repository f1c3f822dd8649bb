# OAuth 2.0 and the API key against the fake portal (its token endpoint
# has single-use refresh tokens): the pasted code and redirect URL, an
# expired code, refresh on expired_token (HTTP 401 and 200), two processes
# at once, a new server_endpoint, invalid_grant, invalid_client, tokens
# from the environment, and a seeded-secret scan over everything written.
. "${B24_TESTDIR:-$(dirname "$0")}/lib.sh"

SECRET=client-secret-$(_random_code)$(_random_code)
PORTAL_CLIENT_SECRET=$SECRET
portal_start
plan 80

CLIENT_ID=local.b24user.test
CONF=$XDG_CONFIG_HOME/b24user/config
CREDS=$XDG_CONFIG_HOME/b24user/credentials
STATE=$XDG_STATE_HOME/b24user/token-o.json
OUT=$TEST_TMP/out
mkdir -p "$OUT" "$XDG_CONFIG_HOME/b24user"
n=0
TOKENS=

profile() {	# profile NAME AUTH STORE: one more profile in the config
	printf '[profile %s]\nportal=%s\nauth=%s\nclient_id=%s\n'\
'oauth_server=%s\nca_file=%s\nsecret_store=%s\n\n' \
		"$1" "$PORTAL_URL" "$2" "$CLIENT_ID" "$PORTAL_URL" \
		"$PORTAL_CA" "$3" >>"$CONF"
}
profile o oauth file
profile m oauth memory
profile k apikey file
profile bare apikey file
profile k2 apikey file

# b ARGS...: run b24user --verbose (stdin from $IN when set), keeping
# both streams in $OUT for the scan; RUN_* as lib.sh's run.
b() {
	n=$((n + 1))
	RUN_STDIN=${IN:-/dev/null} run "$B24USER" --verbose "$@"
	printf '%s\n' "$RUN_OUT" >"$OUT/$n.out"
	printf '%s\n' "$RUN_ERR" >"$OUT/$n.err"
}

input() {	# input LINE...: the lines for the next b's standard input
	IN=$TEST_TMP/in.$n
	printf '%s\n' "$@" >"$IN"
}

stat_of() {	# stat_of NAME: a number from /_control/stats
	json_value "$(portal_control stats)" "$1"
}

new_code() {
	json_value "$(portal_control code "${1:-{\}}")" code
}

stored() {	# stored KIND: a secret of profile o in the credentials file
	awk -F '\t' -v k="$1" '$1 == "o" && $3 == k { print $4 }' "$CREDS"
}

# ---------------------------------------------------------------- login
CODE=$(new_code)
input "$SECRET" "$CODE"
b auth login --profile o
is "$RUN_STATUS" 0 "oauth login with a pasted code exits 0"
like "$RUN_OUT" "^  $PORTAL_URL/oauth/authorize/\\?client_id=$CLIENT_ID"\
"&state=[0-9a-f]{32}&response_type=code\$" \
	"login prints the portal's authorize address"
like "$RUN_OUT" "acts as Anna Kowalska \\(user 1\\)" "and the account"
is "$(stat_of codes_redeemed)" 1 "the code was exchanged"
like "$(cat "$CONF")" '^auth=oauth$' "the profile says oauth"
check "the state file is written" test -s "$STATE"
TOKENS="$TOKENS $(stored access_token) $(stored refresh_token)"

# The client secret went to the token endpoint only.
"$PYTHON3" -c '
import json, sys
bad = [r for r in map(json.loads, open(sys.argv[1], encoding="utf-8"))
       if r.get("method") != "oauth.token" and
       sys.argv[2] in json.dumps(r)]
sys.exit(1 if bad else 0)
' "$PORTAL_DIR/requests.jsonl" "$SECRET"
is "$?" 0 "no REST request carried the client secret"
like "$(portal_requests dump | grep '"oauth.token"')" \
	'grant_type=authorization_code' "the token endpoint got the code grant"

b get 1 --profile o
is "$RUN_STATUS" 0 "the new tokens work"

# The code again: used codes are refused with a plain sentence.
input "$SECRET" "$CODE"
b auth login --profile o
is "$RUN_STATUS" 3 "a used code exits 3"
like "$RUN_ERR" \
	'The code has expired or was already used: a code lives 30 seconds' \
	"and says why"
like "$RUN_ERR" 'Start again' "and to start again"

input "$SECRET" "$(new_code '{"ttl": 0}')"
b auth login --profile o
is "$RUN_STATUS" 3 "an expired code exits 3"
like "$RUN_ERR" 'expired or was already used.*\[invalid_grant\]' \
	"and names invalid_grant"

# The whole redirect address instead of the code.
CODE=$(new_code)
input "$SECRET" "https://app.example/handler/?code=$CODE&domain=127.0.0.1"\
"&member_id=m1&scope=user%2Cdepartment&server_domain=oauth.bitrix.info"
b auth login --profile o
is "$RUN_STATUS" 0 "the whole redirect address works too"
is "$(stat_of codes_redeemed)" 2 "its code was exchanged"

input "$SECRET" "https://app.example/?code=$(new_code)&state=0123"
b auth login --profile o
is "$RUN_STATUS" 2 "an address from another attempt exits 2"
like "$RUN_ERR" 'another sign-in attempt' "and says so"

input "wrong-$SECRET" "$(new_code)"
b auth login --profile o
is "$RUN_STATUS" 3 "login with a wrong client secret exits 3"
like "$RUN_ERR" 'one of them is wrong.*\[invalid_client\]' \
	"and says the app's id or secret is wrong"

# Enter keeps the stored client secret.
input "" "$(new_code)"
b auth login --profile o
is "$RUN_STATUS" 0 "an empty line keeps the stored client secret"

b auth status --profile o
is "$RUN_STATUS" 0 "auth status exits 0"
like "$RUN_OUT" '^OK    token        Access token expires [0-9-]+ [0-9:]+'\
' UTC \(in (59|60) min\); last refreshed never; token endpoint'\
' https://127\.0\.0\.1:[0-9]+/oauth/token/;'\
' scopes department,user,user\.userfield\.$' \
	"status: expiry, last refresh, token endpoint, scopes"

# On a terminal: both answers hidden, the address shown.
cat >"$TEST_TMP/login-pty.py" <<'EOF'
import os, pty, select, sys, termios, time
argv, answers = sys.argv[1:3], sys.argv[3:]
master, slave = pty.openpty()
pid = os.fork()
if pid == 0:
    os.setsid()
    import fcntl
    fcntl.ioctl(slave, termios.TIOCSCTTY, 0)
    for fd in (0, 1, 2):
        os.dup2(slave, fd)
    os.execv(argv[0], argv[:1] + ["auth", "login", "--profile", argv[1]])
out, status, deadline, seen, echo = b"", None, time.time() + 20, 0, []
while status is None and time.time() < deadline:
    if select.select([master], [], [], 0.05)[0]:
        out += os.read(master, 4096)
    if out.count(b"(hidden") > seen and seen < len(answers):
        echo.append(int(bool(termios.tcgetattr(slave)[3] & termios.ECHO)))
        os.write(master, answers[seen].encode() + b"\r")
        seen += 1
    done, st = os.waitpid(pid, os.WNOHANG)
    if done:
        status = os.waitstatus_to_exitcode(st)
while select.select([master], [], [], 0)[0]:
    out += os.read(master, 4096)
print("status=%s" % status)
print("echo=%s" % ",".join(map(str, echo)))
sys.stdout.write(out.decode("utf-8", "replace"))
EOF
CODE=$(new_code)
"$PYTHON3" "$TEST_TMP/login-pty.py" "$B24USER" o "$SECRET" "$CODE" \
	>"$OUT/tty.out" 2>&1
TTY=$(cat "$OUT/tty.out")
like "$TTY" '^status=0$' "terminal: oauth login exits 0"
like "$TTY" '^echo=0,0$' "terminal: echo is off for the secret and the code"
like "$TTY" "/oauth/authorize/\\?client_id=$CLIENT_ID&state=" \
	"terminal: the authorize address is shown"
unlike "$TTY" "$SECRET|$CODE" "terminal: neither answer appears"

# -------------------------------------------------------------- refresh
OLD_ACCESS=$(stored access_token)
OLD_REFRESH=$(stored refresh_token)
portal_control expire >/dev/null
b get 1 --profile o
is "$RUN_STATUS" 0 "expired_token with 401: refreshed and retried"
is "$(stat_of refreshes)" 1 "one refresh"
isnt "$(stored access_token)" "$OLD_ACCESS" "the new access token is stored"
isnt "$(stored refresh_token)" "$OLD_REFRESH" "the new refresh token too"
like "$(cat "$XDG_STATE_HOME/b24user/debug.log")" \
	'> GET /oauth/token/\?grant_type=refresh_token'\
'&client_id=local\.b24user\.test&client_secret=\*\*\*&refresh_token=\*\*\* ' \
	"the debug log masks the token request"
b auth status --profile o
like "$RUN_OUT" 'last refreshed [0-9-]+ [0-9:]+ UTC \(0 min ago\)' \
	"status shows the refresh"

portal_control fault '{"fault": "expired-token", "status": 200}' >/dev/null
b get 1 --profile o
is "$RUN_STATUS" 0 "expired_token with 200: refreshed and retried"
is "$(stat_of refreshes)" 2 "one more refresh"

# Only expired_token refreshes, and only once per call.
portal_control fault '{"fault": "expired-token", "count": 2}' >/dev/null
b get 1 --profile o
is "$RUN_STATUS" 3 "expired twice in one call: exit 3"
is "$(stat_of refreshes)" 3 "after a single refresh"
b get 1 --profile o
is "$RUN_STATUS" 0 "the refreshed pair works afterwards"

# ---------------------------------------- two processes, one expiry
portal_control expire >/dev/null
BEFORE=$(stat_of refreshes)
EXPIRED=$(expired_answers)
# The first one's refresh is held until the second met the expired token.
portal_hold oauth.token
"$B24USER" --verbose get 1 --profile o >"$OUT/a.out" 2>"$OUT/a.err" &
PA=$!
portal_held
"$B24USER" --verbose get 1 --profile o >"$OUT/b.out" 2>"$OUT/b.err" &
PB=$!
wait_until "the second process met the expired token" \
	'[ "$(expired_answers)" -ge $((EXPIRED + 2)) ]'
portal_release
wait "$PA"
SA=$?
wait "$PB"
SB=$?
is "$SA/$SB" 0/0 "both processes succeed"
is "$(stat_of refreshes)" $((BEFORE + 1)) "with one refresh between them"
is "$(expired_answers)" $((EXPIRED + 2)) "both met the expired token"
unlike "$(cat "$OUT/a.err" "$OUT/b.err")" 'invalid_grant' "no invalid_grant"
like "$(cat "$OUT/b.out")" 'Anna' "the second one printed the user"
like "$(cat "$XDG_STATE_HOME/b24user/debug.log")" \
	'another b24user process renewed the tokens: using them' \
	"it took the pair the first one stored"

# ------------------------------------- a token answer names a new server
portal_control config \
	"{\"server_endpoint\": \"https://localhost:$PORTAL_PORT/rest/\"}" \
	>/dev/null
portal_control expire >/dev/null
b get 1 --profile o
is "$RUN_STATUS" 0 "refresh with another server_endpoint in the answer"
like "$(cat "$STATE")" \
	"\"token_endpoint\": *\"https://localhost:$PORTAL_PORT/oauth/token/\"" \
	"the state keeps the named endpoint"
portal_control expire >/dev/null
: >"$XDG_STATE_HOME/b24user/debug.log"
b get 1 --profile o
is "$RUN_STATUS" 0 "the next refresh works"
like "$(cat "$XDG_STATE_HOME/b24user/debug.log")" \
	"refreshing the access token at"\
" https://localhost:$PORTAL_PORT/oauth/token/" \
	"and goes to the named endpoint"
b auth status --profile o
like "$RUN_OUT" "token endpoint https://localhost:$PORTAL_PORT/oauth/token/" \
	"auth status names it"
b --oauth-server "$PORTAL_URL" auth status --profile o
like "$RUN_OUT" "token endpoint $PORTAL_URL/oauth/token/" \
	"--oauth-server overrides it"
portal_control config '{"server_endpoint": ""}' >/dev/null

# ------------------------------------------- invalid_grant, invalid_client
TOK=$(portal_control token)
ACCESS=$(json_value "$TOK" access_token)
REFRESH=$(json_value "$TOK" refresh_token)
TOKENS="$TOKENS $ACCESS $REFRESH"
portal_control expire >/dev/null
B24USER_ACCESS_TOKEN=$ACCESS B24USER_REFRESH_TOKEN=$REFRESH \
B24USER_CLIENT_SECRET=wrong-$SECRET b get 1 --profile m
is "$RUN_STATUS" 3 "invalid_client exits 3"
like "$RUN_ERR" \
	"client id and secret: one of them is wrong.*\\[invalid_client\\]" \
	"and says the app's id or secret is wrong"

B24USER_ACCESS_TOKEN=$ACCESS B24USER_REFRESH_TOKEN=$REFRESH \
B24USER_CLIENT_SECRET=$SECRET b get 1 --profile m
is "$RUN_STATUS" 0 "environment tokens are refreshed"
like "$RUN_ERR" 'renewed for this run only: the tokens came from the'\
' environment\. The old refresh token in B24USER_REFRESH_TOKEN'\
' is now spent' \
	"and b24user says the old refresh token is spent"
like "$RUN_ERR" 'auth login --profile m" with a lasting store' \
	"and how to keep the new one"
is "$(printf '%s\n' "$RUN_ERR" | grep -c 'is now spent')" 1 "once"

ACCESS=$(json_value "$(portal_control token)" access_token)
TOKENS="$TOKENS $ACCESS"
portal_control expire >/dev/null
B24USER_ACCESS_TOKEN=$ACCESS B24USER_REFRESH_TOKEN=$REFRESH \
B24USER_CLIENT_SECRET=$SECRET b get 1 --profile m
is "$RUN_STATUS" 3 "the spent refresh token: exit 3"
like "$RUN_ERR" '^b24user: Sign in again: .*\[invalid_grant\]' \
	"invalid_grant says sign in again"
like "$RUN_ERR" 'auth login --profile m' "and how"

# -------------------------------------------------------------- API key
TOK=$(portal_control token)
ACCESS=$(json_value "$TOK" access_token)
REFRESH=$(json_value "$TOK" refresh_token)
TOKENS="$TOKENS $ACCESS $REFRESH"
input "$ACCESS" "$REFRESH" "$SECRET"
b auth login --profile k
is "$RUN_STATUS" 0 "API key login: access token, refresh token, secret"
like "$RUN_OUT" 'The API key \(access token\) works' "says it works"
like "$(cat "$CONF")" '^auth=apikey$' "the profile says apikey"
portal_control expire >/dev/null
BEFORE=$(stat_of refreshes)
b get 1 --profile k
is "$RUN_STATUS" 0 "an expired API key is refreshed"
is "$(stat_of refreshes)" $((BEFORE + 1)) "once"
b get 1 --profile k
is "$RUN_STATUS" 0 "and the kept pair works in the next run"

# The pair in the store, the client secret from the environment.
TOK=$(portal_control token)
ACCESS=$(json_value "$TOK" access_token)
REFRESH=$(json_value "$TOK" refresh_token)
TOKENS="$TOKENS $ACCESS $REFRESH"
input "$ACCESS" "$REFRESH" ""
b auth login --profile k2
is "$RUN_STATUS" 0 "API key with a refresh token but no client secret"
like "$RUN_ERR" 'the refresh token cannot be used' "warns it cannot renew"
portal_control expire >/dev/null
B24USER_CLIENT_SECRET=$SECRET b get 1 --profile k2
is "$RUN_STATUS" 0 "B24USER_CLIENT_SECRET renews a stored pair"
unlike "$RUN_ERR" 'spent' "and the new pair is kept in the store"

ACCESS=$(json_value "$(portal_control token)" access_token)
TOKENS="$TOKENS $ACCESS"
input "$ACCESS" "" ""
b auth login --profile bare
is "$RUN_STATUS" 0 "API key alone (two empty lines)"
like "$RUN_OUT" 'plain text in the file' "kept in the file store"
b auth status --profile bare
like "$RUN_OUT" '^WARN  token .*' "status warns: no refresh possible"
portal_control expire >/dev/null
b get 1 --profile bare
is "$RUN_STATUS" 3 "expired without a refresh token: exit 3"
like "$RUN_ERR" 'no refresh token to renew it\. \[expired_token\]' \
	"and says why"

input "$SECRET"
B24USER_CLIENT_ID= b --portal "$PORTAL_URL" --auth oauth \
	--cacert "$PORTAL_CA" auth login --profile noid
is "$RUN_STATUS" 2 "oauth login without a client id exits 2"
like "$RUN_ERR" 'client_id' "and says where to set it"

# ----------------------------------------------------------------- scan
TOKENS="$TOKENS $(awk -F '\t' '$3 ~ /token/ { print $4 }' "$CREDS" |
	tr '\n' ' ')"
ok "ran $n commands"
like "$(cat "$CREDS")" "$SECRET" "the file store holds the secret (as asked)"
scan() {	# scan WHAT VALUE
	_hits=$(grep -rlF -- "$2" "$OUT" "$XDG_STATE_HOME" "$XDG_RUNTIME_DIR" \
		"$CONF" 2>/dev/null)
	if [ -z "$_hits" ]; then
		ok "no $1 in output, logs, config or state"
	else
		not_ok "no $1 in output, logs, config or state" "found in:" \
			"$_hits"
	fi
}
scan "client secret" "$SECRET"
hits=
for t in $TOKENS; do
	[ ${#t} -ge 16 ] || continue
	h=$(grep -rlF -- "$t" "$OUT" "$XDG_STATE_HOME" "$XDG_RUNTIME_DIR" \
		"$CONF" 2>/dev/null)
	hits="$hits$h"
done
is "$hits" "" "no access or refresh token in output, logs, config or state"

done_testing
