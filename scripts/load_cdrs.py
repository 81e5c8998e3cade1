#!/usr/bin/env python3
"""Load script for issues 5 and 23: CDR ingestion over HTTP into PostgreSQL, printed
beside a raw `COPY` of the same rows into a copy of the table measured in the
same run. Driven by scripts/load-cdrs.sh (which starts the server); asserts
nothing, prints numbers: CDRs/s and, from each answer's `Server-Timing`
header, where a batch's time went on the server (parse, lock, rate, write,
commit).

Environment: BASE (http://127.0.0.1:PORT), HOST (tenant host), KEY (switch
key), USERS (comma-separated SIP usernames), DB (database name), TOTAL,
BATCH, PARALLEL.
"""
import json
import os
import random
import subprocess
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor

base, host, key = os.environ["BASE"], os.environ["HOST"], os.environ["KEY"]
users = os.environ["USERS"].split(",")
db = os.environ["DB"]
total = int(os.environ.get("TOTAL", "300000"))
batch = int(os.environ.get("BATCH", "10000"))
parallel = int(os.environ.get("PARALLEL", "2"))

rng = random.Random(5)
bodies = []
for b in range(total // batch):
    records = [
        {
            "call_id": f"load-{b}-{i}",
            "service": "sip",
            "sip_username": rng.choice(users),
            "destination": f"{rng.choice(['1', '44', '49', '33', '61'])}{rng.randrange(10**8, 10**9)}",
            "start_time": f"2026-11-{1 + (i % 25):02d}T{i % 24:02d}:{i % 60:02d}:00Z",
            "duration_secs": rng.randrange(0, 900),
            "media": "audio",
        }
        for i in range(batch)
    ]
    bodies.append(json.dumps(records).encode())


def post(body):
    req = urllib.request.Request(
        f"{base}/api/v1/cdrs",
        data=body,
        method="POST",
        headers={"Host": host, "Authorization": f"Bearer {key}", "Content-Type": "application/json"},
    )
    with urllib.request.urlopen(req, timeout=600) as res:
        answer = json.loads(res.read())
        answer["phases"] = phases_of(res.headers.get("Server-Timing", ""))
        return answer


PHASES = ["parse", "lock", "rate", "write", "commit"]


def phases_of(header):
    """`parse;dur=4.1, lock;dur=9.0, …` (milliseconds) as a dict."""
    out = {}
    for part in header.split(","):
        name, _, dur = part.strip().partition(";dur=")
        if name and dur:
            out[name] = float(dur)
    return out


t0 = time.perf_counter()
with ThreadPoolExecutor(parallel) as pool:
    answers = list(pool.map(post, bodies))
http_secs = time.perf_counter() - t0
accepted = sum(a["accepted"] for a in answers)
rejected = sum(len(a["rejected"]) for a in answers)
print(f"HTTP ingest: {accepted + rejected} CDRs ({accepted} rated, {rejected} rejected) "
      f"in {len(bodies)} batches of {batch}, {parallel} at a time: {http_secs:.2f} s "
      f"= {(accepted + rejected) / http_secs:,.0f} CDRs/s")

timed = [a["phases"] for a in answers if a["phases"]]
if timed:
    print(f"server-side phases per batch (mean / max ms over {len(timed)} batches):")
    totals = {p: sum(t.get(p, 0.0) for t in timed) for p in PHASES}
    whole = sum(totals.values()) or 1.0
    for p in PHASES:
        values = [t.get(p, 0.0) for t in timed]
        print(f"  {p:<7}{totals[p] / len(timed):9.1f}{max(values):9.1f}   {100 * totals[p] / whole:3.0f} %")

again = post(bodies[0])
print(f"re-posting a batch: {again['duplicates']} duplicates, {again['accepted']} accepted")

psql = ["psql", "-h", "127.0.0.1", "-U", "postgres", "-d", db, "-qAt", "-v", "ON_ERROR_STOP=1"]
subprocess.run(psql + ["-c", "DROP TABLE IF EXISTS cdrs_copy; CREATE TABLE cdrs_copy (LIKE cdrs INCLUDING ALL)"], check=True)
dump = "/tmp/ringledger-cdrs-copy.csv"
subprocess.run(psql + ["-c", f"\\copy (SELECT * FROM cdrs) TO '{dump}' WITH (FORMAT csv)"], check=True)
t0 = time.perf_counter()
subprocess.run(psql + ["-c", f"\\copy cdrs_copy FROM '{dump}' WITH (FORMAT csv)"], check=True)
copy_secs = time.perf_counter() - t0
rows = int(subprocess.run(psql + ["-c", "SELECT count(*) FROM cdrs_copy"], check=True,
                          capture_output=True, text=True).stdout.strip())
os.remove(dump)
print(f"raw COPY of the same rows: {rows} rows in {copy_secs:.2f} s = {rows / copy_secs:,.0f} rows/s")
print(f"HTTP ingest is {100 * (accepted + rejected) / http_secs / (rows / copy_secs):.0f} % of raw COPY")
