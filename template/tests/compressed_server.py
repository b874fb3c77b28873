"""Serves a built site gzip-compressed, as a static host does: `python tests/compressed_server.py _build/html`."""

import argparse
import contextlib
import functools
import gzip
import http.server
import io
import threading
from pathlib import Path
from urllib.parse import urlsplit

# What hosts compress: text. Images and fonts are compressed already.
COMPRESSIBLE = {"text/html", "text/css", "text/javascript", "text/plain", "text/xml", "image/svg+xml"}
COMPRESSIBLE_SUFFIXES = {".js", ".json", ".atom", ".bib", ".xml", ".svg", ".txt"}


class CompressingHandler(http.server.SimpleHTTPRequestHandler):
    """Python's file server, gzip-compressing text for a client that accepts it."""

    # Compressed once per file and version: Lighthouse loads the same scripts and styles on every page.
    compressed_cache: dict[tuple[Path, int], bytes] = {}

    def log_message(self, *args):
        pass

    def send_head(self):
        path = Path(self.translate_path(self.path))
        if path.is_dir() and urlsplit(self.path).path.endswith("/"):
            path = path / "index.html"
        compressible = self.guess_type(str(path)) in COMPRESSIBLE or path.suffix in COMPRESSIBLE_SUFFIXES
        if not (path.is_file() and compressible and "gzip" in self.headers.get("Accept-Encoding", "")):
            return super().send_head()  # as Python serves it: folders' redirects, 404s, images
        key = (path, path.stat().st_mtime_ns)
        if key not in self.compressed_cache:
            self.compressed_cache[key] = gzip.compress(path.read_bytes(), compresslevel=6)
        body = self.compressed_cache[key]
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Vary", "Accept-Encoding")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        return io.BytesIO(body)


@contextlib.contextmanager
def serving(directory: Path, port: int = 0):
    """The folder on http://127.0.0.1:<port>/ (any free port by default), until the block ends."""
    handler = functools.partial(CompressingHandler, directory=str(directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", port), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("directory", type=Path, nargs="?", default=Path("_build/html"))
    parser.add_argument("--port", type=int, default=8000)
    options = parser.parse_args()
    with serving(options.directory, options.port) as url:
        print(f"Serving {options.directory} on {url} (Ctrl-C stops)")
        with contextlib.suppress(KeyboardInterrupt):
            threading.Event().wait()


if __name__ == "__main__":
    main()
