# b24user auth login / status / logout against the fake portal, without a
# Secret Service: the memory store (and its plain sentence), the
# environment, the explicit file store and its refusals, and the checks
# of auth status.  tests/keyring.sh covers the real keyring.
. "${B24_TESTDIR:-$(dirname "$0")}/lib.sh"

portal_start
plan 63

CONF=$XDG_CONFIG_HOME/b24user/config
# Why secrets stay in memory here: no bus, or no keyring support built in.
if grep -q '^#define HAVE_LIBSECRET 1' "$B24_BUILDDIR/config.h"; then
	MEM_WHY='No Secret Service is reachable here \(no D-Bus session\)'
	MEM_FIX='dbus-run-session'
else
	MEM_WHY='This b24user was built without keyring support'
	MEM_FIX='Rebuild with libsecret'
fi
CREDS=$XDG_CONFIG_HOME/b24user/credentials

login() {	# login PROFILE URL [OPTIONS...]: the URL on standard input
	_p=$1
	printf '%s\n' "$2" >"$TEST_TMP/url"
	shift 2
	RUN_STDIN=$TEST_TMP/url run "$B24USER" --cacert "$PORTAL_CA" "$@" \
		auth login --profile "$_p"
}

no_secret_in_output() {	# no_secret_in_output DESC
	unlike "$RUN_OUT$RUN_ERR" "$WEBHOOK_CODE|$WEBHOOK_CODE2" "$1"
}

# status_of CHECK: the status of one check of the last --json run.
status_of() {
	"$PYTHON3" -c '
import json, sys
for c in json.loads(sys.argv[1]):
    if c["check"] == sys.argv[2]:
        print(c["status"])
' "$RUN_OUT" "$1"
}

# --- memory only: no D-Bus here (lib.sh removed it)
login prod "$WEBHOOK_URL"
is "$RUN_STATUS" 0 "login with the memory store exits 0"
like "$RUN_OUT" 'acts as Anna Kowalska \(user 1, administrator\)' \
	"login names the account"
like "$RUN_OUT" "^$MEM_WHY: secrets you type are kept in memory only"\
" and forgotten when b24user exits\\.\$" \
	"the plain sentence about memory"
like "$RUN_ERR" "next run of b24user will not know this webhook.*$MEM_FIX" \
	"a warning says how to keep it"
no_secret_in_output "login prints no secret"
like "$(cat "$CONF")" '^\[profile prod\]$' "the profile is saved"
like "$(cat "$CONF")" "^portal=$PORTAL_URL\$" "with the webhook's portal"
like "$(cat "$CONF")" '^auth=webhook$' "and the webhook method"
unlike "$(cat "$CONF")" "$WEBHOOK_CODE" "the config file holds no secret"
check "no credentials file without asking" test ! -e "$CREDS"

run "$B24USER" auth status --profile prod
is "$RUN_STATUS" 3 "status without stored credentials exits 3"
like "$RUN_OUT" "^WARN  store        $MEM_WHY" \
	"status explains the store"
like "$RUN_OUT" '^FAIL  credentials  No credentials for profile "prod"' \
	"status fails the credentials"
like "$RUN_OUT" 'fix: For this shell: read -rs B24USER_WEBHOOK_URL' \
	"and says what to do: not another login that memory would forget"

# --- the environment
B24USER_WEBHOOK_URL=$WEBHOOK_URL run "$B24USER" auth status --profile prod \
	--json
is "$RUN_STATUS" 0 "status with B24USER_WEBHOOK_URL exits 0"
is "$(status_of credentials)" OK "credentials OK"
like "$RUN_OUT" '"detail": "A webhook \(code \.\.\.[0-9a-f]{4}\)'\
' for https://127\.0\.0\.1:[0-9]+, from the environment' \
	"credentials come from the environment, masked"
is "$(status_of tls)/$(status_of account)/$(status_of scope)" "OK/OK/OK" \
	"tls, account and scope OK"
is "$(status_of user.update)/$(status_of clock)" "OK/OK" \
	"user.update callable, clock OK"
like "$RUN_OUT" '"check": "time budget"' "time budget reported"
"$PYTHON3" -c '
import json, sys
checks = json.loads(sys.argv[1])
assert checks and all(sorted(c) == ["check", "detail", "fix", "status"]
                      and c["status"] in ("OK", "WARN", "FAIL")
                      for c in checks)
' "$RUN_OUT"
is "$?" 0 "--json: an array of {check, status, detail, fix}"
no_secret_in_output "status prints no secret"

B24USER_WEBHOOK_URL=$WEBHOOK_URL2 run "$B24USER" auth status --profile prod
is "$RUN_STATUS" 0 "a non-administrator is a warning, not a failure"
like "$RUN_OUT" '^WARN  account      Acts as Tom Becker \(user 2\),'\
' not an administrator\.' \
	"status names the account"

portal_control config '{"scope": ["department"]}' >/dev/null
B24USER_WEBHOOK_URL=$WEBHOOK_URL run "$B24USER" auth status --profile prod
is "$RUN_STATUS" 3 "without the user scope status exits 3"
like "$RUN_OUT" '^FAIL  user\.update  user\.update is not callable' \
	"user.update is not callable"
like "$RUN_OUT" '^WARN  scope        Scopes granted: department\.' \
	"scope lists what is granted"
portal_control reset >/dev/null

portal_control config '{"op_cost": 300}' >/dev/null
B24USER_WEBHOOK_URL=$WEBHOOK_URL run "$B24USER" auth status --profile prod
is "$RUN_STATUS" 0 "a used-up time budget is a warning"
like "$RUN_OUT" '^WARN  time budget  The last answer reported'\
' time\.operating 300\.000 s' \
	"status reports time.operating from the last answer"
portal_control reset >/dev/null

pki_ca "$TEST_TMP/other" || bail_out "openssl failed"
B24USER_WEBHOOK_URL=$WEBHOOK_URL run "$B24USER" \
	--cacert "$TEST_TMP/other/ca.pem" auth status --profile prod
is "$RUN_STATUS" 3 "an untrusted certificate fails status"
like "$RUN_OUT" '^FAIL  tls' "the tls check fails"

# --- login refusals: nothing saved, nothing stored
rm -f "$CONF"
login bad "$PORTAL_URL/rest/1/wrong$WEBHOOK_CODE/"
is "$RUN_STATUS" 3 "a wrong webhook code exits 3"
check "no profile saved after a refused login" test ! -e "$CONF"
login bad "http://127.0.0.1:1/rest/1/abc/"
is "$RUN_STATUS" 2 "an http:// webhook is bad input"
check "nothing saved after bad input" test ! -e "$CONF"
login bad ""
is "$RUN_STATUS" 2 "an empty line is bad input"

# --- the explicit file store
mkdir -p "$XDG_CONFIG_HOME/b24user"
printf '[profile f]\nportal=%s\nauth=webhook\nsecret_store=file\n' \
	"$PORTAL_URL" >"$CONF"
login f "$WEBHOOK_URL"
is "$RUN_STATUS" 0 "login with the file store"
like "$RUN_ERR" "warning: writing the secret in plain text to $CREDS" \
	"a warning names the file"
like "$RUN_OUT" "Secrets are kept in plain text in the file $CREDS" \
	"the sentence names the file"
is "$(stat -c %a "$CREDS")" 600 "the file has mode 0600"
is "$(grep -c "$WEBHOOK_CODE" "$CREDS")" 1 "the file holds the webhook"
run "$B24USER" auth status --profile f
is "$RUN_STATUS" 0 "status with the file store exits 0"
like "$RUN_OUT" "^OK    store        Secrets are kept in plain text"\
" in the file $CREDS" \
	"status shows the file store"
like "$RUN_OUT" \
	"^OK    credentials  A webhook .* from the credentials file\\." \
	"credentials come from the file"
login f "$WEBHOOK_URL2"
is "$(grep -c "$WEBHOOK_CODE2" "$CREDS")/$(grep -c "$WEBHOOK_CODE" "$CREDS")" \
	"1/0" "a new login replaces the old secret"
run "$B24USER" auth logout --profile f
is "$RUN_STATUS" 0 "logout exits 0"
is "$(grep -c . "$CREDS")" 0 "logout empties the file"

chmod 644 "$CREDS"
run "$B24USER" auth status --profile f
is "$RUN_STATUS" 3 "a 0644 credentials file fails status"
like "$RUN_OUT" "^FAIL  store        The credentials file $CREDS is not used:"\
" others may read or change it" \
	"status says why"
like "$RUN_OUT" "fix: Make it private: chmod 600 $CREDS" \
	"and gives the chmod command"
login f "$WEBHOOK_URL"
is "$RUN_STATUS" 3 "login refuses a 0644 file"
is "$(grep -c . "$CREDS")" 0 "and does not write to it"

rm -f "$CREDS"
: >"$TEST_TMP/elsewhere"
ln -s "$TEST_TMP/elsewhere" "$CREDS"
login f "$WEBHOOK_URL"
is "$RUN_STATUS" 3 "login refuses a symlinked credentials file"
like "$RUN_ERR" 'is not used: it is a symbolic link' "and says why"
is "$(wc -c <"$TEST_TMP/elsewhere" | tr -d ' ')" 0 \
	"the link target is untouched"

# --- on a terminal: no echo, and Ctrl-C gives the terminal back as it was
cat >"$TEST_TMP/prompt-pty.py" <<'EOF'
import os, pty, select, sys, termios, time
argv, typed = sys.argv[1:-1], sys.argv[-1].encode().decode("unicode_escape")
master, slave = pty.openpty()
pid = os.fork()
if pid == 0:
    os.setsid()
    import fcntl
    fcntl.ioctl(slave, termios.TIOCSCTTY, 0)
    for fd in (0, 1, 2):
        os.dup2(slave, fd)
    os.execv(argv[0], argv)
out, status, deadline = b"", None, time.time() + 20
echo_during = None
while status is None and time.time() < deadline:
    if select.select([master], [], [], 0.05)[0]:
        out += os.read(master, 4096)
    if echo_during is None and b"typing is hidden): " in out:
        echo_during = int(bool(termios.tcgetattr(slave)[3] & termios.ECHO))
        os.write(master, typed.encode())
    done, st = os.waitpid(pid, os.WNOHANG)
    if done:
        status = os.waitstatus_to_exitcode(st)
while select.select([master], [], [], 0)[0]:
    out += os.read(master, 4096)
print("status=%s" % status)
print("echo_during=%s" % echo_during)
print("echo_after=%d" % bool(termios.tcgetattr(slave)[3] & termios.ECHO))
sys.stdout.write(out.decode("utf-8", "replace"))
EOF
rm -f "$CONF" "$CREDS"
"$PYTHON3" "$TEST_TMP/prompt-pty.py" "$B24USER" --cacert "$PORTAL_CA" \
	auth login --profile tty "${WEBHOOK_URL}\\r" >"$TEST_TMP/tty.out" 2>&1
TTY=$(cat "$TEST_TMP/tty.out")
like "$TTY" '^status=0$' "terminal: login exits 0"
like "$TTY" '^echo_during=0$' "terminal: echo is off while the URL is typed"
unlike "$TTY" "$WEBHOOK_CODE" "terminal: the URL never appears"
like "$TTY" '^echo_after=1$' "terminal: echo is back afterwards"
"$PYTHON3" "$TEST_TMP/prompt-pty.py" "$B24USER" --cacert "$PORTAL_CA" \
	auth login --profile tty 'https://x\x03' >"$TEST_TMP/tty.out" 2>&1
TTY=$(cat "$TEST_TMP/tty.out")
like "$TTY" '^status=130$' "terminal: Ctrl-C at the prompt exits 130"
like "$TTY" 'Cancelled; nothing was changed' "terminal: and says so"
like "$TTY" '^echo_after=1$' "terminal: echo is back after Ctrl-C"

# The report quotes the portal (the account's name): a control character
# there must not reach the terminal raw.
portal_control user '{"ID": 1, "NAME": "\u001b[2JAnna"}' >/dev/null
B24USER_WEBHOOK_URL=$WEBHOOK_URL run "$B24USER" auth status
unlike "$RUN_OUT$RUN_ERR" "$(printf '\033')" \
	"auth status escapes control characters from the portal"

done_testing
