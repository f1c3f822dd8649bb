# `make demo`: start the fake portal with its seed users and run b24user
# against it, configured through a throwaway config; stop the portal when
# b24user exits.  No keyring and no network needed.
#
# On a terminal it opens the console; DEMO_CLI=1 (or no terminal) shows
# the command line instead: --help, one user, an update and the read-back.
. "${B24_TESTDIR:-$(dirname "$0")}/lib.sh"

# Not a TAP test: say plainly why the demo cannot start.
skip_all() {
	echo "demo: cannot start the fake portal: $*" >&2
	exit 1
}
bail_out() {
	echo "demo: $*" >&2
	exit 1
}

[ -x "$B24USER" ] || bail_out "no b24user at $B24USER; run make first"
portal_start
write_config demo
B24USER_WEBHOOK_URL=$WEBHOOK_URL
export B24USER_WEBHOOK_URL

echo "Fake Bitrix24 portal at $PORTAL_URL (35 seed users, user 1 is admin)"
echo "Config: $XDG_CONFIG_HOME/b24user/config (profile 'demo', webhook,"
echo "        CA $PORTAL_CA, secrets in memory only)"
echo "Requests that reach the portal: $PORTAL_DIR/requests.jsonl"

console=
if [ -z "${DEMO_CLI:-}" ] && [ -t 0 ] && [ -t 1 ] &&
	"$B24USER" --help 2>/dev/null | grep -q 'open the console'; then
	console=yes
fi

if [ -n "$console" ]; then
	echo "Starting the console; quitting it stops the portal."
	"$B24USER" --profile demo
	exit $?
fi

show() {
	printf '\n$ %s\n' "$*" | sed "s|$B24USER|b24user|"
	"$@"
}
show "$B24USER" --help
show "$B24USER" --profile demo get 1 || exit $?
show "$B24USER" --profile demo update 3 \
	--set 'WORK_POSITION=Старший инженер поддержки' || exit $?
show "$B24USER" --profile demo get 3
