#!/bin/sh
# Proxies from the environment: https_proxy (and HTTPS_PROXY) carry the
# request through a CONNECT tunnel, no_proxy sends it direct, and a dead
# proxy is named as the proxy, not as the portal.
. "${B24_TESTDIR:-$(dirname "$0")}/lib.sh"
portal_start
plan 9

pdir=$TEST_TMP/proxy
mkdir -p "$pdir"
"$PYTHON3" "$B24_TESTDIR/connect-proxy.py" "$pdir" &
proxy_pid=$!
at_exit "kill $proxy_pid 2>/dev/null"
i=0
while [ ! -s "$pdir/port" ] && [ $i -lt 400 ]; do
	sleep 0.05
	i=$((i + 1))
done
[ -s "$pdir/port" ] || bail_out "the test proxy did not start"
proxy=http://127.0.0.1:$(cat "$pdir/port")
tunnels() { [ -f "$pdir/tunnels" ] && wc -l <"$pdir/tunnels" || echo 0; }

export B24USER_WEBHOOK_URL="$WEBHOOK_URL"
https_proxy=$proxy run "$B24USER" --cacert "$PORTAL_CA" get 3
is "$RUN_STATUS" 0 "get through https_proxy exits 0"
is "$(tunnels | tr -d ' ')" 1 "... through one CONNECT tunnel"
like "$(cat "$pdir/tunnels")" "^CONNECT 127\\.0\\.0\\.1:$PORTAL_PORT\$" \
	"... to the portal"

HTTPS_PROXY=$proxy run "$B24USER" --cacert "$PORTAL_CA" get 3
is "$RUN_STATUS" 0 "HTTPS_PROXY works too"
is "$(tunnels | tr -d ' ')" 2 "... through the proxy"

https_proxy=$proxy no_proxy=127.0.0.1 run "$B24USER" --cacert "$PORTAL_CA" \
	get 3
is "$RUN_STATUS" 0 "no_proxy: exits 0"
is "$(tunnels | tr -d ' ')" 2 "... and goes direct"

https_proxy=http://127.0.0.1:1 run "$B24USER" --cacert "$PORTAL_CA" get 3
is "$RUN_STATUS" 4 "a dead proxy: exit 4"
like "$RUN_ERR" '[Pp]roxy' "... and the message names the proxy"
done_testing
