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
# The demo keeps its webhook in the explicit file store of a throwaway
# config, signed in the way a person would: auth login reading stdin.
write_config demo secret_store=file
printf '%s\n' "$WEBHOOK_URL" |
	"$B24USER" --profile demo auth login >"$TEST_TMP/login.out" 2>&1 ||
	{ cat "$TEST_TMP/login.out" >&2; bail_out "auth login failed"; }

echo "Fake Bitrix24 portal at $PORTAL_URL (35 seed users, user 1 is admin)"
echo "Config: $XDG_CONFIG_HOME/b24user/config (profile 'demo', webhook"
echo "        in the file store next to it, CA $PORTAL_CA)"
echo "Requests that reach the portal: $PORTAL_DIR/requests.jsonl"

# Logs the person saved with F9 would go with the throwaway folders:
# copy them where the demo was started, and say where.
keep_saved_logs() {
	set -- "$XDG_STATE_HOME"/b24user/console-*.log
	[ -e "$1" ] || return 0
	mkdir -p demo-logs && cp "$@" demo-logs/ &&
		echo "demo: the console logs saved with F9 are in" \
			"$(pwd)/demo-logs/"
}

console=
if [ -z "${DEMO_CLI:-}" ] && [ -t 0 ] && [ -t 1 ] &&
	"$B24USER" --help 2>/dev/null | grep -q 'open the console'; then
	console=yes
fi

if [ -n "$console" ]; then
	# The portal and these folders live until the console quits, so a
	# second terminal can use them meanwhile.
	echo "While the console runs, try the command line from another"
	echo "terminal (the same profile, journal and locks as the console):"
	echo "    export XDG_CONFIG_HOME=$XDG_CONFIG_HOME"
	echo "    export XDG_STATE_HOME=$XDG_STATE_HOME"
	echo "    export XDG_RUNTIME_DIR=$XDG_RUNTIME_DIR"
	echo "    $B24USER get 3"
	echo "Press Enter to open the console (F1 help, F10 quits; quitting"
	echo "also stops the portal and removes these folders; logs saved"
	printf '%s' "with F9 are copied to ./demo-logs first) "
	read -r _
	# However it ends (F10, Ctrl-C, a signal), before the folders go.
	at_exit keep_saved_logs
	"$B24USER" --profile demo
	exit $?
fi

echo "Below: the command line against it.  The portal stops and these"
echo "files are removed as soon as it has run."

# The command as it can be pasted: words with blanks or quotes go in
# single quotes.
shell_words() {
	_line=
	for _w in "$@"; do
		case $_w in
		'' | *[!A-Za-z0-9_./:=@%+,-]*)
			_w="'$(printf '%s' "$_w" | sed "s/'/'\\\\''/g")'" ;;
		esac
		_line="$_line${_line:+ }$_w"
	done
	printf '%s' "$_line"
}
show() {
	printf '\n$ %s\n' "$(shell_words "$@")" | sed "s|$B24USER|b24user|"
	"$@"
}
show "$B24USER" --help
show "$B24USER" --profile demo get 1 || exit $?
show "$B24USER" --profile demo update 3 \
	--set 'WORK_POSITION=Старший инженер поддержки' || exit $?
show "$B24USER" --profile demo get 3
