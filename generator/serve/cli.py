"""The `paper-archive serve` command's body (logging, address, errors) and its run."""
from __future__ import annotations

import signal
from pathlib import Path

import click

from .logs import log_to_stderr


def _interrupt(signum, frame) -> None:
    raise KeyboardInterrupt


def run(root: Path, dev_addr: str) -> None:
    host, _, port = dev_addr.rpartition(":")
    if not host or not port.isdigit():
        raise click.BadParameter(f"{dev_addr!r} is not HOST:PORT", param_hint="--dev-addr")
    log_to_stderr()
    # Stopped as by Ctrl-C (the next start reuses what it leaves) on SIGINT even
    # when started from a background job, which ignores it, and on SIGTERM (kill).
    signal.signal(signal.SIGINT, signal.default_int_handler)
    signal.signal(signal.SIGTERM, _interrupt)
    try:
        serve(root, host, int(port))
    except OSError as exc:
        raise click.ClickException(f"cannot serve on {dev_addr}: {exc.strerror or exc}") from None


def serve(root: Path, host: str, port: int, work: Path | None = None) -> None:
    """Serve at once (pages say the site is being built), start, serve until
    Ctrl-C, and leave the next start a build to reuse."""
    from .httpd import Server
    from .preview import Preview, log

    preview = Preview(root, work)
    server = Server((host, port), preview.site_dir, preview.state)  # a port in use fails here, before any work
    preview.state.starting = True
    server.start()
    log.info("paper-archive serve: serving on http://%s:%d/ (Ctrl-C to stop)", host, server.server_address[1])
    try:
        preview.start()
        preview.state.publish(starting=False)  # pages opened during the start reload now
        preview.start_loop()
        while preview.loop_thread.is_alive():
            preview.loop_thread.join(0.5)
    except KeyboardInterrupt:
        pass
    finally:
        server.shutdown()
        server.server_close()
        if preview.loop_thread is not None:
            log.info("paper-archive serve: stopping (waiting for background work to finish) ...")
            preview.stop()
