#!/bin/sh
# Console end to end: Ctrl-Z suspends under a job-control shell with the
# terminal restored, and fg redraws the screen (tests/tui-suspend.c).
. "${B24_TESTDIR:-$(dirname "$0")}/lib.sh"

tui_prog=$B24_BUILDDIR/tests/tui-session
[ -x "$tui_prog" ] || skip_all "console tests not built (no libvterm)"
portal_start

mkdir -p "$XDG_CONFIG_HOME/b24user"
printf '[general]\ndefault_profile=demo\n\n[profile demo]\nportal=%s\n'\
'auth=webhook\nca_file=%s\nsecret_store=memory\n' \
	"$PORTAL_URL" "$PORTAL_CA" >"$XDG_CONFIG_HOME/b24user/config"
B24USER_WEBHOOK_URL=$WEBHOOK_URL
# An editor that stops its process group first, as vim's Ctrl-Z does.
cat >"$TEST_TMP/editor" <<'EOF'
#!/bin/sh
kill -TSTP 0
sed -i 's/García/Garcia-Ed/' "$1"
EOF
chmod +x "$TEST_TMP/editor"
EDITOR=$TEST_TMP/editor
export B24USER_WEBHOOK_URL EDITOR

"$tui_prog" suspend
