#!/bin/sh
# Figures for search (not a test): wall time, requests and peak memory
# of a search that pages through every user, at 2 000 and at 20 000
# extra users on the fake portal, for each output format.  Memory should
# stay flat: a page of 50 users is all that is held at a time.
#   B24_BUILDDIR=. sh tests/bench-search.sh [COUNT...]
. "${B24_TESTDIR:-$(dirname "$0")}/lib.sh"

[ -x "$B24USER" ] || bail_out "build b24user first"
[ -x /usr/bin/time ] || bail_out "needs /usr/bin/time (GNU time)"

# measure LABEL ARGS...: one search, output thrown away.
measure() {
	_label=$1
	shift
	_n0=$(portal_requests count)
	/usr/bin/time -f '%e %M' "$B24USER" --cacert "$PORTAL_CA" search \
		"$@" >"$TEST_TMP/out" 2>"$TEST_TMP/time.err" ||
		bail_out "search failed: $(cat "$TEST_TMP/time.err")"
	set -- $(tail -n 1 "$TEST_TMP/time.err")
	printf '%-7s %7s lines %5s requests %7s s %7s KiB peak RSS\n' \
		"$_label" "$(grep -c . "$TEST_TMP/out")" \
		"$(($(portal_requests count) - _n0))" "$1" "$2"
}

echo "== b24user search, every user ($(uname -m), $(nproc) CPUs)"
for extra in ${*:-2000 20000}; do
	portal_start --extra-users "$extra" --no-rate-limit
	B24USER_WEBHOOK_URL=$WEBHOOK_URL
	export B24USER_WEBHOOK_URL
	echo "-- $extra extra users (+ the seed)"
	measure jsonl --format jsonl
	measure csv --format csv
	measure json --format json
	measure table --format table
	portal_stop
done
echo "(lines of output: with a CSV header, the table's header and"
echo " count; a JSON item takes several lines)"
