#!/bin/sh
# The manual pages render without warnings and document every option that
# --help prints, for the program and for each command.
pages="$B24_BUILDDIR/man/b24user.1 $B24_BUILDDIR/man/b24user.conf.5"
if ! command -v man >/dev/null 2>&1; then
	echo "1..0 # SKIP man (man-db) is not installed"
	exit 0
fi

n=0
fails=0
ok() { n=$((n + 1)); echo "ok $n - $1"; }
not_ok() { n=$((n + 1)); fails=$((fails + 1)); echo "not ok $n - $1"; }

for page in $pages; do
	warn=$(LC_ALL=C.UTF-8 MANWIDTH=80 man --warnings -l "$page" 2>&1 \
		>/dev/null)
	if [ -z "$warn" ]; then
		ok "$(basename "$page") renders without warnings"
	else
		not_ok "$(basename "$page") renders without warnings"
		echo "$warn" | sed 's/^/# /'
	fi
done

text=$(LC_ALL=C.UTF-8 MANWIDTH=200 man -l "$B24_BUILDDIR/man/b24user.1" \
	2>/dev/null)
helps=$("$B24USER" --help)
for cmd in $(echo "$helps" | sed -n 's/^  \([a-z][a-z-]*\) .*/\1/p'); do
	helps="$helps
$("$B24USER" "$cmd" --help 2>/dev/null)"
done
options=$(echo "$helps" | grep -o -- '--[a-z][a-z-]*' | sort -u)
if [ -z "$options" ]; then
	not_ok "--help lists options"
fi
for opt in $options; do
	if echo "$text" | grep -q -- "$opt"; then
		ok "b24user(1) documents $opt"
	else
		not_ok "b24user(1) documents $opt"
	fi
done

# Each command's SYNOPSIS lines name every option of its --help usage
# lines ("Usage:", "or:", "Many users at once: update --from ..." and the
# indented lines that go on from them).
synopsis=$(LC_ALL=C.UTF-8 MANWIDTH=1000 man -l "$B24_BUILDDIR/man/b24user.1" \
	2>/dev/null | sed -n '/^SYNOPSIS/,/^DESCRIPTION/p')
for cmd in $(echo "$helps" | sed -n 's/^  \([a-z][a-z-]*\) .*/\1/p'); do
	usage=$("$B24USER" "$cmd" --help 2>/dev/null | awk -v cmd="$cmd" '
		/^(Usage|   or): b24user / ||
		    $0 ~ ("^[A-Z][A-Za-z ]*: " cmd " ") {
			u = 1; print; next
		}
		u && /^        [[-]/ { print; next }
		{ u = 0 }')
	lines=$(echo "$synopsis" |
		grep -E "^ *b24user( \[OPTIONS\])? $cmd( |\$)")
	missing=
	for opt in $(echo "$usage" | grep -o -- '--[a-z][a-z-]*' | sort -u); do
		echo "$lines" | grep -q -- "$opt\([^a-z-]\|\$\)" ||
			missing="$missing $opt"
	done
	if [ -n "$usage" ] && [ -n "$lines" ] && [ -z "$missing" ]; then
		ok "SYNOPSIS of $cmd lists the options of its --help usage"
	else
		not_ok "SYNOPSIS of $cmd lists the options of its --help usage"
		echo "# missing:${missing:- (no usage or synopsis lines)}"
	fi
done

echo "1..$n"
[ "$fails" -eq 0 ]
