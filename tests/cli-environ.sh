#!/bin/sh
# Secrets given through the environment are gone from /proc/PID/environ
# while b24user runs (unsetenv alone leaves them there), and the fake
# portal's webhook codes are not in its argv for ps to show.
. "${B24_TESTDIR:-$(dirname "$0")}/lib.sh"

[ -r /proc/self/environ ] || skip_all "no /proc/PID/environ here"
portal_start
plan 9

ACCESS=access-$(_random_code)
REFRESH=refresh-$(_random_code)
CLSECRET=clsecret-$(_random_code)
OVERRIDE=override-$(_random_code)

# held_run PID-FILE ENV...: b24user get 5 in the background with ENV,
# stopped in a hanging user.get; waits until the portal has the request.
held_run() {
	_out=$1
	shift
	portal_control fault '{"fault": "hang", "method": "user.get"}' \
		>/dev/null
	# env -i: lib.sh exports WEBHOOK_CODE itself for the tests.
	env -i PATH="$PATH" HOME="$HOME" XDG_CONFIG_HOME="$XDG_CONFIG_HOME" \
		XDG_STATE_HOME="$XDG_STATE_HOME" \
		XDG_RUNTIME_DIR="$XDG_RUNTIME_DIR" "$@" \
		"$B24USER" --cacert "$PORTAL_CA" --timeout 60 get 5 \
		>"$TEST_TMP/held.out" 2>&1 &
	echo $! >"$_out"
	_i=0
	until grep -q '"user.get"' "$PORTAL_DIR/requests.jsonl" 2>/dev/null
	do
		_i=$((_i + 1))
		[ "$_i" -le 400 ] || { diag "$(cat "$TEST_TMP/held.out")";
			return 1; }
		sleep 0.05
	done
}

# environ_of PID: that process's environment, one variable a line.
environ_of() {
	tr '\0' '\n' <"/proc/$1/environ"
}

stop_held() {
	kill "$1" 2>/dev/null
	wait "$1" 2>/dev/null
	: >"$PORTAL_DIR/requests.jsonl"
	portal_control fault '{"fault": "none"}' >/dev/null
}

# --- the webhook alone, as a script runs it
check "b24user reached the portal" held_run "$TEST_TMP/pid" \
	B24USER_WEBHOOK_URL="$WEBHOOK_URL"
PID=$(cat "$TEST_TMP/pid")
ENVIRON=$(environ_of "$PID")
unlike "$ENVIRON" "$WEBHOOK_CODE" \
	"the webhook code is not in /proc/PID/environ"
like "$ENVIRON" '^PATH=' "the rest of the environment is still there"
stop_held "$PID"

# --- every secret variable at once (the override wins for the request)
check "b24user with every secret variable reached the portal" \
	held_run "$TEST_TMP/pid" B24USER_WEBHOOK_URL="$WEBHOOK_URL" \
	B24USER_ACCESS_TOKEN="$ACCESS" B24USER_REFRESH_TOKEN="$REFRESH" \
	B24USER_CLIENT_SECRET="$CLSECRET" B24USER_TOKEN_OVERRIDE="$OVERRIDE"
PID=$(cat "$TEST_TMP/pid")
ENVIRON=$(environ_of "$PID")
unlike "$ENVIRON" "$WEBHOOK_CODE|$ACCESS|$REFRESH|$CLSECRET|$OVERRIDE" \
	"no secret value is in /proc/PID/environ"
unlike "$ENVIRON" '^B24USER_(WEBHOOK_URL|ACCESS_TOKEN|REFRESH_TOKEN)=.' \
	"the variables hold nothing any more"
stop_held "$PID"

# --- the fake portal itself
CMDLINE=$(tr '\0' ' ' <"/proc/$PORTAL_PID/cmdline")
like "$CMDLINE" 'fakeportal\.py serve' "the portal's argv is readable"
unlike "$CMDLINE" "$WEBHOOK_CODE|$WEBHOOK_CODE2" \
	"the portal's argv holds no webhook code"
run env B24USER_WEBHOOK_URL="$WEBHOOK_URL" "$B24USER" --cacert "$PORTAL_CA" \
	get 5
is "$RUN_STATUS" 0 "the portal still knows the code given by environment"

done_testing
