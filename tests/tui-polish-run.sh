# Run one scenario of tests/tui-polish against a fresh fake portal.
# Sourced by the wrappers in TUI_POLISH_TESTS (src/ui.am) after they set
# TUI_SCENARIO (and TUI_AUTH: webhook (default), signin or apikey: a
# token profile with no tokens yet; TUI_STORE: memory (default) or file).
. "${B24_TESTDIR:-$(dirname "$0")}/lib.sh"

tui_prog=$B24_BUILDDIR/tests/tui-polish
[ -x "$tui_prog" ] || skip_all "console tests not built (no libvterm)"
portal_start

mkdir -p "$XDG_CONFIG_HOME/b24user"
{
	printf '[general]\ndefault_profile=demo\n\n[profile demo]\n'
	printf 'portal=%s\nca_file=%s\nsecret_store=%s\n' \
		"$PORTAL_URL" "$PORTAL_CA" "${TUI_STORE:-memory}"
} >"$XDG_CONFIG_HOME/b24user/config"

case ${TUI_AUTH:-webhook} in
webhook)
	printf 'auth=webhook\n' >>"$XDG_CONFIG_HOME/b24user/config"
	B24USER_WEBHOOK_URL=$WEBHOOK_URL
	export B24USER_WEBHOOK_URL ;;
signin|apikey)
	[ "$TUI_AUTH" = signin ] && tui_auth=oauth || tui_auth=apikey
	printf 'auth=%s\nclient_id=local.b24user.test\noauth_server=%s\n' \
		"$tui_auth" "$PORTAL_URL" >>"$XDG_CONFIG_HOME/b24user/config" ;;
esac

"$tui_prog" "$TUI_SCENARIO"
