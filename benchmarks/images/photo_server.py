"""A small static HTTP server for the benchmark: one asyncio thread, keep-alive
connections and sendfile, so serving the photos costs little CPU next to the engines
being measured, however many connections they open.

    python photo_server.py <port> <directory>
"""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path
from urllib.parse import unquote, urlsplit


async def handle(root: Path, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
    loop = asyncio.get_running_loop()
    try:
        while True:
            request = await reader.readline()
            if not request:
                return
            while (await reader.readline()) not in (b"\r\n", b"\n", b""):
                pass  # headers: nothing in them matters here
            parts = request.decode("latin-1").split()
            path = (root / unquote(urlsplit(parts[1]).path).lstrip("/")).resolve()
            if len(parts) < 2 or root not in path.parents or not path.is_file():
                writer.write(b"HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n")
                await writer.drain()
                continue
            size = path.stat().st_size
            writer.write(f"HTTP/1.1 200 OK\r\nContent-Type: image/jpeg\r\n"
                         f"Content-Length: {size}\r\n\r\n".encode())
            await writer.drain()
            with open(path, "rb") as file:
                await loop.sendfile(writer.transport, file)
    except (ConnectionError, asyncio.IncompleteReadError):
        pass
    finally:
        writer.close()


async def serve(port: int, root: Path) -> None:
    server = await asyncio.start_server(lambda r, w: handle(root, r, w), "127.0.0.1", port,
                                        backlog=1024)
    async with server:
        await server.serve_forever()


if __name__ == "__main__":
    asyncio.run(serve(int(sys.argv[1]), Path(sys.argv[2]).resolve()))
