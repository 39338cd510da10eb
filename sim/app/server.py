"""Start the workshop page: Solara's Starlette app under uvicorn, on this machine by default.

Settings are made before Solara is imported because Solara reads them from the environment at
import: production mode (no development reloader, and no version-check iframe that would call
out to the internet), telemetry off (these machines reach no analytics service; nothing about a
workshop should leave the room), and the page's title.
"""

from __future__ import annotations

import os
import socket
import threading
import warnings
import webbrowser

#: The app Solara serves: ``module:component``.
APP = "sim.app.page:Page"
DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8765


class ServeError(RuntimeError):
    """The page cannot be served (the port is taken, the host does not resolve)."""


def _check_free(host: str, port: int) -> None:
    try:
        with socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET) as sock:
            # As uvicorn does: a port left in TIME_WAIT by a server just stopped is free.
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            sock.bind((host, port))
    except OSError as err:
        raise ServeError(
            f"cannot serve on {host}:{port}: {err.strerror or err}; choose another --port"
        ) from None


def serve(host: str = DEFAULT_HOST, port: int = DEFAULT_PORT, open_browser: bool = True) -> None:
    """Serve the workshop page until interrupted, printing its address first.

    Args:
        host: Interface to listen on (the default serves this machine only).
        port: TCP port.
        open_browser: Open the page in the default browser once the server is up.

    Raises:
        ServeError: when the address cannot be bound.
    """
    _check_free(host, port)
    os.environ.setdefault("SOLARA_TELEMETRY_MIXPANEL_ENABLE", "False")
    os.environ.setdefault("SOLARA_THEME_SHOW_BANNER", "False")
    os.environ.setdefault("SOLARA_THEME_TITLE", "mentorsim workshop")
    os.environ["SOLARA_APP"] = APP
    os.environ["SERVER_NAME"] = host
    os.environ["SERVER_PORT"] = str(port)
    import uvicorn
    from solara.server import settings

    # Solara warns on every page load that a session cookie over plain http on localhost
    # falls back to SameSite=Lax; that is the right behaviour here and only floods the terminal.
    warnings.filterwarnings("ignore", message="Cookies with samesite=none")
    settings.main.mode = "production"
    shown = f"[{host}]" if ":" in host else host
    url = f"http://{shown}:{port}/"
    print(f"mentorsim workshop app: {url}  (Ctrl+C stops it)", flush=True)
    # Compile the model now, while the page shows its progress, not at the room's first Step.
    from sim.app.warmup import WARMUP

    WARMUP.start(report=True)
    if open_browser:
        threading.Timer(2.0, webbrowser.open, args=(url,)).start()
    uvicorn.run("solara.server.starlette:app", host=host, port=port, log_level="warning")
