#!/usr/bin/python3
"""Crash test: concurrent check-ins, `kill -9` at a random moment, restart, and check that every
acknowledged (2xx) check-in is there and `PRAGMA integrity_check` says ok. Repeats ROUNDS times.

usage: tests/bench/crash.py [--rounds N] [--binary build/sanaksme]
Loopback only; every round is bounded in time and stops by itself.
"""
import argparse
import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request


def start(binary, db):
    proc = subprocess.Popen([binary, "serve", "--db", db, "--listen", "127.0.0.1:0", "--threads", "4", "--quiet",
                             "--scheduler", "false"], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    line = proc.stdout.readline().decode()
    return proc, int(line.rsplit(":", 1)[1])


def call(port, token, method, path, body=None):
    req = urllib.request.Request(f"http://127.0.0.1:{port}{path}", method=method,
                                 data=json.dumps(body).encode() if body is not None else None,
                                 headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"})
    with urllib.request.urlopen(req, timeout=5) as r:
        return r.status, json.loads(r.read() or b"null")


def one_round(binary, workdir, n):
    db = os.path.join(workdir, f"crash-{n}.db")
    subprocess.run([binary, "demo", "--db", db], check=True, stdout=subprocess.DEVNULL)
    token = subprocess.run([binary, "token", "create", "--db", db, "--role", "coordinator", "--name", "crash"],
                           check=True, capture_output=True).stdout.decode().strip()
    proc, port = start(binary, db)
    acknowledged, lock, stop = [], threading.Lock(), threading.Event()

    def worker(w):
        i = 0
        while not stop.is_set():
            name = f"walk-in {n}-{w}-{i}"
            i += 1
            try:
                status, _ = call(port, token, "POST", "/api/v1/meetings/2/attendance", {"name": name})
                if status == 201:
                    with lock:
                        acknowledged.append(name)
            except (urllib.error.URLError, ConnectionError, OSError):
                return  # the server is gone

    threads = [threading.Thread(target=worker, args=(w,)) for w in range(8)]
    for t in threads:
        t.start()
    time.sleep(random.uniform(0.2, 1.5))
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    stop.set()
    for t in threads:
        t.join()

    proc, port = start(binary, db)
    try:
        _, attendance = call(port, token, "GET", "/api/v1/meetings/2/attendance")
    finally:
        proc.send_signal(signal.SIGTERM)
        proc.wait(timeout=15)
    present = {item["name"] for item in attendance["items"]}
    lost = [a for a in acknowledged if a not in present]
    integrity = sqlite3.connect(db).execute("PRAGMA integrity_check").fetchone()[0]
    return len(acknowledged), lost, integrity


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--rounds", type=int, default=20)
    ap.add_argument("--binary", default=os.path.join(os.path.dirname(__file__), "../../build/sanaksme"))
    args = ap.parse_args()
    total, failures = 0, 0
    with tempfile.TemporaryDirectory() as workdir:
        for n in range(args.rounds):
            acked, lost, integrity = one_round(os.path.abspath(args.binary), workdir, n)
            total += acked
            ok = not lost and integrity == "ok"
            failures += not ok
            print(f"round {n + 1:3d}: {acked:5d} acknowledged, {len(lost)} lost, integrity {integrity}"
                  + ("" if ok else "  <-- FAILED"), flush=True)
    print(f"{args.rounds - failures} passed, {failures} failed  ({total} acknowledged check-ins in all)")
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
