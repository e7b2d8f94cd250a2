"""Grows a Sanāksme database (already migrated, usually the demo) to the scale of issue #6:
1,000 organizations, 10,000 people, 5,000 meetings and 500,000 attendance rows, plus one
future meeting with all 10,000 people invited (for the reminder run). Prints that meeting's id.
usage: scale.py DB"""
import random
import sqlite3
import sys

rng = random.Random(6)
db = sqlite3.connect(sys.argv[1], isolation_level=None)
db.execute("PRAGMA foreign_keys=ON")
db.execute("BEGIN IMMEDIATE")
now = 1_790_000_000
orgs_before = db.execute("SELECT count(*) FROM organizations").fetchone()[0]
kinds = ["ngo", "public_body", "municipality", "international", "other"]
org_ids = []
for i in range(1000 - orgs_before):
    cur = db.execute(
        "INSERT INTO organizations (name, kind, membership, email, language, joined_on, created_at, updated_at)"
        " VALUES (?, ?, 'member', ?, ?, '2015-01-01', ?, ?)",
        (f"Biedrība Nr. {i:04d} — mērogs", kinds[i % 5], f"org{i}@example.org", "lv" if i % 4 else "en", now, now))
    org_ids.append(cur.lastrowid)
    db.execute("INSERT INTO organization_history (organization_id, membership, active, valid_from)"
               " VALUES (?, 'member', 1, '2015-01-01')", (cur.lastrowid,))
people_before = db.execute("SELECT count(*) FROM people").fetchone()[0]
people = []  # (id, organization_id)
for i in range(10000 - people_before):
    org = org_ids[i % len(org_ids)]
    cur = db.execute(
        "INSERT INTO people (organization_id, name, email, phone, position, language, email_consent, created_at, updated_at)"
        " VALUES (?, ?, ?, ?, 'pārstāvis', ?, 1, ?, ?)",
        (org, f"Pārstāvis {i:05d} Bērziņš", f"p{i}@example.org", f"+3712{i:07d}", "lv" if i % 3 else "en", now, now))
    people.append((cur.lastrowid, org))
meetings_before = db.execute("SELECT count(*) FROM meetings").fetchone()[0]
meeting_ids = []
for i in range(5000 - meetings_before - 1):
    starts = 946_684_800 + i * 86_400 * 2  # every other day from 2000 on
    cur = db.execute(
        "INSERT INTO meetings (title, series, number, starts_at, ends_at, timezone, venue_name, status, language,"
        " created_at, updated_at) VALUES (?, 'mērogs', ?, ?, ?, 'Europe/Riga', 'Rīga', 'held', 'lv', ?, ?)",
        (f"Mēroga sanāksme {i}", i, starts, starts + 7200, now, now))
    meeting_ids.append(cur.lastrowid)
rows = []
for m in meeting_ids:
    for pid, org in rng.sample(people, 100):
        rows.append((m, pid, org, 946_684_800 + m * 60))
db.executemany("INSERT INTO attendance (meeting_id, person_id, organization_id, checked_in_at) VALUES (?, ?, ?, ?)", rows)
cur = db.execute(
    "INSERT INTO meetings (title, series, number, starts_at, ends_at, timezone, venue_name, status, language,"
    " created_at, updated_at) VALUES ('Lielā sanāksme', 'mērogs', 9999, 1925000000, 1925007200, 'Europe/Riga',"
    " 'Rīga', 'scheduled', 'lv', ?, ?)", (now, now))
big = cur.lastrowid
db.execute("INSERT INTO invitations (meeting_id, person_id, organization_id, invited_at)"
           " SELECT ?, id, organization_id, ? FROM people WHERE erased_at IS NULL", (big, now))
db.execute("INSERT INTO invited_organizations (meeting_id, organization_id) SELECT ?, id FROM organizations", (big,))
db.execute("COMMIT")
db.execute("PRAGMA optimize")
print(big)
