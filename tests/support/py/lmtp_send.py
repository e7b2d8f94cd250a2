"""Sends messages over LMTP with Python's smtplib.LMTP and prints every answer as JSON.

usage: lmtp_send.py PORT TRANSACTIONS.json
  [{"from": "a@b", "to": ["x@y", …], "file": "message.eml", "size_option": false, "new_connection": false}, …]
prints [{"mail": [code, text], "rcpt": [[code, text], …], "data": [[code, text] per accepted recipient]}, …]
"""
import json
import smtplib
import sys


def text(b):
    return b.decode("utf-8", "replace") if isinstance(b, bytes) else str(b)


def main():
    port = int(sys.argv[1])
    with open(sys.argv[2]) as f:
        transactions = json.load(f)
    results = []
    conn = None
    for t in transactions:
        if conn is None or t.get("new_connection"):
            if conn is not None:
                conn.quit()
            conn = smtplib.LMTP("127.0.0.1", port, timeout=120)
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
