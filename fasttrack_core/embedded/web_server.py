"""The web app served from a thread of another process (`fasttrack up`), stopped on request."""

from __future__ import annotations

import socket
import threading
import time
from dataclasses import dataclass

import uvicorn
from fastapi import FastAPI

START_TIMEOUT_S = 30
PORTS_TRIED = 20


def port_taken(host: str, port: int) -> bool:
    with socket.socket() as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
        except OSError:
            return True
    return False


def first_free_port(host: str, wanted: int) -> int:
    """`wanted`, or the next port after it that nothing listens on."""
    for port in range(wanted, wanted + PORTS_TRIED):
        if not port_taken(host, port):
            return port
    raise RuntimeError(f"portene {wanted}-{wanted + PORTS_TRIED - 1} er alle optaget")


@dataclass
class WebServer:
    server: uvicorn.Server
    thread: threading.Thread
    url: str

    def stop(self) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=10)


def start_web(app: FastAPI, host: str, port: int) -> WebServer:
    """Serve `app` with Uvicorn in a daemon thread; return once it listens."""
    server = uvicorn.Server(uvicorn.Config(app, host=host, port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, name="fasttrack-web", daemon=True)
    thread.start()
    deadline = time.monotonic() + START_TIMEOUT_S
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            server.should_exit = True
            raise RuntimeError(f"webløsningen startede ikke på port {port}")
        time.sleep(0.05)
    return WebServer(server, thread, f"http://{host}:{port}")
