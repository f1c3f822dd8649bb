# Shell test library: TAP output, an isolated environment per test, and the
# fake HTTPS portal (tests/fakeportal.py) with a throwaway CA.  POSIX sh.
#
#   . "${B24_TESTDIR:-$(dirname "$0")}/lib.sh"
#   portal_start                 # before plan: it may skip the whole test
#   plan 3
#   run "$B24USER" --cacert "$PORTAL_CA" get 1
#   is "$RUN_STATUS" 0 "get exits 0"
#   like "$RUN_OUT" '"NAME"' "prints the user"
#   done_testing

: "${B24_TESTDIR:=$(cd "$(dirname "$0")" && pwd)}"
: "${B24_BUILDDIR:=$(pwd)}"
: "${B24USER:=$B24_BUILDDIR/b24user}"
: "${PYTHON3:=/usr/bin/python3}"
export B24_TESTDIR B24_BUILDDIR B24USER PYTHON3

# ---------------------------------------------------------------- TAP

_tap_n=0
_tap_failed=0
_tap_plan=

diag() {
	for _l in "$@"; do
		printf '%s\n' "$_l" | sed 's/^/# /'
	done
}

plan() {
	_tap_plan=$1
	echo "1..$1"
}

# skip_all REASON: the whole test is skipped (exit 0, automake shows SKIP).
skip_all() {
	echo "1..0 # SKIP $*"
	exit 0
}

bail_out() {
	echo "Bail out! $*"
	exit 99
}

ok() {
	_tap_n=$((_tap_n + 1))
	echo "ok $_tap_n - $*"
}

# not_ok DESC [DIAG...]
not_ok() {
	_tap_n=$((_tap_n + 1))
	_tap_failed=$((_tap_failed + 1))
	echo "not ok $_tap_n - $1"
	shift
	diag "$@"
}

# skip DESC REASON: one test skipped.
skip() {
	_tap_n=$((_tap_n + 1))
	echo "ok $_tap_n - $1 # SKIP $2"
}

# check DESC CMD [ARGS...]: passes when CMD exits 0.
check() {
	_desc=$1
	shift
	if "$@"; then ok "$_desc"; else not_ok "$_desc" "failed: $*"; fi
}

# is GOT WANT DESC
is() {
	if [ "$1" = "$2" ]; then
		ok "$3"
	else
		not_ok "$3" "got:  '$1'" "want: '$2'"
	fi
}

isnt() {
	if [ "$1" != "$2" ]; then
		ok "$3"
	else
		not_ok "$3" "got '$1', wanted anything else"
	fi
}

# like GOT EXTENDED-REGEX DESC: some line of GOT matches.
like() {
	if printf '%s\n' "$1" | grep -Eq -- "$2"; then
		ok "$3"
	else
		not_ok "$3" "no match for /$2/ in:" "$1"
	fi
}

unlike() {
	if printf '%s\n' "$1" | grep -Eq -- "$2"; then
		not_ok "$3" "unexpected match for /$2/ in:" "$1"
	else
		ok "$3"
	fi
}

# done_testing: prints the plan if none was given; non-zero on failures.
done_testing() {
	[ -n "$_tap_plan" ] || echo "1..$_tap_n"
	if [ -n "$_tap_plan" ] && [ "$_tap_plan" -ne "$_tap_n" ]; then
		diag "planned $_tap_plan tests but ran $_tap_n"
		exit 1
	fi
	[ "$_tap_failed" -eq 0 ] || exit 1
	exit 0
}

# run CMD [ARGS...]: RUN_STATUS, RUN_OUT and RUN_ERR afterwards; stdin is
# /dev/null unless RUN_STDIN names a file.
run() {
	"$@" <"${RUN_STDIN:-/dev/null}" >"$TEST_TMP/run.out" \
		2>"$TEST_TMP/run.err"
	RUN_STATUS=$?
	RUN_OUT=$(cat "$TEST_TMP/run.out")
	RUN_ERR=$(cat "$TEST_TMP/run.err")
}

# json_value JSON PATH: a member by dotted path (result.0.NAME); strings
# raw, anything else as JSON; empty when missing.
json_value() {
	"$PYTHON3" -c '
import json, sys
try:
    node = json.loads(sys.argv[1])
except ValueError:
    sys.exit(0)
for key in [k for k in sys.argv[2].split(".") if k]:
    if isinstance(node, list) and key.isdigit() and int(key) < len(node):
        node = node[int(key)]
    elif isinstance(node, dict) and key in node:
        node = node[key]
    else:
        sys.exit(0)
print(node if isinstance(node, str) else json.dumps(node, ensure_ascii=False))
' "$1" "$2"
}

# ------------------------------------------------- isolated environment

# Nothing of the person running the tests leaks in: own HOME and XDG dirs,
# no session bus, no display, no b24user settings.  The originals stay in
# ORIG_DBUS_SESSION_BUS_ADDRESS and ORIG_DISPLAY for tests that want them.
TEST_TMP=$(mktemp -d "${TMPDIR:-/tmp}/b24test.XXXXXX") ||
	bail_out "mktemp failed"
ORIG_DBUS_SESSION_BUS_ADDRESS=${DBUS_SESSION_BUS_ADDRESS:-}
ORIG_DISPLAY=${DISPLAY:-}
HOME=$TEST_TMP/home
XDG_CONFIG_HOME=$TEST_TMP/config
XDG_STATE_HOME=$TEST_TMP/state
XDG_DATA_HOME=$TEST_TMP/data
XDG_CACHE_HOME=$TEST_TMP/cache
XDG_RUNTIME_DIR=$TEST_TMP/run
mkdir -p "$HOME" "$XDG_CONFIG_HOME" "$XDG_STATE_HOME" "$XDG_DATA_HOME" \
	"$XDG_CACHE_HOME" "$XDG_RUNTIME_DIR"
chmod 700 "$XDG_RUNTIME_DIR"
export HOME XDG_CONFIG_HOME XDG_STATE_HOME XDG_DATA_HOME XDG_CACHE_HOME \
	XDG_RUNTIME_DIR
unset DBUS_SESSION_BUS_ADDRESS DISPLAY WAYLAND_DISPLAY SSH_AUTH_SOCK
unset B24USER_PROFILE B24USER_WEBHOOK_URL B24USER_ACCESS_TOKEN \
	B24USER_REFRESH_TOKEN B24USER_CLIENT_ID B24USER_CLIENT_SECRET \
	B24USER_TOKEN_OVERRIDE B24USER_LOG B24USER_CONFIG
unset https_proxy HTTPS_PROXY all_proxy ALL_PROXY

# at_exit CMD: run CMD (eval'd) when the test ends; use it instead of your
# own `trap ... EXIT`, which would replace the portal's cleanup.
_lib_at_exit=
at_exit() {
	_lib_at_exit="$_lib_at_exit
$1"
}

_lib_cleanup() {
	eval "$_lib_at_exit"
	portal_stop
	if [ -n "${B24_KEEP_TMP:-}" ]; then
		echo "# kept $TEST_TMP" >&2
	else
		rm -rf "$TEST_TMP"
	fi
}
trap _lib_cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM HUP
trap 'exit 141' PIPE

# ------------------------------------------------------ certificates

# pki_ca DIR: a throwaway CA, DIR/ca.pem and DIR/ca.key (P-256).
pki_ca() {
	mkdir -p "$1" &&
	openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 \
		-nodes -days 2 -subj '/CN=b24user test CA' \
		-keyout "$1/ca.key" -out "$1/ca.pem" 2>"$1/openssl.err"
}

# pki_cert CADIR NAME [SAN]: CADIR/NAME.pem and NAME.key signed by the CA,
# by default for 127.0.0.1 and localhost.
pki_cert() {
	printf 'subjectAltName=%s\nextendedKeyUsage=serverAuth\n' \
		"${3:-IP:127.0.0.1,DNS:localhost}" >"$1/$2.ext" &&
	openssl req -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes \
		-subj "/CN=$2" -keyout "$1/$2.key" -out "$1/$2.csr" \
		2>>"$1/openssl.err" &&
	openssl x509 -req -in "$1/$2.csr" -CA "$1/ca.pem" \
		-CAkey "$1/ca.key" -CAcreateserial -days 2 \
		-extfile "$1/$2.ext" -out "$1/$2.pem" 2>>"$1/openssl.err"
}

_random_code() {
	od -An -N8 -tx1 /dev/urandom | tr -d ' \n'
}

# ------------------------------------------------------- fake portal

# portal_require: skip the whole test when the portal cannot run here.
portal_require() {
	command -v openssl >/dev/null 2>&1 ||
		skip_all "openssl is not installed"
	[ -x "$PYTHON3" ] || command -v "$PYTHON3" >/dev/null 2>&1 ||
		skip_all "no python3 ($PYTHON3)"
}

# portal_start [fakeportal.py options]: start the portal and export
#   PORTAL_URL   https://127.0.0.1:PORT
#   PORTAL_CA    the CA file the client must trust (--cacert / ca_file)
#   PORTAL_DIR   its state dir (port, requests.jsonl, server.log)
#   PORTAL_PID   its process id
#   WEBHOOK_CODE, WEBHOOK_URL    admin user 1: $PORTAL_URL/rest/1/CODE/
#   WEBHOOK_CODE2, WEBHOOK_URL2  user 2, not an admin
# PORTAL_SERVER_CERT/PORTAL_SERVER_KEY, when set, replace the server
# certificate (wrong host, other CA...).  Call it before plan.
portal_start() {
	portal_require
	PORTAL_DIR=$TEST_TMP/portal
	mkdir -p "$PORTAL_DIR"
	if [ ! -f "$TEST_TMP/pki/srv.pem" ]; then
		{ pki_ca "$TEST_TMP/pki" && pki_cert "$TEST_TMP/pki" srv; } ||
			bail_out "openssl failed: $(cat \
				"$TEST_TMP/pki/openssl.err")"
	fi
	PORTAL_CA=${PORTAL_CA:-$TEST_TMP/pki/ca.pem}
	WEBHOOK_CODE=${WEBHOOK_CODE:-$(_random_code)}
	WEBHOOK_CODE2=${WEBHOOK_CODE2:-$(_random_code)}
	rm -f "$PORTAL_DIR/port"
	# The codes and the OAuth client secret ($PORTAL_CLIENT_SECRET, when
	# a script sets one) go by environment: ps would show them in argv.
	FAKEPORTAL_WEBHOOK_CODE=$WEBHOOK_CODE \
	FAKEPORTAL_WEBHOOK_CODE2=$WEBHOOK_CODE2 \
	FAKEPORTAL_CLIENT_SECRET=${PORTAL_CLIENT_SECRET:-test-client-secret} \
	"$PYTHON3" "$B24_TESTDIR/fakeportal.py" serve --dir "$PORTAL_DIR" \
		--cert "${PORTAL_SERVER_CERT:-$TEST_TMP/pki/srv.pem}" \
		--key "${PORTAL_SERVER_KEY:-$TEST_TMP/pki/srv.key}" "$@" \
		>"$PORTAL_DIR/server.log" 2>&1 &
	PORTAL_PID=$!
	# Wait for the port file (written once the socket listens), bounded.
	_i=0
	while [ ! -s "$PORTAL_DIR/port" ]; do
		kill -0 "$PORTAL_PID" 2>/dev/null ||
			bail_out "fake portal died: $(cat \
				"$PORTAL_DIR/server.log")"
		_i=$((_i + 1))
		[ "$_i" -le 400 ] ||
			bail_out "fake portal did not start in 20 s"
		sleep 0.05
	done
	PORTAL_PORT=$(cat "$PORTAL_DIR/port")
	PORTAL_URL=https://127.0.0.1:$PORTAL_PORT
	WEBHOOK_URL=$PORTAL_URL/rest/1/$WEBHOOK_CODE/
	WEBHOOK_URL2=$PORTAL_URL/rest/2/$WEBHOOK_CODE2/
	export PORTAL_DIR PORTAL_CA PORTAL_PID PORTAL_PORT PORTAL_URL \
		WEBHOOK_CODE WEBHOOK_CODE2 WEBHOOK_URL WEBHOOK_URL2
}

# portal_stop: stop the portal started by portal_start (by its PID).
portal_stop() {
	[ -n "${PORTAL_PID:-}" ] || return 0
	kill "$PORTAL_PID" 2>/dev/null
	wait "$PORTAL_PID" 2>/dev/null
	PORTAL_PID=
}

# portal_control CALL [JSON]: POST (or GET without JSON) to /_control/CALL;
# prints the JSON answer, fails unless the status is 200.
#   portal_control fault '{"fault": "html", "count": 1}'
portal_control() {
	_path=$1
	case $_path in /*) ;; *) _path=/_control/$_path ;; esac
	shift
	"$PYTHON3" "$B24_TESTDIR/fakeportal.py" control --dir "$PORTAL_DIR" \
		--ca "$PORTAL_CA" "$_path" "$@"
}

# portal_hold METHOD: the next request for METHOD is kept (a "hold" fault)
# until portal_release; portal_held waits until it arrived (20 s at most,
# fails otherwise).  A test changes the portal's state in between, on no
# time window.
portal_hold() {
	portal_control fault "{\"fault\": \"hold\", \"method\": \"$1\"}" \
		>/dev/null
}

portal_held() {
	portal_control held '{"wait": 20}' >/dev/null
}

portal_release() {
	portal_control release >/dev/null
}

# expired_answers: REST answers that were expired_token so far.
expired_answers() {
	"$PYTHON3" -c '
import json, sys
n = 0
for line in open(sys.argv[1], encoding="utf-8"):
    r = json.loads(line)
    if r.get("method") != "oauth.token" and r.get("error") == "expired_token":
        n += 1
print(n)
' "$PORTAL_DIR/requests.jsonl"
}

# wait_until DESC CONDITION: until the shell CONDITION holds (eval'd), 20 s
# at most; then says DESC never happened and fails.
wait_until() {
	_wu=0
	until eval "$2"; do
		_wu=$((_wu + 1))
		[ "$_wu" -le 400 ] || { diag "never: $1"; return 1; }
		sleep 0.05
	done
}

# portal_call [--get] [--form] [--show-header H] PATH [BODY]: one HTTPS
# request; prints the status on the first line, then the body, or
# "ERROR Class: text" when the connection failed.
portal_call() {
	"$PYTHON3" "$B24_TESTDIR/fakeportal.py" client --dir "$PORTAL_DIR" \
		--ca "$PORTAL_CA" "$@"
}

# portal_requests count [METHOD] | dump | last: what reached the portal
# (REST and token-endpoint requests, one JSON object per line).
portal_requests() {
	_log=$PORTAL_DIR/requests.jsonl
	case ${1:-count} in
	dump) cat "$_log" ;;
	last) tail -n 1 "$_log" ;;
	count)
		"$PYTHON3" -c '
import json, sys
want = sys.argv[2] if len(sys.argv) > 2 else None
with open(sys.argv[1], encoding="utf-8") as f:
    rows = [json.loads(l) for l in f if l.strip()]
print(sum(1 for r in rows if want is None or r.get("method") == want))
' "$_log" ${2:+"$2"} ;;
	*) bail_out "portal_requests: count, dump or last" ;;
	esac
}

# write_config PROFILE [KEY=VALUE...]: a config file for the portal in
# $XDG_CONFIG_HOME/b24user/config, webhook auth, the test CA, memory store.
write_config() {
	_p=$1
	shift
	mkdir -p "$XDG_CONFIG_HOME/b24user"
	# Each KEY=VALUE argument replaces the default of the same key: a key
	# given twice makes the whole profile invalid.
	{
		printf '[general]\ndefault_profile=%s\n\n[profile %s]\n' \
			"$_p" "$_p"
		for _kv in "portal=$PORTAL_URL" auth=webhook \
			"ca_file=$PORTAL_CA" secret_store=memory; do
			case " $* " in
			*" ${_kv%%=*}="*) ;;
			*) printf '%s\n' "$_kv" ;;
			esac
		done
		for _kv in "$@"; do printf '%s\n' "$_kv"; done
	} >"$XDG_CONFIG_HOME/b24user/config"
}