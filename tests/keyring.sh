# The credential store against a real Secret Service: gnome-keyring-daemon
# on a private D-Bus session (this script re-runs itself under
# dbus-run-session, with a bus that never starts services by itself),
# fresh XDG folders, unlocked from standard input.  Store, read, rotate
# and clear through b24user, checked with secret-tool; then no provider,
# no D-Bus, a locked login keyring, the session collection, and a Secret
# Service that does not answer.
. "${B24_TESTDIR:-$(dirname "$0")}/private-bus.sh"
private_bus "$0" "${1:-}"

portal_start
plan 63

SCHEMA=org.b24user.Credential
CONF=$XDG_CONFIG_HOME/b24user/config
KR_PID=

bus() {		# bus METHOD ARGS...: a call to the bus itself
	_m=$1
	shift
	dbus-send --session --print-reply --dest=org.freedesktop.DBus \
		/org/freedesktop/DBus "org.freedesktop.DBus.$_m" "$@" \
		2>/dev/null
}

secrets_pid() {
	bus GetConnectionUnixProcessID string:org.freedesktop.secrets |
		awk '/uint32/ { print $2 }'
}

# wait_owner OLD_PID: until the Secret Service is owned by another
# process than OLD_PID ("" for any), or "none" for nobody; 10 s at most.
wait_owner() {
	_i=0
	while :; do
		_pid=$(secrets_pid)
		case $1 in
		none) [ -z "$_pid" ] && return 0 ;;
		*) [ -n "$_pid" ] && [ "$_pid" != "$1" ] && return 0 ;;
		esac
		_i=$((_i + 1))
		[ "$_i" -le 200 ] || bail_out "Secret Service owner not '$1'"
		sleep 0.05
	done
}

# kr_start PASSWORD DATADIR [--replace]: gnome-keyring on this bus, its
# login keyring in DATADIR unlocked (or created) with PASSWORD.
kr_start() {
	_old=$KR_PID
	mkdir -p "$2"
	printf %s "$1" | XDG_DATA_HOME=$2 gnome-keyring-daemon ${3:-} \
		--unlock --components=secrets >/dev/null 2>&1
	wait_owner "$_old"
	KR_PID=$(secrets_pid)
}

kr_stop() {
	[ -n "$KR_PID" ] || return 0
	kill -KILL "$KR_PID" 2>/dev/null
	wait_owner none
	KR_PID=
}
trap 'kr_stop; _lib_cleanup' EXIT

login() {	# login PROFILE URL: the URL on standard input
	printf '%s\n' "$2" >"$TEST_TMP/url"
	RUN_STDIN=$TEST_TMP/url run "$B24USER" --cacert "$PORTAL_CA" \
		auth login --profile "$1"
}

lookup() {	# lookup PROFILE: the stored webhook, as secret-tool sees it
	secret-tool lookup xdg:schema "$SCHEMA" profile "$1" kind webhook \
		2>/dev/null
}

items() {	# items: how many of our items secret-tool finds
	secret-tool search --all xdg:schema "$SCHEMA" 2>/dev/null |
		grep -c '^\['
}

# in_collection NAME: how many items the collection holds.
in_collection() {
	dbus-send --session --print-reply --dest=org.freedesktop.secrets \
		"/org/freedesktop/secrets/collection/$1" \
		org.freedesktop.DBus.Properties.Get \
		string:org.freedesktop.Secret.Collection string:Items \
		2>/dev/null | grep -c 'object path'
}

add_profile() {	# add_profile NAME STORE
	mkdir -p "$XDG_CONFIG_HOME/b24user"
	printf '\n[profile %s]\nportal=%s\nauth=webhook\n'\
'ca_file=%s\nsecret_store=%s\n' \
		"$1" "$PORTAL_URL" "$PORTAL_CA" "$2" >>"$CONF"
}

# --- a bus without any Secret Service
login prod "$WEBHOOK_URL"
is "$RUN_STATUS" 0 "no provider: login still works"
like "$RUN_OUT" '^A D-Bus session runs, but no Secret Service'\
' \(such as gnome-keyring\) answers on it: secrets you type are kept'\
' in memory only and forgotten when b24user exits\.$' \
	"no provider: the plain sentence"
run "$B24USER" auth status --profile prod
like "$RUN_OUT" \
	'^WARN  store        A D-Bus session runs, but no Secret Service' \
	"no provider: status warns"
like "$RUN_OUT" 'fix: Start a keyring in this session'\
' .*gnome-keyring-daemon --unlock --components=secrets' \
	"no provider: status says how to start one"

# --- no D-Bus at all, and the bus found at $XDG_RUNTIME_DIR/bus
env -u DBUS_SESSION_BUS_ADDRESS "$B24USER" auth status --profile prod \
	>"$TEST_TMP/out" 2>&1
like "$(cat "$TEST_TMP/out")" '^WARN  store        No Secret Service is'\
' reachable here \(no D-Bus session\): secrets you type are kept in memory'\
' only' \
	"no D-Bus: memory only, said plainly"
like "$(cat "$TEST_TMP/out")" 'fix: To keep secrets for this SSH session,'\
' start a shell with its own keyring: dbus-run-session -- bash' \
	"no D-Bus: how to start a keyring in the SSH session"
env -u DBUS_SESSION_BUS_ADDRESS DISPLAY=:77 "$B24USER" auth status \
	--profile prod >"$TEST_TMP/out" 2>&1
like "$(cat "$TEST_TMP/out")" '^WARN  store        No Secret Service is'\
' reachable here \(no D-Bus session\)' \
	"no D-Bus but a DISPLAY: no bus is autolaunched on it"
BUS_PATH=$(printf '%s\n' "$DBUS_SESSION_BUS_ADDRESS" |
	sed -n 's/^unix:path=\([^,]*\).*/\1/p')
ln -s "$BUS_PATH" "$XDG_RUNTIME_DIR/bus"
env -u DBUS_SESSION_BUS_ADDRESS "$B24USER" auth status --profile prod \
	>"$TEST_TMP/out" 2>&1
like "$(cat "$TEST_TMP/out")" '^WARN  store        A D-Bus session runs' \
	"the bus at \$XDG_RUNTIME_DIR/bus is found without the variable"
rm -f "$XDG_RUNTIME_DIR/bus"

# --- an unlocked login keyring: store, read, rotate, clear
kr_start pw1 "$TEST_TMP/kr1"
login prod "$WEBHOOK_URL"
is "$RUN_STATUS" 0 "keyring: login exits 0"
like "$RUN_OUT" \
	'^Secrets are kept in the desktop keyring \(default collection\)\.$' \
	"keyring: login says where the secret went"
is "$(lookup prod)" "$WEBHOOK_URL" "secret-tool finds the webhook"
secret-tool search --all xdg:schema "$SCHEMA" profile prod \
	>"$TEST_TMP/search" 2>&1
like "$(cat "$TEST_TMP/search")" \
	"^label = b24user: webhook for 127\\.0\\.0\\.1:$PORTAL_PORT"\
" \\(profile prod\\)\$" \
	"the item has a readable label"
like "$(cat "$TEST_TMP/search")" "^attribute\\.portal = $PORTAL_URL\$" \
	"the item names the portal"
like "$(cat "$TEST_TMP/search")" '^attribute\.kind = webhook$' \
	"the item names its kind"
is "$(in_collection login)" 1 "the item is in the login collection"
run "$B24USER" auth status --profile prod
is "$RUN_STATUS" 0 "keyring: status exits 0"
like "$RUN_OUT" '^OK    store        Secrets are kept in the desktop keyring' \
	"keyring: status shows the store"
like "$RUN_OUT" '^OK    credentials  A webhook .* from the desktop keyring\.$' \
	"keyring: credentials come from the keyring"
unlike "$RUN_OUT" "$WEBHOOK_CODE" "keyring: status prints no secret"

login prod "$WEBHOOK_URL2"
is "$(lookup prod)" "$WEBHOOK_URL2" "rotate: the new webhook is stored"
is "$(items)" 1 "rotate: the old one is gone"
run "$B24USER" auth status --profile prod
like "$RUN_OUT" 'Acts as Tom Becker \(user 2\)' \
	"rotate: b24user uses the new one"

# The same portal by another name counts as a new portal: the profile
# keeps one item, for the portal it now names.
login prod "https://localhost:$PORTAL_PORT/rest/2/$WEBHOOK_CODE2/"
is "$RUN_STATUS" 0 "new portal: login exits 0"
is "$(items)" 1 "new portal: the item for the old portal is gone"
secret-tool search --all xdg:schema "$SCHEMA" profile prod \
	>"$TEST_TMP/search" 2>&1
like "$(cat "$TEST_TMP/search")" \
	"^attribute\\.portal = https://localhost:$PORTAL_PORT\$" \
	"new portal: the item names the new portal"

add_profile other auto
login other "$WEBHOOK_URL"
is "$(items)" 2 "a second profile has its own item"
run "$B24USER" auth logout --profile prod
is "$RUN_STATUS" 0 "logout exits 0"
lookup prod >/dev/null
is "$?" 1 "logout removed the profile's item"
is "$(lookup other)" "$WEBHOOK_URL" "logout left the other profile alone"
secret-tool clear xdg:schema "$SCHEMA" profile other
run "$B24USER" auth status --profile other
is "$RUN_STATUS" 3 "after secret-tool clear: status exits 3"
like "$RUN_OUT" '^FAIL  credentials  No credentials for profile "other"' \
	"after secret-tool clear: no credentials"

# --- the session collection, chosen in the profile
add_profile sess session
login sess "$WEBHOOK_URL"
is "$RUN_STATUS" 0 "session: login exits 0"
is "$(in_collection session)/$(in_collection login)" "1/0" \
	"session: the item is in the session collection"
is "$(lookup sess)" "$WEBHOOK_URL" "session: secret-tool finds it"

# --- a locked login keyring (another password): no dialog, no lie
kr_stop
kr_start wrong "$TEST_TMP/kr1"
run "$B24USER" auth status --profile prod
is "$RUN_STATUS" 3 "locked: status exits 3 (nothing stored yet)"
like "$RUN_OUT" '^WARN  store        Secrets are kept in the keyring.s session'\
' collection and forgotten when the keyring daemon stops \(usually when'\
' you log out\), because the login keyring is locked\.' \
	"locked: auto falls back to the session collection"
like "$RUN_OUT" 'fix: Unlock it by logging in on the desktop, or here'\
' .*gnome-keyring-daemon --replace --unlock --components=secrets' \
	"locked: status says how to unlock"
login prod "$WEBHOOK_URL"
is "$RUN_STATUS" 0 "locked: login keeps the secret in the session collection"
is "$(in_collection session)" 1 "locked: the item is in the session collection"
is "$(lookup prod)" "$WEBHOOK_URL" "locked: secret-tool finds it"
run "$B24USER" auth status --profile prod
like "$RUN_OUT" "^OK    credentials  A webhook .* from the keyring's"\
" session collection\\.\$" \
	"locked: status says where the secret came from"

run "$B24USER" auth logout --profile prod
like "$RUN_ERR" 'items in the locked login keyring cannot be removed'\
' until it is unlocked' \
	"locked: logout says what it cannot remove"
is "$(in_collection session)" 0 "locked: logout cleared the session collection"

add_profile strict keyring
login strict "$WEBHOOK_URL"
is "$RUN_STATUS" 3 "locked: a profile that insists on the keyring fails"
like "$RUN_ERR" 'The login keyring is locked, and b24user never opens'\
' an unlock dialog\. \[keyring_locked\]' \
	"locked: the message says so"
like "$RUN_ERR" 'gnome-keyring-daemon --replace --unlock' \
	"locked: the hint says how to unlock"
like "$(cat "$CONF")" '^\[profile strict\]$' \
	"locked: the profile is still saved"

# Follow the hint: unlock with the right password.
kr_start pw1 "$TEST_TMP/kr1" --replace
login strict "$WEBHOOK_URL"
is "$RUN_STATUS" 0 "after unlocking as the hint says, login works"
is "$(lookup strict)" "$WEBHOOK_URL" "and the webhook is in the keyring"
is "$(in_collection login)" 1 "in the login collection"

# --- no login keyring at all
kr_stop
mkdir -p "$TEST_TMP/kr2"
XDG_DATA_HOME=$TEST_TMP/kr2 gnome-keyring-daemon --start \
	--components=secrets >/dev/null 2>&1
wait_owner ""
KR_PID=$(secrets_pid)
run "$B24USER" auth status --profile prod
like "$RUN_OUT" "^WARN  store        Secrets are kept in the keyring's session"\
" collection .* because the login keyring is missing\\." \
	"no login keyring: the session collection, said plainly"
login strict "$WEBHOOK_URL"
is "$RUN_STATUS" 3 "no login keyring: keyring-only profile fails"
like "$RUN_ERR" 'no login keyring \(default collection\)' \
	"no login keyring: the message says so"

# --- a Secret Service that does not answer
kr_stop
kr_start pw3 "$TEST_TMP/kr3"
kill -STOP "$KR_PID"
t0=$(date +%s)
run "$B24USER" auth status --profile prod
t1=$(date +%s)
like "$RUN_OUT" '^WARN  store        The Secret Service did not answer within'\
' 3 seconds; it may be waiting for an unlock dialog on another display,'\
' or it hangs: secrets you type are kept in memory only' \
	"silent service: status explains and falls back to memory"
check "silent service: status gave up within 10 s ($((t1 - t0)) s)" \
	test $((t1 - t0)) -le 10
login prod "$WEBHOOK_URL"
is "$RUN_STATUS" 0 "silent service: login still checks and saves"
login strict "$WEBHOOK_URL"
is "$RUN_STATUS" 3 "silent service: a keyring-only profile fails"
like "$RUN_ERR" 'did not answer within 3 seconds.*\[keyring_timeout\]' \
	"silent service: with the reason"
B24USER_WEBHOOK_URL=$WEBHOOK_URL run "$B24USER" auth status --profile other
like "$RUN_OUT" '^OK    account ' \
	"silent service: the portal checks still run"
kr_stop

# --- a bus whose policy refuses b24user access to the Secret Service
mkdir -p "$TEST_TMP/bus2" "$TEST_TMP/kr4"
bus_conf "$TEST_TMP/bus2" \
	'<deny send_destination="org.freedesktop.secrets"/>' \
	>"$TEST_TMP/deny.conf"
cat >"$TEST_TMP/denied.sh" <<'EOF'
printf %s pw4 | gnome-keyring-daemon --unlock --components=secrets \
	>/dev/null 2>&1
i=0
until dbus-send --session --print-reply --dest=org.freedesktop.DBus \
	/org/freedesktop/DBus org.freedesktop.DBus.NameHasOwner \
	string:org.freedesktop.secrets 2>/dev/null | grep -q 'boolean true'
do
	i=$((i + 1))
	[ "$i" -le 200 ] || exit 1
	sleep 0.05
done
"$B24USER" auth status --profile prod >"$TEST_TMP/denied.out" 2>&1
"$B24USER" auth login --profile strict <"$TEST_TMP/url" \
	>"$TEST_TMP/denied2.out" 2>&1
echo "$?" >"$TEST_TMP/denied2.rc"
EOF
TEST_TMP=$TEST_TMP XDG_DATA_HOME=$TEST_TMP/kr4 dbus-run-session \
	--config-file="$TEST_TMP/deny.conf" -- sh "$TEST_TMP/denied.sh" \
	2>/dev/null
like "$(cat "$TEST_TMP/denied.out")" \
	'^WARN  store        The Secret Service refused access:'\
' secrets you type are kept in memory only' \
	"access denied: memory only, said plainly"
like "$(cat "$TEST_TMP/denied.out")" \
	'fix: Run b24user as the user who owns the desktop session' \
	"access denied: what to check"
is "$(cat "$TEST_TMP/denied2.rc")" 3 \
	"access denied: a keyring-only profile fails"
like "$(cat "$TEST_TMP/denied2.out")" 'refused access\. \[keyring_denied\]' \
	"access denied: with the reason"

done_testing
