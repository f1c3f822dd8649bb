#!/bin/sh
# Bulk runs as a whole: undo --run ID puts back every done write of a
# run as a plan of its own and leaves users changed since alone; the
# account the credentials act as is not dismissed without
# --yes-dismiss-self; the profile's rate and time_budget, with the
# command line winning.
. "${B24_TESTDIR:-$(dirname "$0")}/lib.sh"

portal_start --extra-users 200
export B24USER_WEBHOOK_URL=$WEBHOOK_URL B24USER_CACERT=$PORTAL_CA
B=$B24USER
CONF=$XDG_CONFIG_HOME/b24user/config
mkdir -p "$XDG_CONFIG_HOME/b24user"

field() {
	json_value "$(portal_control user "{\"id\": $1}")" "$2"
}

# writes: user.update runs since the portal started (its own count).
writes() {
	portal_control stats | "$PYTHON3" -c '
import json, sys
print(sum(json.load(sys.stdin)["updates"].values()))'
}

rows() {
	echo "ID,WORK_POSITION"
	_i=$1
	while [ "$_i" -le "$2" ]; do
		echo "$_i,$3 $_i"
		_i=$((_i + 1))
	done
}

# --- undo --run -----------------------------------------------------------

old_1001=$(field 1001 WORK_POSITION)
old_1005=$(field 1005 WORK_POSITION)
rows 1001 1005 Moved >"$TEST_TMP/move.csv"
run $B update --from "$TEST_TMP/move.csv" --yes
is "$RUN_STATUS" 0 "a bulk run of 5 users"
run $B journal --runs
like "$RUN_OUT" "^bulk-[0-9a-f]{12}-[0-9]+ .*: 5 writes, 5 done" \
	"journal --runs lists the run with its id"
RUNID=$(printf '%s\n' "$RUN_OUT" | head -n 1 | cut -d' ' -f1)
run $B journal --run "$RUNID"
like "$RUN_OUT" "run $RUNID" "journal --run lists its entries, run named"
run $B journal --json --limit 1
is "$(json_value "$RUN_OUT" 0.run)" "$RUNID" "... and --json has \"run\""

run $B update 1003 --set "WORK_POSITION=Changed since"
is "$RUN_STATUS" 0 "someone changes user 1003 after the run"

n0=$(writes)
run $B undo --run "$RUNID" --dry-run
is "$RUN_STATUS" 0 "undo --run --dry-run: exit 0"
like "$RUN_OUT" \
	"Left as it is, user 1003 .*WORK_POSITION is Changed since now" \
	"... the user changed since is named, with its value now"
like "$RUN_OUT" "Plan: 5 rows; 4 users to update" "... the others planned"
is "$(writes)" "$n0" "... nothing written"

run $B undo --run "$RUNID"
is "$RUN_STATUS" 6 "undo --run without --yes off a terminal: exit 6"
is "$(writes)" "$n0" "... nothing written"

run $B undo --run "$RUNID" --yes
is "$RUN_STATUS" 6 "undo --run --yes with a user changed since: exit 6"
like "$RUN_ERR" "1 user was changed after the run" "... it says why"
is "$(field 1001 WORK_POSITION)" "$old_1001" "... user 1001 is back"
is "$(field 1005 WORK_POSITION)" "$old_1005" "... user 1005 is back"
is "$(field 1003 WORK_POSITION)" "Changed since" "... 1003 not overwritten"
is "$(writes)" $((n0 + 4)) "... four writes"

run $B journal --runs
like "$RUN_OUT" "^undo-[0-9a-f]{12}-[0-9]+ .*: 4 writes, 4 done \(an undo\)" \
	"the undo is a run of its own in the journal"
UNDOID=$(printf '%s\n' "$RUN_OUT" | head -n 1 | cut -d' ' -f1)
run $B journal --run "$UNDOID" --json
like "$RUN_OUT" '"undo_of": [0-9]+' "... each entry says what it undid"

run $B undo --run "$UNDOID" --yes
is "$RUN_STATUS" 0 "undoing the undo run: exit 0"
is "$(field 1001 WORK_POSITION)" "Moved 1001" "... the run's value again"

run $B undo --run bulk-000000000000-1 --yes
is "$RUN_STATUS" 2 "undo --run of a run not in the journal: exit 2"
like "$RUN_ERR" "no run bulk-000000000000-1" "... saying so"

# --- the own account is not dismissed by a bulk run -------------------------

portal_control reset >/dev/null
printf 'ID,ACTIVE\n1001,N\n1,N\n' >"$TEST_TMP/self.csv"
run $B update --from "$TEST_TMP/self.csv" --yes
is "$RUN_STATUS" 2 "a row dismissing the own account: refused (exit 2)"
like "$RUN_ERR" "^line 3: .*--yes-dismiss-self" \
	"... its line, and the option that allows it"
is "$(portal_requests count user.update)" 0 "... nothing sent"
is "$(field 1 ACTIVE)" "true" "... the account is still active"
run $B update --from "$TEST_TMP/self.csv" --yes --dry-run
is "$RUN_STATUS" 2 "... --dry-run shows the same refusal"
run $B update --from "$TEST_TMP/self.csv" --yes --yes-dismiss-self \
	--dry-run
is "$RUN_STATUS" 0 "--yes-dismiss-self lets the row into the plan"
like "$RUN_ERR" "line 3: user 1 is the account these credentials act as" \
	"... with a warning"
printf 'ID,ACTIVE\n1001,N\n' >"$TEST_TMP/other.csv"
run $B update --from "$TEST_TMP/other.csv" --yes
is "$RUN_STATUS" 0 "dismissing someone else needs no extra option"

# --- rate and time_budget from the profile ----------------------------------

portal_control reset >/dev/null
portal_control config '{"rate": 4, "drain": 4}' >/dev/null
printf '%s\n' "[profile p]" "rate = 4/4" "time_budget = 300" >"$CONF"
rows 1001 1200 Paced >"$TEST_TMP/paced.csv"
run $B update --from "$TEST_TMP/paced.csv" --yes
is "$RUN_STATUS" 0 "rate = 4/4 in the profile: exit 0"
is "$(json_value "$(portal_control stats)" rate_refused)" 0 \
	"... the profile's bucket is kept: never refused"
unlike "$RUN_ERR" "warning" "... and the keys are known"
run $B profiles --json
is "$(json_value "$RUN_OUT" 0.json.rate)" "4/4" "profiles --json shows rate"
is "$(json_value "$RUN_OUT" 0.json.time_budget)" 300 "... and time_budget"
portal_control reset >/dev/null
# A bucket of 2 that drains 0.5/s: only a client slower than 2 s a
# request could stay under it, so a 50/50 pace must be refused.
portal_control config '{"rate": 2, "drain": 0.5}' >/dev/null
rows 1001 1200 Fast >"$TEST_TMP/fast.csv"
run $B update --from "$TEST_TMP/fast.csv" --yes --rate 50/50 \
	--time-budget 300
isnt "$(json_value "$(portal_control stats)" rate_refused)" 0 \
	"--rate on the command line wins over the profile's"
printf '%s\n' "[profile p]" "rate = fast" "time_budget = 0" >"$CONF"
run $B update --from "$TEST_TMP/paced.csv" --dry-run
like "$RUN_ERR" "rate: must be SIZE/PER_SECOND" "a bad rate is named"
like "$RUN_ERR" "time_budget: must be a number of seconds" \
	"... and a bad time_budget"

done_testing
