# Run one scenario of tests/tui-fixes against a fresh fake portal.
# Sourced by tests/tui-fix-*.sh after they set TUI_SCENARIO, and maybe
# TUI_STORE=file (the webhook in the file store, not the environment),
# TUI_NOCONFIG=1 (no config file, no credentials) or TUI_READONLY=1;
# TUI_PROG names another scenario program (tests/tui-reload).
. "${B24_TESTDIR:-$(dirname "$0")}/lib.sh"

tui_prog=$B24_BUILDDIR/tests/${TUI_PROG:-tui-fixes}
[ -x "$tui_prog" ] || skip_all "console tests not built (no libvterm)"
portal_start

tui_conf=$XDG_CONFIG_HOME/b24user/config
if [ -z "${TUI_NOCONFIG:-}" ]; then
	mkdir -p "$XDG_CONFIG_HOME/b24user"
	printf '[general]\ndefault_profile=demo\n\n[profile demo]\n' \
		>"$tui_conf"
	printf 'portal=%s\nauth=webhook\nca_file=%s\nsecret_store=%s\n' \
		"$PORTAL_URL" "$PORTAL_CA" "${TUI_STORE:-memory}" >>"$tui_conf"
	[ -z "${TUI_READONLY:-}" ] ||
		printf 'read_only=true\ncolor=red\n' >>"$tui_conf"
fi
if [ "${TUI_STORE:-}" = file ]; then
	printf '%s\n' "$WEBHOOK_URL" >"$TEST_TMP/url"
	"$B24USER" --cacert "$PORTAL_CA" auth login --profile demo \
		<"$TEST_TMP/url" >"$TEST_TMP/login.out" 2>&1 ||
		bail_out "auth login into the file store failed"
elif [ -z "${TUI_NOCONFIG:-}" ]; then
	B24USER_WEBHOOK_URL=$WEBHOOK_URL
	export B24USER_WEBHOOK_URL
fi

"$tui_prog" "$TUI_SCENARIO"
