"""A minimal HTTP CONNECT proxy on 127.0.0.1 for the proxy tests.

It writes its port to DIR/port, appends one line per tunnel to
DIR/tunnels ("CONNECT host:port"), and relays bytes both ways.  It never
connects anywhere but 127.0.0.1.
"""
import os
import select
import socket
import sys
import threading


def relay(a, b):
    try:
        while True:
            ready, _, _ = select.select([a, b], [], [], 30)
            if not ready:
                return
            for s in ready:
                data = s.recv(65536)
                if not data:
                    return
                (b if s is a else a).sendall(data)
    except OSError:
        return
    finally:
        a.close()
        b.close()


def handle(conn, state_dir):
    head = b""
    while b"\r\n\r\n" not in head and len(head) < 8192:
        chunk = conn.recv(4096)
        if not chunk:
            conn.close()
            return
        head += chunk
    line = head.split(b"\r\n", 1)[0].decode("latin-1")
    parts = line.split()
    if len(parts) < 2 or parts[0] != "CONNECT":
        conn.sendall(b"HTTP/1.1 405 Only CONNECT\r\n\r\n")
        conn.close()
        return
    host, _, port = parts[1].rpartition(":")
    with open(os.path.join(state_dir, "tunnels"), "a") as log:
        log.write("CONNECT %s\n" % parts[1])
    if host not in ("127.0.0.1", "localhost"):
        conn.sendall(b"HTTP/1.1 403 Loopback only\r\n\r\n")
        conn.close()
        return
    upstream = socket.create_connection(("127.0.0.1", int(port)))
    conn.sendall(b"HTTP/1.1 200 Connection established\r\n\r\n")
    relay(conn, upstream)


def main():
    state_dir = sys.argv[1]
    srv = socket.socket()
    srv.bind(("127.0.0.1", 0))
    srv.listen(16)
    tmp = os.path.join(state_dir, "port.tmp")
    with open(tmp, "w") as f:
        f.write(str(srv.getsockname()[1]))
    os.rename(tmp, os.path.join(state_dir, "port"))
    parent = os.getppid()
    srv.settimeout(0.5)
    while os.getppid() == parent:
        try:
            conn, _ = srv.accept()
        except socket.timeout:
            continue
        threading.Thread(target=handle, args=(conn, state_dir),
                         daemon=True).start()


if __name__ == "__main__":
    main()
