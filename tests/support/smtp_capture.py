"""A real SMTP server on loopback for the mail tests (aiosmtpd, Debian's python3-aiosmtpd).

Usage: smtp_capture.py DIR [--refuse N]

Listens on 127.0.0.1 on a free port and prints the port on the first line of stdout. Every
message it accepts is written whole (headers and body as received) to DIR/NNNN.eml, written to
a temporary name and renamed, so a reader never sees half a message. With --refuse N, the
first N messages are refused at DATA with a temporary failure (451), as a server that is
briefly unable to take mail does. It stops when its stdin closes (the test ended or died).
"""

import argparse
import asyncio
import os
import socket
import sys

from aiosmtpd.smtp import SMTP


class Capture:
    def __init__(self, folder, refuse):
        self.folder = folder
        self.refuse = refuse
        self.count = 0

    async def handle_DATA(self, server, session, envelope):
        if self.refuse > 0:
            self.refuse -= 1
            return "451 4.3.0 Mailbox busy, try again later"
        self.count += 1
        path = os.path.join(self.folder, "%04d.eml" % self.count)
        content = envelope.original_content or envelope.content
        if isinstance(content, str):
            content = content.encode("utf-8")
        with open(path + ".tmp", "wb") as out:
            out.write(b"X-Envelope-To: " + ", ".join(envelope.rcpt_tos).encode() + b"\r\n")
            out.write(content)
        os.rename(path + ".tmp", path)
        return "250 OK"


async def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("folder")
    parser.add_argument("--refuse", type=int, default=0)
    args = parser.parse_args()
    handler = Capture(args.folder, args.refuse)
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind(("127.0.0.1", 0))
    loop = asyncio.get_running_loop()
    server = await loop.create_server(lambda: SMTP(handler, hostname="capture.test"), sock=sock)
    print(sock.getsockname()[1], flush=True)
    # Ends when the test closes stdin (or dies).
    await loop.run_in_executor(None, sys.stdin.read)
    server.close()


if __name__ == "__main__":
    asyncio.run(main())
