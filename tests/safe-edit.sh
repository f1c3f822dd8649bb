#!/bin/sh
# Safe edits on the command line against the fake portal: the diff, only
# changed fields on the wire, dropped fields, conflicts, --expect,
# --confirm/--yes, the self-dismissal guard, journal and undo, a write
# cut off.
. "${B24_TESTDIR:-$(dirname "$0")}/lib.sh"

portal_start
export B24USER_WEBHOOK_URL=$WEBHOOK_URL
B="$B24USER --cacert $PORTAL_CA"
JOURNAL=$XDG_STATE_HOME/b24user/journal.jsonl

# last_write: the user.update parameters of the newest write (inside the
# batch that carries the read-back), as JSON.
last_write() {
	"$PYTHON3" -c '
import json, sys
sys.dont_write_bytecode = True
sys.path.insert(0, sys.argv[1])
import fakeportal_api as api
rows = [json.loads(l) for l in open(sys.argv[2], encoding="utf-8")
        if l.strip()]
for r in reversed(rows):
    if r.get("method") == "batch" and r.get("params"):
        line = r["params"]["cmd"]["update"]
        print(json.dumps(api.parse_php_query(line.partition("?")[2]),
                         ensure_ascii=False))
        break
' "$B24_TESTDIR" "$PORTAL_DIR/requests.jsonl"
}

writes() {
	portal_requests count batch
}

user_field() {
	json_value "$(portal_control user "{\"id\": \"$1\"}")" "$2"
}

# newest: the newest journal entry as `journal --json` shows it.
newest() {
	json_value "$("$B24USER" --json journal --limit 1)" "0.$1"
}

# tty_run STEP... -- CMD...: CMD on a pseudo-terminal; steps are
# "expect REGEX" (wait for it, 10 s at most), "send TEXT" (a line) and
# "shell CMD".  RUN_STATUS and RUN_OUT (the whole screen text).
tty_run() {
	"$PYTHON3" - "$@" >"$TEST_TMP/tty.out" 2>&1 <<'EOF'
import os, pty, re, select, subprocess, sys, time
args = sys.argv[1:]
cut = args.index("--")
steps, cmd = args[:cut], args[cut + 1:]
pid, fd = pty.fork()
if pid == 0:
    os.execvp(cmd[0], cmd)
seen = b""
def read_some(deadline):
    global seen
    r, _, _ = select.select([fd], [], [], max(0, deadline - time.time()))
    if not r:
        return False
    try:
        data = os.read(fd, 4096)
    except OSError:
        return False
    seen += data
    return bool(data)
mark = 0
ok = True
i = 0
while i < len(steps):
    kind, arg = steps[i], steps[i + 1]
    i += 2
    if kind == "expect":
        deadline = time.time() + 10
        pat = re.compile(arg.encode())
        while not pat.search(seen, mark):
            if not read_some(deadline):
                ok = False
                break
        if not ok:
            sys.stdout.write("EXPECT FAILED: %s\n" % arg)
            break
        mark = pat.search(seen, mark).end()
    elif kind == "send":
        os.write(fd, arg.encode() + b"\r")
    elif kind == "shell":
        subprocess.run(arg, shell=True, check=True,
                       stdout=subprocess.DEVNULL)
deadline = time.time() + 20
while read_some(deadline):
    pass
_, status = os.waitpid(pid, 0)
sys.stdout.write(seen.decode("utf-8", "replace"))
sys.exit(os.waitstatus_to_exitcode(status) if ok else 99)
EOF
	RUN_STATUS=$?
	RUN_OUT=$(cat "$TEST_TMP/tty.out")
}

plan 79

# --- the diff, and only what changes on the wire --------------------

run $B update 3 --set WORK_POSITION="Старший инженер" --set NAME=Иван
is "$RUN_STATUS" 0 "an edit exits 0"
like "$RUN_OUT" 'WORK_POSITION\): Инженер поддержки → Старший инженер' \
	"the diff shows old → new"
unlike "$RUN_OUT" '\(NAME\)' "an unchanged field is not in the diff"
is "$(json_value "$(last_write)" NAME)" "" "... nor on the wire"
is "$(json_value "$(last_write)" WORK_POSITION)" "Старший инженер" \
	"the changed field is"
unlike "$(last_write)" 'PERSONAL_PHOTO' "no photo is sent unless given"
is "$(newest outcome)/$(newest verified)" "done/true" "journalled: done"

run $B --json update 3 --set PERSONAL_CITY=Тверь
is "$(json_value "$RUN_OUT" 0.verified)" true "--json: verified true"
is "$(json_value "$RUN_OUT" 0.json.result)" true "... beside json"
like "$RUN_ERR" 'PERSONAL_CITY\): Москва → Тверь' \
	"... and the diff on stderr, stdout is JSON only"

n=$(writes)
run $B update 3 --set PERSONAL_CITY=Тверь
is "$RUN_STATUS" 0 "nothing to change exits 0"
like "$RUN_OUT" 'already has these values' "... says so"
is "$(writes)" "$n" "... and writes nothing"

run $B update 4 --set WORK_PHONE=555 --admin-mode
is "$(json_value "$(portal_requests dump | grep '"user.get"' | tail -n 1)" \
	params.ADMIN_MODE)" Y "--admin-mode is sent on the reads too"

# --- fields that did not take -----------------------------------------

B24USER_WEBHOOK_URL=$WEBHOOK_URL2 run $B --json update 2 \
	--set ACTIVE=N --set NAME=Thomas --yes
is "$RUN_STATUS" 7 "a dropped field exits 7"
like "$RUN_ERR" \
	'^b24user: warning: ACTIVE was not changed:'\
' only administrators can [a-z]+ users$' \
	"a warning names the field and why"
is "$(json_value "$RUN_OUT" 0.verified)" false "the item: verified false"
is "$(json_value "$RUN_OUT" 0.dropped)" '["ACTIVE"]' "... dropped [ACTIVE]"
is "$(json_value "$RUN_OUT" 0.json.result)" true "... beside json"
is "$(user_field 2 NAME)/$(user_field 2 ACTIVE)" Thomas/true \
	"the name took, the user is still active"
is "$(newest verified)/$(newest dropped)" 'false/["ACTIVE"]' \
	"the journal says which field"

n=$(writes)
B24USER_WEBHOOK_URL=$WEBHOOK_URL2 run $B update 5 --set ACTIVE=N
is "$RUN_STATUS" 1 "a non-admin dismissing someone else is refused (1)"
is "$(user_field 5 ACTIVE)" true "... the user stays active"
is "$(newest outcome)" refused "... and the journal says refused"

# --- the self-dismissal guard ------------------------------------------

n=$(writes)
run $B update 1 --set ACTIVE=N
is "$RUN_STATUS" 6 "dismissing the credentials' own account stops (6)"
like "$RUN_ERR" 'warning: user 1 is the account these credentials act' \
	"... with a warning"
is "$(writes)/$(user_field 1 ACTIVE)" "$n/true" "... and nothing sent"
run $B update 1 --set ACTIVE=N --dry-run
is "$RUN_STATUS" 0 "a dry run only warns"
like "$RUN_ERR" 'credentials act as' "... but does warn"
n=$(writes)
run $B update 1 --set WORK_POSITION=Boss --param ACTIVE=N
is "$RUN_STATUS" 6 "ACTIVE=N as a custom parameter stops just the same (6)"
like "$RUN_ERR" 'warning: user 1 is the account these credentials act' \
	"... with the warning"
is "$(writes)/$(user_field 1 ACTIVE)" "$n/true" "... and nothing sent"

# --- --expect, --confirm and --yes -------------------------------------

n=$(writes)
run $B update 4 --set PERSONAL_CITY=Казань --expect ACTIVE=N
is "$RUN_STATUS" 6 "a failed --expect exits 6"
like "$RUN_ERR" 'ACTIVE is Y, expected N' "... saying what differs"
is "$(writes)" "$n" "... and sends nothing"
run $B update 4 --set PERSONAL_CITY=Казань --expect ACTIVE=Y \
	--expect PERSONAL_CITY=Санкт-Петербург
is "$RUN_STATUS" 0 "--expect that holds lets it through"

n=$(writes)
run $B update 4 --set PERSONAL_CITY=Псков --confirm
is "$RUN_STATUS" 6 "--confirm without a terminal stops (6)"
is "$(writes)" "$n" "... sending nothing"
run $B update 4 --set PERSONAL_CITY=Псков --confirm --yes
is "$RUN_STATUS/$(user_field 4 PERSONAL_CITY)" "0/Псков" \
	"--yes answers in advance"

tty_run expect 'Псков → Тула' expect '\[y/N\]' send n -- \
	$B update 4 --set PERSONAL_CITY=Тула --confirm
is "$RUN_STATUS/$(user_field 4 PERSONAL_CITY)" "6/Псков" \
	"on a terminal, --confirm asks; no stops (6)"
tty_run expect '\[y/N\]' send y -- \
	$B update 4 --set PERSONAL_CITY=Тула --confirm
is "$RUN_STATUS/$(user_field 4 PERSONAL_CITY)" "0/Тула" "... and y sends"

# --- a change made between load and send -------------------------------

# On a terminal: someone edits the user while the question waits.
change_pos="$PYTHON3 $B24_TESTDIR/fakeportal.py control --dir $PORTAL_DIR \
--ca $PORTAL_CA /_control/user '{\"id\": \"6\", \"WORK_POSITION\": \"CFO\"}'"
n=$(writes)
tty_run expect '\[y/N\]' shell "$change_pos" send y \
	expect 'loaded Account executive, now on the portal CFO, yours CEO' \
	expect 'stop \(N\)' send '' -- \
	$B update 6 --set WORK_POSITION=CEO --confirm
is "$RUN_STATUS" 6 "a conflict on a terminal: stopping exits 6"
is "$(writes)/$(user_field 6 WORK_POSITION)" "$n/CFO" "... nothing written"
portal_control user '{"id": "6", "WORK_POSITION": "Account executive"}' \
	>/dev/null
tty_run expect '\[y/N\]' shell "$change_pos" send y \
	expect 'stop \(N\)' send p -- \
	$B update 6 --set WORK_POSITION=CEO --set WORK_PHONE=777 --confirm
is "$RUN_STATUS" 0 "keeping the portal's value sends the rest"
is "$(user_field 6 WORK_POSITION)/$(user_field 6 WORK_PHONE)" "CFO/777" \
	"... theirs stays, ours took"

# Without a terminal: the change lands while the portal holds the
# self-check (profile) back, and only then is the request let go.
portal_hold profile
(
	portal_held &&
	portal_control user '{"id": "7", "WORK_POSITION": "Chairman"}' \
		>/dev/null
	_st=$?
	portal_release
	exit "$_st"
) &
changer=$!
n=$(writes)
run $B update 7 --set ACTIVE=N --set WORK_POSITION=Retired
wait "$changer"
is "$?" 0 "the concurrent change was made while the edit was under way"
is "$RUN_STATUS" 6 "a conflict without a terminal exits 6"
like "$RUN_ERR" \
	'loaded Sales director, now on the portal Chairman, yours Retired' \
	"... showing the three values"
is "$(writes)/$(user_field 7 ACTIVE)" "$n/true" "... and nothing was written"

# --- undo, and undo of the undo ----------------------------------------

run $B update 8 --set PERSONAL_CITY=Уфа
seq=$(newest seq)
run $B undo
is "$RUN_STATUS" 0 "undo exits 0"
like "$RUN_OUT" "PERSONAL_CITY\): Уфа → Казань" "undo shows its diff"
is "$(user_field 8 PERSONAL_CITY)" "Казань" "undo restored the value"
is "$(newest undo_of)" "$seq" "the undo is journalled with undo_of"
run $B --json undo
is "$(user_field 8 PERSONAL_CITY)" "Уфа" "undo of the undo re-applies"
is "$(json_value "$RUN_OUT" 0.verified)" true "... verified"

# The journal is shared by every profile: another portal's entry is never
# the default, and naming it is refused.
{
	printf '{"seq": 900, "time": "2026-12-04T17:00:00Z", '
	printf '"portal": "https://other.example", "user_id": "8", '
	printf '"fields": {"NAME": {"before": "A", "after": "B"}}, '
	printf '"outcome": "done", "verified": true}\n'
} >>"$JOURNAL"
run $B undo --dry-run
like "$RUN_OUT" "entry $((seq + 2)) would be undone" \
	"undo's default is the newest entry of this portal"
run $B undo 900
is "$RUN_STATUS" 2 "another portal's entry is refused (2)"
like "$RUN_ERR" 'made on https://other.example' "... naming the portal"

# A read-only profile: undo goes through the production guard too.
write_config prod read_only=true
n=$(writes)
run $B undo
is "$RUN_STATUS/$(writes)" "6/$n" "undo on a read-only profile stops (6)"
run $B --allow-write "127.0.0.1:$PORTAL_PORT" undo
is "$RUN_STATUS" 0 "--allow-write HOST unlocks it"
rm -f "$XDG_CONFIG_HOME/b24user/config"

portal_control user '{"id": "8", "PERSONAL_CITY": "Самара"}' >/dev/null
n=$(writes)
run $B undo "$seq"
is "$RUN_STATUS" 6 "undo of a user changed since stops (6)"
like "$RUN_ERR" 'PERSONAL_CITY is Самара now, entry [0-9]+ left Уфа' \
	"... saying what changed"
is "$(writes)" "$n" "... and sends nothing"
run $B undo 9999
is "$RUN_STATUS" 2 "undo of an entry that does not exist exits 2"

# --- a write cut off ----------------------------------------------------

portal_control fault '{"fault": "reset-after", "method": "batch"}' >/dev/null
n=$(writes)
run $B update 9 --set PERSONAL_CITY=Пермь
is "$RUN_STATUS" 7 "a write cut off exits 7"
like "$RUN_ERR" 'outcome is unknown' "... the outcome is unknown"
is "$(writes)" "$((n + 1))" "... and it was not sent twice"
is "$(newest outcome)" unknown "the journal says unknown"
run $B journal --limit 1
like "$RUN_OUT" 'outcome unknown' "journal shows it"
# Through a profile, the commands it suggests name that profile.
write_config prod
portal_control fault '{"fault": "reset-after", "method": "batch"}' >/dev/null
run $B update 9 --set PERSONAL_CITY=Омск
like "$RUN_ERR" "'b24user --profile prod get 9' to see" \
	"a write cut off through a profile names it in the hint"
rm -f "$XDG_CONFIG_HOME/b24user/config"

# --- the journal listing -------------------------------------------------

run $B journal --user 8
is "$RUN_STATUS" 0 "journal --user exits 0"
is "$(printf '%s\n' "$RUN_OUT" | grep -c ' user 8 ')" 5 \
	"... lists that user's entries"
unlike "$RUN_OUT" ' user [^8] ' "... and no other"
run $B --json journal --limit 2
is "$(json_value "$RUN_OUT" 0.user_id)/$(json_value "$RUN_OUT" 2)" "9/" \
	"--json --limit 2: the newest first, two of them"
top=$(json_value "$RUN_OUT" 0.seq)
printf '{"seq": %d, "time": "2026-12-04T17:00:00Z", "user_id": "3", %s}\n' \
	"$((top + 1))" '"fields": {}, "outcome": "pending"' >>"$JOURNAL"
printf '{"seq": %d, "time": "2026-12-0' "$((top + 2))" >>"$JOURNAL"
run $B journal --limit 1
is "$RUN_STATUS" 0 "a torn last line is tolerated"
like "$RUN_ERR" '1 line of .* could not be read' "... and reported"
like "$RUN_OUT" "^$((top + 1)) .*user 3" "the entry before it is listed"
like "$RUN_OUT" 'outcome unknown' "a pending entry shows as outcome unknown"
unlike "$(cat "$JOURNAL")" "$WEBHOOK_CODE" "no secret in the journal"

done_testing
