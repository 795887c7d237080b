"""A static file server on 127.0.0.1 that gzips text as static hosts do (tests and benchmarks).

``serve(folder)`` starts ``ThreadingHTTPServer`` on a free port in a thread and
returns ``(server, base_url)``; ``server.shutdown()`` stops it.  With
``compress=True`` (the default) a text response (HTML, CSS, JS, JSON, SVG, text)
goes out gzip-compressed when the request accepts gzip, with Content-Length
and ``Vary: Accept-Encoding``, over HTTP/1.1 keep-alive, as GitHub Pages and
most hosts serve it.  Everything else is sent as ``http.server`` sends it.
"""

from __future__ import annotations

import functools
import gzip
import os
import threading
from io import BytesIO
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

COMPRESSIBLE = ("text/", "application/javascript", "application/json", "image/svg+xml", "application/xml")


class QuietHandler(SimpleHTTPRequestHandler):
    """``http.server``'s handler, HTTP/1.1 keep-alive, without a log line per request."""

    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass


class GzipHandler(QuietHandler):
    """Sends text gzip-compressed (level 6, like nginx's and Pages' default), cached per file."""

    _cache: dict[tuple[str, float], bytes] = {}

    def send_head(self):
        path = self.translate_path(self.path)
        if os.path.isdir(path):
            index = os.path.join(path, "index.html")
            if self.path.split("?", 1)[0].endswith("/") and os.path.exists(index):
                path = index
            else:
                return super().send_head()
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


def serve(folder: Path, compress: bool = True):
    """Serve ``folder`` on 127.0.0.1 at a free port; returns (server, base URL)."""
    handler = functools.partial(GzipHandler if compress else QuietHandler, directory=str(folder))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_port}/"
