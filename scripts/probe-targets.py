#!/usr/bin/env python3
"""Loopback targets for the prober's tests and the demo (standard library only).

Starts, on 127.0.0.1 with free ports:
  http    an HTTP server with fault routes:
            /ok               200 "status: healthy"
            /status/NNN       status NNN
            /slow             200, then the body one byte a second (20 bytes)
            /sleep/N          answers after N seconds
            /redirect         302 to /ok
            /gmail/profile    Google-like: 200 with the token "good-token", else 401 (UNAUTHENTICATED)
            /gmail/quota      429 RESOURCE_EXHAUSTED
            /gmail/ratelimit  403 with reason userRateLimitExceeded
            /gmail/scopes     403 with reason insufficientPermissions
            POST /oauth/token Google's token endpoint for grant_type=refresh_token: client
                              "probe-client" / "probe-secret" and refresh token
                              "good-refresh" give access token "good-token" (expires_in
                              3599, or ?expires_in=N; ?issue=rejected gives
                              "rejected-access-token", which /gmail/profile rejects); "revoked-refresh" gives 400
                              invalid_grant; another client 401 invalid_client
            POST /oauth/down  503 (an outage of the token endpoint)
            /oauth/count      how many POST /oauth/token were served
  hang    accepts connections and never answers
  banner  sends "220 probe-targets ready", then echoes each line as "you said: LINE"
  dialogue a small line protocol in order: greets "220 probe-server ready", answers
          "HELO NAME" with "250 hello NAME", "QUIT" with "221 bye" (then closes), and any
          other line with "500 unknown command"; it never speaks before the client's line
and writes {"http": PORT, "hang": PORT, "banner": PORT, "dialogue": PORT} to the file given as first argument.
Runs until SIGTERM or SIGINT, or until the process whose pid is the optional second argument is gone.
"""
import http.server
import json
import os
import signal
import socket
import socketserver
import sys
import threading
import time
import urllib.parse

token_requests = 0
token_lock = threading.Lock()


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def reply(self, status, body, content_type="text/plain"):
        data = body.encode()
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def google_error(self, status, message, state, reason=None):
        error = {"code": status, "message": message, "status": state}
        if reason:
            error["errors"] = [{"message": message, "domain": "usageLimits", "reason": reason}]
        self.reply(status, json.dumps({"error": error}), "application/json")

    def do_GET(self):
        path = self.path.split("?")[0]
        if path == "/ok":
            self.reply(200, "status: healthy\n")
        elif path.startswith("/status/"):
            self.reply(int(path.rsplit("/", 1)[1]), "status page\n")
        elif path == "/slow":
            self.send_response(200)
            self.send_header("Content-Length", "20")
            self.end_headers()
            for _ in range(20):
                self.wfile.write(b"x")
                self.wfile.flush()
                time.sleep(1)
        elif path.startswith("/sleep/"):
            time.sleep(float(path.rsplit("/", 1)[1]))
            self.reply(200, "late\n")
        elif path == "/redirect":
            self.send_response(302)
            self.send_header("Location", "/ok")
            self.send_header("Content-Length", "0")
            self.end_headers()
        elif path == "/gmail/profile":
            if self.headers.get("Authorization") == "Bearer good-token":
                self.reply(200, json.dumps({"emailAddress": "probe@example.com", "messagesTotal": 1}), "application/json")
            else:
                self.google_error(401, "Request had invalid authentication credentials.", "UNAUTHENTICATED")
        elif path == "/gmail/quota":
            self.google_error(429, "Quota exceeded for quota metric 'Queries'.", "RESOURCE_EXHAUSTED", "rateLimitExceeded")
        elif path == "/gmail/ratelimit":
            self.google_error(403, "User-rate limit exceeded.", "PERMISSION_DENIED", "userRateLimitExceeded")
        elif path == "/oauth/count":
            with token_lock:
                self.reply(200, "%d\n" % token_requests)
        elif path == "/gmail/scopes":
            self.google_error(403, "Request had insufficient authentication scopes.", "PERMISSION_DENIED", "insufficientPermissions")
        else:
            self.reply(404, "not found\n")


    def do_POST(self):
        global token_requests
        path, _, query = self.path.partition("?")
        length = int(self.headers.get("Content-Length") or 0)
        form = urllib.parse.parse_qs(self.rfile.read(length).decode())
        field = lambda name: (form.get(name) or [""])[0]
        if path == "/oauth/down":
            self.reply(503, "Service Unavailable\n")
            return
        if path != "/oauth/token":
            self.reply(404, "not found\n")
            return
        with token_lock:
            token_requests += 1
        if field("grant_type") != "refresh_token":
            self.reply(400, json.dumps({"error": "unsupported_grant_type"}), "application/json")
        elif field("client_id") != "probe-client" or field("client_secret") != "probe-secret":
            self.reply(401, json.dumps({"error": "invalid_client", "error_description": "The OAuth client was not found."}),
                       "application/json")
        elif field("refresh_token") != "good-refresh":
            self.reply(400, json.dumps({"error": "invalid_grant", "error_description": "Token has been expired or revoked."}),
                       "application/json")
        else:
            params = urllib.parse.parse_qs(query)
            lifetime = int((params.get("expires_in") or ["3599"])[0])
            self.reply(200, json.dumps({"access_token": "rejected-access-token" if params.get("issue") == ["rejected"] else "good-token", "expires_in": lifetime, "token_type": "Bearer",
                                        "scope": "https://www.googleapis.com/auth/gmail.readonly"}), "application/json")


class Server(socketserver.ThreadingMixIn, http.server.HTTPServer):
    daemon_threads = True


def hang(listener):
    held = []
    while True:
        connection, _ = listener.accept()
        held.append(connection)  # never read, never written, never closed


def banner(listener):
    def serve(connection):
        with connection:
            connection.sendall(b"220 probe-targets ready\n")
            buffer = b""
            while True:
                data = connection.recv(4096)
                if not data:
                    return
                buffer += data
                while b"\n" in buffer:
                    line, buffer = buffer.split(b"\n", 1)
                    connection.sendall(b"you said: " + line + b"\n")

    while True:
        connection, _ = listener.accept()
        threading.Thread(target=serve, args=(connection,), daemon=True).start()


def dialogue(listener):
    def serve(connection):
        with connection:
            connection.sendall(b"220 probe-server ready\r\n")
            reader = connection.makefile("rb")
            for raw in reader:
                line = raw.rstrip(b"\r\n")
                if line.startswith(b"HELO "):
                    connection.sendall(b"250 hello " + line[5:] + b"\r\n")
                elif line == b"QUIT":
                    connection.sendall(b"221 bye\r\n")
                    return
                else:
                    connection.sendall(b"500 unknown command\r\n")

    while True:
        connection, _ = listener.accept()
        threading.Thread(target=serve, args=(connection,), daemon=True).start()


def listener():
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    sock.listen(64)
    return sock


def main():
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    web = Server(("127.0.0.1", 0), Handler)
    hang_socket, banner_socket, dialogue_socket = listener(), listener(), listener()
    threading.Thread(target=hang, args=(hang_socket,), daemon=True).start()
    threading.Thread(target=banner, args=(banner_socket,), daemon=True).start()
    threading.Thread(target=dialogue, args=(dialogue_socket,), daemon=True).start()
    ports = {"http": web.server_address[1], "hang": hang_socket.getsockname()[1], "banner": banner_socket.getsockname()[1],
             "dialogue": dialogue_socket.getsockname()[1]}
    with open(sys.argv[1] + ".tmp", "w") as f:
        json.dump(ports, f)

    os.rename(sys.argv[1] + ".tmp", sys.argv[1])
    if len(sys.argv) > 2:
        parent = int(sys.argv[2])

        def watch():
            while True:
                time.sleep(1)
                try:
                    os.kill(parent, 0)
                except OSError:
                    os._exit(0)

        threading.Thread(target=watch, daemon=True).start()
    try:
        web.serve_forever()
    except KeyboardInterrupt:
        pass


if __name__ == "__main__":
    main()
