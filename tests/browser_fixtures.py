"""Browser fixtures shared by the browser tests (registered in conftest.py):
static servers for built sites, one headless Debian Chromium per session, and
pages watched for dialogs, errors and requests that leave the local server.

CI installs Chromium with `scripts/run.sh test` (apt package `chromium`);
when it is missing these tests fail, they never download a browser.
"""
from __future__ import annotations

import functools
import http.server
import re
import threading
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # noqa: A002 - the base class's name
        pass


@pytest.fixture(scope="session")
def serve():
    """serve(folder) -> base URL ("http://127.0.0.1:PORT/") of a static server for folder."""
    servers = []

    def start(root: Path) -> str:
        handler = functools.partial(_QuietHandler, directory=str(root))
        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        server.daemon_threads = True
        threading.Thread(target=server.serve_forever, name=f"http {root}", daemon=True).start()
        servers.append(server)
        return f"http://127.0.0.1:{server.server_address[1]}/"

    yield start
    for server in servers:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="session")
def sample_url(sample_site, serve) -> str:
    return serve(sample_site.root)


@pytest.fixture(scope="session")
def hostile_url(hostile_site, serve) -> str:
    return serve(hostile_site.root)


@pytest.fixture(scope="session")
def chromium():
    """One headless Debian Chromium for the whole session."""
    if not CHROMIUM.is_file():
        pytest.fail(f"{CHROMIUM} is missing: install Debian's chromium (apt-get install chromium, "
                    "or scripts/run.sh test); the browser tests never download a browser", pytrace=False)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


class Watched:
    """A page plus what it did that it should not: dialogs, errors, requests off the local server."""

    def __init__(self, context, base: str) -> None:
        self.base = base
        self.dialogs: list[str] = []
        self.errors: list[str] = []
        self.external: list[str] = []
        local = re.compile(r"^(?!" + re.escape(base.rstrip("/")) + r"(/|$))")
        context.route(local, self._abort)
        self.page = context.new_page()
        self.page.set_default_timeout(10_000)
        self.page.on("dialog", self._dialog)
        self.page.on("console", lambda msg: msg.type == "error" and self.errors.append(f"console: {msg.text}"))
        self.page.on("pageerror", lambda exc: self.errors.append(f"pageerror: {exc}"))

    def _abort(self, route) -> None:
        self.external.append(route.request.url)
        route.abort()

    def _dialog(self, dialog) -> None:
        self.dialogs.append(f"{dialog.type}: {dialog.message}")
        dialog.dismiss()

    def goto(self, path: str) -> None:
        response = self.page.goto(urljoin(self.base, path), wait_until="load")
        assert response is not None and response.ok, (path, response and response.status)

    @property
    def path(self) -> str:
        return urlsplit(self.page.url).path

    def text(self, selector: str) -> str:
        """The rendered text of the first match, without permalink marks, whitespace collapsed."""
        return " ".join(self.page.locator(selector).first.inner_text().replace("¶", "").split())

    def assert_clean(self) -> None:
        assert (self.dialogs, self.errors, self.external) == ([], [], [])


@pytest.fixture
def browse(chromium):
    """browse(base_url, **context_options) -> a Watched page in a fresh context."""
    contexts = []

    def open_page(base: str, **options) -> Watched:
        context = chromium.new_context(**{"color_scheme": "light", **options})
        contexts.append(context)
        return Watched(context, base)

    yield open_page
    for context in contexts:
        context.close()


