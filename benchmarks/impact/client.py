"""A minimal HTTP/1.1 keep-alive client on asyncio streams, light enough to share the CPU.

The load generator must leave the server the CPU it measures: one event loop, raw requests
written by hand, responses read by Content-Length. It understands only what the survey
endpoint answers (JSON bodies with a Content-Length, "Connection: close" honoured).
"""

import asyncio


class ConnectionLost(Exception):
    """The connection broke before a whole response came back."""


class Response:
    __slots__ = ("status", "headers", "body")

    def __init__(self, status: int, headers: dict[str, str], body: bytes):
        self.status = status
        self.headers = headers
        self.body = body


class Connection:
    def __init__(self, host: str, port: int, *, timeout: float = 30.0):
        self.host = host
        self.port = port
        self.timeout = timeout
        self.reader: asyncio.StreamReader | None = None
        self.writer: asyncio.StreamWriter | None = None
        self.opened_at = 0.0  # event-loop time the current connection was opened

    async def _open(self) -> None:
        self.reader, self.writer = await asyncio.wait_for(
            asyncio.open_connection(self.host, self.port), self.timeout
        )
        self.opened_at = asyncio.get_running_loop().time()

    def close(self) -> None:
        if self.writer is not None:
            self.writer.close()
        self.reader = self.writer = None

    async def request(self, method: str, path: str, body: bytes = b"") -> Response:
        """Send one request; any network failure closes the connection and raises
        ConnectionLost (the caller decides whether to send it again)."""
        try:
            if self.writer is None:
                await self._open()
            head = (
                f"{method} {path} HTTP/1.1\r\nHost: {self.host}:{self.port}\r\n"
                f"Content-Type: application/json\r\nContent-Length: {len(body)}\r\n"
                "Accept: application/json\r\n\r\n"
            ).encode("ascii")
            self.writer.write(head + body)
            return await asyncio.wait_for(self._read_response(), self.timeout)
        except (OSError, EOFError, asyncio.IncompleteReadError, TimeoutError, ValueError) as exc:
            self.close()
            raise ConnectionLost(str(exc) or type(exc).__name__) from exc

    async def _read_response(self) -> Response:
        raw = await self.reader.readuntil(b"\r\n\r\n")
        lines = raw.decode("latin-1").split("\r\n")
        status = int(lines[0].split(" ", 2)[1])
        headers = {}
        for line in lines[1:]:
            if ":" in line:
                name, _, value = line.partition(":")
                headers[name.strip().lower()] = value.strip()
        if "content-length" in headers:
            length = int(headers["content-length"])
            body = await self.reader.readexactly(length) if length else b""
        elif headers.get("transfer-encoding", "").lower() == "chunked":
            body = await self._read_chunks()
        else:  # the body runs to the end of the connection
            body = await self.reader.read()
            headers["connection"] = "close"
        if headers.get("connection", "").lower() == "close":
            self.close()
        return Response(status, headers, body)

    async def _read_chunks(self) -> bytes:
        parts = []
        while True:
            size = int((await self.reader.readuntil(b"\r\n")).split(b";")[0], 16)
            if size == 0:
                await self.reader.readuntil(b"\r\n")  # no trailers are sent
                return b"".join(parts)
            parts.append(await self.reader.readexactly(size))
            await self.reader.readexactly(2)
