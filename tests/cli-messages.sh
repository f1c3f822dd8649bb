#!/bin/sh
# Command-line messages a newcomer meets: Ctrl-C at a [y/N] question says
# nothing was sent; Ctrl-C after a write was sent says, in one sentence
# with one code, what to run, and plain undo does not pass over it.
. "${B24_TESTDIR:-$(dirname "$0")}/lib.sh"

portal_start
export B24USER_WEBHOOK_URL=$WEBHOOK_URL
B="$B24USER --cacert $PORTAL_CA"

# tty_ctrl_c UNTIL CMD...: CMD on a pseudo-terminal; once UNTIL (a regex)
# shows, Ctrl-C is typed.  RUN_STATUS and RUN_OUT (all it printed).
tty_ctrl_c() {
	"$PYTHON3" - "$@" >"$TEST_TMP/tty.out" 2>&1 <<'PY'
import os, pty, re, select, signal, sys, time
until, cmd = sys.argv[1], sys.argv[2:]
pid, fd = pty.fork()
if pid == 0:
    # A background job of a shell ignores SIGINT; a terminal's does not.
    signal.signal(signal.SIGINT, signal.SIG_DFL)
    os.execvp(cmd[0], cmd)
seen, typed = b"", False
deadline = time.time() + 20
while time.time() < deadline:
    r, _, _ = select.select([fd], [], [], 0.2)
    if r:
        try:
            data = os.read(fd, 4096)
        except OSError:
            break
        if not data:
            break
        seen += data
    if not typed and re.search(until.encode(), seen):
        os.write(fd, b"\x03")
        typed = True
done, status = os.waitpid(pid, os.WNOHANG)
if done == 0:
    os.kill(pid, signal.SIGKILL)
    _, status = os.waitpid(pid, 0)
sys.stdout.write(seen.decode("utf-8", "replace"))
sys.exit(os.waitstatus_to_exitcode(status))
PY
	RUN_STATUS=$?
	RUN_OUT=$(cat "$TEST_TMP/tty.out")
}

plan 30

# --- "did you mean" for commands and options ------------------------
run $B gte 3
is "$RUN_STATUS" 2 "a mistyped command is a usage error (exit 2)"
like "$RUN_ERR" "unknown command 'gte' \\(did you mean 'get'\\?\\)" \
	"... with 'did you mean get'"
run $B get 3 --josn
like "$RUN_ERR" "did you mean '--json'" "--josn: did you mean --json"
run $B get 3 --profle demo
like "$RUN_ERR" "did you mean '--profile'" "--profle: did you mean --profile"
run "$B24USER" profiles add x --colour red
is "$RUN_STATUS" 2 "--colour is a usage error (exit 2)"
like "$RUN_ERR" "did you mean '--color'" "--colour: did you mean --color"
run $B update 3 --colour red
unlike "$RUN_ERR" "did you mean" "update --colour: no far-fetched suggestion"
run $B gxqzv 3
unlike "$RUN_ERR" "did you mean" "no suggestion for a word close to none"
run $B get 3 --set NAME=x
unlike "$RUN_ERR" "did you mean" \
	"no suggestion for an option of another command"

# --- Ctrl-C at a [y/N] question -------------------------------------
tty_ctrl_c '\[y/N\]' $B update 3 --set WORK_POSITION=Asked --confirm
is "$RUN_STATUS" 130 "Ctrl-C at update --confirm exits 130"
like "$RUN_OUT" 'nothing was sent' "... and says nothing was sent"

printf 'ID,WORK_POSITION\n3,Planned\n' >"$TEST_TMP/plan.csv"
tty_ctrl_c '\[y/N\]' $B update --from "$TEST_TMP/plan.csv"
is "$RUN_STATUS" 130 "Ctrl-C at the update --from question exits 130"
like "$RUN_OUT" 'nothing was sent' "... and says nothing was sent"

# --- Ctrl-C after the write was sent ---------------------------------
run $B update 7 --set WORK_POSITION=First
is "$RUN_STATUS" 0 "an update of user 7 (journal entry 1)"
# interrupted ID VALUE: update ID, Ctrl-C while the portal holds the
# write (it never runs); standard error in $TEST_TMP/bg.err.
interrupted() {
	portal_control fault \
		'{"fault": "hang", "method": "batch", "count": 1}' >/dev/null
	BATCHES=$(portal_requests count batch)
	# A shell starts background jobs with SIGINT ignored; undo that, as
	# a terminal's Ctrl-C would reach a foreground program.
	"$PYTHON3" -c '
import os, signal, sys
signal.signal(signal.SIGINT, signal.SIG_DFL)
os.execv(sys.argv[1], sys.argv[1:])
' "$B24USER" --cacert "$PORTAL_CA" update "$1" --set "WORK_POSITION=$2" \
		>"$TEST_TMP/bg.out" 2>"$TEST_TMP/bg.err" </dev/null &
	BG=$!
	_i=0
	while [ "$(portal_requests count batch)" -le "$BATCHES" ]; do
		_i=$((_i + 1))
		[ "$_i" -le 400 ] || bail_out "the write never arrived"
		kill -0 "$BG" 2>/dev/null || bail_out "b24user ended early"
		sleep 0.05
	done
	kill -INT "$BG"
	wait "$BG"
}

interrupted 7 X
is "$?" 130 "Ctrl-C while the write is on its way exits 130"
ERR=$(cat "$TEST_TMP/bg.err")
like "$ERR" "may have taken \\(journal entry 2\\): run 'b24user get 7' to "\
"see, 'b24user undo 2' to reverse it \\[outcome_unknown\\]" \
	"... says it may have taken, the entry, what to run"
is "$(printf '%s\n' "$ERR" | grep -o '\[[a-z_]*\]' | wc -l | tr -d ' ')" 1 \
	"... with one code"

# Plain undo settles the unknown entry 2 by reading user 7 first.
position() {
	portal_control user "{\"id\": \"$1\"}" | "$PYTHON3" -c \
		'import json, sys; print(json.load(sys.stdin)["WORK_POSITION"])'
}
portal_control user '{"ID": "7", "WORK_POSITION": "Elsewhere"}' >/dev/null
WRITES=$(portal_requests count batch)
run $B undo --yes
is "$RUN_STATUS" 6 "changed by someone else since: plain undo stops (exit 6)"
like "$RUN_ERR" "entry 2 \\(user 7\\), has an unknown outcome" \
	"... says the newest entry's outcome is unknown"
like "$RUN_ERR" "set what it should be with 'b24user update'" \
	"... and what to do instead"
is "$(portal_requests count batch)" "$WRITES" "... and sends nothing"

portal_control user '{"ID": "7", "WORK_POSITION": "X"}' >/dev/null
run $B undo --yes
is "$RUN_STATUS" 0 "the write took after all: plain undo reverses it"
like "$RUN_ERR" "so it took and is the one undone" "... and says so"
is "$(position 7)" "First" "... user 7 is back to the value before it"

# A write to user 8 that never ran: undo stops, and names the change
# now newest instead of undoing user 7's unasked.
interrupted 8 Hang
is "$?" 130 "another write interrupted (journal entry 4)"
run $B undo --dry-run
is "$RUN_STATUS" 6 "it did not take: plain undo stops (exit 6)"
like "$RUN_ERR" "entry 4 \\(user 8\\), did not take" "... and says so"
like "$RUN_ERR" "journal entry 3 \\(user 7\\): run 'b24user undo' again" \
	"... naming the change now newest"
run $B undo --dry-run
is "$RUN_STATUS" 0 "the journal knows it now: the next undo goes on"
like "$RUN_OUT" "journal entry 3 would be undone" "... to entry 3"

done_testing
