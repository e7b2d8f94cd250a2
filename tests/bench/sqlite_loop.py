"""The write reference: a plain SQLite loop that commits (and syncs) each row alone, WAL and
synchronous=FULL like the server. Prints rows per second.

Every commit must change bytes on a page: SQLite skips writing a row whose new content equals
the old one, and a transaction that wrote no page commits without a sync. (An earlier version
of this loop rewrote identical rows and so measured ~100k "commits" a second with no fsync.)"""
import os
import sqlite3
import sys
import tempfile
import time

seconds = float(sys.argv[1]) if len(sys.argv) > 1 else 5
with tempfile.TemporaryDirectory(dir=os.environ.get("BENCH_DIR")) as d:
    db = sqlite3.connect(os.path.join(d, "loop.db"), isolation_level=None)
    db.execute("PRAGMA journal_mode=WAL")
    db.execute("PRAGMA synchronous=FULL")
    db.execute("CREATE TABLE rsvps (meeting_id INTEGER, person_id INTEGER, response TEXT, seq INTEGER,"
               " PRIMARY KEY (meeting_id, person_id))")
    n, start = 0, time.monotonic()
    while time.monotonic() - start < seconds:
        db.execute("BEGIN IMMEDIATE")
        db.execute("INSERT INTO rsvps VALUES (1, ?, 'yes', ?)"
                   " ON CONFLICT DO UPDATE SET response = excluded.response, seq = excluded.seq",
                   (n % 1000, n))
        db.execute("COMMIT")
        n += 1
    print(f"{n / (time.monotonic() - start):.1f}")
