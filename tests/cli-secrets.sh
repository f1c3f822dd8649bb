#!/bin/sh
# Seeded-secret scan: run successes and failures with --verbose, then
# search everything b24user wrote (stdout, stderr, the debug log, the
# config and state folders) for the webhook code and a one-off token.
. "${B24_TESTDIR:-$(dirname "$0")}/lib.sh"

portal_start
export B24USER_WEBHOOK_URL=$WEBHOOK_URL
OUT=$TEST_TMP/out
mkdir -p "$OUT"
n=0
TOKEN=$(json_value "$(portal_control token '{"user_id": 1}')" access_token)
[ -n "$TOKEN" ] || bail_out "the fake portal issued no token"

# capture ARGS...: run b24user with --verbose, keep both streams.
capture() {
	n=$((n + 1))
	"$B24USER" --verbose "$@" >"$OUT/$n.out" 2>"$OUT/$n.err" \
		<"${RUN_STDIN:-/dev/null}"
	echo $? >"$OUT/$n.status"
}

fault() {
	portal_control fault "$1" >/dev/null
}

CA="--cacert $PORTAL_CA"
capture $CA update 4 --set NAME=Secret --json
capture $CA update 4 --set NAME=Dry --dry-run
capture $CA update 4 --set NAME=Dry --dry-run --json
capture $CA update 4 --set NAMEE=x
capture $CA update 4 --set EMAIL=bad --continue-on-fail --json
capture $CA update 999 --set NAME=x
capture update 4 --set NAME=untrusted
capture $CA get 4
capture $CA --json get 4
capture $CA fields
fault '{"fault": "html", "method": "batch"}'
capture $CA update 4 --set NAME=Html
fault '{"fault": "garbage", "method": "batch"}'
capture $CA update 4 --set NAME=Garbage
fault '{"fault": "redirect", "method": "batch"}'
capture $CA update 4 --set NAME=Moved
fault '{"fault": "reset-after", "method": "batch"}'
capture $CA update 4 --set NAME=Cut
fault '{"fault": "rate-limit", "method": "batch", "count": 1}'
capture $CA update 4 --set NAME=Busy
fault '{"fault": "none"}'
B24USER_WEBHOOK_URL=$PORTAL_URL/rest/$WEBHOOK_CODE/ capture $CA update 4 \
	--set NAME=NoUser
B24USER_WEBHOOK_URL=http://127.0.0.1:$PORTAL_PORT/rest/1/$WEBHOOK_CODE/ \
	capture $CA update 4 --set NAME=Plain
capture $CA --portal "$WEBHOOK_URL" update 4 --set NAME=Pasted
B24USER_TOKEN_OVERRIDE=$TOKEN capture $CA update 4 --set NAME=Tok --dry-run
B24USER_TOKEN_OVERRIDE=$TOKEN capture $CA update 4 --set NAME=Tok
B24USER_TOKEN_OVERRIDE=${TOKEN}x capture $CA update 4 --set NAME=BadTok
printf '%s\n' "$TOKEN" >"$TEST_TMP/token"
RUN_STDIN=$TEST_TMP/token capture $CA update 4 --set NAME=In \
	--access-token-stdin --json

ok "ran $n commands"
codes=$(cat "$OUT"/*.status | sort -u | tr '\n' ' ')
like "$codes" '(^| )0 ' "some succeeded"
like "$codes" '(^| )[1-7] ' "some failed ($codes)"
check "the debug log was written" test -s "$XDG_STATE_HOME/b24user/debug.log"
like "$(cat "$XDG_STATE_HOME/b24user/debug.log")" 'call (user\.get|batch)' \
	"the log has the requests in it"
like "$(cat "$OUT"/*.out)" '\*\*\*' "dry runs show the secret masked"

# scan WHAT SECRET: no file of ours holds SECRET.
scan() {
	_hits=$(grep -rlF -- "$2" "$OUT" "$XDG_STATE_HOME" "$XDG_CONFIG_HOME" \
		"$XDG_RUNTIME_DIR" 2>/dev/null)
	if [ -z "$_hits" ]; then
		ok "no $1 in anything b24user wrote"
	else
		not_ok "no $1 in anything b24user wrote" "found in:" "$_hits"
	fi
}
scan "webhook code" "$WEBHOOK_CODE"
scan "access token" "$TOKEN"
scan "webhook URL" "$WEBHOOK_URL"

done_testing
