#!/bin/sh
# The command line under valgrind: no invalid reads or writes, no use of
# uninitialised memory, no definite leaks, on success and failure paths.
. "${B24_TESTDIR:-$(dirname "$0")}/lib.sh"
command -v valgrind >/dev/null 2>&1 ||
	skip_all "valgrind is not installed (Debian package valgrind)"
ldd "$B24USER" 2>/dev/null | grep -q 'libasan' &&
	skip_all "this build uses AddressSanitizer, which valgrind cannot run"
portal_start
plan 16

vg() {
	run valgrind -q --error-exitcode=99 --leak-check=full \
		--errors-for-leak-kinds=definite --show-leak-kinds=definite \
		"$B24USER" --cacert "$PORTAL_CA" "$@"
}
# expect STATUS DESC: valgrind's own verdict is 99 (exit 99 is no b24user
# status), so the right status proves a clean run.
expect() {
	is "$RUN_STATUS" "$1" "$2"
	[ "$RUN_STATUS" = 99 ] && diag "$RUN_ERR"
	unlike "$RUN_ERR" '==[0-9]+==' "... valgrind reported nothing"
}

export B24USER_WEBHOOK_URL="$WEBHOOK_URL"
vg get 3
expect 0 "get"
vg update 3 --set 'WORK_POSITION=Инженер' --set ACTIVE=true
expect 0 "update with a read-back"
vg update 3 --data '{"NAME": "x",}'
expect 2 "update with broken JSON"
vg search Petr --format csv
expect 0 "search"
portal_control fault '{"fault": "reset-after", "method": "batch"}' >/dev/null
vg update 3 --set WORK_POSITION=Lead
expect 7 "a write cut off after it was sent"
vg auth status
expect 0 "auth status"
unset B24USER_WEBHOOK_URL
B24USER_WEBHOOK_URL="$PORTAL_URL/rest/1/wrongcode/" vg get 3
expect 3 "a wrong webhook code"
vg update abc --set NAME=x
expect 2 "a bad user ID"
done_testing
