#!/usr/bin/env python3
"""A local stand-in for Cloud Monitoring's projects.timeSeries.list, for QuotaTests.

    cloud-monitoring.py SCENARIO.json REQUESTS.log

SCENARIO.json: {"token": "...", "points": {"<period start, epoch s>": units, ...}, "page_size": 2}
It listens on 127.0.0.1 (a free port, printed as "listening PORT"), logs every request as
one JSON line (path, query, Authorization header) to REQUESTS.log, and answers in the
documented ListTimeSeriesResponse shape, or fails, by the project id of the path:

  ok          the points inside the request's interval, newest first, page_size per page,
              nextPageToken until the last page
  unauth      401 with Google's error body (whose message quotes the token: a hostile server)
  denied      403 PERMISSION_DENIED        limited   429 RESOURCE_EXHAUSTED, Retry-After: 30
  broken      503 UNAVAILABLE              garbage   200 with a body that is not JSON
  wrongshape  200 JSON whose point time is not RFC 3339
  slow        answers after 5 s            endless   always another nextPageToken
A request without "Authorization: Bearer <token>" gets 401.
"""
import json
import sys
import time
import urllib.parse
from datetime import datetime, timezone
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

scenario = json.load(open(sys.argv[1]))
log_path = sys.argv[2]


def rfc3339(seconds):
    return datetime.fromtimestamp(seconds, timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def parse(text):
    return int(datetime.strptime(text, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=timezone.utc).timestamp())


def google_error(code, status, message):
    return {"error": {"code": code, "message": message, "status": status}}


class Handler(BaseHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def answer(self, code, body, headers=()):
        data = body if isinstance(body, bytes) else json.dumps(body).encode()
        self.send_response(code)
        self.send_header("Content-Type", "application/json; charset=UTF-8")
        for name, value in headers:
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def do_GET(self):
        url = urllib.parse.urlsplit(self.path)
        query = urllib.parse.parse_qs(url.query)
        authorization = self.headers.get("Authorization", "")
        with open(log_path, "a") as log:
            log.write(json.dumps({"path": url.path, "query": {k: v[0] for k, v in query.items()},
                                  "authorization": authorization}) + "\n")
        parts = url.path.split("/")  # ['', 'v3', 'projects', ID, 'timeSeries']
        if len(parts) != 5 or parts[1] != "v3" or parts[2] != "projects" or parts[4] != "timeSeries":
            return self.answer(404, google_error(404, "NOT_FOUND", "no such method"))
        project = parts[3]
        if authorization != "Bearer " + scenario["token"]:
            return self.answer(401, google_error(401, "UNAUTHENTICATED", "Request had invalid authentication credentials."))
        if project == "unauth":
            return self.answer(401, google_error(401, "UNAUTHENTICATED",
                                                 "Request had invalid authentication credentials: " + authorization))
        if project == "denied":
            return self.answer(403, google_error(403, "PERMISSION_DENIED",
                                                 "Permission monitoring.timeSeries.list denied (or the resource may not exist)."))
        if project == "limited":
            return self.answer(429, google_error(429, "RESOURCE_EXHAUSTED", "Quota exceeded for quota metric 'Time series queries'."),
                               [("Retry-After", "30")])
        if project == "broken":
            return self.answer(503, google_error(503, "UNAVAILABLE", "The service is currently unavailable."))
        if project == "garbage":
            return self.answer(200, b"<html>an HTML error page from a proxy</html>")
        if project == "wrongshape":
            return self.answer(200, {"timeSeries": [{"points": [{"interval": {"endTime": "yesterday"}, "value": {"int64Value": "12"}}]}]})
        if project == "slow":
            time.sleep(5)
            return self.answer(200, {"timeSeries": []})
        if project == "endless":
            return self.answer(200, {"timeSeries": [], "nextPageToken": "more-" + query.get("pageToken", ["0"])[0]})
        required = ["filter", "interval.startTime", "interval.endTime", "aggregation.alignmentPeriod",
                    "aggregation.perSeriesAligner", "aggregation.crossSeriesReducer"]
        missing = [name for name in required if name not in query]
        if missing:
            return self.answer(400, google_error(400, "INVALID_ARGUMENT", "missing " + ", ".join(missing)))
        start, end = parse(query["interval.startTime"][0]), parse(query["interval.endTime"][0])
        period = int(query["aggregation.alignmentPeriod"][0].rstrip("s"))
        points = sorted(((int(k), v) for k, v in scenario["points"].items() if start <= int(k) < end), reverse=True)
        size = scenario.get("page_size", 2)
        page = int(query.get("pageToken", ["page-0"])[0].split("-")[1])
        chunk = points[page * size:(page + 1) * size]
        series = {
            "metric": {"type": "serviceruntime.googleapis.com/quota/rate/net_usage"},
            "resource": {"type": "consumer_quota", "labels": {"project_id": project, "service": "gmail.googleapis.com"}},
            "metricKind": "DELTA", "valueType": "INT64",
            "points": [{"interval": {"startTime": rfc3339(t), "endTime": rfc3339(t + period)}, "value": {"int64Value": str(v)}}
                       for t, v in chunk],
        }
        body = {"timeSeries": [series] if chunk else [], "unit": "1"}
        if (page + 1) * size < len(points):
            body["nextPageToken"] = "page-%d" % (page + 1)
        return self.answer(200, body)


server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
server.daemon_threads = True
print("listening %d" % server.server_address[1], flush=True)
server.serve_forever()
