# OAuth tokens in a real Secret Service (gnome-keyring on a private D-Bus
# session, as tests/keyring.sh does): auth login stores the client secret
# and the pair, a refresh rotates both in the keyring before the call is
# retried, two processes share one refresh, and logout clears them.
. "${B24_TESTDIR:-$(dirname "$0")}/private-bus.sh"
private_bus "$0" "${1:-}"

SECRET=client-secret-$(_random_code)$(_random_code)
PORTAL_CLIENT_SECRET=$SECRET
portal_start
plan 18

SCHEMA=org.b24user.Credential
CONF=$XDG_CONFIG_HOME/b24user/config
KR_PID=

secrets_pid() {
	dbus-send --session --print-reply --dest=org.freedesktop.DBus \
		/org/freedesktop/DBus \
		org.freedesktop.DBus.GetConnectionUnixProcessID \
		string:org.freedesktop.secrets 2>/dev/null |
		awk '/uint32/ { print $2 }'
}

kr_start() {	# kr_start PASSWORD DATADIR: an unlocked login keyring
	mkdir -p "$2"
	printf %s "$1" | XDG_DATA_HOME=$2 gnome-keyring-daemon --unlock \
		--components=secrets >/dev/null 2>&1
	_i=0
	while [ -z "$(secrets_pid)" ]; do
		_i=$((_i + 1))
		[ "$_i" -le 200 ] || bail_out "gnome-keyring did not start"
		sleep 0.05
	done
	KR_PID=$(secrets_pid)
}
at_exit '[ -z "$KR_PID" ] || kill -KILL "$KR_PID" 2>/dev/null'

lookup() {	# lookup KIND: profile o's item of that kind
	secret-tool lookup xdg:schema "$SCHEMA" profile o kind "$1" \
		2>/dev/null
}

stat_of() {
	json_value "$(portal_control stats)" "$1"
}

mkdir -p "$XDG_CONFIG_HOME/b24user"
printf '[profile o]\nportal=%s\nauth=oauth\nclient_id=local.b24user.test\n'\
'oauth_server=%s\nca_file=%s\nsecret_store=keyring\n' \
	"$PORTAL_URL" "$PORTAL_URL" "$PORTAL_CA" >"$CONF"

kr_start pw1 "$TEST_TMP/kr"
CODE=$(json_value "$(portal_control code)" code)
printf '%s\n%s\n' "$SECRET" "$CODE" >"$TEST_TMP/in"
RUN_STDIN=$TEST_TMP/in run "$B24USER" auth login --profile o
is "$RUN_STATUS" 0 "oauth login with the keyring exits 0"
like "$RUN_OUT" \
	'^Secrets are kept in the desktop keyring \(default collection\)\.$' \
	"the secrets went to the keyring"
is "$(lookup client_secret)" "$SECRET" "secret-tool finds the client secret"
ACCESS=$(lookup access_token)
REFRESH=$(lookup refresh_token)
is "${#ACCESS}/${#REFRESH}" 70/70 "and both tokens"

portal_control expire >/dev/null
run "$B24USER" get 1 --profile o
is "$RUN_STATUS" 0 "an expired token is refreshed"
is "$(stat_of refreshes)" 1 "once"
isnt "$(lookup access_token)" "$ACCESS" "the keyring has the new access token"
isnt "$(lookup refresh_token)" "$REFRESH" "and the new refresh token"
is "$(secret-tool search --all xdg:schema "$SCHEMA" kind refresh_token \
	2>/dev/null | grep -c '^\[')" 1 \
	"the old refresh token is replaced, not added"
unlike "$RUN_ERR" 'spent' "no warning: the keyring keeps the pair"

# Two processes on the expired pair: one refresh through the lock.
portal_control expire >/dev/null
# The first one's refresh is held until the second met the expired token.
EXPIRED=$(expired_answers)
portal_hold oauth.token
"$B24USER" get 1 --profile o >"$TEST_TMP/a.out" 2>"$TEST_TMP/a.err" &
PA=$!
portal_held || bail_out "the first refresh never arrived"
"$B24USER" get 1 --profile o >"$TEST_TMP/b.out" 2>"$TEST_TMP/b.err" &
PB=$!
wait_until "the second process met the expired token" \
	'[ "$(expired_answers)" -ge $((EXPIRED + 2)) ]'
portal_release
wait "$PA"
SA=$?
wait "$PB"
SB=$?
is "$SA/$SB" 0/0 "keyring: both processes succeed"
is "$(stat_of refreshes)" 2 "keyring: with a single refresh"
unlike "$(cat "$TEST_TMP/a.err" "$TEST_TMP/b.err")" 'invalid_grant' \
	"keyring: no invalid_grant"

run "$B24USER" auth status --profile o
like "$RUN_OUT" '^OK    token        .*last refreshed [0-9-]+ [0-9:]+'\
' UTC \(0 min ago\)' \
	"status shows the last refresh"
unlike "$RUN_OUT$RUN_ERR" \
	"$SECRET|$(lookup access_token)|$(lookup refresh_token)" \
	"status prints no secret"

run "$B24USER" auth logout --profile o
is "$RUN_STATUS" 0 "logout exits 0"
is "$(lookup access_token)$(lookup refresh_token)$(lookup client_secret)" "" \
	"logout clears the tokens and the client secret"
check "and the token details" test ! -e "$XDG_STATE_HOME/b24user/token-o.json"

done_testing
