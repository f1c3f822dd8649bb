# Run one scenario of tests/tui-console against a fresh fake portal.
# Sourced by tests/tui-*.sh after they set TUI_SCENARIO (and TUI_AUTH:
# webhook (default), oauth or apikey).
. "${B24_TESTDIR:-$(dirname "$0")}/lib.sh"

tui_prog=$B24_BUILDDIR/tests/tui-console
[ -x "$tui_prog" ] || skip_all "console tests not built (no libvterm)"
# TUI_PORTAL_ARGS: options for the fake portal (--extra-users N).
portal_start ${TUI_PORTAL_ARGS:-}

# A profile for the portal; the secret comes from the environment.
tui_config() {
	mkdir -p "$XDG_CONFIG_HOME/b24user"
	printf '[general]\ndefault_profile=demo\n\n[profile demo]\n' \
		>"$XDG_CONFIG_HOME/b24user/config"
	printf 'portal=%s\nauth=%s\nca_file=%s\nsecret_store=memory\n' \
		"$PORTAL_URL" "$1" "$PORTAL_CA" \
		>>"$XDG_CONFIG_HOME/b24user/config"
	# TUI_READONLY=1: the production guard's profile, in red.
	[ -z "${TUI_READONLY:-}" ] ||
		printf 'read_only=true\ncolor=red\n' \
			>>"$XDG_CONFIG_HOME/b24user/config"
	# TUI_RATE=SIZE/PER_SECOND: the profile's request bucket.
	[ -z "${TUI_RATE:-}" ] || printf 'rate=%s\n' "$TUI_RATE" \
		>>"$XDG_CONFIG_HOME/b24user/config"
	# TUI_SECOND=1: a second profile, prod, read-only and red.
	[ -z "${TUI_SECOND:-}" ] ||
		printf '\n[profile prod]\nportal=%s\nauth=%s\n'\
'ca_file=%s\n%s\n' \
			"$PORTAL_URL" "$1" "$PORTAL_CA" \
			'secret_store=memory
read_only=true
color=red' >>"$XDG_CONFIG_HOME/b24user/config"
}

case ${TUI_AUTH:-webhook} in
webhook)
	tui_config webhook
	B24USER_WEBHOOK_URL=$WEBHOOK_URL
	export B24USER_WEBHOOK_URL ;;
oauth|apikey)
	tui_config "$TUI_AUTH"
	printf 'client_id=local.b24user.test\noauth_server=%s\n' \
		"$PORTAL_URL" >>"$XDG_CONFIG_HOME/b24user/config"
	tui_pair=$(portal_control token '{}')
	B24USER_ACCESS_TOKEN=$(json_value "$tui_pair" access_token)
	B24USER_REFRESH_TOKEN=$(json_value "$tui_pair" refresh_token)
	B24USER_CLIENT_SECRET=test-client-secret
	[ -n "$B24USER_ACCESS_TOKEN" ] || bail_out "no token from the portal"
	export B24USER_ACCESS_TOKEN B24USER_REFRESH_TOKEN \
		B24USER_CLIENT_SECRET ;;
esac

"$tui_prog" "$TUI_SCENARIO"
