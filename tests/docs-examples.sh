#!/bin/sh
# What the README and b24user(1) tell a newcomer works on the demo's fake
# portal: the user IDs of their examples exist, the README's command-line
# block runs as written, its webhook recipe is the program's own, it says
# how to run the program before make install, and --json failures print
# what the docs say (an error item only with --continue-on-fail).
. "${B24_TESTDIR:-$(dirname "$0")}/lib.sh"

README=$B24_TESTDIR/../README
MAN=$B24_TESTDIR/../man/b24user.1.in
[ -r "$README" ] && [ -r "$MAN" ] || skip_all "README or man page not found"
portal_start

# The IDs after get and update in the examples, once each.
ids=$(sed -n 's/\\-/-/g
	s/.*\(b24user\|^ *\) .*\<\(get\|update\) \([0-9][0-9]*\).*/\3/p' \
	"$README" "$MAN" | sort -un)
# The README's command-line block, minus auth login (it asks for a URL).
block=$(sed -n '/^### The command line/,/^Secrets never/p' "$README" |
	sed -n 's/^    \(b24user .*\)/\1/p' | grep -v 'auth login')
nids=$(printf '%s\n' "$ids" | grep -c .)
nlines=$(printf '%s\n' "$block" | grep -c .)
plan $((nids + nlines + 14))

B24USER_WEBHOOK_URL=$WEBHOOK_URL
export B24USER_WEBHOOK_URL
for id in $ids; do
	run "$B24USER" --cacert "$PORTAL_CA" get "$id"
	is "$RUN_STATUS" 0 "user $id of the docs' examples is on the portal"
done

# b24user on PATH as the README writes it, trusting the fake portal's CA.
mkdir "$TEST_TMP/bin"
printf '#!/bin/sh\nexec "%s" --cacert "%s" "$@"\n' "$B24USER" \
	"$PORTAL_CA" >"$TEST_TMP/bin/b24user"
chmod +x "$TEST_TMP/bin/b24user"
cd "$TEST_TMP" || bail_out "no $TEST_TMP"
printf '%s\n' "$block" >"$TEST_TMP/block"
while IFS= read -r line; do
	PATH=$TEST_TMP/bin:$PATH run sh -c "$line"
	is "$RUN_STATUS" 0 "README: $line"
done <"$TEST_TMP/block"
cd - >/dev/null || bail_out "cannot go back"

recipe='read -rs B24USER_WEBHOOK_URL && export B24USER_WEBHOOK_URL'
text=$(cat "$README")
like "$text" "^    $recipe\$" "README: the webhook is read with the recipe"
unlike "$text" 'export B24USER_WEBHOOK_URL +#' \
	"... not a bare export of an unset variable"
like "$(sed 's/\\-/-/g' "$MAN")" "^$recipe\$" "b24user(1): the same recipe"
unset B24USER_WEBHOOK_URL
write_config mem secret_store=memory
run "$B24USER" --cacert "$PORTAL_CA" get 3
like "$RUN_ERR" "For this shell: $recipe" \
	"... the one the program's own hint gives"
like "$(printf '%s\n' "$text" | tr '\n' ' ')" \
	'run it from there as `\./b24user`' \
	"README: how to run it from the build folder"
like "$text" 'sudo make install' "... or install it"

B24USER_WEBHOOK_URL=$WEBHOOK_URL
export B24USER_WEBHOOK_URL
run "$B24USER" --cacert "$PORTAL_CA" --json update 99999 --set NAME=x
is "$RUN_STATUS" 1 "--json update of a missing user: exit 1"
is "$RUN_OUT" "" "... nothing on standard output"
like "$RUN_ERR" 'no user with ID 99999' "... the error on standard error"
run "$B24USER" --cacert "$PORTAL_CA" --json update 99999 --set NAME=x \
	--continue-on-fail
is "$RUN_STATUS" 0 "with --continue-on-fail: exit 0"
like "$(json_value "$RUN_OUT" 0.json.error)" 'no user with ID 99999' \
	"... the error item on standard output"
like "$RUN_ERR" 'no user with ID 99999' "... and the error on stderr too"
like "$(tr '\n' ' ' <"$README")" 'only with `--continue-on-fail` \(exit 0\)' \
	"README: the error item only with --continue-on-fail"
like "$(tr '\n' ' ' <"$MAN")" 'only with \.B \\-\\-continue\\-on\\-fail' \
	"b24user(1): the same"

done_testing
