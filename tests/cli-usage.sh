#!/bin/sh
# The command line's grammar: help, version, option forms, options before
# and after the command, and usage errors (exit 2, one line, nothing sent).
. "${B24_TESTDIR:-$(dirname "$0")}/lib.sh"

portal_start
export B24USER_WEBHOOK_URL=$WEBHOOK_URL
CA=$PORTAL_CA

run "$B24USER" --help
is "$RUN_STATUS" 0 "--help exits 0"
like "$RUN_OUT" '^Usage: b24user \[OPTIONS\]' "--help starts with Usage"
for opt in --profile --portal --auth --cacert --oauth-server --json \
	--timeout --verbose --help --version; do
	like "$RUN_OUT" "^  $opt( |$)" "--help lists $opt"
done
like "$RUN_OUT" '^  update ' "--help lists the update command"

run "$B24USER" --version
is "$RUN_STATUS" 0 "--version exits 0"
like "$RUN_OUT" '^b24user [0-9]+\.[0-9]+' "--version names the program"

run "$B24USER" update --help
is "$RUN_STATUS" 0 "update --help exits 0"
like "$RUN_OUT" '^Usage: b24user \[OPTIONS\] update USER_ID' \
	"update --help shows its usage"
like "$RUN_OUT" 'Filter and Order matter for searches' \
	"update --help says Filter/Order matter for searches"
like "$RUN_OUT" 'ignores them on writes' "... and that writes ignore them"
run "$B24USER" get 5 --help
like "$RUN_OUT" '^Usage: b24user \[OPTIONS\] get USER_ID' \
	"--help after the command's arguments"

# usage_error DESC ARGS...: exit 2, one line naming the help, nothing sent.
usage_error() {
	_d=$1
	shift
	run "$B24USER" "$@"
	if [ "$RUN_STATUS" = 2 ] &&
	   [ "$(printf '%s\n' "$RUN_ERR" | wc -l)" -eq 1 ] &&
	   printf '%s' "$RUN_ERR" | grep -q "try 'b24user.*--help'"; then
		ok "$_d"
	else
		not_ok "$_d" "status $RUN_STATUS" "$RUN_ERR"
	fi
}

usage_error "unknown option" --cacert "$CA" --bogus update 5 --set NAME=x
usage_error "unknown option after the command" update 5 --frob
usage_error "unknown short option" update 5 -x
usage_error "unknown command" frobnicate
usage_error "missing USER_ID" update --set NAME=x
usage_error "two USER_IDs" update 5 6 --set NAME=x
usage_error "option without its value" update 5 --set
usage_error "value given to a flag" update 5 --dry-run=yes --set NAME=x
usage_error "--set without =" update 5 --set NAME
usage_error "--data twice" update 5 --data '{}' --data '{}'
usage_error "--auth with a bad method" --auth password update 5 --set NAME=x
usage_error "--timeout not a number" --timeout soon update 5 --set NAME=x
usage_error "--timeout zero" --timeout=0 update 5 --set NAME=x
usage_error "--access-token-stdin with --data -" \
	update 5 --access-token-stdin --data -
usage_error "get without USER_ID" get
usage_error "fields takes no argument" fields extra
usage_error "no command and no terminal" --json
is "$(portal_requests count)" 0 "no usage error reached the portal"

# Both option forms, global options before and after the command.
run "$B24USER" --cacert="$CA" update 3 --set=WORK_POSITION=Lead --json
is "$RUN_STATUS" 0 "--opt=value forms work"
# The write travels in a batch with its read-back: user.update?...
like "$(portal_requests last)" 'WORK_POSITION=Lead' \
	"--set=F=V reached the portal"
run "$B24USER" update 3 --cacert "$CA" --set WORK_POSITION=Chief
is "$RUN_STATUS" 0 "global option after the command"
like "$RUN_OUT" '^User 3 updated: WORK_POSITION\.$' "human summary"
run "$B24USER" update --json --set WORK_POSITION=Boss 3 --cacert "$CA"
is "$(json_value "$RUN_OUT" 0.json.result)" true \
	"options on both sides of USER_ID"
run "$B24USER" --cacert "$CA" update -- 3 --set
is "$RUN_STATUS" 2 "after -- everything is an argument"

# --timeout and --json accepted in every place.
run "$B24USER" --timeout 30 --cacert "$CA" --json get 3
is "$RUN_STATUS" 0 "--timeout SEC accepted"
is "$(json_value "$RUN_OUT" 0.json.result.0.WORK_POSITION)" Boss \
	"get --json gives the portal's envelope"

done_testing
