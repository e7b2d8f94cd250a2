"""A real SMTP server for tests (aiosmtpd): each message received becomes DIR/<n>.eml.

usage: smtp_sink.py PORT DIR   (prints "ready" once it listens; stops on SIGTERM)
"""
import asyncio
import os
import signal
import sys

from aiosmtpd.controller import Controller


class Sink:
    def __init__(self, directory):
        self.directory = directory
        self.count = 0

    async def handle_DATA(self, server, session, envelope):
        self.count += 1
        path = os.path.join(self.directory, f"{self.count:05d}.eml")
        with open(path + ".tmp", "wb") as f:
            f.write(b"X-Envelope-To: " + ",".join(envelope.rcpt_tos).encode() + b"\r\n")
            f.write(b"X-Envelope-From: " + (envelope.mail_from or "").encode() + b"\r\n")
            f.write(envelope.original_content)
        os.rename(path + ".tmp", path)
        return "250 OK"


def main():
    port, directory = int(sys.argv[1]), sys.argv[2]
    os.makedirs(directory, exist_ok=True)
    # Diagnostics go next to the mail directory; the test reads stdout only for "ready".
    sys.stderr = open(os.environ.get("SANAKSME_SINK_LOG", os.devnull), "a", buffering=1)
    controller = Controller(Sink(directory), hostname="127.0.0.1", port=port)
    controller.start()
    # One write, then stdout goes to /dev/null: the test closes its end once it has read this.
    os.write(1, b"ready\n")
    os.dup2(os.open(os.devnull, os.O_WRONLY), 1)
    signal.sigwait({signal.SIGTERM, signal.SIGINT})
    controller.stop()


if __name__ == "__main__":
    signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGTERM, signal.SIGINT})
    main()
