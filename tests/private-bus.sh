# Shell helpers for tests that need a real Secret Service: a private
# D-Bus session of their own.  Source it first thing, then call
#   private_bus "$0" "${1:-}"
# Outside the bus it checks the tools, re-runs the script under
# dbus-run-session and exits with its status; inside, the private bus
# becomes the test's bus (lib.sh removed the caller's) and it returns.

# bus_conf DIR [RULE]: a session bus config listening in DIR, with no
# service directories (nothing is started on demand), plus RULE.
bus_conf() {
	cat <<EOF
<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <type>session</type>
  <listen>unix:dir=$1</listen>
  <auth>EXTERNAL</auth>
  <policy context="default">
    <allow send_destination="*" eavesdrop="true"/>
    <allow eavesdrop="true"/>
    <allow own="*"/>
    ${2:-}
  </policy>
</busconfig>
EOF
}

private_bus() {
	if [ "${2:-}" != --inner ]; then
		. "${B24_TESTDIR:-$(dirname "$1")}/lib.sh"
		for tool in dbus-run-session dbus-send gnome-keyring-daemon \
			    secret-tool; do
			command -v "$tool" >/dev/null 2>&1 ||
				skip_all "$tool is not installed"
		done
		grep -q '^#define HAVE_LIBSECRET 1' "$B24_BUILDDIR/config.h" ||
			skip_all "b24user was built without libsecret"
		portal_require
		mkdir -p "$TEST_TMP/bus"
		bus_conf "$TEST_TMP/bus" >"$TEST_TMP/bus.conf"
		dbus-run-session --config-file="$TEST_TMP/bus.conf" -- \
			"${SHELL:-/bin/sh}" "$1" --inner 2>"$TEST_TMP/bus.err"
		_bus_rc=$?
		grep -v 'Failed to set fd limit' "$TEST_TMP/bus.err" >&2
		exit $_bus_rc
	fi
	. "${B24_TESTDIR:-$(dirname "$1")}/lib.sh"
	DBUS_SESSION_BUS_ADDRESS=$ORIG_DBUS_SESSION_BUS_ADDRESS
	export DBUS_SESSION_BUS_ADDRESS
	[ -n "$DBUS_SESSION_BUS_ADDRESS" ] ||
		bail_out "dbus-run-session gave no bus"
}
