#!/usr/bin/env python3
"""Ringledger API helper for scripts/test-kamailio.sh (standard library only).

  rl_api.py setup BASE SLUG          -> prints shell assignments (eval them)
  rl_api.py cdrs BASE SLUG TOKEN     -> prints the tenant's CDRs as JSON lines
  rl_api.py customer BASE SLUG TOKEN ID -> prints the customer's balance
  rl_api.py authorize BASE KEY JSON  -> prints the authorize answer
  rl_api.py count BASE SLUG TOKEN CALL_ID -> how many CDRs carry CALL_ID
  rl_api.py suspend BASE SLUG TOKEN ID -> suspends the customer (staff)
  rl_api.py chain BASE SLUG TOKEN CALL_ID CUSTOMER WHOLESALE -> PASS/FAIL lines
      for a call of the reseller's customer: both levels debited at their price
  rl_api.py check BASE SLUG TOKEN SPEC.json -> PASS/FAIL lines; exit 1 on a FAIL
  rl_api.py load-setup BASE SLUG TOKEN N -> creates N PINless customers for the
      load runs (scripts/load-kamailio.sh) and prints their ANIs as a SIPp
      injection file
  rl_api.py call-ids BASE SLUG TOKEN PREFIX [SINCE] -> the Call-IDs of the
      tenant's CDRs that start with PREFIX (and started at or after SINCE, a
      Unix time), one line per CDR (a duplicate shows twice)

BASE is http://127.0.0.1:PORT; SLUG the tenant's portal slug (sent as the
Host header `{slug}.localhost:PORT`, like the e2e tests do).
"""
import csv
import datetime
import glob
import io
import json
import os
from decimal import ROUND_HALF_UP, Decimal
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from urllib.parse import urlparse

PASSWORD = "correct horse battery"
# The operator's number given to Alice's phone (an inbound call rings it).
DID = "442071234567"

# The rate deck of the test (PRODUCT.md rating rules): UK at 0.60/min with a
# connect fee of 0.01 and 1/1 increments, so a call of d answered seconds
# costs exactly 0.01 + 0.01 * d.
DECK = (
    "prefix,destination,rate_per_minute,connect_fee,initial_increment,subsequent_increment\n"
    "44,UK,0.60,0.01,1,1\n"
)


def call(base, slug, method, path, body=None, token=None, ctype="application/json"):
    port = urlparse(base).port
    headers = {"Host": "%s.localhost:%d" % (slug, port) if slug else "localhost:%d" % port}
    data = None
    if body is not None:
        data = body.encode() if isinstance(body, str) else json.dumps(body).encode()
        headers["Content-Type"] = ctype
    if token:
        headers["Authorization"] = "Bearer " + token
    req = urllib.request.Request(base + "/api/v1" + path, data=data, headers=headers, method=method)
    try:
        with urllib.request.urlopen(req, timeout=20) as r:
            return r.status, json.loads(r.read() or b"null")
    except urllib.error.HTTPError as e:
        return e.code, e.read().decode(errors="replace")


def must(res, want, what):
    status, body = res
    if status != want:
        sys.exit("setup failed: %s answered %s: %s" % (what, status, body))
    return body


def owner_token(slug):
    """The token of the owner's verification e-mail, from the server's mail
    files under $RL_DATA_DIR (the test's server writes e-mails to files)."""
    mail_dir = os.path.join(os.environ.get("RL_DATA_DIR", ""), "mail")
    for _ in range(150):
        for path in glob.glob(os.path.join(mail_dir, "*.eml")):
            with open(path, encoding="utf-8", errors="replace") as f:
                text = f.read().replace("=\r\n", "").replace("=\n", "").replace("=3D", "=")
            if "owner@%s.test" % slug in text and "for=staff&token=" in text:
                return text.split("for=staff&token=")[1].split()[0]
        time.sleep(0.1)
    sys.exit("setup failed: no verification e-mail for owner@%s.test in %s" % (slug, mail_dir))


def setup(base, slug):
    must(call(base, None, "POST", "/tenants", {
        "company_name": "Kamailio Test " + slug, "slug": slug,
        "email": "owner@%s.test" % slug, "password": PASSWORD,
        "currency": "GBP", "country": "GB"}), 201, "tenant sign-up")
    # The owner confirms the e-mail: only then may the console create resellers.
    must(call(base, slug, "POST", "/auth/verify-email", {"token": owner_token(slug)}),
         200, "owner e-mail verification")
    token = must(call(base, slug, "POST", "/auth/login",
                      {"email": "owner@%s.test" % slug, "password": PASSWORD}), 200, "login")["access_token"]
    deck = must(call(base, slug, "POST", "/rate-decks/import?name=UK&currency=GBP", DECK, token,
                     "text/csv"), 201, "deck import")["deck"]["id"]
    plans = {}
    for kind in ("sip", "pinless"):
        plans[kind] = must(call(base, slug, "POST", "/plans",
                                {"name": "Test " + kind, "service_kind": kind, "deck_id": deck}, token),
                           201, "plan " + kind)["id"]
    key = must(call(base, slug, "POST", "/switch-keys", {"name": "kamailio test"}, token),
               201, "switch key")["key"]

    def customer(name, services, balance):
        c = must(call(base, slug, "POST", "/customers", {
            "name": name, "email": "%s@%s.test" % (name.lower(), slug), "password": PASSWORD,
            "services": services}, token), 201, "customer " + name)["customer"]
        must(call(base, slug, "POST", "/customers/%s/adjustments" % c["id"],
                  {"amount": balance, "reason": "Test top-up"}, token), 201, "top-up " + name)
        return c

    # A: a SIP phone and a PINless ANI, 10.00 GBP.
    a = customer("Alice", [{"kind": "sip", "plan_id": plans["sip"], "anis": []},
                           {"kind": "pinless", "plan_id": plans["pinless"], "anis": ["441632960001"]}],
                 "10.00")
    sip = [s for s in a["services"] if s["kind"] == "sip"][0]
    # One of the operator's numbers, given to Alice's phone: calls to it
    # from the carrier side ring the phone.
    must(call(base, slug, "POST", "/numbers/import",
              "number,country,monthly_fee,setup_fee\n%s,GB,1.00,0\n" % DID, token, "text/csv"),
         200, "number import")
    did = must(call(base, slug, "GET", "/numbers?digits=%s" % DID, None, token), 200, "numbers")["items"][0]
    must(call(base, slug, "POST", "/numbers/%s/status" % did["id"],
              {"status": "assigned", "service_id": sip["id"]}, token), 200, "number to Alice's phone")
    # B: a PINless ANI and 0.01 GBP: the connect fee alone is 0.01 and one
    # second 0.01 more, so even the shortest call (1 s = 0.02) is refused.
    customer("Bob", [{"kind": "pinless", "plan_id": plans["pinless"], "anis": ["441632960002"]}], "0.01")
    # C: a PINless ANI and 0.07 GBP: 0.01 + 0.01 * 6 = 0.07, so 6 seconds.
    c = customer("Carol", [{"kind": "pinless", "plan_id": plans["pinless"], "anis": ["441632960003"]}], "0.07")
    # E: a PINless ANI and 10.00, for the call that goes silent (Alice's
    # money is held by her own calls at the same time).
    customer("Erin", [{"kind": "pinless", "plan_id": plans["pinless"], "anis": ["441632960005"]}], "10.00")
    # F: a PINless ANI, 10.00, and at most one call at once (fraud control).
    f = customer("Frank", [{"kind": "pinless", "plan_id": plans["pinless"], "anis": ["441632960006"]}],
                 "10.00")
    must(call(base, slug, "PUT", "/customers/%s/fraud" % f["id"],
              {"limits": {"service": {"concurrent_calls": 1}}}, token), 200, "Frank's call limit")
    # A reseller (prices +50 %) on a prepaid wholesale account holding 0.05:
    # 4 s at the operator's 0.01 + 0.01/s. Its customer Dan has 10.00 at the
    # reseller's 0.015 + 0.015/s, so the reseller's money limits the call.
    reseller = must(call(base, slug, "POST", "/resellers", {
        "name": "Resold Calls", "slug": "resold", "owner_email": "owner@resold.test",
        "owner_password": PASSWORD, "markup_kind": "percent", "markup_value": "50",
        "account_kind": "prepaid"}, token), 201, "reseller")
    must(call(base, slug, "POST", "/customers/%s/adjustments" % reseller["wholesale"]["customer_id"],
              {"amount": "0.05", "reason": "Test wholesale top-up"}, token), 201, "wholesale top-up")
    r_host = "resold." + slug
    r_token = must(call(base, r_host, "POST", "/auth/login",
                        {"email": "owner@resold.test", "password": PASSWORD}), 200,
                   "reseller login")["access_token"]
    d = must(call(base, r_host, "POST", "/customers", {
        "name": "Dan", "email": "dan@%s.test" % slug, "password": PASSWORD,
        "services": [{"kind": "pinless", "plan_id": plans["pinless"], "anis": ["441632960004"]}]},
        r_token), 201, "reseller's customer Dan")["customer"]
    must(call(base, r_host, "POST", "/customers/%s/adjustments" % d["id"],
              {"amount": "10.00", "reason": "Test top-up"}, r_token), 201, "top-up Dan")
    out = {
        "RL_TOKEN": token, "RL_KEY": key, "SIP_USER": sip["username"], "SIP_PASS": sip["password"],
        "CUST_A": a["id"], "CUST_C": c["id"], "CUST_D": d["id"], "DID": DID,
        "WHOLESALE": reseller["wholesale"]["customer_id"],
    }
    for k, v in out.items():
        print("%s='%s'" % (k, v))


def cdrs(base, slug, token):
    body = must(call(base, slug, "GET", "/cdrs?limit=500", None, token), 200, "cdr list")
    for c in body["items"]:
        print(json.dumps(c))


def customers(base, slug, token):
    body = must(call(base, slug, "GET", "/customers?limit=100", None, token), 200, "customer list")
    items = body["items"] if isinstance(body, dict) else body
    for c in items:
        full = must(call(base, slug, "GET", "/customers/%s" % c["id"], None, token), 200, "customer")
        print("%s %s" % (full["name"], full["account"]["balance"]))


def count(base, slug, token, call_id):
    body = must(call(base, slug, "GET", "/cdrs?limit=500", None, token), 200, "cdr list")
    print(sum(1 for c in body["items"] if c["call_id"] == call_id))


def expected_charge(duration):
    """PRODUCT.md: connect fee + rate * billable / 60, billable = d at 1/1
    increments, rounded once to 4 places half away from zero."""
    if duration <= 0:
        return Decimal("0.0000")
    return (Decimal("0.01") + Decimal("0.60") * duration / 60).quantize(Decimal("0.0001"), ROUND_HALF_UP)


def check(base, slug, token, spec_file):
    """SPEC: {"calls": [{"call_id", "label", "identifier", "min", "max"}],
    "absent": [call ids], "balances": {"Alice": "10.00", ...} (the start
    balance; the charges of the calls of that identifier are taken off)}."""
    spec = json.load(open(spec_file))
    body = must(call(base, slug, "GET", "/cdrs?limit=500", None, token), 200, "cdr list")
    cdrs = body["items"]
    failed = 0

    def result(ok, text):
        nonlocal failed
        print(("PASS  " if ok else "FAIL  ") + text)
        failed += 0 if ok else 1

    spent = {}
    for c in spec["calls"]:
        mine = [r for r in cdrs if r["call_id"] == c["call_id"]]
        result(len(mine) == 1, "%s: exactly one CDR for call %s (found %d)" % (c["label"], c["call_id"], len(mine)))
        if len(mine) != 1:
            continue
        r = mine[0]
        d = r["duration_secs"]
        result(c["min"] <= d <= c["max"], "%s: answered duration %d s within [%d, %d]" % (c["label"], d, c["min"], c["max"]))
        result(r["status"] == "rated" and r["identifier"] == c["identifier"] and r["service_kind"] == c["service"],
               "%s: rated, %s %s (got %s, %s %s)" % (c["label"], c["service"], c["identifier"], r["status"],
                                                  r["service_kind"], r["identifier"]))
        want = expected_charge(d)
        got = Decimal(r["charge"])
        result(got == want and r["billable_secs"] == d,
               "%s: charge %s = 0.01 + 0.60 * %d / 60 (got %s, %d billable s)" % (c["label"], want, d, r["charge"],
                                                                               r["billable_secs"]))
        spent[c["customer"]] = spent.get(c["customer"], Decimal(0)) + got
    for cid in spec.get("absent", []):
        n = sum(1 for r in cdrs if r["call_id"] == cid)
        result(n == 0, "refused call %s left no CDR (found %d)" % (cid, n))
    lst = must(call(base, slug, "GET", "/customers?limit=100", None, token), 200, "customer list")
    items = lst["items"] if isinstance(lst, dict) else lst
    balances = {}
    for c in items:
        full = must(call(base, slug, "GET", "/customers/%s" % c["id"], None, token), 200, "customer")
        balances[full["name"]] = Decimal(str(full["account"]["balance"]))
    for name, start in spec["balances"].items():
        want = Decimal(start) - spent.get(name, Decimal(0))
        got = balances.get(name)
        result(got == want, "%s: balance %s = %s - charges (got %s)" % (name, want, start, got))
    sys.exit(1 if failed else 0)


def authorize(base, key, body):
    status, answer = call(base, None, "POST", "/authorize", body, key)
    print(status, json.dumps(answer))


def chain(base, slug, token, call_id, customer_id, wholesale_id):
    """The reseller's customer pays 0.015 + 0.015/s (the operator's price
    +50 %); the reseller's wholesale account (0.05) pays 0.01 + 0.01/s."""
    body = must(call(base, slug, "GET", "/cdrs?limit=500", None, token), 200, "cdr list")
    mine = [r for r in body["items"] if r["call_id"] == call_id]
    if len(mine) != 1:
        print("FAIL  reseller call: %d CDRs for %s" % (len(mine), call_id))
        sys.exit(1)
    d = mine[0]["duration_secs"]
    q = Decimal("0.0001")
    end = (Decimal("0.015") + Decimal("0.015") * d).quantize(q, ROUND_HALF_UP)
    cost = (Decimal("0.01") + Decimal("0.01") * d).quantize(q, ROUND_HALF_UP)

    def balance(cid):
        full = must(call(base, slug, "GET", "/customers/%s" % cid, None, token), 200, "customer")
        return Decimal(str(full["account"]["balance"]))

    checks = [
        (d == 4, "reseller's customer's call lasted the 4 s the reseller could pay (got %d s)" % d),
        (Decimal(mine[0]["charge"]) == end, "reseller's customer charged %s for %d s (got %s)" % (end, d, mine[0]["charge"])),
        (balance(customer_id) == Decimal("10.00") - end, "reseller's customer balance 10.00 - %s" % end),
        (balance(wholesale_id) == Decimal("0.05") - cost, "reseller's wholesale balance 0.05 - %s (operator's price)" % cost),
    ]
    for ok, text in checks:
        print(("PASS  " if ok else "FAIL  ") + text)
    sys.exit(0 if all(ok for ok, _ in checks) else 1)


def load_setup(base, slug, token, n):
    """N prepaid PINless customers with money for days of calls (ANIs
    4416329700NN); prints the SIPp injection file (SEQUENTIAL, one ANI per line)."""
    n = int(n)
    plan = must(call(base, slug, "POST", "/plans",
                     {"name": "Load pinless", "service_kind": "pinless",
                      "deck_id": must(call(base, slug, "GET", "/rate-decks", None, token), 200,
                                      "rate decks")["items"][0]["id"]}, token),
                201, "load plan")["id"]
    anis = []
    for i in range(n):
        ani = "4416329700%02d" % i
        c = must(call(base, slug, "POST", "/customers", {
            "name": "Load %02d" % i, "email": "load%02d@%s.test" % (i, slug), "password": PASSWORD,
            "services": [{"kind": "pinless", "plan_id": plan, "anis": [ani]}]}, token),
            201, "load customer %d" % i)["customer"]
        must(call(base, slug, "POST", "/customers/%s/adjustments" % c["id"],
                  {"amount": "1000000.00", "reason": "Load test top-up"}, token), 201, "load top-up")
        anis.append(ani)
    print("SEQUENTIAL")
    for ani in anis:
        print(ani)


def call_ids(base, slug, token, prefix, since=None):
    port = urlparse(base).port
    query = ""
    if since:
        # the export holds at most 100,000 rows: ask for this step's only
        at = datetime.datetime.fromtimestamp(float(since) - 5, datetime.timezone.utc)
        query = "?from=" + urllib.parse.quote(at.strftime("%Y-%m-%dT%H:%M:%SZ"))
    req = urllib.request.Request(base + "/api/v1/cdrs/export.csv" + query, headers={
        "Host": "%s.localhost:%d" % (slug, port), "Authorization": "Bearer " + token})
    with urllib.request.urlopen(req, timeout=120) as r:
        n = 0
        for row in csv.DictReader(io.TextIOWrapper(r, encoding="utf-8")):
            n += 1
            if row["call_id"].startswith(prefix):
                print(row["call_id"], row["status"])
    if n >= 100000:
        sys.exit("the CDR export stopped at 100,000 rows: run fewer calls per rate (SECS)")


def suspend(base, slug, token, customer_id):
    must(call(base, slug, "POST", "/customers/%s/suspend" % customer_id, {}, token), 200,
         "suspending the customer")


if __name__ == "__main__":
    cmd, args = sys.argv[1], sys.argv[2:]
    {"setup": setup, "cdrs": cdrs, "customers": customers, "authorize": authorize,
     "count": count, "check": check, "suspend": suspend, "chain": chain,
     "load-setup": load_setup, "call-ids": call_ids}[cmd](*args)
