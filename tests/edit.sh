# Safe edits against the fake portal, through the app layer
# (tests/edit-probe): diff, dropped fields, conflicts, --expect, the
# journal with a torn line, undo of an undo, a write cut off.
. "${B24_TESTDIR:-$(dirname "$0")}/lib.sh"

PROBE=$B24_BUILDDIR/tests/edit-probe
[ -x "$PROBE" ] || skip_all "tests/edit-probe was not built"
portal_start
plan 51

B24USER_DATADIR=$B24_TESTDIR/../data
JOURNAL=$XDG_STATE_HOME/b24user/journal.jsonl
export B24USER_DATADIR

# probe [WEBHOOK] ARGS...: run the probe as the admin (or WEBHOOK's user).
probe() {
	B24_PROBE_WEBHOOK=$WEBHOOK_URL run "$PROBE" --cacert "$PORTAL_CA" \
		--journal "$JOURNAL" "$@"
}

probe_as_user2() {
	B24_PROBE_WEBHOOK=$WEBHOOK_URL2 run "$PROBE" --cacert "$PORTAL_CA" \
		--journal "$JOURNAL" "$@"
}

user_field() {
	json_value "$(portal_control user "{\"id\": \"$1\"}")" "$2"
}

# journal_field SEQ KEY: KEY of the newest line for SEQ.
journal_field() {
	"$PYTHON3" -c '
import json, sys
last = None
for line in open(sys.argv[1], encoding="utf-8"):
    try:
        obj = json.loads(line)
    except ValueError:
        continue
    if obj.get("seq") == int(sys.argv[2]):
        last = obj
v = (last or {}).get(sys.argv[3])
print(v if isinstance(v, str) else json.dumps(v, ensure_ascii=False))
' "$JOURNAL" "$1" "$2"
}

writes() {
	portal_requests count batch
}

# The journal entry the last probe run wrote.
run_seq() {
	printf '%s\n' "$RUN_OUT" | sed -n 's/^outcome=[a-z]* seq=//p'
}

# 1. A plain edit, Cyrillic on the wire, one batch for write + read-back.
probe 3 '{"NAME": "Иван", "WORK_POSITION": "Старший инженер"}'
is "$RUN_STATUS" 0 "an edit by the admin exits 0"
like "$RUN_OUT" '^Position \(WORK_POSITION\): Инженер поддержки → Старший' \
	"the diff shows old and new"
unlike "$RUN_OUT" 'NAME' "an unchanged field is neither shown nor sent"
like "$RUN_OUT" '^outcome=done seq=1$' "the journal entry is done"
like "$RUN_OUT" '"verified":true' "the item says verified"
is "$(user_field 3 WORK_POSITION)" "Старший инженер" "the portal has it"
is "$(portal_requests count user.update)" 0 "no separate user.update"
is "$(writes)" 1 "write and read-back went in one batch"
is "$(journal_field 1 fields)" \
	"$(printf '%s' '{"WORK_POSITION": {"before": "Инженер поддержки", ' \
		'"after": "Старший инженер"}}')" \
	"the journal has before and after"
is "$(journal_field 1 verified)" true "the journal says verified"

# 2. Nothing to do: the value already is the wanted one.
probe 3 '{"ACTIVE": true, "UF_DEPARTMENT": "2",
	"PERSONAL_BIRTHDAY": "1963-04-04"}'
is "$RUN_STATUS" 0 "an edit that changes nothing exits 0"
like "$RUN_OUT" '^outcome=nothing$' "and says so"
is "$(writes)" 1 "and sends nothing"

# 3. Bad input: nothing reaches the portal, not even a read.
before=$(portal_requests count)
probe 3 '{"EMAIL": "not-an-address", "NAEM": "x"}'
is "$RUN_STATUS" 2 "bad data exits 2"
is "$(portal_requests count)" "$before" "nothing was sent for bad data"

# 4. A non-admin dismissing themselves: ACTIVE is dropped, NAME takes.
probe_as_user2 2 '{"ACTIVE": "N", "NAME": "Thomas"}'
is "$RUN_STATUS" 7 "a dropped field exits 7"
like "$RUN_OUT" \
	'ACTIVE was not changed: only administrators can dismiss users' \
	"the reason is given"
like "$RUN_OUT" '"verified":false,"dropped":\["ACTIVE"\]' \
	"the item lists the dropped field"
is "$(user_field 2 NAME)" Thomas "the other field took"
is "$(user_field 2 ACTIVE)" true "the user is still active"
is "$(journal_field 2 dropped)" '["ACTIVE"]' "the journal names it"

# 5. A concurrent change between load and send.
changer="$PYTHON3 $B24_TESTDIR/fakeportal.py control --dir $PORTAL_DIR \
--ca $PORTAL_CA /_control/user \
'{\"id\": \"4\", \"WORK_POSITION\": \"Главбух\"}' >/dev/null"
before=$(writes)
probe --reread --between "$changer" 4 '{"WORK_POSITION": "Аудитор"}'
is "$RUN_STATUS" 6 "a conflict exits 6"
like "$RUN_OUT" 'loaded Бухгалтер, now on the portal Главбух, yours Аудитор' \
	"the three values are shown"
is "$(writes)" "$before" "nothing was written"
is "$(user_field 4 WORK_POSITION)" "Главбух" "the other change stays"

# The person's choices after a conflict: keep theirs, or send ours.
changer2=$(printf '%s' "$changer" | sed 's/Главбух/Финдиректор/')
probe --reread --between "$changer2" --on-conflict drop 4 \
	'{"WORK_POSITION": "Аудитор", "PERSONAL_MOBILE": "+7 900 000-00-00"}'
is "$RUN_STATUS" 0 "keeping their value sends the rest"
is "$(user_field 4 WORK_POSITION)/$(user_field 4 PERSONAL_MOBILE)" \
	"Финдиректор/+7 900 000-00-00" "their field stays, ours took"
probe --reread --between "$changer" --on-conflict accept 4 \
	'{"WORK_POSITION": "Аудитор"}'
is "$RUN_STATUS" 0 "going on from the fresh read sends ours"
is "$(user_field 4 WORK_POSITION)" "Аудитор" "and ours took"

# 6. --expect.
probe --expect '{"ACTIVE": "N"}' 4 '{"PERSONAL_CITY": "Казань"}'
is "$RUN_STATUS" 6 "a failed --expect exits 6"
like "$RUN_OUT" 'ACTIVE is Y, expected N' "and says what differs"
probe --expect '{"ACTIVE": "yes", "UF_DEPARTMENT": "6"}' 4 \
	'{"PERSONAL_CITY": "Казань"}'
is "$RUN_STATUS" 0 "a --expect that holds lets the edit through"

# 7. Undo, and undo of the undo.
seq=$(run_seq)
probe --undo newest
is "$RUN_STATUS" 0 "undo exits 0"
is "$(user_field 4 PERSONAL_CITY)" "Санкт-Петербург" "undo restored the city"
is "$(journal_field "$(run_seq)" undo_of)" "$seq" "the undo is journalled"
probe --undo newest
is "$(user_field 4 PERSONAL_CITY)" "Казань" "undo of the undo re-applies"

# 8. A torn last line is tolerated, and the next entry stays whole.
seq=$(run_seq)
printf '{"seq": 99, "time": "2026-12-04T17:00' >>"$JOURNAL"
probe 1 '{"PERSONAL_CITY": "Hamburg"}'
is "$RUN_STATUS" 0 "an edit after a torn line works"
is "$(run_seq)" "$((seq + 1))" "the torn line does not count"
is "$(tail -n 1 "$JOURNAL" | "$PYTHON3" -c \
	'import json,sys; print(json.load(sys.stdin)["outcome"])')" done \
	"the new line is whole"

# 9. The ACTIVE trap: JSON true is sent as "Y" and keeps the user active.
probe 4 '{"ACTIVE": false}'
is "$(user_field 4 ACTIVE)" false "ACTIVE false dismisses"
probe 4 '{"ACTIVE": true}'
is "$(user_field 4 ACTIVE)" true "ACTIVE true re-activates, never dismisses"

# 10. A write cut off after the portal ran it: outcome unknown.
# libcurl re-sends a request whose reused connection died; a write must
# never go out twice.
portal_control fault '{"fault": "reset-after", "method": "batch"}' >/dev/null
before=$(writes)
probe 1 '{"PERSONAL_CITY": "Bremen"}'
is "$(writes)" "$((before + 1))" "a cut-off write is not sent again"
is "$RUN_STATUS" 7 "a cut-off write exits 7"
like "$RUN_OUT" 'outcome=unknown' "the journal says outcome unknown"
is "$(user_field 1 PERSONAL_CITY)" Bremen "the portal did run it"

# 11. Custom fields: known once the portal was asked, in the same request
# as the user; the whole edit is two requests over one connection.
probe 4 '{"UF_USR_TEAM": "Team B"}'
is "$RUN_STATUS" 2 "an unknown custom field is refused without --learn"
probe --learn 4 '{"UF_USR_TEAM": "Team B"}'
is "$RUN_STATUS" 0 "with the portal's fields it is accepted"
like "$RUN_OUT" '^Team \(UF_USR_TEAM\): Team A → Team B$' \
	"the diff uses the portal's label"
like "$RUN_OUT" '^requests=2 connections=1$' \
	"load and write with read-back: two requests, one connection"
is "$(user_field 4 UF_USR_TEAM)" "Team B" "the portal has it"

# 12. No secret in the journal.
unlike "$(cat "$JOURNAL")" "$WEBHOOK_CODE" "the webhook code is not journalled"

done_testing
