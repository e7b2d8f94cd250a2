#!/usr/bin/python3
"""Crash test: concurrent check-ins and RSVPs, `kill -9` at a random moment, restart, and check
that every acknowledged (2xx) write is there and `PRAGMA integrity_check` says ok. Repeats ROUNDS
times. Walk-in check-ins go through the blocking write path; RSVPs through the asynchronous one
(answered from the group commit), where each person's stored answer must be the last one
acknowledged or one sent after it.

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
    _, meeting = call(port, token, "POST", "/api/v1/meetings",
                      {"title": "Crash", "status": "scheduled", "starts_at": "2031-01-10T10:00:00+02:00"})
    call(port, token, "POST", f"/api/v1/meetings/{meeting['id']}/invitations", {})
    _, invited = call(port, token, "GET", f"/api/v1/meetings/{meeting['id']}/invitations?limit=500")
    people = [item["person_id"] for item in invited["items"]]
    answers = {}  # person -> [last acknowledged answer, answers sent since]
    rsvp_acks = []

    def rsvp_worker(w):
        mine = people[w::4]
        i = 0
        while not stop.is_set():
            person = mine[i % len(mine)]
            answer = ("yes", "no", "maybe")[(i // len(mine)) % 3]
            i += 1
            with lock:
                answers.setdefault(person, [None, []])[1].append(answer)
            try:
                status, _ = call(port, token, "PUT", f"/api/v1/meetings/{meeting['id']}/rsvps/{person}",
                                 {"response": answer})
                if status in (200, 201):
                    with lock:
                        answers[person] = [answer, []]
                        rsvp_acks.append(person)
            except (urllib.error.URLError, ConnectionError, OSError):
                return

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
    threads += [threading.Thread(target=rsvp_worker, args=(w,)) for w in range(4)]
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
        _, stored = call(port, token, "GET", f"/api/v1/meetings/{meeting['id']}/rsvps?limit=500")
    finally:
        proc.send_signal(signal.SIGTERM)
        proc.wait(timeout=15)
    present = {item["name"] for item in attendance["items"]}
    lost = [a for a in acknowledged if a not in present]
    now = {item["person_id"]: item["response"] for item in stored["items"]}
    for person, (last, since) in answers.items():
        if last is not None:
            if now.get(person) != last and now.get(person) not in since:
                lost.append(f"rsvp of {person}: stored {now.get(person)}, acknowledged {last}")
    integrity = sqlite3.connect(db).execute("PRAGMA integrity_check").fetchone()[0]
    return len(acknowledged) + len(rsvp_acks), lost, integrity


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
    print(f"{args.rounds - failures} passed, {failures} failed  ({total} acknowledged check-ins and RSVPs in all)")
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
