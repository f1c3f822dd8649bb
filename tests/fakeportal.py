#!/usr/bin/python3
"""A fake Bitrix24 portal over HTTPS for the b24user tests and the demo.

Standard library only; run with Debian's /usr/bin/python3.  It listens on
127.0.0.1 on a free port, writes the port to DIR/port, appends every API
request to DIR/requests.jsonl, and answers the REST API as
tests/fakeportal_api.py implements it.  Tests arm faults and change state
through /_control/ (no auth, never part of the real API).

    fakeportal.py [serve] --dir DIR --cert srv.pem --key srv.key [options]
    fakeportal.py control --dir DIR --ca ca.pem PATH [JSON]
    fakeportal.py client --dir DIR --ca ca.pem [--get] PATH [BODY]

Control calls (POST a JSON object; GET works where nothing is sent):
    /_control/reset    {}            seed users, no faults/tokens, empty log
    /_control/fault    {"fault": F, "count": 1, "forever": false,
                        "method": "user.update", "seconds": 5,
                        "location": "https://localhost:PORT", "bytes": N,
                        "status": S (the HTTP status of a canned error)}
                       {"fault": "none"} clears all armed faults
    /_control/faults   the armed faults
    /_control/held     {"wait": 20, "count": 1} the requests a hold fault
                       keeps; with "wait", answers once "count" are held
                       (504 when "wait" seconds pass first)
    /_control/release  {"method": M} lets the held requests (all of them
                       without "method") go on -> {"released": n}
    /_control/user     {"id": N} reads; {"ID": N, FIELD: VALUE...} changes
                       or creates; {"id": N, "_delete": true} removes
    /_control/stats    requests, rest, oauth, refreshes, codes_redeemed,
                       rate_refused, updates {ID: n}, methods {name: n}...
    /_control/admin    {"user_id": 2, "admin": true|false}
    /_control/webhook  {"user_id": 3, "code": "..."} (no code: remove)
    /_control/code     {"user_id": 1, "ttl": 30} -> {"code"}
    /_control/token    {"user_id": 1, "ttl": 3600} -> a token answer
    /_control/expire   {} every access token, or {"access_token": T}
    /_control/config   rate, drain, rate_limit, token_ttl, code_ttl,
                       server_endpoint, client_id, client_secret,
                       op_limit, op_window, op_cost, scope, raw_unicode

Faults (F) hit the next API request, or the next one for "method"
("oauth.token" for the token endpoint, which faults without a method
skip).  Not applied to the portal: html (502 page), garbage, huge
(50 MB by default, streamed), redirect (302 to renamed-portal.example or
"location", same path), hang (never answers), reset-before (TCP reset,
body unread), rate-limit (503), operation-limit (429; with a method it
also hits that method inside a batch, per command), expired-token (401),
server-error (500).  Applied, then damaged: truncated (half the JSON,
consistent length), cut (half the declared length, then close),
reset-after (TCP reset instead of the answer), slow (answers after
"seconds"), hold (read and counted, then kept until /_control/release
lets it go, or "seconds" pass as a safety deadline, 60 by default: a
test changes state while a request is under way, on no time window).
"""

import argparse
import http.client
import http.server
import json
import os
import signal
import socket
import socketserver
import ssl
import struct
import sys
import threading
import time
import urllib.parse

sys.dont_write_bytecode = True  # never litter a read-only source tree
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import fakeportal_api as api  # noqa: E402

HTML_502 = (b"<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n"
            b"<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n"
            b"<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n")
GARBAGE = bytes((i * 167 + 13) % 256 for i in range(4096))
FAULTS = ("html", "truncated", "cut", "garbage", "huge", "slow", "hold",
          "hang",
          "reset-before", "reset-after", "redirect", "rate-limit",
          "operation-limit", "expired-token", "server-error")
# Faults answered by a front end before the portal sees the request.
CANNED = {
    "rate-limit": (503, "QUERY_LIMIT_EXCEEDED", "Too many requests"),
    "operation-limit": (429, "OPERATION_TIME_LIMIT",
                        "Method is blocked due to operation time limit."),
    "expired-token": (401, "expired_token",
                      "The access token provided has expired"),
    "server-error": (500, "INTERNAL_SERVER_ERROR", "Internal server error"),
}


def parse_rest_path(path):
    """(kind, uid, code, method) from /rest/...; ApiError when malformed."""
    segs = path[len("/rest/"):].split("/")
    if len(segs) == 3:
        kind, uid, code, method = "webhook", segs[0], segs[1], segs[2]
    elif len(segs) == 1:
        kind, uid, code, method = "token", None, None, segs[0]
    else:
        # A webhook URL without the user id is misparsed by the server.
        raise api.not_found()
    method = urllib.parse.unquote(method).lower()
    if method.endswith(".xml"):
        raise api.ApiError(500, "INTERNAL_WRONG_TRANSPORT",
                           "Wrong transport!")
    if method.endswith(".json"):
        method = method[:-len(".json")]
    return kind, uid, code, method


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive, as libcurl expects
    server_version = "nginx"
    sys_version = ""
    timeout = 60  # idle keep-alive connections end here

    def log_message(self, *args):
        pass

    def do_GET(self):
        self.route("GET")

    def do_POST(self):
        self.route("POST")

    @property
    def portal(self):
        return self.server.portal

    # -- plumbing ---------------------------------------------------------
    def read_body(self):
        if "chunked" in self.headers.get("Transfer-Encoding", "").lower():
            parts = []
            while True:
                size = int(self.rfile.readline().split(b";")[0], 16)
                if size == 0:
                    self.rfile.readline()
                    return b"".join(parts)
                parts.append(self.rfile.read(size))
                self.rfile.readline()
        length = int(self.headers.get("Content-Length") or 0)
        if length > api.MAX_BODY:
            raise ValueError("body too large")
        return self.rfile.read(length) if length > 0 else b""

    def send_bytes(self, status, body, ctype="application/json; "
                   "charset=utf-8", headers=(), length=None):
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length",
                         str(len(body) if length is None else length))
        for name, value in headers:
            self.send_header(name, value)
        if self.close_connection:
            self.send_header("Connection", "close")
        self.end_headers()
        self.wfile.write(body)

    def encode(self, obj):
        raw = self.portal.json_unicode
        return json.dumps(obj, ensure_ascii=not raw).encode("utf-8")

    def send_json(self, status, obj):
        self.send_bytes(status, self.encode(obj))

    def reset(self):
        """Drop the connection with a TCP reset, nothing answered."""
        self.close_connection = True
        try:
            self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER,
                                       struct.pack("ii", 1, 0))
            self.rfile.close()
            self.connection.close()
        except OSError:
            pass

    # -- routing ----------------------------------------------------------
    def route(self, verb):
        url = urllib.parse.urlsplit(self.path)
        if url.path.startswith("/_control/"):
            return self.control(verb, url)
        if url.path.rstrip("/") == "/oauth/token":
            return self.api_request(verb, url, "oauth.token")
        if url.path.startswith("/rest/"):
            return self.api_request(verb, url, None)
        self.close_connection = True
        self.send_bytes(404, b"<html><body><h1>404 Not Found</h1>"
                        b"</body></html>", "text/html")

    def api_request(self, verb, url, fixed):
        p = self.portal
        entry = {"http_method": verb, "path": url.path, "query": url.query,
                 "method": fixed, "auth": "oauth" if fixed else None,
                 "user_id": None, "content_type":
                 self.headers.get("Content-Type", ""), "fault": None}
        route_error = None
        if not fixed:
            try:
                kind, uid, code, entry["method"] = parse_rest_path(url.path)
                entry["auth"], entry["user_id"] = kind, uid
            except api.ApiError as e:
                route_error = e
        fault = p.take_fault(entry["method"] or "")
        if fault:
            entry["fault"] = fault["fault"]
        if fault and fault["fault"] == "reset-before":
            p.log(dict(entry, body=None, params=None, status=None))
            return self.reset()
        body = self.read_body()
        try:
            entry["body"] = body.decode("utf-8")
            entry["body_utf8"] = True
        except UnicodeDecodeError:
            entry["body"] = body.decode("utf-8", "backslashreplace")
            entry["body_utf8"] = False
        params = api.parse_params(url.query, body, entry["content_type"],
                                  verb)
        entry["params"] = params
        with p.lock:
            p.stats["requests"] += 1
            p.stats["oauth" if fixed else "rest"] += 1
        if fault and self.front_fault(fault, url, entry):
            return
        if fault and fault["fault"] == "slow":
            self.server.stop_event.wait(fault.get("seconds", 5))
        if fault and fault["fault"] == "hold":
            self.server.holds.hold(entry["method"] or "",
                                   fault.get("seconds", 60))
        if fixed:
            status, obj = self.oauth(params)
        else:
            status, obj = self.rest(entry, params, route_error)
        entry["status"] = status
        entry["error"] = obj.get("error") if isinstance(obj, dict) else None
        p.log(entry)
        self.answer(fault, status, self.encode(obj))

    def front_fault(self, fault, url, entry):
        """Faults that never reach the portal; True when one answered."""
        kind = fault["fault"]
        if kind == "hang":
            self.portal.log(dict(entry, status=None))
            self.server.stop_event.wait()
            self.close_connection = True
            return True
        if kind not in CANNED and kind not in ("html", "garbage", "huge",
                                               "redirect"):
            return False
        status = {"html": 502, "redirect": 302}.get(kind, 200)
        if kind in CANNED:
            status, code, text = CANNED[kind]
            status = int(fault.get("status", status))
            body = self.encode({"error": code, "error_description": text})
        self.portal.log(dict(entry, status=status))
        if kind == "html":
            self.send_bytes(502, HTML_502, "text/html")
        elif kind == "garbage":
            self.send_bytes(200, GARBAGE)
        elif kind == "huge":
            self.send_huge(fault.get("bytes", 50 * 1024 * 1024))
        elif kind == "redirect":
            target = fault.get("location") or "https://renamed-portal.example"
            target = target.rstrip("/") + url.path + \
                ("?" + url.query if url.query else "")
            self.send_bytes(302, b"<html><body>302 Found</body></html>",
                            "text/html", [("Location", target)])
        else:
            self.send_bytes(status, body)
        return True

    def send_huge(self, size):
        """A well-formed but enormous answer, streamed so we never hold it."""
        head, tail = b'{"result":"', b'"}'
        chunk = b"A" * (1 << 20)
        left = max(size - len(head) - len(tail), 0)
        self.close_connection = True
        self.send_response(200)
        self.send_header("Content-Type", "application/json; charset=utf-8")
        self.send_header("Content-Length", str(size))
        self.end_headers()
        try:
            self.wfile.write(head)
            while left > 0:
                n = min(left, len(chunk))
                self.wfile.write(chunk[:n])
                left -= n
            self.wfile.write(tail)
        except OSError:
            pass

    def answer(self, fault, status, body):
        """Send the answer, or the damaged form a fault asks for."""
        kind = fault["fault"] if fault else None
        if kind == "reset-after":
            return self.reset()
        if kind == "truncated":
            return self.send_bytes(status, body[:len(body) // 2])
        if kind == "cut":
            # Half the declared length, then a plain close (FIN, not RST).
            self.close_connection = True
            return self.send_bytes(status, body[:len(body) // 2],
                                   length=len(body))
        self.send_bytes(status, body)

    # -- the two APIs -----------------------------------------------------
    def rest(self, entry, params, route_error):
        p = self.portal
        try:
            if route_error:
                raise route_error
            p.rate_check()
            caller = self.authenticate(entry, params)
            entry["user_id"] = caller.user_id
            # The log keeps what arrived; methods never see the token.
            params = {k: v for k, v in params.items()
                      if k not in ("auth", "access_token")}
            return 200, p.envelope(caller, entry["method"], params)
        except api.ApiError as e:
            return e.status, e.body()

    def authenticate(self, entry, params):
        p = self.portal
        if entry["auth"] == "webhook":
            _, uid, code, _ = parse_rest_path(entry["path"])
            return p.auth_webhook(uid, code)
        bearer = self.headers.get("Authorization", "")
        if bearer.lower().startswith("bearer "):
            return p.auth_token(bearer[7:].strip())
        return p.auth_token(str(params.get("auth") or
                                params.get("access_token") or ""))

    def oauth(self, params):
        try:
            return 200, api.token_endpoint(self.portal, params)
        except api.OAuthError as e:
            return e.status, e.body()

    def control(self, verb, url):
        body = self.read_body() if verb == "POST" else b""
        try:
            args = json.loads(body.decode("utf-8")) if body.strip() else {}
            args.update(urllib.parse.parse_qsl(url.query))
            status, obj = Control(self.server).run(url.path, args)
        except (ValueError, KeyError, TypeError) as e:
            status, obj = 400, {"error": "%s: %s" % (type(e).__name__, e)}
        self.send_bytes(status, json.dumps(obj, ensure_ascii=False)
                        .encode("utf-8"))


class Control:
    """The /_control/ calls: tests arm faults and read or change state."""

    CONFIG_KEYS = {"token_ttl": "oauth", "code_ttl": "oauth",
                   "server_endpoint": "oauth", "client_id": "oauth",
                   "client_secret": "oauth", "op_limit": "op",
                   "op_window": "op", "op_cost": "op"}

    def __init__(self, server):
        self.server, self.portal = server, server.portal

    def run(self, path, args):
        name = path[len("/_control/"):].strip("/").replace("-", "_")
        fn = getattr(self, "c_" + name.split("/")[0], None)
        if fn is None:
            return 404, {"error": "no such control call: " + path}
        if name in ("held", "release"):  # they wait: not under the lock
            return fn(args)
        with self.portal.lock:
            return 200, fn(args)

    def c_reset(self, args):
        self.portal.reset()
        if not args.get("keep_log"):
            open(self.portal.log_path, "w").close()
        self.portal.endpoint_defaults()
        return {"ok": True}

    def c_fault(self, args):
        kind = str(args["fault"]).replace("_", "-")
        if kind == "none":
            self.portal.faults.clear()
            return {"ok": True, "faults": []}
        if kind not in FAULTS:
            raise ValueError("unknown fault %s; known: %s" %
                             (kind, ", ".join(FAULTS)))
        f = {"fault": kind, "count": int(args.get("count", 1)),
             "forever": bool(args.get("forever", False)),
             "method": (args.get("method") or "").lower() or None}
        for key in ("seconds", "location", "bytes", "status"):
            if key in args:
                f[key] = args[key]
        self.portal.faults.append(f)
        return {"ok": True, "faults": self.portal.faults}

    def c_faults(self, args):
        return {"faults": self.portal.faults}

    def c_held(self, args):
        holds = self.server.holds
        held = holds.wait(int(args.get("count", 1)),
                          float(args.get("wait", 0)))
        if "wait" in args and len(held) < int(args.get("count", 1)):
            return 504, {"error": "held only %d request(s)" % len(held),
                         "held": held}
        return 200, {"held": held}

    def c_release(self, args):
        method = (args.get("method") or "").lower() or None
        return 200, {"released": self.server.holds.release(method)}

    def c_user(self, args):
        users = self.portal.users
        uid = str(args.get("id") or args.get("ID") or "")
        if args.get("_delete"):
            users.pop(uid, None)
            return {"ok": True}
        if set(args) - {"id", "ID"}:
            rec = users.setdefault(uid, api.blank_user(uid))
            rec.update({k: v for k, v in args.items() if k != "id"})
        if uid not in users:
            raise KeyError("no user " + uid)
        return users[uid]

    def c_stats(self, args):
        p = self.portal
        lines = 0
        if os.path.exists(p.log_path):
            with open(p.log_path, "rb") as f:
                lines = sum(1 for _ in f)
        return dict(p.stats, logged=lines, faults=p.faults,
                    bucket=round(p.rate["level"], 3),
                    tokens=len(p.access), admins=sorted(p.admins))

    def c_admin(self, args):
        uid = str(args.get("user_id", "1"))
        if args.get("admin", True):
            self.portal.admins.add(uid)
        else:
            self.portal.admins.discard(uid)
        return {"admins": sorted(self.portal.admins)}

    def c_webhook(self, args):
        uid = str(args["user_id"])
        if args.get("code"):
            self.portal.hooks[uid] = str(args["code"])
        else:
            self.portal.hooks.pop(uid, None)
        return {"ok": True}

    def c_code(self, args):
        return {"code": api.new_code(self.portal, args.get("user_id", 1),
                                     args.get("ttl"))}

    def c_token(self, args):
        return api.issue_pair(self.portal, args.get("user_id", 1),
                              args.get("ttl"))

    def c_expire(self, args):
        for tok, rec in self.portal.access.items():
            if args.get("access_token") in (None, tok):
                rec["expires"] = 0
        return {"ok": True}

    def c_config(self, args):
        p = self.portal
        for key, value in args.items():
            if key in self.CONFIG_KEYS:
                getattr(p, self.CONFIG_KEYS[key])[key.split("_", 1)[1]
                                                  if key.startswith("op_")
                                                  else key] = value
            elif key in ("rate", "drain"):
                p.rate["size" if key == "rate" else "drain"] = float(value)
            elif key == "rate_limit":
                p.rate["on"] = bool(value)
            elif key == "scope":
                p.scope = list(value)
            elif key == "raw_unicode":
                p.json_unicode = bool(value)
            else:
                raise KeyError("unknown setting " + key)
        return {"oauth": p.oauth, "rate": p.rate, "scope": p.scope,
                "op": {k: v for k, v in p.op.items() if k != "spent"}}


class Holds:
    """Requests a hold fault keeps until a control call releases them."""

    def __init__(self, stop_event):
        self.stop_event = stop_event
        self.cond = threading.Condition()
        self.held = []  # one [method, released] per waiting request

    def hold(self, method, seconds):
        me = [method, False]
        deadline = time.monotonic() + float(seconds)
        with self.cond:
            self.held.append(me)
            self.cond.notify_all()
            # Short waits so that a stopping portal is noticed too.
            while not me[1] and not self.stop_event.is_set():
                left = deadline - time.monotonic()
                if left <= 0:
                    break
                self.cond.wait(min(left, 0.2))
            self.held = [h for h in self.held if h is not me]

    def wait(self, count, seconds):
        deadline = time.monotonic() + seconds
        with self.cond:
            while len(self.held) < count:
                left = deadline - time.monotonic()
                if left <= 0 or self.stop_event.is_set():
                    break
                self.cond.wait(min(left, 0.2))
            return [m for m, _ in self.held]

    def release(self, method):
        with self.cond:
            mine = [h for h in self.held if method in (None, h[0])]
            for h in mine:
                h[1] = True
            self.held = [h for h in self.held if not h[1]]
            self.cond.notify_all()
            return len(mine)


class Server(http.server.ThreadingHTTPServer):
    """TLS per connection, in the connection's own thread."""

    daemon_threads = True

    def __init__(self, portal, context):
        self.portal, self.context = portal, context
        self.stop_event = threading.Event()
        self.holds = Holds(self.stop_event)
        super().__init__(("127.0.0.1", 0), Handler)

    def server_bind(self):
        # Skip HTTPServer's reverse lookup of the host name.
        socketserver.TCPServer.server_bind(self)
        self.server_name, self.server_port = self.server_address[:2]

    def finish_request(self, request, client_address):
        # A stalled handshake must not block accept(): do it here, bounded.
        request.settimeout(10)
        # Headers and body go out in separate writes: without this, Nagle
        # and the client's delayed ACK add ~40 ms to every answer.
        request.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        try:
            conn = self.context.wrap_socket(request, server_side=True)
        except (OSError, ValueError):
            return
        try:
            self.RequestHandlerClass(conn, client_address, self)
        except Exception:  # aborted clients are part of the tests
            pass
        finally:
            try:
                conn.close()
            except OSError:
                pass

    def handle_error(self, request, client_address):
        pass


def watch_parent(server):
    """Stop when the test that started us is gone, even after SIGKILL."""
    parent = os.getppid()
    while not server.stop_event.wait(0.5):
        if os.getppid() != parent:
            server.stop_event.set()
            server.shutdown()


def serve(opts):
    os.makedirs(opts.dir, exist_ok=True)
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(opts.cert, opts.key)
    portal = api.Portal(opts)
    open(portal.log_path, "a").close()
    server = Server(portal, context)
    port = server.server_address[1]
    portal.base_url = "https://127.0.0.1:%d" % port
    portal.endpoint_defaults()

    def stop(signum, frame):
        server.stop_event.set()
        threading.Thread(target=server.shutdown, daemon=True).start()
    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    threading.Thread(target=watch_parent, args=(server,),
                     daemon=True).start()
    # The port file appears only once the socket listens: tests wait on it.
    tmp = os.path.join(opts.dir, "port.tmp")
    with open(tmp, "w") as f:
        f.write("%d\n" % port)
    os.rename(tmp, os.path.join(opts.dir, "port"))
    server.serve_forever(poll_interval=0.2)
    server.server_close()
    return 0


# ---------------------------------------------------------------------------
# A small HTTPS client for shell tests: no curl binary is guaranteed.

def client_request(opts, method, path, body, ctype):
    with open(os.path.join(opts.dir, "port")) as f:
        port = int(f.read())
    ctx = ssl.create_default_context(cafile=opts.ca)
    conn = http.client.HTTPSConnection("127.0.0.1", port, context=ctx,
                                       timeout=opts.timeout)
    headers = {"Content-Type": ctype} if body is not None else {}
    for h in opts.header or []:
        name, _, value = h.partition(":")
        headers[name.strip()] = value.strip()
    conn.request(method, path, body=body, headers=headers)
    resp = conn.getresponse()
    data = resp.read()
    conn.close()
    return resp, data


def client(opts, control):
    body = opts.body
    if body is not None and body.startswith("@"):
        with open(body[1:], "rb") as f:
            body = f.read()
    elif body is not None:
        body = body.encode("utf-8")
    method = "GET" if opts.get or (body is None and control) else "POST"
    ctype = opts.content_type or ("application/x-www-form-urlencoded"
                                  if opts.form else "application/json")
    try:
        resp, data = client_request(opts, method, opts.path, body, ctype)
    except Exception as e:  # the tests compare this line
        print("ERROR %s: %s" % (type(e).__name__, e))
        return 3
    out = sys.stdout.buffer
    if not control:
        out.write(b"%d\n" % resp.status)
        for name in opts.show_header or []:
            out.write(("%s: %s\n" % (name, resp.getheader(name, "")))
                      .encode("utf-8"))
    if len(data) > opts.max:
        out.write(b"[%d bytes]\n" % len(data))
    elif b"\0" in data:  # a shell variable cannot hold it
        out.write(b"[%d bytes, binary]\n" % len(data))
    else:
        out.write(data + b"\n")
    return 0 if (resp.status == 200 or not control) else 1


def parse_args(argv):
    mode = "serve"
    if argv and argv[0] in ("serve", "client", "control"):
        mode, argv = argv[0], argv[1:]
    ap = argparse.ArgumentParser(prog="fakeportal.py " + mode)
    ap.add_argument("--dir", required=True)
    if mode == "serve":
        ap.add_argument("--cert", required=True)
        ap.add_argument("--key", required=True)
        # Secrets by environment, so that ps shows none of them.
        env = os.environ.get
        ap.add_argument("--webhook-code", default=env(
            "FAKEPORTAL_WEBHOOK_CODE", "8g9l071eismy9q2l"))
        ap.add_argument("--webhook-code-user2", default=env(
            "FAKEPORTAL_WEBHOOK_CODE2", "u2hook0000000002"))
        ap.add_argument("--rate", type=float, default=50)
        ap.add_argument("--drain", type=float, default=2)
        ap.add_argument("--no-rate-limit", action="store_true")
        ap.add_argument("--token-ttl", type=float, default=3600)
        ap.add_argument("--client-id", default="local.b24user.test")
        ap.add_argument("--client-secret", default=env(
            "FAKEPORTAL_CLIENT_SECRET", "test-client-secret"))
        ap.add_argument("--server-endpoint", default="")
        ap.add_argument("--op-limit", type=float, default=480)
        ap.add_argument("--op-window", type=float, default=600)
        ap.add_argument("--op-cost", type=float, default=0)
        ap.add_argument("--raw-unicode", action="store_true")
        ap.add_argument("--extra-users", type=int, default=0)
    else:
        ap.add_argument("--ca", required=True)
        ap.add_argument("--get", action="store_true")
        ap.add_argument("--form", action="store_true")
        ap.add_argument("--content-type")
        ap.add_argument("--header", action="append")
        ap.add_argument("--show-header", action="append")
        ap.add_argument("--timeout", type=float, default=30)
        ap.add_argument("--max", type=int, default=1 << 20)
        ap.add_argument("path")
        ap.add_argument("body", nargs="?")
    return mode, ap.parse_args(argv)


def main(argv):
    mode, opts = parse_args(argv)
    if mode == "serve":
        return serve(opts)
    return client(opts, mode == "control")


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
