"""The write reference: a plain SQLite loop that commits (and syncs) each row alone, WAL and
synchronous=FULL like the server. Prints rows per second."""
import os
import sqlite3
import sys
import tempfile
import time

seconds = float(sys.argv[1]) if len(sys.argv) > 1 else 5
with tempfile.TemporaryDirectory() as d:
    db = sqlite3.connect(os.path.join(d, "loop.db"), isolation_level=None)
    db.execute("PRAGMA journal_mode=WAL")
    db.execute("PRAGMA synchronous=FULL")
    db.execute("CREATE TABLE rsvps (meeting_id INTEGER, person_id INTEGER, response TEXT, PRIMARY KEY (meeting_id, person_id))")
    n, start = 0, time.monotonic()
    while time.monotonic() - start < seconds:
        db.execute("BEGIN IMMEDIATE")
        db.execute("INSERT INTO rsvps VALUES (1, ?, 'yes') ON CONFLICT DO UPDATE SET response = excluded.response", (n % 1000,))
        db.execute("COMMIT")
        n += 1
    print(f"{n / (time.monotonic() - start):.1f}")
