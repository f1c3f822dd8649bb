#!/bin/sh
# b24user profiles (list, add, remove) and the production guard: a
# read-only profile refuses writes (exit 6, nothing sent) unless
# --allow-write names its portal's host, and the unlock is journalled.
. "${B24_TESTDIR:-$(dirname "$0")}/lib.sh"

portal_start
CONF=$XDG_CONFIG_HOME/b24user/config
JOURNAL=$XDG_STATE_HOME/b24user/journal.jsonl
HOST=127.0.0.1:$PORTAL_PORT
mkdir -p "$XDG_CONFIG_HOME/b24user"

# sent: how many requests reached the portal so far.
sent() {
	if [ -f "$PORTAL_DIR/requests.jsonl" ]; then
		portal_requests count
	else
		echo 0
	fi
}

# --- listing, adding, removing ---------------------------------------

run "$B24USER" profiles
is "$RUN_STATUS" 0 "profiles with no config file exits 0"
like "$RUN_OUT" '^No profiles in ' "... and says there are none"

cat >"$CONF" <<EOF
# Written by hand; b24user must keep this.

[general]
default_profile = sandbox

# The sandbox, spaced the way its owner likes.
[profile sandbox]
portal = https://sandbox.example.com
auth   = oauth
client_id = local.0123
EOF
cp "$CONF" "$TEST_TMP/orig"

run "$B24USER" profiles add prod --portal "$PORTAL_URL/" --auth webhook \
	--cacert "$PORTAL_CA" --secret-store memory --color Red --read-only \
	--timeout 30
is "$RUN_STATUS" 0 "profiles add exits 0"
like "$RUN_OUT" 'Profile "prod" added' "... and says so"
head -c "$(wc -c <"$TEST_TMP/orig")" "$CONF" >"$TEST_TMP/head"
check "the file before it is kept byte for byte" \
	cmp -s "$TEST_TMP/orig" "$TEST_TMP/head"
like "$(cat "$CONF")" '^read_only=true$' "read_only written"
like "$(cat "$CONF")" '^color=red$' "the colour in lower case"
like "$(cat "$CONF")" "^portal=$PORTAL_URL\$" "the portal without its slash"

run "$B24USER" profiles
is "$RUN_STATUS" 0 "profiles lists"
row="^  prod +https://127\\.0\\.0\\.1:$PORTAL_PORT +webhook +yes +memory"
like "$RUN_OUT" "$row" \
	"a row per profile: name, portal, auth, read-only, secrets"
like "$RUN_OUT" '^\* sandbox .* oauth +no +keyring, else .*not checked' \
	"the default is starred; an unchosen store is not probed"

run "$B24USER" profiles --json
is "$RUN_STATUS" 0 "profiles --json exits 0"
is "$(json_value "$RUN_OUT" 1.json.name)" "prod" "items in file order"
is "$(json_value "$RUN_OUT" 1.json.read_only)" "true" "read_only as JSON"
is "$(json_value "$RUN_OUT" 1.json.secret_store)" "memory" "secret_store"
is "$(json_value "$RUN_OUT" 0.json.default)" "true" "default marked"

run "$B24USER" profiles add prod --portal "$PORTAL_URL" --auth webhook
is "$RUN_STATUS" 2 "adding an existing name is refused"
like "$RUN_ERR" 'already is a profile named "prod"' "... saying why"
run "$B24USER" profiles add x --portal "$PORTAL_URL" --auth webhook \
	--color orange
is "$RUN_STATUS" 2 "an unknown colour is refused"
like "$RUN_ERR" 'black, red, green' "... listing the colours"
run "$B24USER" profiles add x --portal "http://insecure.example" \
	--auth webhook
is "$RUN_STATUS" 2 "an http:// portal is refused"
run "$B24USER" profiles add x --portal "$WEBHOOK_URL" --auth webhook
is "$RUN_STATUS" 2 "a webhook URL as the portal is refused"
unlike "$RUN_ERR$RUN_OUT" "$WEBHOOK_CODE" "... without echoing the secret"
unlike "$(cat "$CONF")" "$WEBHOOK_CODE" "... and it is not saved"
run "$B24USER" profiles add x --auth webhook
is "$RUN_STATUS" 2 "add needs --portal"
run "$B24USER" profiles add x --portal "$PORTAL_URL"
is "$RUN_STATUS" 2 "add needs --auth"
run "$B24USER" profiles add x --portal "$PORTAL_URL" --auth webhook \
	--secret-store vault
is "$RUN_STATUS" 2 "an unknown secret store is refused"
run "$B24USER" profiles remove nosuch
is "$RUN_STATUS" 2 "removing a missing profile is refused"
run "$B24USER" profiles frobnicate
is "$RUN_STATUS" 2 "an unknown subcommand is a usage error"

run "$B24USER" profiles add tmp --portal https://tmp.example.com \
	--auth apikey --default
is "$RUN_STATUS" 0 "add --default"
like "$(cat "$CONF")" '^default_profile = tmp$' \
	"default_profile replaced in place"
run "$B24USER" profiles remove tmp
is "$RUN_STATUS" 0 "profiles remove exits 0"
unlike "$(cat "$CONF")" 'tmp\.example|profile tmp|default_profile' \
	"the group and default_profile are gone"
like "$(cat "$CONF")" '^# The sandbox, spaced the way its owner likes\.$' \
	"the other profile's comment stays"
like "$(cat "$CONF")" '^auth   = oauth$' "... and so does its spacing"

printf '[profile odd]\nportal=https://odd.example.com\ncolor = orange\n' \
	>"$TEST_TMP/odd.conf"
run env XDG_CONFIG_HOME="$TEST_TMP/oddconf" sh -c \
	'mkdir -p "$XDG_CONFIG_HOME/b24user" &&
	 cp "$1" "$XDG_CONFIG_HOME/b24user/config" && "$2" profiles --json' \
	sh "$TEST_TMP/odd.conf" "$B24USER"
like "$RUN_ERR" 'line 3: \[profile odd\] color: must be black, red' \
	"an unknown colour in the file is a warning"
is "$(json_value "$RUN_OUT" 0.json.color)" "null" "... and no colour is used"

# --- the production guard --------------------------------------------

run env B24USER_WEBHOOK_URL="$WEBHOOK_URL" "$B24USER" --profile prod \
	update 3 --set NAME=Guarded
is "$RUN_STATUS" 6 "a write through a read-only profile exits 6"
like "$RUN_ERR" 'Profile "prod" is read-only' "... saying why"
like "$RUN_ERR" "--allow-write $HOST" "... and naming the host to give"
is "$(sent)" 0 "... and nothing reached the portal"

run env B24USER_WEBHOOK_URL="$WEBHOOK_URL" "$B24USER" --profile prod \
	update 3 --set NAME=Guarded --allow-write prod.example.com
is "$RUN_STATUS" 6 "--allow-write with another host exits 6"
like "$RUN_ERR" \
	"names prod\\.example\\.com, but profile \"prod\" is for $HOST" \
	"... naming both hosts"
is "$(sent)" 0 "... and nothing reached the portal"
check "a refusal writes no journal entry" test ! -s "$JOURNAL"

run env B24USER_WEBHOOK_URL="$WEBHOOK_URL" "$B24USER" --profile prod \
	update 3 --set NAME=Guarded --dry-run
is "$RUN_STATUS" 0 "a dry run needs no unlock"

run env B24USER_WEBHOOK_URL="$WEBHOOK_URL" "$B24USER" --profile prod \
	--allow-write 127.0.0.1 update 3 --set NAME=Unlocked
is "$RUN_STATUS" 0 "--allow-write with the portal's host writes"
is "$(json_value "$(portal_control user '{"id": "3"}')" NAME)" "Unlocked" \
	"... and the portal has the change"
first=$(head -n 1 "$JOURNAL")
is "$(json_value "$first" event)" "unlock" "the unlock is journalled"
is "$(json_value "$first" via)" "--allow-write" "... with how"
is "$(json_value "$first" profile)" "prod" "... the profile"
is "$(json_value "$first" portal)" "$PORTAL_URL" "... and the portal"
is "$(json_value "$first" outcome)" "done" "... as a finished entry"

before=$(sent)
printf '[profile typo]\nportal=%s\nauth=webhook\nread_only = ture\n' \
	"$PORTAL_URL" >>"$CONF"
run env B24USER_WEBHOOK_URL="$WEBHOOK_URL" "$B24USER" --profile typo \
	update 3 --set NAME=Typo
is "$RUN_STATUS" 6 "read_only with a typo fails closed"
is "$(sent)" "$before" "... and nothing reached the portal"

run env B24USER_WEBHOOK_URL="$WEBHOOK_URL" "$B24USER" --profile sandbox \
	--allow-write "$HOST" update 3 --set NAME=Wrong
is "$RUN_STATUS" 6 "--allow-write for another portal stops a script"
is "$(sent)" "$before" "... before anything is sent"

done_testing
