# Run one scenario of tests/tui-faults (console faults of issue 9)
# against a fresh fake portal; sourced by tests/tui-fault-*.sh after they
# set TUI_SCENARIO.
. "${B24_TESTDIR:-$(dirname "$0")}/lib.sh"

tui_prog=$B24_BUILDDIR/tests/tui-faults
[ -x "$tui_prog" ] || skip_all "console tests not built (no libvterm)"
portal_start
mkdir -p "$XDG_CONFIG_HOME/b24user"
printf '[general]\ndefault_profile=demo\n\n[profile demo]\n' \
	>"$XDG_CONFIG_HOME/b24user/config"
printf 'portal=%s\nauth=webhook\nca_file=%s\nsecret_store=memory\n' \
	"$PORTAL_URL" "$PORTAL_CA" >>"$XDG_CONFIG_HOME/b24user/config"
B24USER_WEBHOOK_URL=$WEBHOOK_URL
export B24USER_WEBHOOK_URL
"$tui_prog" "$TUI_SCENARIO"
