#!/usr/bin/env python3
"""Ringledger API helper for scripts/test-kamailio.sh (standard library only).

  rl_api.py setup BASE SLUG          -> prints shell assignments (eval them)
  rl_api.py cdrs BASE SLUG TOKEN     -> prints the tenant's CDRs as JSON lines
  rl_api.py customer BASE SLUG TOKEN ID -> prints the customer's balance
  rl_api.py authorize BASE KEY JSON  -> prints the authorize answer
  rl_api.py count BASE SLUG TOKEN CALL_ID -> how many CDRs carry CALL_ID
  rl_api.py suspend BASE SLUG TOKEN ID -> suspends the customer (staff)
  rl_api.py check BASE SLUG TOKEN SPEC.json -> PASS/FAIL lines; exit 1 on a FAIL

BASE is http://127.0.0.1:PORT; SLUG the tenant's portal slug (sent as the
Host header `{slug}.localhost:PORT`, like the e2e tests do).
"""
import json
from decimal import ROUND_HALF_UP, Decimal
import sys
import urllib.error
import urllib.request
from urllib.parse import urlparse

PASSWORD = "correct horse battery"

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


def setup(base, slug):
    must(call(base, None, "POST", "/tenants", {
        "company_name": "Kamailio Test " + slug, "slug": slug,
        "email": "owner@%s.test" % slug, "password": PASSWORD,
        "currency": "GBP", "country": "GB"}), 201, "tenant sign-up")
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
    # B: a PINless ANI and 0.01 GBP: the connect fee alone is 0.01 and one
    # second 0.01 more, so even the shortest call (1 s = 0.02) is refused.
    customer("Bob", [{"kind": "pinless", "plan_id": plans["pinless"], "anis": ["441632960002"]}], "0.01")
    # C: a PINless ANI and 0.07 GBP: 0.01 + 0.01 * 6 = 0.07, so 6 seconds.
    c = customer("Carol", [{"kind": "pinless", "plan_id": plans["pinless"], "anis": ["441632960003"]}], "0.07")
    out = {
        "RL_TOKEN": token, "RL_KEY": key, "SIP_USER": sip["username"], "SIP_PASS": sip["password"],
        "CUST_A": a["id"], "CUST_C": c["id"],
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


def suspend(base, slug, token, customer_id):
    must(call(base, slug, "POST", "/customers/%s/suspend" % customer_id, {}, token), 200,
         "suspending the customer")


if __name__ == "__main__":
    cmd, args = sys.argv[1], sys.argv[2:]
    {"setup": setup, "cdrs": cdrs, "customers": customers, "authorize": authorize,
     "count": count, "check": check, "suspend": suspend}[cmd](*args)
