"""Holds many idle connections to a server and reports what they cost it.
Half never send a byte; half send a request line and some headers and then stop (a slow or
half-sent request). Prints one JSON line: connections held, the server's resident memory
before and with them, the bytes per connection, and how many got the connection cap's 503
instead. Then keeps them open until stdin closes (the caller runs its load meanwhile).
usage: idle.py PORT PID COUNT"""
import json
import socket
import sys
import time

port, pid, count = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])


def rss_kb():
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0


before = rss_kb()
held, refused = [], 0
for i in range(count):
    s = socket.create_connection(("127.0.0.1", port))
    if i % 2:
        s.sendall(b"GET /api/v1/meetings/1 HTTP/1.1\r\nHost: bench\r\nUser-Agent: slow\r\n")
    held.append(s)
time.sleep(1.0)
# A connection over the cap was answered at once with 503 and closed.
for s in held:
    s.setblocking(False)
    try:
        data = s.recv(64)
        if data.startswith(b"HTTP/1.1 503"):
            refused += 1
    except BlockingIOError:
        pass
with_idle = rss_kb()
kept = count - refused
print(json.dumps({"connections": kept, "refused_503": refused, "rss_before_kb": before, "rss_with_idle_kb": with_idle,
                  "bytes_per_connection": round((with_idle - before) * 1024 / max(kept, 1))}), flush=True)
sys.stdin.read()
for s in held:
    s.close()
