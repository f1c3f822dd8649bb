#!/bin/sh
# Run libFuzzer targets for a fixed time each over a copy of their seed
# corpus, print executions per second and fail on any crash.
#   run-fuzzers.sh BINDIR SRCDIR OUTDIR NAME...
# FUZZ_TIME (seconds per target, default 20); anything in FUZZ_ARGS is
# passed to every fuzzer.  OUTDIR/NAME/ keeps the grown corpus (reused by
# the next run), the log, and crash-*, leak-*, timeout-*, oom-* inputs.
set -u

if [ $# -lt 4 ]; then
	echo "usage: $0 BINDIR SRCDIR OUTDIR NAME..." >&2
	exit 2
fi
bindir=$1 srcdir=$2 out=$3
shift 3
time=${FUZZ_TIME:-20}
failed=0

# The config target saves files with fsync: tmpfs makes that cheap.
if [ -z "${TMPDIR:-}" ] && [ -d /dev/shm ] && [ -w /dev/shm ]; then
	TMPDIR=/dev/shm
fi
# A private folder for the targets' scratch files, removed at the end:
# libFuzzer may end a target without its exit handlers running.
TMPDIR=$(mktemp -d "${TMPDIR:-/tmp}/b24fuzz.XXXXXX") || exit 1
export TMPDIR
trap 'rm -rf "$TMPDIR"' EXIT
trap 'exit 130' INT TERM

dict_for() {
	case $1 in
	envelope|fields) echo "$srcdir/json.dict" ;;
	config) echo "$srcdir/config.dict" ;;
	webhook) echo "$srcdir/url.dict" ;;
	esac
}

# Inputs libFuzzer kept from this run (older ones stay, uncounted).
artifacts() {
	find "$1" -maxdepth 1 -type f -newer "$1/.started" \( \
		-name 'crash-*' -o -name 'leak-*' -o -name 'timeout-*' \
		-o -name 'oom-*' \)
}

stat_of() {
	sed -n "s/^stat::$1: *//p" "$2" | tail -n 1
}

run_one() {
	name=$1 dir=$out/$1
	fuzzer=$bindir/fuzz-$name dict=$(dict_for "$name")

	if [ ! -x "$fuzzer" ]; then
		echo "$name: $fuzzer is missing (configure --enable-fuzzing)"
		return 1
	fi
	mkdir -p "$dir/corpus"
	: >"$dir/.started"
	for seed in "$srcdir/corpus-$name"/* "$srcdir/regress-$name"/*; do
		[ -f "$seed" ] && cp "$seed" "$dir/corpus/"
	done
	# shellcheck disable=SC2086
	"$fuzzer" -max_total_time="$time" -timeout=10 -rss_limit_mb=2048 \
		-print_final_stats=1 -artifact_prefix="$dir/" \
		${dict:+-dict="$dict"} ${FUZZ_ARGS:-} "$dir/corpus" \
		>"$dir/log" 2>&1
	rc=$?
	runs=$(stat_of number_of_executed_units "$dir/log")
	speed=$(stat_of average_exec_per_sec "$dir/log")
	rss=$(stat_of peak_rss_mb "$dir/log")
	cov=$(sed -n 's/.* cov: \([0-9]*\) .*/\1/p' "$dir/log" | tail -n 1)
	found=$(artifacts "$dir" | wc -l)
	printf '%-9s %10s runs in %ss, %7s/s, coverage %5s, peak %s MB, ' \
		"$name" "${runs:-?}" "$time" "${speed:-?}" "${cov:-?}" \
		"${rss:-?}"
	echo "$found crash input(s)"
	if [ "$rc" -ne 0 ] || [ "$found" -ne 0 ]; then
		echo "$name: fuzzer exit $rc; see $dir/log" >&2
		artifacts "$dir" | sed 's/^/  kept: /'
		return 1
	fi
	return 0
}

for name in "$@"; do
	run_one "$name" || failed=$((failed + 1))
done
if [ "$failed" -ne 0 ]; then
	echo "fuzz: $failed target(s) failed; turn each kept input into" \
		"tests/fuzz/regress-NAME/ once fixed (tests/fuzz/README)" >&2
	exit 1
fi
echo "fuzz: $# target(s), no crashes"
