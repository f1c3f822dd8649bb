# Run one scenario of tests/tui-faults (console faults of issue 9)
# against a fresh fake portal; sourced by tests/tui-fault-*.sh after they
# set TUI_SCENARIO.
. "${B24_TESTDIR:-$(dirname "$0")}/lib.sh"

tui_prog=$B24_BUILDDIR/tests/tui-faults
[ -x "$tui_prog" ] || skip_all "console tests not built (no libvterm)"
# TUI_CERT: the portal serves a bad certificate instead (tls scenario).
case ${TUI_CERT:-} in
wronghost)
	{ pki_ca "$TEST_TMP/pki" && pki_cert "$TEST_TMP/pki" srv &&
	  pki_cert "$TEST_TMP/pki" bad DNS:wrong-host.example; } ;;
expired)
	{ pki_ca "$TEST_TMP/pki" && pki_cert "$TEST_TMP/pki" srv &&
	  printf 'subjectAltName=IP:127.0.0.1\n' >"$TEST_TMP/pki/bad.ext" &&
	  openssl req -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes \
		-subj /CN=bad -keyout "$TEST_TMP/pki/bad.key" \
		-out "$TEST_TMP/pki/bad.csr" &&
	  openssl x509 -req -in "$TEST_TMP/pki/bad.csr" \
		-CA "$TEST_TMP/pki/ca.pem" -CAkey "$TEST_TMP/pki/ca.key" \
		-CAcreateserial -days -1 -extfile "$TEST_TMP/pki/bad.ext" \
		-out "$TEST_TMP/pki/bad.pem"; } 2>>"$TEST_TMP/openssl.err" ;;
untrusted)
	{ pki_ca "$TEST_TMP/pki" && pki_cert "$TEST_TMP/pki" srv &&
	  pki_ca "$TEST_TMP/other" && pki_cert "$TEST_TMP/other" bad &&
	  cp "$TEST_TMP/other/bad.pem" "$TEST_TMP/other/bad.key" \
		"$TEST_TMP/pki/"; } ;;
esac || bail_out "openssl failed"
if [ -n "${TUI_CERT:-}" ]; then
	PORTAL_SERVER_CERT=$TEST_TMP/pki/bad.pem
	PORTAL_SERVER_KEY=$TEST_TMP/pki/bad.key
fi
portal_start
mkdir -p "$XDG_CONFIG_HOME/b24user"
printf '[general]\ndefault_profile=demo\n\n[profile demo]\n' \
	>"$XDG_CONFIG_HOME/b24user/config"
printf 'portal=%s\nauth=webhook\nca_file=%s\nsecret_store=memory\n' \
	"$PORTAL_URL" "$PORTAL_CA" >>"$XDG_CONFIG_HOME/b24user/config"
B24USER_WEBHOOK_URL=$WEBHOOK_URL
export B24USER_WEBHOOK_URL
# TUI_GRANT=1: an OAuth profile whose refresh token is already spent
# (one refresh through the command line), with a fresh access token.
if [ -n "${TUI_GRANT:-}" ]; then
	printf 'auth=oauth\nclient_id=local.b24user.test\noauth_server=%s\n' \
		"$PORTAL_URL" >>"$XDG_CONFIG_HOME/b24user/config"
	sed -i 's/^auth=webhook$//' "$XDG_CONFIG_HOME/b24user/config"
	unset B24USER_WEBHOOK_URL
	tui_pair=$(portal_control token '{}')
	B24USER_CLIENT_SECRET=test-client-secret
	B24USER_REFRESH_TOKEN=$(json_value "$tui_pair" refresh_token)
	export B24USER_CLIENT_SECRET B24USER_REFRESH_TOKEN
	portal_control expire >/dev/null
	B24USER_ACCESS_TOKEN=$(json_value "$tui_pair" access_token) \
		"$B24USER" get 1 >/dev/null 2>&1 || bail_out "no first refresh"
	B24USER_ACCESS_TOKEN=$(json_value "$(portal_control token '{}')" \
		access_token)
	export B24USER_ACCESS_TOKEN
fi
"$tui_prog" "$TUI_SCENARIO"
