#!/bin/sh
# b24user get and fields against the fake portal: labelled output, the
# portal's envelope with --json, a missing user, the offline catalogue.
. "${B24_TESTDIR:-$(dirname "$0")}/lib.sh"

portal_start
export B24USER_WEBHOOK_URL=$WEBHOOK_URL
B="$B24USER --cacert $PORTAL_CA"

run $B get 3
is "$RUN_STATUS" 0 "get exits 0"
like "$RUN_OUT" '^First name \(NAME\): Иван$' "fields with labels and values"
like "$RUN_OUT" '^\([0-9]+ empty fields? not shown\)$' \
	"empty fields are counted, not listed"
is "$(portal_requests count user.update)" 0 "get writes nothing"

run $B --json get 3
is "$(json_value "$RUN_OUT" 0.json.result.0.ID)" 3 \
	"--json: [{\"json\": envelope}]"
like "$(json_value "$RUN_OUT" 0.json.time)" '"start"' "... the envelope"

run $B get 3 --admin-mode --json
is "$(json_value "$(portal_requests last)" params.ADMIN_MODE)" Y \
	"get --admin-mode sends ADMIN_MODE=Y"

run $B get 424242
is "$RUN_STATUS" 1 "a missing user exits 1"
like "$RUN_ERR" 'no user with ID 424242' "... and says so"
run $B get x1
is "$RUN_STATUS" 2 "a bad ID is bad input"

notes='"a\u001b[31mred\u0007"'
portal_control user "$(printf '{"id": "3", "WORK_NOTES": %s}' "$notes")" \
	>/dev/null
run $B get 3
like "$RUN_OUT" 'WORK_NOTES\): a\\x1b\[31mred\\x07$' \
	"control characters from the portal are escaped"
if printf '%s' "$RUN_OUT" | LC_ALL=C grep -q "$(printf '\033')"; then
	not_ok "no raw escape reaches the terminal"
else
	ok "no raw escape reaches the terminal"
fi

run $B fields
is "$RUN_STATUS" 0 "fields exits 0"
like "$RUN_OUT" '^EMAIL +e-mail +' "fields lists codes and types"
like "$RUN_OUT" '^UF_USR_TEAM .*\(custom\)$' \
	"... and the portal's custom fields"
run $B --json fields
is "$(json_value "$RUN_OUT" 0.json.ACTIVE.type)" "Y/N" "fields --json"

B24USER_WEBHOOK_URL= run "$B24USER" fields
is "$RUN_STATUS" 0 "fields without credentials still works"
like "$RUN_ERR" 'built-in field list' "... and says it is the built-in list"
like "$RUN_OUT" '^NAME ' "... which has the standard fields"

done_testing
