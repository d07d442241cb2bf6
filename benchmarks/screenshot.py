"""Regenerates docs/screenshot-home.png, the README's picture of the home page.

    python benchmarks/screenshot.py [--out docs/screenshot-home.png] [--dark]

Builds the sample archive (digests/) with `mkdocs build --strict` into a
temporary folder, serves it on 127.0.0.1, and takes a 1280x800 screenshot of
the home page with Debian's Chromium (/usr/bin/chromium) through Playwright;
no browser is downloaded, and requests off the local server are blocked.
"""
from __future__ import annotations

import argparse
import functools
import http.server
import os
import re
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]
VIEWPORT = {"width": 1280, "height": 800}


def build(out: Path, digests: Path) -> None:
    command = [sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet",
               "-f", str(ROOT / "mkdocs.yml"), "-d", str(out)]
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "DIGESTS_DIR": str(digests.resolve())}
    run = subprocess.run(command, capture_output=True, text=True, env=env, cwd=out.parent)
    if run.returncode != 0:
        sys.exit(f"mkdocs build --strict failed:\n{run.stdout}{run.stderr}")


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # noqa: A002 - the base class's name
        pass


def screenshot(site: Path, out: Path, dark: bool) -> None:
    from playwright.sync_api import sync_playwright

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(QuietHandler, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}/"
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
            context = browser.new_context(viewport=VIEWPORT, device_scale_factor=1,
                                          color_scheme="dark" if dark else "light")
            context.route(re.compile(r"^(?!" + re.escape(base) + ")"), lambda route: route.abort())
            page = context.new_page()
            page.goto(base, wait_until="networkidle")
            page.evaluate("document.fonts.ready")
            out.parent.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(out), full_page=False)
            browser.close()
    finally:
        server.shutdown()
        server.server_close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshot-home.png")
    parser.add_argument("--digests", type=Path, default=ROOT / "digests")
    parser.add_argument("--dark", action="store_true", help="the slate (dark) palette")
    args = parser.parse_args()
    if not CHROMIUM.is_file():
        sys.exit(f"{CHROMIUM} is missing: apt-get install chromium")
    with tempfile.TemporaryDirectory(prefix="screenshot-") as tmp:
        site = Path(tmp) / "site"
        build(site, args.digests)
        screenshot(site, args.out, args.dark)
    print(f"wrote {args.out} ({VIEWPORT['width']}x{VIEWPORT['height']})")


if __name__ == "__main__":
    main()
