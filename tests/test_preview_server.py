"""The preview server bounds its clients: a connection that trickles is shut at its
lifetime, and connections past MAX_CLIENTS are closed unanswered."""

from __future__ import annotations

import socket
import time

import pytest

from briefing.builder.preview import Preview, PreviewHandler, QuietServer, serve


@pytest.fixture
def server(tmp_path, monkeypatch):
    """A preview server on a free port, its limits shortened: 1 s a connection, 2 at once."""
    monkeypatch.setattr(PreviewHandler, "lifetime", 1.0)
    monkeypatch.setattr(QuietServer, "MAX_CLIENTS", 2)
    running = serve(Preview({}, tmp_path), 0)
    yield running.server_address[1]
    running.shutdown()
    running.server_close()


def closed_within(connection: socket.socket, seconds: float) -> bool:
    """Tell whether the server closes a connection within `seconds` (it reads end of file)."""
    connection.settimeout(seconds)
    try:
        return connection.recv(1) == b""
    except (TimeoutError, socket.timeout):
        return False
    except ConnectionResetError:
        return True


def test_a_client_that_trickles_a_byte_at_a_time_is_shut_at_the_lifetime(server):
    client = socket.create_connection(("127.0.0.1", server))
    started = time.monotonic()
    for byte in b"GET / HT":  # one byte every 0.2 s: never idle, never done
        try:
            client.send(bytes([byte]))
        except OSError:
            break
        if closed_within(client, 0.2):
            break
    else:
        assert closed_within(client, 2.0)
    assert time.monotonic() - started < 3.0
    client.close()


def test_a_client_past_the_limit_is_closed_unanswered(server):
    held = [socket.create_connection(("127.0.0.1", server)) for _ in range(2)]
    time.sleep(0.2)  # both are being served (and wait for their request)
    third = socket.create_connection(("127.0.0.1", server))
    assert closed_within(third, 0.5)
    for connection in held + [third]:
        connection.close()


def test_a_request_within_the_limits_is_answered(server):
    client = socket.create_connection(("127.0.0.1", server))
    client.sendall(f"GET / HTTP/1.0\r\nHost: 127.0.0.1:{server}\r\n\r\n".encode())
    client.settimeout(5)
    assert client.recv(12) == b"HTTP/1.0 200"
    client.close()
