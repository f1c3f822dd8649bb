#!/bin/sh
# Console end to end with a real Secret Service: gnome-keyring on a
# private D-Bus session (tests/private-bus.sh); "Remember in keyring"
# stores the typed webhook, a second start connects from it, auth logout
# removes it (tests/tui-keyring.c).
. "${B24_TESTDIR:-$(dirname "$0")}/private-bus.sh"
private_bus "$0" "${1:-}"

tui_prog=$B24_BUILDDIR/tests/tui-session
[ -x "$tui_prog" ] || skip_all "console tests not built (no libvterm)"
portal_start
KR_PID=

secrets_pid() {
	dbus-send --session --print-reply --dest=org.freedesktop.DBus \
		/org/freedesktop/DBus \
		org.freedesktop.DBus.GetConnectionUnixProcessID \
		string:org.freedesktop.secrets 2>/dev/null |
		awk '/uint32/ { print $2 }'
}

# An unlocked login keyring in a fresh folder, on this bus.
mkdir -p "$TEST_TMP/kr"
printf %s kr-test-pw | XDG_DATA_HOME=$TEST_TMP/kr gnome-keyring-daemon \
	--unlock --components=secrets >/dev/null 2>&1
_i=0
while [ -z "$(secrets_pid)" ]; do
	_i=$((_i + 1))
	[ "$_i" -le 200 ] || bail_out "gnome-keyring did not start"
	sleep 0.05
done
KR_PID=$(secrets_pid)
at_exit '[ -z "$KR_PID" ] || kill -KILL "$KR_PID" 2>/dev/null'

# A profile with the default store (the keyring when it is unlocked) and
# no secret anywhere.
mkdir -p "$XDG_CONFIG_HOME/b24user"
printf '[general]\ndefault_profile=demo\n\n[profile demo]\nportal=%s\n'\
'auth=webhook\nca_file=%s\n' \
	"$PORTAL_URL" "$PORTAL_CA" >"$XDG_CONFIG_HOME/b24user/config"
unset B24USER_WEBHOOK_URL
# The debug log, to check it for the secret.
B24USER_LOG=$TEST_TMP/debug.log
export B24USER_LOG

"$tui_prog" keyring
