#!/bin/sh
# `make demo` without a terminal: the demo signs in, shows the command
# line against its fake portal and stops the portal again.  (The demo
# once broke when its config named a key twice; make check must see it.)
# The commands it prints are quoted so that they can be pasted.
. "${B24_TESTDIR:-$(dirname "$0")}/lib.sh"
portal_require
plan 8

run sh "$B24_TESTDIR/demo.sh"
is "$RUN_STATUS" 0 "the demo exits 0"
like "$RUN_OUT" 'Fake Bitrix24 portal at https://127\.0\.0\.1:[0-9]+' \
	"it says where the portal is"
unlike "$RUN_OUT" 'another terminal|export XDG_' \
	"no hint for a second terminal: its files are gone moments later"
like "$RUN_OUT" 'files are removed as soon as it has run' \
	"it says the portal and its files go when it ends"
like "$RUN_OUT" 'User 3 updated' "the sample update goes through"
like "$RUN_OUT" "update 3 --set 'WORK_POSITION=Старший инженер поддержки'" \
	"the commands it shows can be pasted: a value with blanks is quoted"
unlike "$RUN_ERR" 'warning|error' "no warning or error on stderr"
dir=$(printf '%s\n' "$RUN_OUT" | sed -n 's|^Config: \(/[^ ]*\)/config/.*|\1|p')
check "the demo's files are gone afterwards" test -n "$dir" -a ! -e "$dir"
done_testing
