"""A fake OpenAI-compatible chat endpoint: a real HTTP server on 127.0.0.1 that records what it was sent.

Set ``server.behaviour`` to one of BEHAVIOURS and ``server.answer`` to the text it should return.
"""

from __future__ import annotations

import contextlib
import json
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest

BEHAVIOURS = ("answer", "error", "slow", "refuse", "filtered", "garbage")
SLOW_SECONDS = 2.0  # longer than the timeouts tests give the client


class FakeLLM:
    def __init__(self) -> None:
        self.behaviour = "answer"
        self.answer = "A summary written by the fake model."
        self.requests: list[tuple[dict[str, str], dict[str, Any]]] = []  # (headers, JSON body)
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True)

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self._server.server_address[1]}/v1"

    def __enter__(self) -> FakeLLM:
        self._thread.start()
        return self

    def __exit__(self, *_: object) -> None:
        self._server.shutdown()
        self._server.server_close()

    def reply(self) -> tuple[int, bytes]:
        if self.behaviour == "error":
            return 500, b'{"error": {"message": "overloaded"}}'
        if self.behaviour == "garbage":
            return 200, b"<html>not json</html>"
        if self.behaviour == "slow":
            time.sleep(SLOW_SECONDS)
        message: dict[str, Any] = {"role": "assistant", "content": self.answer, "refusal": None}
        finish = "stop"
        if self.behaviour == "refuse":
            message = {"role": "assistant", "content": None, "refusal": "I can't help with that."}
        if self.behaviour == "filtered":
            finish = "content_filter"
        body = {
            "id": "chatcmpl-1",
            "object": "chat.completion",
            "choices": [{"index": 0, "message": message, "finish_reason": finish}],
        }
        return 200, json.dumps(body).encode()

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length", "0"))
                payload = json.loads(self.rfile.read(length) or b"{}")
                fake.requests.append((dict(self.headers), payload))
                status, body = fake.reply() if self.path == "/v1/chat/completions" else (404, b"{}")
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                with contextlib.suppress(BrokenPipeError, ConnectionResetError):  # the client gave up on a slow answer
                    self.wfile.write(body)

            def log_message(self, *_: object) -> None:
                pass

        return Handler


@pytest.fixture
def fake_llm() -> Iterator[FakeLLM]:
    with FakeLLM() as server:
        yield server
