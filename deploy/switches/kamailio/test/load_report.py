#!/usr/bin/env python3
"""One row of scripts/load-kamailio.sh's table, from one rate's files.

  load_report.py STEP_DIR RATE TOTAL PREFIX T0 T1 KAM_TICKS RL_TICKS HZ
                 SPOOL_MAX SPOOL_LEFT CHECK

STEP_DIR holds SIPp's files for the step: stat.csv (-trace_stat),
*_rtt.csv (-trace_rtt: rtd 1 = INVITE->200, rtd 2 = BYE->200), answered.log
(-trace_logs: "ANSWERED <Call-ID>" per answered call), and cdrs.txt (the
tenant's CDRs whose Call-ID starts with PREFIX: "<call_id> <status>" each).
With CHECK=1 it prints the failures and exits 1 unless every answered call
has exactly one CDR, no CDR lacks an answered call, and no refused call
(Call-ID PREFIX-refused-…) has a CDR. Standard library only.
"""
import collections
import csv
import glob
import os
import sys


def percentile(values, p):
    if not values:
        return None
    values = sorted(values)
    k = max(0, min(len(values) - 1, int(round(p / 100.0 * len(values) + 0.5)) - 1))
    return values[k]


def last_stat_row(path):
    """The last row of a SIPp -trace_stat file, as a dict."""
    try:
        with open(path, newline="") as f:
            rows = list(csv.reader(f, delimiter=";"))
    except OSError:
        return {}
    if len(rows) < 2:
        return {}
    return dict(zip(rows[0], rows[-1]))


def rtds(step):
    """Response times in ms per rtd number, from SIPp's *_rtt.csv files."""
    out = collections.defaultdict(list)
    for path in glob.glob(os.path.join(step, "*_rtt.csv")):
        with open(path) as f:
            for line in f:
                parts = line.strip().split(";")
                # date_ms;response_time_ms;rtd_no (a header line starts with "Date")
                if len(parts) < 3 or not parts[1].replace(".", "", 1).isdigit():
                    continue
                out[parts[2].strip()].append(float(parts[1]))
    return out


def main():
    (step, rate, total, prefix, t0, t1, kam_ticks, rl_ticks, hz,
     spool_max, spool_left, check) = sys.argv[1:13]
    wall = float(t1) - float(t0)
    hz = float(hz)
    stat = last_stat_row(os.path.join(step, "stat.csv"))
    ok = int(stat.get("SuccessfulCall(C)", "0") or 0)
    created = int(stat.get("OutgoingCall(C)", stat.get("TotalCallCreated", "0")) or 0)
    success = 100.0 * ok / int(total) if int(total) else 0.0

    answered = set()
    try:
        with open(os.path.join(step, "answered.log")) as f:
            for line in f:
                if line.startswith("ANSWERED "):
                    answered.add(line.split()[1])
    except OSError:
        pass
    cdrs = collections.Counter()
    refused_cdrs = []
    try:
        with open(os.path.join(step, "cdrs.txt")) as f:
            for line in f:
                cid = line.split()[0]
                if cid.startswith(prefix + "refused-"):
                    refused_cdrs.append(cid)
                else:
                    cdrs[cid] += 1
    except OSError:
        pass
    missing = sorted(answered - set(cdrs))
    # a missing call whose CDR still waits in the spool is late, not lost
    spooled = set()
    try:
        import sqlite3
        db = sqlite3.connect(os.path.join(os.path.dirname(step.rstrip("/")), "spool.sqlite"), timeout=10)
        spooled = {str(r[0]) for r in db.execute(
            "SELECT CAST(call_id AS TEXT) FROM cdr_spool WHERE CAST(call_id AS TEXT) LIKE ?", (prefix + "%",))}
    except Exception:  # noqa: BLE001 - the table row is still worth printing
        pass
    late = [c for c in missing if c in spooled]
    dup = sorted(c for c, n in cdrs.items() if n > 1)
    unanswered = sorted(set(cdrs) - answered)

    r = rtds(step)

    def pp(key):
        v = r.get(key, [])
        if not v:
            return "-"
        return "%.0f/%.0f" % (percentile(v, 50), percentile(v, 99))

    def cpu(ticks):
        return "%.0f%%" % (100.0 * int(ticks) / hz / wall) if wall > 0 else "-"

    print("%-7s %-8s %-9s %-17s %-17s %-8s %-8s %-6s %-9s %-7s %-7s %-5s %s" % (
        rate, "%d/%d" % (created, int(total)), "%.2f%%" % success, pp("1"), pp("2"),
        cpu(kam_ticks), cpu(rl_ticks), "%s/%s" % (spool_max, spool_left),
        len(answered), sum(cdrs.values()), len(missing), len(dup), len(unanswered)))
    if late:
        print("        (%d of the %d missing still wait in the spool: late, not lost)" % (len(late), len(missing)))
    if check != "1":
        return 0
    problems = []
    if not answered:
        problems.append("no call was answered")
    if missing:
        problems.append("%d answered calls have no CDR, e.g. %s" % (len(missing), missing[:3]))
    if dup:
        problems.append("%d calls have more than one CDR, e.g. %s" % (len(dup), dup[:3]))
    if unanswered:
        problems.append("%d CDRs of calls the caller never saw answered, e.g. %s" % (len(unanswered), unanswered[:3]))
    if refused_cdrs:
        problems.append("%d refused calls have a CDR, e.g. %s" % (len(refused_cdrs), refused_cdrs[:3]))
    refused = last_stat_row(os.path.join(step, "stat-refused.csv"))
    if int(refused.get("SuccessfulCall(C)", "0") or 0) == 0:
        problems.append("the refused calls did not run (see sipp-refused.log)")
    if spool_left != "0":
        problems.append("the spool still holds %s CDRs" % spool_left)
    for p in problems:
        print("FAIL  " + p)
    if not problems:
        print("PASS  %d answered calls, %d CDRs, each call exactly once; %s refused calls, no CDR"
              % (len(answered), sum(cdrs.values()), refused.get("SuccessfulCall(C)")))
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
