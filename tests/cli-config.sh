#!/bin/sh
# The config file and the order of settings: a malformed file warns and
# the program still runs; --profile > B24USER_PROFILE > default_profile >
# the only profile; command line > environment > profile; the debug log.
. "${B24_TESTDIR:-$(dirname "$0")}/lib.sh"

portal_start
export B24USER_WEBHOOK_URL=$WEBHOOK_URL
CONF=$XDG_CONFIG_HOME/b24user/config
mkdir -p "$XDG_CONFIG_HOME/b24user"
OTHER=https://other-portal.example

# config LINES...: write the config file, one argument per line.
config() {
	printf '%s\n' "$@" >"$CONF"
}

good="ca_file = $PORTAL_CA"
bad="ca_file = $TEST_TMP/no-such-ca.pem"

# --- a malformed file ------------------------------------------------

config "[profile a]" "portal = $PORTAL_URL" "$good" \
	"this line is broken" "$WEBHOOK_URL"
run "$B24USER" --cacert "$PORTAL_CA" update 4 --set NAME=Still
is "$RUN_STATUS" 0 "a malformed config file does not stop the program"
like "$RUN_ERR" "warning: $CONF, line 4: " \
	"the warning names the file and the line"
unlike "$RUN_ERR" "$WEBHOOK_CODE" "... and never echoes the file's text"

config "[profile a]" "portal = $PORTAL_URL" "$good" "read_only = maybe" \
	"webhook = $WEBHOOK_URL" "colour = red"
run "$B24USER" update 4 --set NAME=Values
# The program starts; read_only = maybe counts as true, so the write is
# refused by the production guard (exit 6).
is "$RUN_STATUS" 6 "bad values are warnings; read_only = maybe guards"
like "$RUN_ERR" 'line 4: \[profile a\] read_only: must be true or false' \
	"read_only that is not true/false is named"
like "$RUN_ERR" 'treated as true' "... and fails closed"
like "$RUN_ERR" 'line 5: .*secrets do not belong' "a secret key is refused"
like "$RUN_ERR" 'line 6: .*unknown setting' "an unknown key is named"
unlike "$RUN_ERR" "$WEBHOOK_CODE" "the secret is not echoed"

# --- which profile ---------------------------------------------------

profiles="[profile a]|portal = $PORTAL_URL|$good"
profiles="$profiles|[profile b]|portal = $OTHER|$good"
two() {
	_IFS=$IFS
	IFS='|'
	# shellcheck disable=SC2086
	set -- $profiles "$@"
	IFS=$_IFS
	config "$@"
}

two "[general]" "default_profile = a"
run "$B24USER" update 4 --set NAME=Default
is "$RUN_STATUS" 0 "default_profile is used (its ca_file works)"
B24USER_PROFILE=b run "$B24USER" update 4 --set NAME=Env
is "$RUN_STATUS" 3 "B24USER_PROFILE beats default_profile"
like "$RUN_ERR" "profile \"b\"" "... it chose profile b"
B24USER_PROFILE=b run "$B24USER" --profile a update 4 --set NAME=Cli
is "$RUN_STATUS" 0 "--profile beats B24USER_PROFILE"
run "$B24USER" update 4 --set NAME=Missing --profile zzz
is "$RUN_STATUS" 2 "a missing --profile is a usage error"
like "$RUN_ERR" 'no profile named "zzz"' "... naming it"
two
B24USER_WEBHOOK_URL= run "$B24USER" update 4 --set NAME=Which
is "$RUN_STATUS" 2 "two profiles and no default: asked to choose"
like "$RUN_ERR" 'none is the default' "... with a plain message"
run "$B24USER" --cacert "$PORTAL_CA" update 4 --set NAME=EnvOnly
is "$RUN_STATUS" 0 "... unless B24USER_WEBHOOK_URL needs no profile"
config "[profile only]" "portal = $PORTAL_URL" "$good"
run "$B24USER" update 4 --set NAME=Only
is "$RUN_STATUS" 0 "the only profile is used"

# --- command line > environment > profile ----------------------------

config "[profile a]" "portal = $PORTAL_URL" "$bad"
writes=$(portal_requests count user.update)
run "$B24USER" update 4 --set NAME=Bad
is "$RUN_STATUS" 2 "the profile's missing ca_file is bad input"
like "$RUN_ERR" 'CA file .*no-such-ca.pem cannot be read' "... named"
is "$(portal_requests count user.update)" "$writes" "... nothing sent"
B24USER_CACERT=$PORTAL_CA run "$B24USER" update 4 --set NAME=EnvCa
is "$RUN_STATUS" 0 "B24USER_CACERT beats the profile"
B24USER_CACERT=$PORTAL_CA run "$B24USER" --cacert "$TEST_TMP/none.pem" \
	update 4 --set NAME=CliCa
is "$RUN_STATUS" 2 "--cacert beats B24USER_CACERT"
B24USER_PORTAL=$OTHER run "$B24USER" --cacert "$PORTAL_CA" \
	update 4 --set NAME=EnvPortal
is "$RUN_STATUS" 3 "B24USER_PORTAL beats the profile's portal"
B24USER_PORTAL=$OTHER run "$B24USER" --cacert "$PORTAL_CA" \
	--portal "$PORTAL_URL/" update 4 --set NAME=CliPortal
is "$RUN_STATUS" 0 "--portal beats B24USER_PORTAL"
B24USER_TIMEOUT=never run "$B24USER" update 4 --set NAME=x
is "$RUN_STATUS" 2 "a bad B24USER_TIMEOUT is a usage error"
like "$RUN_ERR" 'B24USER_TIMEOUT' "... naming the variable"
run "$B24USER" --portal http://insecure.example update 4 --set NAME=x
is "$RUN_STATUS" 2 "an http:// portal is refused"

cp "$PORTAL_CA" "$XDG_CONFIG_HOME/b24user/portal-ca.pem"
config "[profile a]" "portal = $PORTAL_URL" "ca_file = portal-ca.pem"
run "$B24USER" update 4 --set NAME=Relative
is "$RUN_STATUS" 0 "a relative ca_file is read beside the config file"

# --- the debug log ---------------------------------------------------

run "$B24USER" --verbose update 4 --set NAME=Logged
log=$XDG_STATE_HOME/b24user/debug.log
like "$RUN_ERR" "debug log to $log" "--verbose says where the log is"
check "the log exists" test -s "$log"
is "$(stat -c %a "$log")" 600 "the log is private (0600)"
like "$(cat "$log")" '^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9:.]+Z ' \
	"log lines carry timestamps"
B24USER_LOG=$TEST_TMP/my.log run "$B24USER" update 4 --set NAME=Env
like "$RUN_ERR" "debug log to $TEST_TMP/my.log" "B24USER_LOG names the file"
check "... and it is written" test -s "$TEST_TMP/my.log"
run "$B24USER" update 4 --set NAME=Quiet
is "$RUN_ERR" "" "without --verbose nothing is said on stderr"

done_testing
