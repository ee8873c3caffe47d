#!/usr/bin/env python3
"""Loopback servers for HTTPClientTests, started by the tests themselves.

Prints one line "NAME PORT" (or "NAME PATH") per server, then "ready", and runs until the
process that started it ends, taking its openssl children with it.

  http      127.0.0.1 HTTP: /ok /status/N /redirect/N /loop /big /echo /sleep/S
  http6     the same on ::1
  fast      127.0.0.1, a minimal HTTP responder (one fixed 200 per connection), for the load tests
  hang      accepts and never sends a byte
  slow      sends an HTTP response one byte a second
  banner    TCP: sends "220 ready\\r\\n", then answers each line with "got: LINE\\r\\n"
  refused   a port bound but not listening: connecting is refused
  tls_self  openssl s_server -www, self-signed certificate for 127.0.0.1/localhost
  tls_expired openssl s_server -www, certificate valid 2020-01-01 to 2020-01-02
  self_cert / expired_cert   the certificate files (PEM)
"""
import http.server
import json
import os
import socket
import socketserver
import subprocess
import sys
import tempfile
import threading
import time


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def reply(self, status, body=b"", headers=()):
        self.send_response(status)
        for name, value in headers:
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def handle_any(self):
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        parts = self.path.split("?")[0].strip("/").split("/")
        if parts[0] == "ok":
            self.reply(200, b"ok\n", [("Content-Type", "text/plain")])
        elif parts[0] == "status":
            self.reply(int(parts[1]), b"status %s\n" % parts[1].encode())
        elif parts[0] == "redirect":
            left = int(parts[1])
            self.reply(302, b"", [("Location", "/ok" if left <= 1 else "/redirect/%d" % (left - 1))])
        elif parts[0] == "loop":
            self.reply(302, b"", [("Location", "/loop")])
        elif parts[0] == "big":
            self.reply(200, b"x" * (2 * 1024 * 1024))
        elif parts[0] == "sleep":
            time.sleep(float(parts[1]))
            self.reply(200, b"slept\n")
        elif parts[0] == "echo":
            answer = {"method": self.command, "path": self.path,
                      "headers": {k.lower(): v for k, v in self.headers.items()},
                      "body": body.decode("utf-8", "replace")}
            self.reply(200, json.dumps(answer).encode(), [("Content-Type", "application/json")])
        else:
            self.reply(404, b"not found\n")

    do_GET = do_POST = do_PUT = do_DELETE = do_HEAD = do_PATCH = handle_any


class Server(http.server.ThreadingHTTPServer):
    request_queue_size = 256
    daemon_threads = True


class Server6(Server):
    address_family = socket.AF_INET6


def listener(host="127.0.0.1", family=socket.AF_INET, listen=True):
    s = socket.socket(family, socket.SOCK_STREAM)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.bind((host, 0))
    if listen:
        s.listen(256)
    return s


def serve_forever_in_thread(target, *args):
    threading.Thread(target=target, args=args, daemon=True).start()


def hang(sock):
    held = []
    while True:
        conn, _ = sock.accept()
        held.append(conn)  # never answered, never closed


def slow(sock):
    def one(conn):
        try:
            for byte in b"HTTP/1.1 200 OK\r\nContent-Length: 20\r\n\r\n" + b"y" * 20:
                conn.sendall(bytes([byte]))
                time.sleep(1)
        except OSError:
            pass
        conn.close()
    while True:
        conn, _ = sock.accept()
        serve_forever_in_thread(one, conn)


def banner(sock):
    def one(conn):
        try:
            conn.sendall(b"220 ready\r\n")
            data = b""
            while True:
                chunk = conn.recv(4096)
                if not chunk:
                    break
                data += chunk
                while b"\n" in data:
                    line, data = data.split(b"\n", 1)
                    conn.sendall(b"got: " + line.rstrip(b"\r") + b"\r\n")
        except OSError:
            pass
        conn.close()
    while True:
        conn, _ = sock.accept()
        serve_forever_in_thread(one, conn)


FAST_REPLY = b"HTTP/1.1 200 OK\r\nContent-Length: 3\r\nConnection: close\r\n\r\nok\n"


def fast(sock):
    while True:
        conn, _ = sock.accept()
        try:
            conn.settimeout(2)
            data = b""
            while b"\r\n\r\n" not in data:
                chunk = conn.recv(4096)
                if not chunk:
                    break
                data += chunk
            conn.sendall(FAST_REPLY)
        except OSError:
            pass
        conn.close()


def run(cmd, cwd):
    subprocess.run(cmd, cwd=cwd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def make_certificates(directory):
    run(["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
         "-keyout", "self.key", "-out", "self.pem", "-days", "30", "-subj", "/CN=localhost",
         "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost"], directory)
    # An expired certificate: `openssl req` cannot back-date, `openssl ca` can.
    open(os.path.join(directory, "index.txt"), "w").close()
    with open(os.path.join(directory, "serial"), "w") as f:
        f.write("01\n")
    with open(os.path.join(directory, "ca.cnf"), "w") as f:
        f.write("[ca]\ndefault_ca=d\n[d]\ndatabase=index.txt\nserial=serial\nnew_certs_dir=.\n"
                "default_md=sha256\npolicy=p\ncopy_extensions=copy\n[p]\ncommonName=supplied\n")
    run(["openssl", "req", "-new", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
         "-keyout", "expired.key", "-out", "expired.csr", "-subj", "/CN=expired.test",
         "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost"], directory)
    run(["openssl", "ca", "-batch", "-config", "ca.cnf", "-selfsign", "-keyfile", "expired.key",
         "-in", "expired.csr", "-out", "expired.pem",
         "-startdate", "20200101000000Z", "-enddate", "20200102000000Z"], directory)


def free_port():
    s = listener()
    port = s.getsockname()[1]
    s.close()
    return port


def start_s_server(directory, name, children):
    port = free_port()
    child = subprocess.Popen(["openssl", "s_server", "-accept", "127.0.0.1:%d" % port, "-www", "-quiet",
                              "-cert", name + ".pem", "-key", name + ".key"], cwd=directory,
                             stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    children.append(child)
    deadline = time.time() + 10
    while time.time() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return port
        except OSError:
            time.sleep(0.05)
    raise SystemExit("openssl s_server did not start")


def main():
    out = []
    http4 = Server(("127.0.0.1", 0), Handler)
    serve_forever_in_thread(http4.serve_forever)
    out.append(("http", http4.server_address[1]))
    http6 = Server6(("::1", 0), Handler)
    serve_forever_in_thread(http6.serve_forever)
    out.append(("http6", http6.server_address[1]))
    for name, loop in (("fast", fast), ("hang", hang), ("slow", slow), ("banner", banner)):
        sock = listener()
        serve_forever_in_thread(loop, sock)
        out.append((name, sock.getsockname()[1]))
    refused = listener(listen=False)
    out.append(("refused", refused.getsockname()[1]))

    directory = tempfile.mkdtemp(prefix="opsctl-httpclient-tls.")
    children = []
    try:
        make_certificates(directory)
        out.append(("tls_self", start_s_server(directory, "self", children)))
        out.append(("tls_expired", start_s_server(directory, "expired", children)))
        out.append(("self_cert", os.path.join(directory, "self.pem")))
        out.append(("expired_cert", os.path.join(directory, "expired.pem")))
        for name, value in out:
            print(name, value)
        print("ready", flush=True)
        parent = os.getppid()
        while os.getppid() == parent:  # until the test process goes away
            time.sleep(0.2)
    finally:
        for child in children:
            child.terminate()
        for child in children:
            child.wait()
        subprocess.run(["rm", "-rf", directory])


if __name__ == "__main__":
    main()
