#!/bin/sh
# Profile names and removal: a name the console would refuse (a blank, a
# non-ASCII letter) is refused by profiles add and auth login too, before
# anything is saved; profiles remove takes the profile's secrets with it
# instead of leaving them where no command can reach them.
. "${B24_TESTDIR:-$(dirname "$0")}/lib.sh"

portal_start
plan 17

CONF=$XDG_CONFIG_HOME/b24user/config
CREDS=$XDG_CONFIG_HOME/b24user/credentials
mkdir -p "$XDG_CONFIG_HOME/b24user"

run "$B24USER" profiles add 'bad name' --portal "$PORTAL_URL" --auth webhook
is "$RUN_STATUS" 2 "profiles add 'bad name' exits 2"
like "$RUN_ERR" 'one word of letters, digits, \. _ or -' "... says the rule"
check "... and saves nothing" test ! -e "$CONF"
run "$B24USER" profiles add 'Пётр' --portal "$PORTAL_URL" --auth webhook
is "$RUN_STATUS" 2 "a non-ASCII name is refused as in the console"

printf '%s\n' "$WEBHOOK_URL" >"$TEST_TMP/url"
RUN_STDIN=$TEST_TMP/url run "$B24USER" --cacert "$PORTAL_CA" \
	auth login --profile 'bad name'
is "$RUN_STATUS" 2 "auth login --profile 'bad name' exits 2"
like "$RUN_ERR" 'one word of letters' "... with the same rule"
unlike "$RUN_ERR" 'profile bad name' "... and no hint with the name unquoted"
is "$(portal_requests count profile)" 0 "... before the webhook is tried"

# --- remove a profile whose secret is in the file store
printf '[profile f]\nportal=%s\nauth=webhook\nsecret_store=file\n' \
	"$PORTAL_URL" >"$CONF"
RUN_STDIN=$TEST_TMP/url run "$B24USER" --cacert "$PORTAL_CA" \
	auth login --profile f
is "$RUN_STATUS" 0 "login stores the webhook in the file store"
check "... the credentials file holds it" grep -q "$WEBHOOK_CODE" "$CREDS"
run "$B24USER" profiles remove f
is "$RUN_STATUS" 0 "profiles remove exits 0"
like "$RUN_OUT" 'Profile "f" removed' "... the profile is removed"
like "$RUN_OUT" 'its secrets were removed from the file store' \
	"... and says its secrets went with it"
unlike "$RUN_OUT" 'while the profile exists' "... no advice that is too late"
check "... the webhook is gone from the credentials file" \
	sh -c "! grep -q '$WEBHOOK_CODE' '$CREDS'"

printf '[profile g]\nportal=%s\nauth=webhook\nsecret_store=file\n' \
	"$PORTAL_URL" >"$CONF"
run "$B24USER" profiles remove g
like "$RUN_OUT" 'had no secrets in the file store' \
	"a profile without secrets: it says there were none"
check "... and it is gone" sh -c "! grep -q 'profile g' '$CONF'"

done_testing
