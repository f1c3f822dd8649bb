#!/bin/sh
# Messages that must lead somewhere: a refused first login does not send
# people to auth status (no profile exists yet), auth status does not
# send them to itself, a broken config is blamed rather than "no
# profile", and login and logout say plainly what was (not) stored.
. "${B24_TESTDIR:-$(dirname "$0")}/lib.sh"

portal_start
plan 52

CONF=$XDG_CONFIG_HOME/b24user/config
CREDS=$XDG_CONFIG_HOME/b24user/credentials
BAD_URL=$PORTAL_URL/rest/1/wrong$WEBHOOK_CODE/

login() {	# login PROFILE URL: the URL on standard input
	printf '%s\n' "$2" >"$TEST_TMP/url"
	RUN_STDIN=$TEST_TMP/url run "$B24USER" --cacert "$PORTAL_CA" \
		auth login --profile "$1"
}

# --- a refused first login
login prod "$BAD_URL"
is "$RUN_STATUS" 3 "a refused webhook exits 3"
unlike "$RUN_ERR" "auth status" "the hint does not send to auth status"
like "$RUN_ERR" "Nothing was saved\\. Check the webhook URL" \
	"it says nothing was saved and to check the URL"
like "$RUN_ERR" "run 'b24user auth login --profile prod' again" \
	"and how to try again"
check "indeed no profile was saved" test ! -e "$CONF"

# --- auth status with a bad webhook in the environment
B24USER_WEBHOOK_URL=$BAD_URL run "$B24USER" --cacert "$PORTAL_CA" \
	auth status
is "$RUN_STATUS" 3 "status with a refused webhook exits 3"
like "$RUN_OUT" '^FAIL  account' "the account check fails"
unlike "$RUN_OUT" "auth status" "its fix does not send to auth status"
unlike "$RUN_OUT" "this profile" "nor speaks of a profile"
like "$RUN_OUT" 'fix: The webhook in B24USER_WEBHOOK_URL is wrong' \
	"it names the variable the webhook came from"

B24USER_WEBHOOK_URL=$BAD_URL run "$B24USER" --cacert "$PORTAL_CA" get 5
is "$RUN_STATUS" 3 "get with a refused webhook exits 3"
unlike "$RUN_ERR" "this profile" "get does not speak of a profile either"

# --- login with the memory store only (no D-Bus here)
login prod "$WEBHOOK_URL"
is "$RUN_STATUS" 0 "a working webhook kept in memory exits 0"
like "$RUN_OUT" '^Result: the webhook was checked and works, but it is NOT' \
	"the result line says it is not stored"
like "$RUN_ERR" "To store it, add secret_store = file to \\[profile prod\\]" \
	"the warning names the file store"
like "$RUN_ERR" "or use a Secret Service" "and the Secret Service"

run "$B24USER" auth logout --profile prod
is "$RUN_STATUS" 0 "logout with nothing stored exits 0"
like "$RUN_OUT" 'nothing was removed' "it says nothing was removed"
unlike "$RUN_OUT" 'are removed' "and claims no removal"

# --- logout twice with the file store
printf '[profile f]\nportal=%s\nauth=webhook\nsecret_store=file\n' \
	"$PORTAL_URL" >"$CONF"
login f "$WEBHOOK_URL"
is "$RUN_STATUS" 0 "login with the file store"
unlike "$RUN_OUT" 'NOT stored' "a stored webhook is not called unstored"
run "$B24USER" auth logout --profile f
like "$RUN_OUT" '^Signed out: the secrets of profile "f" are removed' \
	"the first logout removes"
run "$B24USER" auth logout --profile f
is "$RUN_STATUS" 0 "the second logout exits 0"
like "$RUN_OUT" '^Nothing to sign out of: .*nothing was removed' \
	"the second logout says nothing was removed"

# --- one bad line in the config
printf '[profile prod]\nportal=%s\nauth=webhook\nbad line here\n' \
	"$PORTAL_URL" >"$CONF"
run "$B24USER" --cacert "$PORTAL_CA" get 5
is "$RUN_STATUS" 2 "get with an unreadable config exits 2"
like "$RUN_ERR" 'config, line 4: this line is not' "the warning is kept"
unlike "$RUN_ERR" 'No profile is set up' "no 'no profile is set up'"
like "$RUN_ERR" "Fix line 4 of $CONF" "it says which line to fix"

run "$B24USER" --cacert "$PORTAL_CA" get 5 --profile prod
is "$RUN_STATUS" 2 "get --profile with an unreadable config exits 2"
like "$RUN_ERR" "Fix line 4 of $CONF" "and blames the file, not the name"

run "$B24USER" profiles
is "$RUN_STATUS" 2 "profiles with an unreadable config exits 2"
unlike "$RUN_OUT" 'No profiles in' "it does not say there are none"
like "$RUN_ERR" "Fix line 4 of $CONF" "it says which line to fix"

run "$B24USER" --cacert "$PORTAL_CA" auth status
is "$RUN_STATUS" 2 "auth status with an unreadable config exits 2"
like "$RUN_OUT" "fix: Fix line 4 of $CONF" "its fix names the line"

B24USER_WEBHOOK_URL=$WEBHOOK_URL run "$B24USER" --cacert "$PORTAL_CA" get 5
is "$RUN_STATUS" 0 "the environment still works without the file"

# --- no credentials: the fix names what the profile's method reads
printf '[profile o]\nportal=%s\nauth=oauth\nclient_id=local.x\n' \
	"$PORTAL_URL" >"$CONF"
printf '[profile a]\nportal=%s\nauth=apikey\nsecret_store=file\n' \
	"$PORTAL_URL" >>"$CONF"
run "$B24USER" --cacert "$PORTAL_CA" auth status --profile o
is "$RUN_STATUS" 3 "auth status of an oauth profile without tokens exits 3"
unlike "$RUN_OUT" "WEBHOOK_URL" "it names no webhook variable"
like "$RUN_OUT" "fix: .*read -rs B24USER_ACCESS_TOKEN.*B24USER_REFRESH_TOKEN" \
	"it names the token variables"
like "$RUN_OUT" "fix: .*secret_store=file.*auth login --profile o" \
	"and how to keep them, then sign in"
run "$B24USER" --cacert "$PORTAL_CA" auth status --profile a
is "$RUN_STATUS" 3 "auth status of an apikey profile without a key exits 3"
unlike "$RUN_OUT" "WEBHOOK_URL" "it names no webhook variable either"
like "$RUN_OUT" "fix: Run \"b24user auth login --profile a\", or set \
B24USER_ACCESS_TOKEN to the API key" "it names the API key's variable"
like "$RUN_OUT" "B24USER_CLIENT_SECRET to renew it\) for this run" \
	"and what renews it"

# --- a dismissed user behind a token: the signed-in user, this profile
TOKEN=$(json_value "$(portal_control token '{"user_id": 3}')" access_token)
portal_control user '{"ID": "3", "ACTIVE": false}' >/dev/null
B24USER_ACCESS_TOKEN=$TOKEN run "$B24USER" --cacert "$PORTAL_CA" \
	--profile o get 5
is "$RUN_STATUS" 3 "get as a dismissed signed-in user exits 3"
like "$RUN_ERR" "authorization_error" "the portal's code is shown"
unlike "$RUN_ERR" "webhook" "the hint speaks of no webhook"
like "$RUN_ERR" "whether the signed-in user is still active" \
	"it speaks of the signed-in user"
like "$RUN_ERR" "'b24user auth login --profile o'" \
	"and signing in names the profile"

# --- secrets kept for another spelling of the portal (localhost)
printf '[profile f]\nportal=%s\nauth=webhook\nsecret_store=file\n' \
	"$PORTAL_URL" >"$CONF"
login f "$WEBHOOK_URL"
is "$RUN_STATUS" 0 "a webhook kept in the file store"
sed "s|^portal=https://127.0.0.1:|portal=https://localhost:|" "$CONF" \
	>"$CONF.new" && mv "$CONF.new" "$CONF"
run "$B24USER" --cacert "$PORTAL_CA" get 5 --profile f
is "$RUN_STATUS" 3 "the same portal spelt localhost finds nothing (exit 3)"
like "$RUN_ERR" "stored for another portal address than \
https://localhost:$PORTAL_PORT" "... and says they are kept for another"

done_testing
