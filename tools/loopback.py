"""Serve a folder on 127.0.0.1 and find a Chromium: shared by the browser tests
(tests/browser/conftest.py) and the benchmark (benchmarks/pages.py).

``serve(folder, compress=True)`` gzips text as static hosts do (the page-budget
test and the Lighthouse benchmark measure what a reader's phone downloads).

``chromium_path()`` is Debian's ``chromium``, else Playwright's own Chromium
(``python -m playwright install chromium``); with neither it raises one line
naming both ways to install one.  The rule is the ``pdf`` command's
(:func:`spasm_course.frontends.pdf.find_chromium`), so the tests, the benchmark
and the PDFs find the same browser.

It knows nothing of pytest, so both can import it: they put this folder on
``sys.path`` and ``import loopback``.
"""

from __future__ import annotations

import functools
import gzip
import os
import threading
from contextlib import contextmanager
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from io import BytesIO
from pathlib import Path

from spasm_course.frontends.pdf import ChromiumNotFound, find_chromium  # noqa: F401  (the one finder)

#: Headless Chromium in a container, with nothing that reaches the network on its own.
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, *args):  # keep test and benchmark output readable
        pass


#: Content types sent gzip-compressed by ``serve(..., compress=True)``.
COMPRESSIBLE = ("text/", "application/javascript", "application/json", "image/svg+xml", "application/xml")


class _GzipHandler(_QuietHandler):
    """Text gzip-compressed (level 6, as nginx and GitHub Pages do) when the request accepts
    gzip, with Content-Length and ``Vary: Accept-Encoding``, over HTTP/1.1 keep-alive."""

    protocol_version = "HTTP/1.1"
    _cache: dict[tuple[str, float], bytes] = {}

    def send_head(self):
        path = self.translate_path(self.path)
        if os.path.isdir(path):
            index = os.path.join(path, "index.html")
            if not (self.path.split("?", 1)[0].endswith("/") and os.path.exists(index)):
                return super().send_head()
            path = index
        ctype = self.guess_type(path)
        if not (os.path.isfile(path) and ctype.startswith(COMPRESSIBLE)
                and "gzip" in self.headers.get("Accept-Encoding", "")):
            return super().send_head()
        key = (path, os.path.getmtime(path))
        body = self._cache.get(key)
        if body is None:
            body = self._cache[key] = gzip.compress(Path(path).read_bytes(), compresslevel=6, mtime=0)
        self.send_response(200)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Vary", "Accept-Encoding")
        self.end_headers()
        return BytesIO(body)


@contextmanager
def serve(directory: Path, compress: bool = False):
    """Serve ``directory`` on 127.0.0.1 at a free port, in a thread; yields the base URL.

    ``compress``: send text gzip-compressed, as static hosts do."""
    handler = functools.partial(_GzipHandler if compress else _QuietHandler, directory=str(directory))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


def chromium_path(playwright=None) -> str:
    """Debian's ``chromium`` on the PATH, else Playwright's own Chromium; else ``ChromiumNotFound``
    (one line naming ``apt-get install chromium`` and ``python -m playwright install chromium``).

    ``playwright``: a started ``sync_playwright()`` to ask (else one is started if needed)."""
    return find_chromium(("chromium",), playwright)
