#!/bin/sh
# Secret scan of issue 9: seed a webhook code, an OAuth client secret and
# tokens; run the command line (successes, portal faults, --verbose) and
# the console (load, $EDITOR, send, a failed send, the saved log, a
# SIGHUP recovery file) with webhook and OAuth credentials; then search
# everything b24user produced, and the editor child's argv and
# environment, for any of them.
. "${B24_TESTDIR:-$(dirname "$0")}/lib.sh"

SECRET=cs$(_random_code)$(_random_code)
PORTAL_CLIENT_SECRET=$SECRET
portal_start
HOOK=$WEBHOOK_URL
CA=$PORTAL_CA
CONF=$XDG_CONFIG_HOME/b24user/config
STORE=$XDG_CONFIG_HOME/b24user/credentials
SCAN_DIR=$TEST_TMP/scan
mkdir -p "$SCAN_DIR" "$XDG_CONFIG_HOME/b24user"
export SCAN_DIR
n=0

# The editor records how it was started, then leaves the file alone.
cat >"$TEST_TMP/editor" <<'EOF'
#!/bin/sh
printf '%s\n' "$0" "$@" >"$SCAN_DIR/editor-argv.$$"
tr '\000' '\n' <"/proc/$$/environ" >"$SCAN_DIR/editor-env.$$"
cat "$1" >"$SCAN_DIR/editor-file.$$"
EOF
chmod +x "$TEST_TMP/editor"
EDITOR=$TEST_TMP/editor
export EDITOR
unset VISUAL

# b ARGS...: b24user --verbose, both streams kept for the scan.
b() {
	n=$((n + 1))
	"$B24USER" --verbose "$@" >"$SCAN_DIR/$n.out" 2>"$SCAN_DIR/$n.err" \
		<"${IN:-/dev/null}"
	B_STATUS=$?
	echo "$B_STATUS" >"$SCAN_DIR/$n.status"
}

fault() {
	portal_control fault "$1" >/dev/null || bail_out "fault $1 refused"
}

profiles() {
	printf '[general]\ndefault_profile=w\n\n'
	printf '[profile w]\nportal=%s\nauth=webhook\nca_file=%s\n' \
		"$PORTAL_URL" "$CA"
	printf 'secret_store=memory\n\n'
	for p in o:file m:memory; do
		printf '[profile %s]\nportal=%s\nauth=oauth\n' "${p%%:*}" \
			"$PORTAL_URL"
		printf 'client_id=local.b24user.test\noauth_server=%s\n' \
			"$PORTAL_URL"
		printf 'ca_file=%s\nsecret_store=%s\n\n' "$CA" "${p#*:}"
	done
}
profiles >"$CONF"

# ------------------------------------------------- command line, webhook
export B24USER_WEBHOOK_URL=$WEBHOOK_URL
b get 4
b update 4 --set NAME=ScanA
b update 4 --set NAME=ScanDry --dry-run
b --json update 4 --set NAME=ScanJson
for f in html garbage truncated reset-before reset-after cut redirect \
	server-error; do
	fault "{\"fault\": \"$f\", \"method\": \"batch\"}"
	b update 4 --set "NAME=Scan$f"
done
fault '{"fault": "rate-limit", "method": "batch", "forever": true}'
b --timeout 2 update 4 --set NAME=ScanBusy
fault '{"fault": "none"}'
fault '{"fault": "hang", "method": "batch"}'
b --timeout 1 update 4 --set NAME=ScanHang
fault '{"fault": "none"}'
B24USER_WEBHOOK_URL=${WEBHOOK_URL%/}x/ b get 4
b journal
b undo
b search Anna
b fields
b auth status
unset B24USER_WEBHOOK_URL

# --------------------------------------------------- command line, OAuth
CODE=$(json_value "$(portal_control code)" code)
printf '%s\n' "$SECRET" "$CODE" >"$TEST_TMP/login.in"
IN=$TEST_TMP/login.in b auth login --profile o
LOGIN=$B_STATUS
b get 1 --profile o
b update 4 --profile o --set NAME=ScanOauth
portal_control expire >/dev/null
b update 4 --profile o --set NAME=ScanRefresh
fault '{"fault": "expired-token", "method": "batch"}'
b update 4 --profile o --set NAME=ScanExpired
b auth status --profile o
TOK=$(portal_control token)
ACCESS=$(json_value "$TOK" access_token)
REFRESH=$(json_value "$TOK" refresh_token)
[ -n "$ACCESS" ] && [ -n "$REFRESH" ] || bail_out "no token pair"
portal_control expire >/dev/null
export B24USER_ACCESS_TOKEN=$ACCESS B24USER_REFRESH_TOKEN=$REFRESH \
	B24USER_CLIENT_SECRET=$SECRET
b update 4 --profile m --set NAME=ScanEnv
b update 4 --profile m --set NAME=ScanSpent
unset B24USER_ACCESS_TOKEN B24USER_REFRESH_TOKEN B24USER_CLIENT_SECRET

# -------------------------------------------------------------- console
# console NAME: the secrets scenario of tests/tui-faults; its recovery
# file is kept aside so the next start does not offer it.
console() {
	"$tui_prog" secrets >"$SCAN_DIR/tap-$1" 2>&1
	echo $? >"$SCAN_DIR/tap-$1.status"
	for _f in "$SCAN_DIR"/console-*.screen; do
		[ -f "$_f" ] && mv "$_f" "$SCAN_DIR/$1-${_f##*/}"
	done
	_r=$XDG_STATE_HOME/b24user/recovery.json
	[ -f "$_r" ] && mv "$_r" "$XDG_STATE_HOME/b24user/recovery-$1.json"
}
tui_prog=$B24_BUILDDIR/tests/tui-faults
if [ -x "$tui_prog" ]; then
	# The test's own copies of the code stay out of the console's way.
	SEED_CODE=$WEBHOOK_CODE
	unset WEBHOOK_CODE WEBHOOK_URL WEBHOOK_CODE2 WEBHOOK_URL2
	B24USER_WEBHOOK_URL=$HOOK SCAN_TAG=w console webhook
	portal_control expire >/dev/null	# the console must refresh
	B24USER_PROFILE=o SCAN_TAG=o console oauth
	TOK=$(portal_control token)
	ACCESS2=$(json_value "$TOK" access_token)
	REFRESH2=$(json_value "$TOK" refresh_token)
	B24USER_PROFILE=m B24USER_ACCESS_TOKEN=$ACCESS2 \
	B24USER_REFRESH_TOKEN=$REFRESH2 B24USER_CLIENT_SECRET=$SECRET \
	SCAN_TAG=m console env-tokens
	WEBHOOK_CODE=$SEED_CODE
fi

# ---------------------------------------------------------------- checks
# The scenarios did what they should, so the scan means something.
is "$LOGIN" 0 "the OAuth login worked"
codes=$(cat "$SCAN_DIR"/*.status | sort -u | tr '\n' ' ')
like "$codes" '(^| )0 ' "some of the $n commands succeeded"
like "$codes" '(^| )[3457] ' "some failed ($codes)"
check "the debug log was written" test -s "$XDG_STATE_HOME/b24user/debug.log"
check "the file store holds the login" test -s "$STORE"
if [ -x "$tui_prog" ]; then
	for c in webhook oauth env-tokens; do
		is "$(cat "$SCAN_DIR/tap-$c.status")" 0 \
			"console with $c credentials: the scenario passed"
		grep -q '^not ok' "$SCAN_DIR/tap-$c" &&
			diag "$(grep -v '^# |' "$SCAN_DIR/tap-$c")"
		check "console with $c credentials: a recovery file" \
			test -s "$XDG_STATE_HOME/b24user/recovery-$c.json"
	done
	check "the console logs were saved" \
		test "$(ls "$XDG_STATE_HOME"/b24user/console-*.log | wc -l)" \
		-ge 2
	check "the editor ran and recorded its argv and environment" \
		test "$(ls "$SCAN_DIR"/editor-env.* | wc -l)" -ge 2
else
	skip "the console half" "console tests not built (no libvterm)"
fi

# Everything b24user produced, but the credential store it was told to
# use (the file store holds the tokens by design).
scan_files() {
	find "$SCAN_DIR" "$XDG_STATE_HOME" "$XDG_CONFIG_HOME" \
		"$XDG_RUNTIME_DIR" "$XDG_CACHE_HOME" "$XDG_DATA_HOME" "$HOME" \
		-type f ! -path "$STORE" 2>/dev/null
}
diag "scanning $(scan_files | wc -l) files"

# scan DESC GREP-ARGS...: no file holds it.
scan() {
	_d=$1
	shift
	_hits=$(scan_files | xargs grep -l "$@" 2>/dev/null)
	if [ -z "$_hits" ]; then
		ok "no $_d in anything b24user produced"
	else
		not_ok "no $_d in anything b24user produced" \
			"found in:" "$_hits"
	fi
}

# The patterns do find the secrets where they are meant to be.
check "(control) the portal's own log has the webhook code" \
	grep -qF "$WEBHOOK_CODE" "$PORTAL_DIR/requests.jsonl"
check "(control) the store has 70-digit tokens" \
	grep -qE '[0-9a-f]{70}' "$STORE"
scan "webhook code" -F -e "$WEBHOOK_CODE"
scan "client secret" -F -e "$SECRET"
for t in ACCESS REFRESH ACCESS2 REFRESH2; do
	eval "v=\${$t:-}"
	[ -n "$v" ] && scan "seeded token $t" -F -e "$v"
done
for t in $(grep -oE '[0-9a-f]{70}' "$STORE" | sort -u); do
	scan "stored token ${t%"${t#????}"}..." -F -e "$t"
done
scan "token of any kind (70 hex digits)" -E -e '[0-9a-f]{70}'

done_testing
