"""A local stand-in for the daily-papers API on 127.0.0.1, paging like the real one.

`record(day, items)` keeps a day's items; a request `?date=YYYY-MM-DD&limit=N&p=K`
gets page K of them, `limit` items a page (default 50, at most 100), with a
`Link: <…>; rel="next"` header while more remain, compact JSON like the API's.
`?week=YYYY-Www` and `?month=YYYY-MM` answer the recorded days of that ISO week
or month, oldest day first, paged the same way. `answer(day, *responses)` scripts
raw (status, headers, body) answers for a day instead, one per request; a day
with neither is a 404."""
from __future__ import annotations

import datetime as dt
import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlencode, urlsplit

DEFAULT_LIMIT, MAX_LIMIT = 50, 100


class Replay(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), ReplayHandler)
        self.script: dict[str, list[tuple[int, dict[str, str], bytes]]] = {}
        self.days: dict[str, list[dict]] = {}
        self.requests: list[str] = []  # the date (or week, month) of each request
        self.queries: list[dict[str, str]] = []
        self.delay = 0.0  # seconds before answering
        self.trickle = 0.0  # seconds between each 16 bytes of a body

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}/api/daily_papers"

    def handle_error(self, request: object, client_address: object) -> None:
        pass  # a client that hangs up before the answer (a timeout test) is not a failure

    def answer(self, day: str, *responses: tuple[int, dict[str, str], bytes]) -> None:
        self.script.setdefault(day, []).extend(responses)

    def record(self, day: str, items: list) -> None:
        self.days[day] = list(items)

    def items_for(self, query: dict[str, str]) -> list | None:
        if "date" in query:
            return self.days.get(query["date"])
        if "week" in query:
            year, week = query["week"].split("-W")
            days = [dt.date.fromisocalendar(int(year), int(week), d).isoformat() for d in range(1, 8)]
        elif "month" in query:
            first = dt.date.fromisoformat(query["month"] + "-01")
            days = [(first + dt.timedelta(days=n)).isoformat() for n in range(31)
                    if (first + dt.timedelta(days=n)).month == first.month]
        else:
            return None
        return [item for day in days for item in self.days.get(day, [])]


class ReplayHandler(BaseHTTPRequestHandler):
    server: Replay

    def do_GET(self) -> None:  # noqa: N802 (http.server's name)
        query = {k: v[0] for k, v in parse_qs(urlsplit(self.path).query).items()}
        asked = query.get("date") or query.get("week") or query.get("month") or ""
        self.server.requests.append(asked)
        self.server.queries.append(query)
        time.sleep(self.server.delay)
        script = self.server.script.get(asked)
        items = self.server.items_for(query)
        if script:
            self.send(*script.pop(0))
        elif items is not None:
            self.send_page(query, items)
        else:
            self.send(404, {}, b'{"error":"no recording"}')

    def send_page(self, query: dict[str, str], items: list) -> None:
        limit = min(int(query.get("limit", DEFAULT_LIMIT)), MAX_LIMIT)
        page = int(query.get("p", 0))
        chunk = items[page * limit:(page + 1) * limit]
        headers = {}
        if (page + 1) * limit < len(items):
            following = urlencode({**query, "p": page + 1})
            headers["Link"] = f'<{self.server.url}?{following}>; rel="next"'
        self.send(200, headers, json.dumps(chunk, ensure_ascii=False, separators=(",", ":")).encode("utf-8"))

    def send(self, status: int, headers: dict[str, str], body: bytes) -> None:
        self.send_response(status)
        for name, value in {"Content-Type": "application/json", **headers}.items():
            self.send_header(name, value)
        if "Content-Length" not in headers:
            self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if not self.server.trickle:
            self.wfile.write(body)
            return
        for start in range(0, len(body), 16):
            self.wfile.write(body[start:start + 16])
            self.wfile.flush()
            time.sleep(self.server.trickle)

    def log_message(self, *args: object) -> None:
        pass


def serve():
    server = Replay()
    thread = threading.Thread(target=server.serve_forever, args=(0.01,), daemon=True)
    thread.start()
    return server


def stop(server: Replay) -> None:
    server.shutdown()
    server.server_close()
