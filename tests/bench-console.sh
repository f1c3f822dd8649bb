#!/bin/sh
# Figures for the console (not a test): key-to-screen latency while a
# 10 s request is in flight, start-up time, peak memory for a full edit,
# system calls while idle; and one call with curl side by side.
#   make check TESTS= && B24_BUILDDIR=. sh tests/bench-console.sh
. "${B24_TESTDIR:-$(dirname "$0")}/lib.sh"

prog=$B24_BUILDDIR/tests/tui-console
[ -x "$prog" ] || bail_out "build tests/tui-console first (make check TESTS=)"
command -v strace >/dev/null || echo "# strace missing: no idle figure"
portal_start
write_config demo
B24USER_WEBHOOK_URL=$WEBHOOK_URL
export B24USER_WEBHOOK_URL
echo "== b24user console ($(uname -m), $(nproc) CPUs)"
"$prog" bench

# One user.get each way, wall time and peak memory.
one() {
	/usr/bin/time -f '%e s wall, %M KiB peak RSS' "$@" \
		>/dev/null 2>"$TEST_TMP/time.err"
	tail -n 1 "$TEST_TMP/time.err"
}
echo "== one call (user.get ID=5)"
printf 'curl:            '
one curl -sS --cacert "$PORTAL_CA" -H 'Content-Type: application/json' \
	-d '{"ID":"5"}' "${WEBHOOK_URL}user.get.json"
printf 'b24user get:     '
one "$B24USER" get 5
