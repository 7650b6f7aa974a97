"""One HTTP GET with every bound a daily unattended run needs.

- a deadline for the whole attempt (connect, headers and body), not only
  between bytes: a server that trickles a byte a second cannot hold a run;
- a cap on the answer's size, read in chunks and stopped past the cap, so a
  huge answer never fills memory or `data/raw/`;
- redirects followed only within the same origin (scheme, host and port): an
  answer never comes from a site other than the one asked.

Errors are `Refused` (asking again would get the same: a 4xx, a redirect
elsewhere, a too-large answer) or `Transient` (worth another attempt: 429,
5xx, network failures, the deadline). Messages are short phrases; the caller
adds the day and address.
"""
from __future__ import annotations

import http.client
import socket
import threading
import urllib.error
import urllib.request
from urllib.parse import urlsplit

CHUNK = 64 * 1024


class Refused(Exception):
    """A failure that another attempt would not fix."""


class Transient(Exception):
    """A failure worth another attempt: why, and the server's Retry-After."""

    def __init__(self, why: str, retry_after: str | None = None):
        super().__init__(why)
        self.why = why
        self.retry_after = retry_after


def size_text(n: int) -> str:
    if n >= 1024 * 1024 and n % (1024 * 1024) == 0:
        return f"{n // (1024 * 1024)} MiB"
    if n >= 1024 and n % 1024 == 0:
        return f"{n // 1024} KiB"
    return f"{n} bytes"


def origin(url: str) -> tuple[str, str, int | None]:
    parts = urlsplit(url)
    port = parts.port or {"http": 80, "https": 443}.get(parts.scheme)
    return parts.scheme, (parts.hostname or "").lower(), port


class _Watch:
    """Shuts the connection's socket when the deadline passes: a blocked read
    then returns at once, wherever it is (headers or body)."""

    def __init__(self, deadline: float):
        self.expired = False
        self._sock: socket.socket | None = None
        self._lock = threading.Lock()
        self._timer = threading.Timer(deadline, self._expire)
        self._timer.daemon = True

    def __enter__(self):
        self._timer.start()
        return self

    def __exit__(self, *exc):
        self._timer.cancel()

    def attach(self, sock: socket.socket) -> None:
        with self._lock:
            self._sock = sock
            if self.expired:
                _shut(sock)

    def _expire(self) -> None:
        with self._lock:
            self.expired = True
            if self._sock is not None:
                _shut(self._sock)


def _shut(sock: socket.socket) -> None:
    try:
        sock.shutdown(socket.SHUT_RDWR)
    except OSError:
        pass


def _watched(base: type, watch: _Watch) -> type:
    class Connection(base):
        def connect(self):
            super().connect()
            watch.attach(self.sock)
    return Connection


class _HTTP(urllib.request.HTTPHandler):
    def __init__(self, watch: _Watch):
        super().__init__()
        self.watch = watch

    def http_open(self, req):
        return self.do_open(_watched(http.client.HTTPConnection, self.watch), req)


class _HTTPS(urllib.request.HTTPSHandler):
    def __init__(self, watch: _Watch):
        super().__init__()
        self.watch = watch

    def https_open(self, req):
        return self.do_open(_watched(http.client.HTTPSConnection, self.watch), req, context=self._context)


class _SameOrigin(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, req, fp, code, msg, headers, newurl):
        if origin(newurl) != origin(req.full_url):
            raise Refused(f"HTTP {code} redirected it to another site ({newurl}); only redirects within "
                          f"{urlsplit(req.full_url).scheme}://{urlsplit(req.full_url).netloc} are followed")
        return super().redirect_request(req, fp, code, msg, headers, newurl)


def get(url: str, *, headers: dict[str, str], timeout: float, deadline: float, max_bytes: int) -> bytes:
    """The body of a 2xx answer to GET `url`. `timeout`: seconds without a
    byte; `deadline`: seconds for the whole attempt; `max_bytes`: the largest
    body accepted."""
    request = urllib.request.Request(url, headers=headers)
    with _Watch(deadline) as watch:
        # Environment proxies (https_proxy, ...) still apply, as with urlopen.
        opener = urllib.request.build_opener(_HTTP(watch), _HTTPS(watch), _SameOrigin())
        try:
            with opener.open(request, timeout=timeout) as response:
                return _read(response, max_bytes, watch, deadline)
        except (Refused, Transient):
            raise
        except urllib.error.HTTPError as exc:
            with exc:
                status = f"HTTP {exc.code} {exc.reason}".rstrip()
                if exc.code == 429 or 500 <= exc.code <= 599:
                    raise Transient(status, exc.headers.get("Retry-After")) from None
                raise Refused(status) from None
        except Exception as exc:  # noqa: BLE001 - every network failure is named below
            if watch.expired:
                raise Transient(f"no complete answer within {deadline:g} s (the deadline)") from None
            raise Transient(_network_why(exc, timeout)) from None


def _read(response, max_bytes: int, watch: _Watch, deadline: float) -> bytes:
    declared = response.headers.get("Content-Length")
    if declared and declared.strip().isdigit() and int(declared) > max_bytes:
        raise Refused(f"the answer is {int(declared):,} bytes, more than the {size_text(max_bytes)} accepted")
    chunks, size = [], 0
    while True:
        chunk = response.read(CHUNK)
        if watch.expired:
            raise Transient(f"no complete answer within {deadline:g} s (the deadline)")
        if not chunk:
            # http.client's read(n) ends quietly when the server hangs up
            # before its Content-Length: what is left says so.
            missing = getattr(response, "length", None)
            if missing:
                raise Transient(f"the answer was cut short ({size} of {size + missing} bytes)")
            return b"".join(chunks)
        size += len(chunk)
        if size > max_bytes:
            raise Refused(f"the answer passed the {size_text(max_bytes)} accepted; stopped reading it")
        chunks.append(chunk)


def _network_why(exc: BaseException, timeout: float) -> str:
    if isinstance(exc, urllib.error.URLError) and not isinstance(exc.reason, str):
        exc = exc.reason
    if isinstance(exc, http.client.IncompleteRead):
        expected = f" of {len(exc.partial) + exc.expected}" if exc.expected is not None else ""
        return f"the answer was cut short ({len(exc.partial)}{expected} bytes)"
    if isinstance(exc, (TimeoutError, socket.timeout)):
        return f"no answer within {timeout:g} s"
    if isinstance(exc, (ConnectionError, http.client.HTTPException)):
        return f"the connection failed ({exc.__class__.__name__})"
    if isinstance(exc, OSError):
        return f"no connection ({exc})"
    if isinstance(exc, urllib.error.URLError):
        return f"no connection ({exc.reason})"
    return f"the request failed ({exc.__class__.__name__}: {exc})"
