"""Sends messages over LMTP with Python's smtplib.LMTP and prints every answer as JSON.

usage: lmtp_send.py PORT|SOCKET-PATH TRANSACTIONS.json
  [{"from": "a@b", "to": ["x@y", …], "file": "message.eml", "size_option": false, "new_connection": false}, …]
prints [{"mail": [code, text], "rcpt": [[code, text], …], "data": [[code, text] per accepted recipient]}, …]
  {"idle_seconds": N} instead: connects, reads the greeting, stays silent N seconds and prints
  {"closed": true|false} (whether the server closed the connection meanwhile).
"""
import json
import smtplib
import socket
import sys
import time


def text(b):
    return b.decode("utf-8", "replace") if isinstance(b, bytes) else str(b)


def connect(where):
    if where.startswith("/"):
        return smtplib.LMTP(where, timeout=120)
    return smtplib.LMTP("127.0.0.1", int(where), timeout=120)


def idle(where, seconds):
    conn = connect(where)
    time.sleep(seconds)
    conn.sock.settimeout(5)
    try:
        closed = conn.sock.recv(1) == b""
    except ConnectionResetError:
        closed = True
    except socket.timeout:
        closed = False
    print(json.dumps({"closed": closed}))


def main():
    where = sys.argv[1]
    with open(sys.argv[2]) as f:
        transactions = json.load(f)
    if isinstance(transactions, dict):
        return idle(where, transactions["idle_seconds"])
    results = []
    conn = None
    for t in transactions:
        if conn is None or t.get("new_connection"):
            if conn is not None:
                conn.quit()
            conn = connect(where)
            conn.ehlo()  # LHLO (smtplib.LMTP.ehlo_msg)
        with open(t["file"], "rb") as f:
            data = f.read()
        r = {}
        options = ["SIZE=%d" % len(data)] if t.get("size_option") else []
        code, msg = conn.mail(t["from"], options)
        r["mail"] = [code, text(msg)]
        if code != 250:
            conn.rset()
            results.append(r)
            continue
        r["rcpt"] = []
        accepted = 0
        for to in t["to"]:
            code, msg = conn.rcpt(to)
            r["rcpt"].append([code, text(msg)])
            accepted += code == 250
        if accepted == 0:
            conn.rset()
            results.append(r)
            continue
        # LMTP: one answer per accepted recipient after the data (smtplib reads the first).
        code, msg = conn.data(data)
        r["data"] = [[code, text(msg)]]
        for _ in range(accepted - 1):
            code, msg = conn.getreply()
            r["data"].append([code, text(msg)])
        results.append(r)
    noop = conn.noop()
    conn.quit()
    print(json.dumps({"results": results, "noop_after": noop[0]}))


if __name__ == "__main__":
    main()
