#!/bin/sh
# Input mistakes a newcomer makes lead to the fix: --data with a path but
# no @, --from naming a folder, --from - without --yes (standard input is
# the file, so nobody can answer y).
. "${B24_TESTDIR:-$(dirname "$0")}/lib.sh"

portal_start
B24USER_WEBHOOK_URL=$WEBHOOK_URL
export B24USER_WEBHOOK_URL
B="$B24USER --cacert $PORTAL_CA"
plan 14

run $B update 3 --data /tmp/nonexistent.json
is "$RUN_STATUS" 2 "--data /PATH without @ exits 2"
like "$RUN_ERR" 'To read a file, write --data @FILE' "... and names the @"
like "$RUN_ERR" '--data @/tmp/nonexistent\.json' "... with the path given"

printf '{"NAME": "Ann"}\n' >"$TEST_TMP/user.json"
cd "$TEST_TMP" || bail_out "no $TEST_TMP"
run $B update 3 --data user.json
cd - >/dev/null || bail_out "cannot go back"
like "$RUN_ERR" '--data @user\.json' "--data FILE that exists gets it too"
run $B update 3 --data '{"NAME": "Ann",}'
unlike "$RUN_ERR" '@FILE' "a JSON mistake gets no file hint"
is "$(portal_requests count user.update)" 0 "nothing was sent"

run $B update --from "$TEST_TMP"
is "$RUN_STATUS" 2 "--from FOLDER exits 2"
like "$RUN_ERR" 'is a folder, not a file' "... and says it is a folder"
like "$RUN_ERR" 'Name the CSV or JSON Lines file in it' "... and what to do"

printf 'ID,NAME\n3,Zed\n' >"$TEST_TMP/u.csv"
RUN_STDIN=$TEST_TMP/u.csv run $B update --from -
is "$RUN_STATUS" 6 "--from - without --yes: exit 6, nothing sent"
like "$RUN_ERR" 'with --yes: standard input holds the file' \
	"... it says to add --yes and why"
unlike "$RUN_ERR" 'answer y on a terminal' "... not to answer y"
RUN_STDIN=$TEST_TMP/u.csv run $B update --from "$TEST_TMP/u.csv"
like "$RUN_ERR" 'standard input is not a terminal' \
	"--from FILE without a terminal says no question was asked"
is "$(portal_requests count user.update)" 0 "nothing was sent"

done_testing
