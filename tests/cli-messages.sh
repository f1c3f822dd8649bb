#!/bin/sh
# Command-line messages a newcomer meets: Ctrl-C at a [y/N] question says
# nothing was sent.
. "${B24_TESTDIR:-$(dirname "$0")}/lib.sh"

portal_start
export B24USER_WEBHOOK_URL=$WEBHOOK_URL
B="$B24USER --cacert $PORTAL_CA"

# tty_ctrl_c UNTIL CMD...: CMD on a pseudo-terminal; once UNTIL (a regex)
# shows, Ctrl-C is typed.  RUN_STATUS and RUN_OUT (all it printed).
tty_ctrl_c() {
	"$PYTHON3" - "$@" >"$TEST_TMP/tty.out" 2>&1 <<'PY'
import os, pty, re, select, sys, time
until, cmd = sys.argv[1], sys.argv[2:]
pid, fd = pty.fork()
if pid == 0:
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
_, status = os.waitpid(pid, 0)
sys.stdout.write(seen.decode("utf-8", "replace"))
sys.exit(os.waitstatus_to_exitcode(status))
PY
	RUN_STATUS=$?
	RUN_OUT=$(cat "$TEST_TMP/tty.out")
}

plan 4

# --- Ctrl-C at a [y/N] question -------------------------------------
tty_ctrl_c '\[y/N\]' $B update 3 --set WORK_POSITION=Asked --confirm
is "$RUN_STATUS" 130 "Ctrl-C at update --confirm exits 130"
like "$RUN_OUT" 'nothing was sent' "... and says nothing was sent"

printf 'ID,WORK_POSITION\n3,Planned\n' >"$TEST_TMP/plan.csv"
tty_ctrl_c '\[y/N\]' $B update --from "$TEST_TMP/plan.csv"
is "$RUN_STATUS" 130 "Ctrl-C at the update --from question exits 130"
like "$RUN_OUT" 'nothing was sent' "... and says nothing was sent"

done_testing
