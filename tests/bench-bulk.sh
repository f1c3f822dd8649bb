#!/bin/sh
# Benchmark (not a test) of update --from against the fake portal, with
# settings where the limits bind:
#   bucket  ROWS updates, a bucket of 10 draining 2/s paces the run;
#   budget  BUDGET_ROWS updates, user.update's time budget runs out
#           again and again (40 s per 10 s window, each update 0.1 s);
#   faults  FAULT_ROWS updates, 502 pages, resets and cut answers
#           injected between batches (bucket 10, 2/s).
# For each: wall time against the ceiling the limits allow, 503s and
# 429s, rows lost and rows run twice (counted by the portal), peak
# memory; and the same work by @bitrix24/b24jssdk 2.2.0 from npm when
# npm is there (installed into $B24_BENCH_SDK_DIR, default a temp dir).
#   sh tests/bench-bulk.sh            (from the build dir)
#   ROWS=1000 sh tests/bench-bulk.sh  (shorter)
#   SCENARIOS="budget" sh tests/bench-bulk.sh
. "${B24_TESTDIR:-$(dirname "$0")}/lib.sh"

ROWS=${ROWS:-5000}
BUDGET_ROWS=${BUDGET_ROWS:-2000}
FAULT_ROWS=${FAULT_ROWS:-2000}
SDK_DIR=${B24_BENCH_SDK_DIR:-$TEST_TMP/sdk}
SDK=no
SCENARIOS=${SCENARIOS:-bucket budget faults}

# wanted NAME: the scenario was asked for.
wanted() {
	case " $SCENARIOS " in *" $1 "*) return 0 ;; esac
	return 1
}

sdk_setup() {
	command -v node >/dev/null 2>&1 && command -v npm >/dev/null 2>&1 ||
		return 1
	if [ ! -d "$SDK_DIR/node_modules/@bitrix24/b24jssdk" ]; then
		mkdir -p "$SDK_DIR" &&
		(cd "$SDK_DIR" && npm init -y >/dev/null 2>&1 &&
		 npm install --no-audit --no-fund \
			@bitrix24/b24jssdk@2.2.0 >npm.log 2>&1) || return 1
	fi
	cp "$B24_TESTDIR/bench-bulk-sdk.mjs" "$SDK_DIR/run.mjs"
}
sdk_setup && SDK=yes

# csv FIRST COUNT TEXT: ID,WORK_POSITION rows.
csv() {
	"$PYTHON3" -c 'import sys
f, n, t = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
print("ID,WORK_POSITION")
for i in range(f, f + n):
    print("%d,%s %d" % (i, t, i))' "$@"
}

# check FIRST COUNT: "lost twice 503s 429s" as the portal counts them
# (a fresh portal per run: a row never updated is a row lost).
check() {
	portal_control stats | "$PYTHON3" -c '
import json, sys
f, n, log = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
stats = json.load(sys.stdin)
upd = stats["updates"]
lost = sum(1 for i in range(f, f + n) if upd.get(str(i), 0) == 0)
twice = sum(1 for v in upd.values() if v > 1)
with open(log, encoding="utf-8") as fh:
    s429 = sum(1 for line in fh if "\"status\": 429" in line)
print(lost, twice, stats["rate_refused"], s429)' "$1" "$2" \
		"$PORTAL_DIR/requests.jsonl"
}

# arm_faults: 502 pages, resets and cut answers, one at a time, each
# after the previous one was used, starting after the plan's read.
arm_faults() {
	_i=0
	while [ "$(portal_requests count batch)" -lt 2 ] && [ $_i -lt 600 ]; do
		sleep 0.1
		_i=$((_i + 1))
	done
	for f in html reset-after cut html reset-before reset-after html \
		truncated; do
		portal_control fault \
			"{\"fault\": \"$f\", \"method\": \"batch\"}" \
			>/dev/null || return
		_i=0
		while portal_control faults | grep -q '"fault"' &&
			[ $_i -lt 300 ]; do
			sleep 0.1
			_i=$((_i + 1))
		done
		sleep 1
	done
}

# measure NAME CLIENT CEILING ROWS TEXT [b24user options]: one run.
measure() {
	_name=$1 _client=$2 _ceiling=$3 _n=$4 _text=$5
	shift 5
	csv 1001 "$_n" "$_text" >"$TEST_TMP/in.csv"
	[ "$_name" = faults ] && { arm_faults & _armer=$!; }
	_t0=$("$PYTHON3" -c 'import time; print(time.time())')
	if [ "$_client" = b24user ]; then
		/usr/bin/time -f %M -o "$TEST_TMP/mem" "$B24USER" update \
			--from "$TEST_TMP/in.csv" --yes "$@" \
			>"$TEST_TMP/out" 2>&1
	else
		/usr/bin/time -f %M -o "$TEST_TMP/mem" node "$SDK_DIR/run.mjs" \
			"$WEBHOOK_URL" "$TEST_TMP/in.csv" $SDK_ARGS \
			>"$TEST_TMP/out" 2>&1
	fi
	_rc=$?
	_t1=$("$PYTHON3" -c 'import time; print(time.time())')
	[ -n "${_armer:-}" ] && { kill "$_armer" 2>/dev/null; wait "$_armer"; }
	_armer=
	# b24user's own figure for the run after the plan: "N requests in
	# S s"; the SDK has no plan, its run is the whole.
	_run=$(sed -n 's/.*; \([0-9]*\) requests in \([0-9.]*\) s.*/\1 \2/p' \
		"$TEST_TMP/out" | tail -n 1)
	set -- $(check 1001 "$_n")
	"$PYTHON3" -c 'import sys
(name, client, t0, t1, ceil, rc, lost, twice, s503, s429, mem, run,
 size, drain, reads) = sys.argv[1:]
wall = float(t1) - float(t0)
if run and name != "budget":
    req, secs = run.split()
    # The requests after the plan reads, from an empty bucket (the
    # plan read drains it).
    rceil = max(0.0, float(req) - float(reads) - float(size)) / \
        float(drain)
    runtext = "run %6.1f s / %5.1f s (%5.1f %%)" % (float(secs), rceil,
        rceil / float(secs) * 100 if float(secs) > 0 else 0)
elif run:
    secs = float(run.split()[1])
    runtext = "run %6.1f s / %5.1f s (%5.1f %%)" % (secs, float(ceil),
        float(ceil) / secs * 100 if secs > 0 else 0)
else:
    runtext = "run = whole" + " " * 21
share = float(ceil) / wall * 100 if wall > 0 else 0
print("%-6s %-7s whole %6.1f s / %5.1f s (%5.1f %%)  %s  exit %s  "
      "lost %s  twice %s  503s %s  429s %s  peak %s KiB" % (name, client,
      wall, float(ceil), share, runtext, rc, lost, twice, s503, s429, mem))' \
		"$_name" "$_client" "$_t0" "$_t1" "$_ceiling" "$_rc" "$@" \
		"$(tail -n 1 "$TEST_TMP/mem")" "$_run" "$SIZE" "$DRAIN" \
		"${reads:-1}"
}

# ceil_bucket REQUESTS SIZE DRAIN: seconds the bucket needs for them.
ceil_bucket() {
	"$PYTHON3" -c 'import sys
r, s, d = map(float, sys.argv[1:])
print(max(0.0, r - s) / d)' "$@"
}

export B24USER_WEBHOOK_URL B24USER_CACERT NODE_EXTRA_CA_CERTS
restart() {
	portal_stop
	portal_start "$@"
	B24USER_WEBHOOK_URL=$WEBHOOK_URL
	B24USER_CACERT=$PORTAL_CA
	NODE_EXTRA_CA_CERTS=$PORTAL_CA
	rm -f "$XDG_STATE_HOME"/b24user/bulk-*
}

echo "# update --from, $ROWS / $BUDGET_ROWS / $FAULT_ROWS rows; SDK: $SDK"

# bucket: b24user needs one read per 2 500 rows, one write per 49 (each
# reads the one before back) and one read-back at the end; the SDK only
# one write per 50.  The whole ceiling counts every request; the run's
# counts those after the plan.
reads=$(( (ROWS + 2499) / 2500 ))
writes=$(( (ROWS + 49) / 50 ))
ours=$(( reads + 1 + (ROWS + 48) / 49 ))
for client in b24user sdk; do
	wanted bucket || break
	[ $client = sdk ] && [ $SDK = no ] && continue
	restart --rate 10 --drain 2 --extra-users "$ROWS"
	if [ $client = b24user ]; then
		c=$(ceil_bucket "$ours" 10 2)
	else
		c=$(ceil_bucket "$writes" 10 2)
	fi
	SDK_ARGS="10 2 480 600" SIZE=10 DRAIN=2
	measure bucket $client "$c" "$ROWS" Bucket --rate 10/2
done

# budget: 0.1 s per update, 40 s per 10 s window: 401 updates a window.
per=401
reads=$(( (BUDGET_ROWS + 2499) / 2500 ))
budget_c=$(( ((BUDGET_ROWS + per - 1) / per - 1) * 10 ))
for client in b24user sdk; do
	wanted budget || break
	[ $client = sdk ] && [ $SDK = no ] && continue
	restart --extra-users "$BUDGET_ROWS" --op-limit 40 --op-window 10 \
		--op-cost 0.1
	SDK_ARGS="50 2 40 10" SIZE=50 DRAIN=2
	measure budget $client "$budget_c" "$BUDGET_ROWS" Budget \
		--time-budget 40
done

# faults: bucket 10, 2/s; every answer lost costs a read-back.
reads=$(( (FAULT_ROWS + 2499) / 2500 ))
writes=$(( (FAULT_ROWS + 49) / 50 ))
ours=$(( reads + 1 + (FAULT_ROWS + 48) / 49 ))
for client in b24user sdk; do
	wanted faults || break
	[ $client = sdk ] && [ $SDK = no ] && continue
	restart --rate 10 --drain 2 --extra-users "$FAULT_ROWS"
	if [ $client = b24user ]; then
		c=$(ceil_bucket "$ours" 10 2)
	else
		c=$(ceil_bucket "$writes" 10 2)
	fi
	SDK_ARGS="10 2 480 600" SIZE=10 DRAIN=2
	measure faults $client "$c" "$FAULT_ROWS" Faults --rate 10/2
done
