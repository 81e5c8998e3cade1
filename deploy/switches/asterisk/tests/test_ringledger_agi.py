"""Unit tests of agi/ringledger_agi.py, with a fake Asterisk speaking the AGI
protocol over pipes and a fake Ringledger (http.server on localhost) that
answers like the real one: its JSON shapes, its error envelopes, 5xx,
timeouts.

    python3 -m unittest discover -s deploy/switches/asterisk/tests -v
"""

import contextlib
import errno
import http.server
import io
import json
import os
import shlex
import shutil
import socket
import sys
import tempfile
import threading
import time
import unittest
import urllib.parse
from unittest import mock
import warnings

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "agi"))
import ringledger_agi as rl  # noqa: E402

KEY = "rlk_0123456789abcdef0123456789abcdef_fedcba9876543210fedcba9876543210_s3cr-et_x"

# --------------------------------------------------------------------------
# Fake Ringledger
# --------------------------------------------------------------------------


class FakeRingledger:
    def __init__(self):
        self.reset()
        self.lock = threading.Lock()
        owner = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def log_message(self, *a):
                pass

            def do_GET(self):
                owner.handle(self, "GET")

            def do_POST(self):
                owner.handle(self, "POST")

        class Server(http.server.ThreadingHTTPServer):
            def handle_error(self, request, client_address):
                pass  # a client that gave up (timeout tests) breaks the pipe

        self.server = Server(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.url = "http://127.0.0.1:%d" % self.server.server_address[1]
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def reset(self):
        self.mode = None  # None | "5xx" | "slow" | "garbage"
        self.cdr_mode = None  # callable(records) -> (status, body) or None
        self.requests = []
        self.cdrs = {}
        self.pins = {"123456": dict(kind="calling_card", account_status="active", service_status="active"),
                     "555555": dict(kind="calling_card", account_status="suspended", service_status="active")}
        self.anis = {"15550100199": dict(kind="pinless", account_status="active", service_status="active")}
        self.sip = {"alice": dict(kind="sip", account_status="active", service_status="active", sip_password="pw")}
        self.rates = {"442079460000": 754, "4420": 45}
        self.broke = {"1900": "insufficient_balance", "999": "no_rate"}

    def close(self):
        self.server.shutdown()
        self.server.server_close()

    @staticmethod
    def send(h, status, body):
        data = body if isinstance(body, bytes) else json.dumps(body).encode()
        h.send_response(status)
        h.send_header("Content-Type", "application/json")
        h.send_header("Content-Length", str(len(data)))
        h.end_headers()
        h.wfile.write(data)

    @staticmethod
    def envelope(code, message, field=None):
        return {"error": {"code": code, "message": message, "field": field}}

    def handle(self, h, method):
        length = int(h.headers.get("Content-Length") or 0)
        body = h.rfile.read(length).decode() if length else ""
        url = urllib.parse.urlsplit(h.path)
        with self.lock:
            self.requests.append((method, h.path, body, h.headers.get("Authorization")))
        if self.mode == "slow":
            time.sleep(1.5)
        if self.mode == "5xx":
            return self.send(h, 503, self.envelope("service_unavailable", "the database is not answering"))
        if self.mode == "garbage":
            return self.send(h, 502, b"<html>Bad gateway</html>")
        if h.headers.get("Authorization") != "Bearer " + KEY:
            return self.send(h, 401, self.envelope("invalid_token", "the switch API key is invalid or revoked"))
        if method == "GET" and url.path == "/api/v1/switch/lookup" and "pin=" in url.query:
            return self.send(h, 400, self.envelope("validation_failed", "a PIN never goes in a URL", "pin"))
        if method == "POST" and url.path == "/api/v1/switch/lookup":
            q = {k: v for k, v in json.loads(body or "{}").items() if v is not None}
            if len(q) != 1:
                return self.send(h, 400, self.envelope("validation_failed", "give exactly one of pin, ani, sip_user", "pin"))
            (by, value), = q.items()
            row = None
            if by == "pin":
                row = self.pins.get(value)
            elif by == "ani":
                n = rl.normalize_number(value)
                if n is None or len(n) < 8:
                    return self.send(h, 400, self.envelope("validation_failed", "ani is not a phone number", "ani"))
                row = self.anis.get(n)
            elif by == "sip_user":
                row = self.sip.get(value)
            if row is None:
                return self.send(h, 404, self.envelope("not_found", "unknown_identifier: no service has this identifier"))
            return self.send(h, 200, dict(account_id="a", customer_id="c", service_id="s", kind=row["kind"],
                                          account_status=row["account_status"], service_status=row["service_status"],
                                          sip_password=row.get("sip_password")))
        if method == "POST" and url.path == "/api/v1/authorize":
            try:
                req = json.loads(body)
            except ValueError:
                return self.send(h, 400, self.envelope("invalid_json", "expected JSON"))

            def refused(reason):
                return self.send(h, 200, dict(authorized=False, max_duration_secs=0, rate_per_minute=None,
                                              connect_fee=None, prefix=None, allowance_secs=0, reason=reason))
            if req.get("service") not in ("calling_card", "pinless", "sip", "video"):
                return self.send(h, 400, self.envelope("validation_failed", "service must be ...", "service"))
            given = [k for k in ("pin", "ani", "sip_username") if req.get(k) is not None]
            if len(given) != 1:
                return self.send(h, 400, self.envelope("validation_failed", "give exactly one of pin, ani, sip_username", "pin"))
            row = (self.pins.get(req.get("pin")) if "pin" in given else
                   self.anis.get(rl.normalize_number(req.get("ani")) or "") if "ani" in given else
                   self.sip.get(req.get("sip_username")))
            if row is None:
                return refused("unknown_identifier")
            if row["kind"] != req["service"]:
                return refused("service_mismatch")
            if row["account_status"] != "active":
                return refused("account_suspended")
            n = rl.normalize_number(req.get("destination"))
            if n is None:
                return refused("invalid_destination")
            if n in self.broke:
                return refused(self.broke[n])
            if n not in self.rates:
                return refused("no_rate")
            return self.send(h, 200, dict(authorized=True, max_duration_secs=self.rates[n], rate_per_minute="0.05",
                                          connect_fee="0", prefix=n[:2], allowance_secs=0, reason=None))
        if method == "POST" and url.path == "/api/v1/cdrs":
            try:
                records = json.loads(body)
            except ValueError:
                return self.send(h, 400, self.envelope("invalid_json", "send a JSON array of CDRs (or text/csv)"))
            if self.cdr_mode:
                special = self.cdr_mode(records)
                if special == "cut short":  # 200, then the connection drops mid-body
                    h.send_response(200)
                    h.send_header("Content-Length", "100")
                    h.end_headers()
                    h.wfile.write(b'{"accepted"')
                    h.close_connection = True
                    return None
                if special:
                    return self.send(h, *special)
            for i, r in enumerate(records):
                if not isinstance(r.get("duration_secs"), int):
                    f = "[%d].duration_secs" % i
                    return self.send(h, 400, self.envelope("validation_failed", f + ": invalid type", f))
            acc = dup = 0
            with self.lock:
                for r in records:
                    if r["call_id"] in self.cdrs:
                        dup += 1
                    else:
                        self.cdrs[r["call_id"]] = r
                        acc += 1
            return self.send(h, 200, dict(accepted=acc, duplicates=dup, rejected=[]))
        return self.send(h, 404, self.envelope("not_found", "no such route"))


# --------------------------------------------------------------------------
# Fake Asterisk (the other end of the AGI pipes)
# --------------------------------------------------------------------------


class FakeChannel(threading.Thread):
    """Plays Asterisk: sends the AGI environment, answers each command.

    digits: what the caller keys in at each GET DATA ("" = timeout;
    "HANGUP" = the caller hangs up there). dial: what Dial does:
    dict(status="ANSWER", talk=30, caller_hangs_up=False, answered_stamp=True)."""

    def __init__(self, env=None, digits=None, dial=None, up=False, missing=()):
        super().__init__(daemon=True)
        self.env = {"agi_request": "ringledger_agi.py", "agi_channel": "PJSIP/caller-00000001",
                    "agi_uniqueid": "1764190800.42", "agi_callerid": "15550100199", "agi_extension": "s"}
        self.env.update(env or {})
        self.digits = list(digits or [])
        self.dial = dict(status="ANSWER", talk=30, caller_hangs_up=False, answered_stamp=True)
        self.dial.update(dial or {})
        self.vars = {}
        self.log = []  # every command line
        self.did = []  # the parsed commands that matter
        self.dead = False
        self.up = up
        self.answered_at = None
        self.missing = set(missing)  # sound files that do not exist
        to_script_r, self.to_script_w = os.pipe()
        self.from_script_r, from_script_w = os.pipe()
        self.script_in = os.fdopen(to_script_r, "r")
        self.script_out = os.fdopen(from_script_w, "w")
        self.out = os.fdopen(self.to_script_w, "w")
        self.inp = os.fdopen(self.from_script_r, "r")

    def reply(self, line):
        self.out.write(line + "\n")
        self.out.flush()

    def run(self):
        for k, v in self.env.items():
            self.out.write("%s: %s\n" % (k, v))
        self.out.write("\n")
        self.out.flush()
        while True:
            line = self.inp.readline()
            if not line:
                return
            line = line.rstrip("\n")
            self.log.append(line)
            try:
                self.answer(shlex.split(line))
            except BrokenPipeError:
                return

    def answer(self, w):
        cmd = w[0].upper()
        if cmd in ("GET", "SET", "STREAM", "SAY", "CHANNEL") and len(w) > 1:
            cmd = cmd + " " + w[1].upper()
            args = w[2:]
        else:
            args = w[1:]
        dead_ok = cmd in ("GET VARIABLE", "SET VARIABLE", "VERBOSE", "EXEC", "HANGUP")
        if self.dead and not dead_ok:
            return self.reply("511 Command Not Permitted on a dead channel or intercept routine")
        if cmd == "ANSWER":
            self.up = True
            self.did.append("ANSWER")
            return self.reply("200 result=0")
        if cmd == "GET DATA":
            self.did.append("GET DATA " + args[0])
            d = self.digits.pop(0) if self.digits else ""
            if d == "HANGUP":
                self.dead = True
                return self.reply("200 result=-1")
            return self.reply("200 result=%s%s" % (d, "" if d else " (timeout)"))
        if cmd == "STREAM FILE":
            self.did.append("PLAY " + args[0])
            if args[0] in self.missing:
                return self.reply("200 result=-1 endpos=0")
            return self.reply("200 result=0 endpos=8000")
        if cmd == "CHANNEL STATUS":
            return self.reply("200 result=6")
        if cmd == "SAY NUMBER":
            self.did.append("SAY " + args[0])
            return self.reply("200 result=0")
        if cmd == "GET VARIABLE":
            v = self.vars.get(args[0])
            return self.reply("200 result=1 (%s)" % v if v is not None else "200 result=0")
        if cmd == "SET VARIABLE":
            self.vars[args[0]] = args[1]
            return self.reply("200 result=1")
        if cmd == "VERBOSE":
            return self.reply("200 result=1")
        if cmd == "HANGUP":
            self.dead = True
            self.did.append("HANGUP")
            return self.reply("200 result=1")
        if cmd == "EXEC":
            app, data = args[0], (args[1] if len(args) > 1 else "")
            self.did.append("%s(%s)" % (app, data))
            if self.dead:
                return self.reply("200 result=-1")
            if app in ("Hangup", "PJSIPHangup"):
                self.dead = True
                return self.reply("200 result=-1")
            if app == "Dial":
                return self.do_dial(data)
            return self.reply("200 result=0")
        return self.reply("510 Invalid or unknown command")

    def do_dial(self, data):
        d = self.dial
        self.vars["DIALSTATUS"] = d["status"]
        if d["status"] == "ANSWER":
            if d["answered_stamp"]:
                # what the ringledger-answered Gosub leaves on the caller's channel
                self.vars["SHARED(RINGLEDGER_ANSWERED_AT)"] = "%.3f" % (time.time() - d["talk"])
            # ANSWEREDTIME counts from the caller's answer: longer when the IVR answered it
            self.vars["ANSWEREDTIME"] = str(d["talk"] + (20 if self.up else 0))
        if d["caller_hangs_up"]:
            self.dead = True
            return self.reply("200 result=-1")
        return self.reply("200 result=0")

    def played(self):
        return [x for x in self.did if x.startswith("PLAY ")]


# --------------------------------------------------------------------------
# Tests
# --------------------------------------------------------------------------


class Base(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.rl = FakeRingledger()

    @classmethod
    def tearDownClass(cls):
        cls.rl.close()

    def setUp(self):
        # the fake server's threads outlive the requests the client gave up on
        warnings.simplefilter("ignore", ResourceWarning)
        self.rl.reset()
        self.spool = tempfile.mkdtemp(prefix="rl-spool-")
        self.environ = {
            "RINGLEDGER_CONFIG": os.path.join(self.spool, "none.conf"),
            "RINGLEDGER_BASE_URL": self.rl.url,
            "RINGLEDGER_API_KEY": KEY,
            "RINGLEDGER_SPOOL_DIR": self.spool,
            "RINGLEDGER_TIMEOUT": "0.5",
            "RINGLEDGER_CALL_ID_PREFIX": "ast1",
            "RINGLEDGER_BATCH_SIZE": "3",
            "RINGLEDGER_FLUSH_AFTER_CALL": "no",
        }
        self.aside = tempfile.mkdtemp(prefix="rl-aside-")
        self.fallback = os.path.join(self.aside, "fallback.jsonl")
        self.environ["RINGLEDGER_FALLBACK_FILE"] = self.fallback
        self.syslog = []  # alarms: (priority, message)
        p = mock.patch.object(rl, "_to_syslog", create=True,
                              side_effect=lambda prio, msg: self.syslog.append((prio, msg)))
        p.start()
        self.addCleanup(p.stop)
        p = mock.patch.object(rl, "SPOOL_PAUSE_SECS", 0, create=True)
        p.start()
        self.addCleanup(p.stop)

    def tearDown(self):
        shutil.rmtree(self.spool, ignore_errors=True)
        shutil.rmtree(self.aside, ignore_errors=True)

    def cfg(self):
        return rl.Config.load(environ=self.environ)

    def agi(self, args, **channel):
        ch = FakeChannel(**channel)
        ch.start()
        status = rl.agi_main(args, stdin=ch.script_in, stdout=ch.script_out, environ=self.environ)
        ch.script_out.close()
        ch.join(5)
        self.assertFalse(ch.is_alive(), "the fake channel finished")
        return ch, status

    def spooled(self):
        out = []
        for name in sorted(os.listdir(self.spool)):
            if name.endswith(".jsonl"):
                with open(os.path.join(self.spool, name)) as f:
                    out += [json.loads(x) for x in f if x.strip()]
        return out

    def flush(self):
        return rl.flush(self.cfg(), rl.Client(self.cfg()))


class CallingCard(Base):
    def test_pin_destination_minutes_limited_dial_and_cdr(self):
        ch, status = self.agi(["card"], digits=["123456", "00442079460000"], dial=dict(talk=30))
        self.assertEqual(status, 0)
        self.assertEqual(ch.did[0], "ANSWER")
        self.assertIn("GET DATA ringledger/enter-pin", ch.did)
        self.assertIn("GET DATA ringledger/enter-destination", ch.did)
        self.assertIn("SAY 12", ch.did, "754 s: 12 minutes, rounded down")
        self.assertIn("PLAY ringledger/minutes", ch.did)
        dial = [x for x in ch.did if x.startswith("Dial(")]
        self.assertEqual(dial, ["Dial(PJSIP/442079460000@carrier1,60,S(754)U(ringledger-answered^PJSIP/caller-00000001))"])
        self.assertEqual(self.rl.requests[0][:3], ("POST", "/api/v1/switch/lookup", '{"pin": "123456"}'))
        self.assertEqual(self.rl.requests[0][3], "Bearer " + KEY)
        (cdr,) = self.spooled()
        self.assertEqual(cdr["call_id"], "ast1-1764190800.42")
        self.assertEqual(cdr["pin"], "123456")
        self.assertEqual(cdr["service"], "calling_card")
        self.assertEqual(cdr["destination"], "00442079460000")
        self.assertIn(cdr["duration_secs"], (29, 30), "from the called party's answer, not the IVR's")
        self.assertRegex(cdr["start_time"], r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$")
        s = self.flush()
        self.assertEqual((s["posted"], s["kept"]), (1, 0))
        self.assertEqual(self.rl.cdrs["ast1-1764190800.42"]["pin"], "123456")
        self.assertEqual(self.spooled(), [])

    def test_a_detached_flush_posts_right_after_the_call(self):
        self.environ["RINGLEDGER_FLUSH_AFTER_CALL"] = "yes"
        self.environ["PATH"] = os.environ.get("PATH", "")
        self.agi(["card"], digits=["123456", "442079460000"])
        deadline = time.time() + 10
        while "ast1-1764190800.42" not in self.rl.cdrs and time.time() < deadline:
            time.sleep(0.05)
        self.assertIn("ast1-1764190800.42", self.rl.cdrs)

    def test_a_missing_sound_file_is_not_a_hang_up(self):
        ch, _ = self.agi(["card"], digits=["123456", "442079460000"], missing={"ringledger/you-have"})
        self.assertTrue(any(x.startswith("Dial(") for x in ch.did))
        self.assertIn("CHANNEL STATUS", ch.log)

    def test_wrong_pin_is_asked_again_and_three_wrong_pins_hang_up(self):
        ch, _ = self.agi(["card"], digits=["111", "123456", "442079460000"])
        self.assertIn("PLAY ringledger/invalid-pin", ch.did)
        self.assertTrue(any(x.startswith("Dial(") for x in ch.did))
        ch, _ = self.agi(["card"], digits=["1", "2", "3"])
        self.assertFalse(any(x.startswith("Dial(") for x in ch.did))
        self.assertEqual(ch.did[-1], "Hangup(21)")

    def test_suspended_card_and_unaffordable_destination(self):
        ch, _ = self.agi(["card"], digits=["555555"])
        self.assertIn("PLAY ringledger/account-suspended", ch.did)
        self.assertEqual(ch.did[-1], "Hangup(21)")
        ch, _ = self.agi(["card"], digits=["123456", "1900", "4420"])
        self.assertIn("PLAY ringledger/insufficient-balance", ch.did)
        self.assertIn("PLAY ringledger/less-than-one-minute", ch.did)
        self.assertTrue(any("S(45)" in x for x in ch.did))

    def test_no_rate_three_times_refuses(self):
        ch, _ = self.agi(["card"], digits=["123456", "999", "998", "997"])
        self.assertEqual(ch.played().count("PLAY ringledger/destination-not-allowed"), 3)
        self.assertEqual(ch.did[-1], "Hangup(3)")

    def test_ani_first_skips_the_pin(self):
        ch, _ = self.agi(["card", "ani_first"], digits=["442079460000"], env={"agi_callerid": "+15550100199"})
        self.assertNotIn("GET DATA ringledger/enter-pin", ch.did)
        (cdr,) = self.spooled()
        self.assertEqual((cdr["service"], cdr["ani"]), ("pinless", "+15550100199"))

    def test_caller_hangs_up_during_the_call_and_the_cdr_is_still_written(self):
        ch, _ = self.agi(["card"], digits=["123456", "442079460000"], dial=dict(talk=12, caller_hangs_up=True))
        (cdr,) = self.spooled()
        self.assertIn(cdr["duration_secs"], (11, 12))

    def test_caller_hangs_up_at_the_pin_prompt(self):
        ch, status = self.agi(["card"], digits=["HANGUP"])
        self.assertEqual(status, 0)
        self.assertEqual(self.spooled(), [])

    def test_unanswered_destination_gives_a_zero_cdr(self):
        self.agi(["card"], digits=["123456", "442079460000"], dial=dict(status="BUSY"))
        (cdr,) = self.spooled()
        self.assertEqual(cdr["duration_secs"], 0)


class FailClosed(Base):
    def check_unavailable(self, **kw):
        t0 = time.time()
        ch, _ = self.agi(["card"], digits=["123456"], **kw)
        self.assertIn("PLAY ringledger/service-unavailable", ch.did)
        self.assertEqual(ch.did[-1], "Hangup(34)")
        self.assertFalse(any(x.startswith("Dial(") for x in ch.did))
        return time.time() - t0

    def test_5xx(self):
        self.rl.mode = "5xx"
        self.check_unavailable()

    def test_not_json(self):
        self.rl.mode = "garbage"
        self.check_unavailable()

    def test_timeout(self):
        self.rl.mode = "slow"
        self.assertLess(self.check_unavailable(), 1.4, "gave up after the 0.5 s timeout")

    def test_unreachable(self):
        s = socket.socket()
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
        s.close()
        self.environ["RINGLEDGER_BASE_URL"] = "http://127.0.0.1:%d" % port
        self.check_unavailable()

    def test_revoked_key(self):
        self.environ["RINGLEDGER_API_KEY"] = KEY[:-1] + "Y"
        self.check_unavailable()

    def test_missing_configuration(self):
        self.environ["RINGLEDGER_API_KEY"] = ""
        ch, _ = self.agi(["card"], digits=["123456"])
        self.assertEqual(self.rl.requests, [])
        self.assertEqual(ch.did[-1], "Hangup(34)")


class Direct(Base):
    def test_pinless_dial_through_without_answering(self):
        ch, _ = self.agi(["pinless"], env={"agi_callerid": "+15550100199", "agi_extension": "442079460000"},
                         dial=dict(talk=42, answered_stamp=False))
        self.assertNotIn("ANSWER", ch.did)
        self.assertEqual(json.loads(self.rl.requests[0][2]),
                         {"service": "pinless", "ani": "+15550100199", "destination": "442079460000"})
        (cdr,) = self.spooled()
        self.assertEqual(cdr["duration_secs"], 42, "ANSWEREDTIME is right when the caller was not answered before")

    def test_pinless_refusals_as_sip_statuses(self):
        ch, _ = self.agi(["pinless"], env={"agi_extension": "1900"})
        self.assertEqual(ch.did, ["Progress()", "Playback(ringledger/insufficient-balance,noanswer)", "Hangup(21)"])
        self.environ["RINGLEDGER_HANGUP_MODE"] = "pjsip"
        self.environ["RINGLEDGER_REFUSAL_PROMPTS"] = "no"
        ch, _ = self.agi(["pinless"], env={"agi_extension": "1900"})
        self.assertEqual(ch.did, ["PJSIPHangup(402)"])
        ch, _ = self.agi(["pinless"], env={"agi_callerid": "+4915100000000", "agi_extension": "442079460000"})
        self.assertEqual(ch.did, ["PJSIPHangup(403)"])
        ch, _ = self.agi(["pinless"], env={"agi_extension": "12ab"})
        self.assertEqual(ch.did, ["PJSIPHangup(484)"])
        ch, _ = self.agi(["pinless"], env={"agi_extension": "999"})
        self.assertEqual(ch.did, ["PJSIPHangup(404)"])
        self.rl.mode = "5xx"
        ch, _ = self.agi(["pinless"], env={"agi_extension": "442079460000"})
        self.assertEqual(ch.did, ["PJSIPHangup(503)"])

    def test_unknown_ani_hears_not_registered(self):
        ch, _ = self.agi(["pinless"], env={"agi_callerid": "+4915100000000", "agi_extension": "442079460000"})
        self.assertIn("Playback(ringledger/not-registered,noanswer)", ch.did)

    def test_sip_user(self):
        ch, _ = self.agi(["sip", "alice", "sip"], env={"agi_extension": "+442079460000"})
        self.assertEqual(json.loads(self.rl.requests[0][2])["sip_username"], "alice")
        (cdr,) = self.spooled()
        self.assertEqual((cdr["sip_username"], cdr["media"]), ("alice", "audio"))
        ch, _ = self.agi(["sip", "mallory"], env={"agi_extension": "442079460000"})
        self.assertEqual(ch.did[-1], "Hangup(21)")
        ch, _ = self.agi(["sip"], env={"agi_extension": "442079460000"})
        self.assertEqual(ch.did[-1], "Hangup(21)")


class Spool(Base):
    def rec(self, n, **kw):
        r = rl.build_cdr("c-%d" % n, "pinless", "+15550100199", "441", 1764190800, n)
        r.update(kw)
        return r

    def test_down_then_up_nothing_lost_nothing_doubled(self):
        cfg = self.cfg()
        for n in range(5):
            rl.spool(cfg, self.rec(n))
        self.rl.mode = "5xx"
        s = self.flush()
        self.assertEqual((s["posted"], s["kept"]), (0, 5))
        rl.spool(cfg, self.rec(5))
        self.rl.mode = None
        s = self.flush()
        self.assertEqual((s["posted"], s["kept"]), (6, 0))
        self.assertEqual(sorted(self.rl.cdrs), ["c-%d" % n for n in range(6)])
        self.assertEqual(self.spooled(), [])

    def test_a_timeout_keeps_the_batch_and_the_resend_is_a_duplicate(self):
        rl.spool(self.cfg(), self.rec(1))
        self.rl.mode = "slow"
        s = self.flush()
        self.assertEqual(s["kept"], 1, "no answer in time: kept")
        self.rl.mode = None
        time.sleep(1.3)  # the slow request lands after the client gave up
        self.assertIn("c-1", self.rl.cdrs)
        s = self.flush()
        self.assertEqual((s["posted"], s["duplicates"], s["kept"]), (0, 1, 0))
        self.assertEqual(self.spooled(), [])

    def test_resending_counts_duplicates(self):
        cfg = self.cfg()
        rl.spool(cfg, self.rec(1))
        self.flush()
        rl.spool(cfg, self.rec(1))
        s = self.flush()
        self.assertEqual((s["posted"], s["duplicates"]), (0, 1))

    def test_malformed_record_and_unreadable_line_set_aside(self):
        cfg = self.cfg()
        rl.spool(cfg, self.rec(1))
        rl.spool(cfg, self.rec(2, duration_secs="12"))
        rl.spool(cfg, self.rec(3))
        with open(os.path.join(self.spool, "cdrs.jsonl"), "a") as f:
            f.write('{"call_id": "cut-sh\n')
        s = self.flush()
        self.assertEqual((s["posted"], s["set_aside"], s["kept"]), (2, 2, 0))
        kept = ""
        for name in os.listdir(os.path.join(self.spool, "rejected")):
            with open(os.path.join(self.spool, "rejected", name)) as f:
                kept += f.read()
        self.assertIn('"c-2"', kept)
        self.assertIn("cut-sh", kept)

    def test_413_splits(self):
        self.rl.cdr_mode = lambda records: (413, FakeRingledger.envelope("payload_too_large", "x")) if len(records) > 1 else None
        cfg = self.cfg()
        for n in range(3):
            rl.spool(cfg, self.rec(n))
        s = self.flush()
        self.assertEqual((s["posted"], s["kept"]), (3, 0))

    def test_revoked_key_keeps_everything(self):
        rl.spool(self.cfg(), self.rec(1))
        self.environ["RINGLEDGER_API_KEY"] = KEY[:-1] + "Z"
        self.assertEqual(self.flush()["kept"], 1)

    def test_one_flush_at_a_time(self):
        import fcntl
        fd = os.open(os.path.join(self.spool, ".flush.lock"), os.O_RDWR | os.O_CREAT)
        fcntl.flock(fd, fcntl.LOCK_EX)
        try:
            self.assertTrue(self.flush()["busy"])
        finally:
            os.close(fd)

    def test_appends_racing_flushes_lose_nothing(self):
        cfg = self.cfg()
        stop = threading.Event()

        def writer(w):
            for n in range(60):
                rl.spool(cfg, self.rec(w * 1000 + n))

        def flusher():
            while not stop.is_set():
                self.flush()

        f = threading.Thread(target=flusher)
        f.start()
        ws = [threading.Thread(target=writer, args=(w,)) for w in range(4)]
        for w in ws:
            w.start()
        for w in ws:
            w.join()
        stop.set()
        f.join()
        self.flush()
        self.assertEqual(len(self.rl.cdrs), 240)
        self.assertEqual(self.spooled(), [])

    def test_flush_command_exit_status(self):
        rl.spool(self.cfg(), self.rec(1))
        out = io.StringIO()
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(out):
            self.rl.mode = "5xx"
            self.assertEqual(rl.agi_main(["flush"], environ=self.environ), 1)
            self.rl.mode = None
            self.assertEqual(rl.agi_main(["flush"], environ=self.environ), 0)
        self.assertIn("1 kept for the next flush", out.getvalue())
        self.assertIn("1 accepted", out.getvalue())


class SpoolGuarantees(Base):
    """Every spool write and every delete is checked; what cannot be saved
    is retried, then posted at once or written to the fallback file, and
    alarmed (ERROR/CRITICAL lines naming the CDR, and syslog)."""

    CALL_ID = "ast1-1764190800.42"

    def rec(self, n, **kw):
        r = rl.build_cdr("c-%d" % n, "pinless", "+15550100199", "441", 1764190800, n)
        r.update(kw)
        return r

    def call(self, **kw):
        return self.agi(["pinless"], env={"agi_callerid": "+15550100199", "agi_extension": "442079460000"},
                        dial=dict(talk=42, answered_stamp=False), **kw)

    @staticmethod
    def said(ch):
        return [x for x in ch.log if x.startswith("VERBOSE")]

    def file_records(self, path):
        with open(path) as f:
            return [json.loads(x) for x in f if x.strip()]

    # -- writing a CDR -------------------------------------------------------

    def test_spool_locked_twice_then_free_writes_the_cdr_once(self):
        real, tries = rl.spool, []

        def flaky(cfg, record):
            tries.append(record["call_id"])
            if len(tries) <= 2:
                raise OSError(errno.EAGAIN, "Resource temporarily unavailable (locked)")
            return real(cfg, record)
        with mock.patch.object(rl, "spool", flaky):
            self.call()
        self.assertEqual(tries, [self.CALL_ID] * 3)
        self.assertEqual([r["call_id"] for r in self.spooled()], [self.CALL_ID], "written once")
        self.assertEqual(self.rl.cdrs, {}, "not posted directly")

    def test_spool_stays_broken_the_cdr_is_posted_at_once_and_alarmed(self):
        with mock.patch.object(rl, "spool", side_effect=OSError(errno.ENOSPC, "No space left on device")):
            ch, _ = self.call()
        self.assertEqual(self.rl.cdrs[self.CALL_ID]["duration_secs"], 42)
        self.assertTrue(any("ERROR" in x and "NOT SPOOLED" in x and self.CALL_ID in x for x in self.said(ch)),
                        self.said(ch))
        self.assertFalse(os.path.exists(self.fallback))
        self.assertTrue(any(self.CALL_ID in m for _, m in self.syslog), "alarmed in syslog too")

    def test_spool_broken_and_ringledger_refusing_the_fallback_file_then_the_flush(self):
        self.rl.cdr_mode = lambda records: (503, FakeRingledger.envelope("service_unavailable", "db"))
        with mock.patch.object(rl, "spool", side_effect=OSError(errno.EACCES, "Permission denied")):
            ch, _ = self.call()
        self.assertEqual([r["call_id"] for r in self.file_records(self.fallback)], [self.CALL_ID])
        line = [x for x in self.said(ch) if "CRITICAL" in x and self.CALL_ID in x]
        self.assertTrue(line and "duration_secs" in line[0], "the whole record is in the log")
        # the spool works again, Ringledger is back: the next flush takes the fallback file back
        self.rl.cdr_mode = None
        log = []
        s = rl.flush(self.cfg(), rl.Client(self.cfg()), log=log.append)
        self.assertEqual((s["posted"], s["kept"]), (1, 0))
        self.assertIn(self.CALL_ID, self.rl.cdrs)
        self.assertFalse(os.path.exists(self.fallback))
        self.assertTrue(any("fallback" in x for x in log), log)

    def test_spool_and_fallback_broken_the_log_keeps_the_whole_record(self):
        blocker = os.path.join(self.aside, "file")
        open(blocker, "w").close()
        self.environ["RINGLEDGER_FALLBACK_FILE"] = os.path.join(blocker, "fallback.jsonl")
        self.rl.cdr_mode = lambda records: (500, FakeRingledger.envelope("internal", "boom"))
        with mock.patch.object(rl, "spool", side_effect=OSError(errno.EIO, "Input/output error")):
            ch, _ = self.call()
        line = [x for x in self.said(ch) if "CRITICAL: CDR NOT SPOOLED" in x]
        self.assertTrue(line and self.CALL_ID in line[0] and "duration_secs" in line[0], self.said(ch))

    def test_a_short_write_is_completed(self):
        real, n = os.write, []

        def short(fd, data):
            n.append(1)
            return real(fd, bytes(data[:10]) if len(n) == 1 else data)
        with mock.patch.object(rl.os, "write", short):
            rl.spool(self.cfg(), self.rec(1))
        self.assertEqual([r["call_id"] for r in self.spooled()], ["c-1"])

    def test_a_write_that_fails_half_way_leaves_no_fragment(self):
        cfg = self.cfg()
        rl.spool(cfg, self.rec(1))
        real, n = os.write, []

        def full(fd, data):
            n.append(1)
            if len(n) == 1:
                return real(fd, bytes(data[:10]))
            raise OSError(errno.ENOSPC, "No space left on device")
        with mock.patch.object(rl.os, "write", full):
            with self.assertRaises(OSError):
                rl.spool(cfg, self.rec(2))
        rl.spool(cfg, self.rec(3))
        self.assertEqual([r["call_id"] for r in self.spooled()], ["c-1", "c-3"])

    def test_a_line_cut_short_by_a_crash_does_not_swallow_the_next(self):
        with open(os.path.join(self.spool, "cdrs.jsonl"), "w") as f:
            f.write('{"call_id": "cut-sh')
        rl.spool(self.cfg(), self.rec(1))
        s = self.flush()
        self.assertEqual((s["posted"], s["set_aside"], s["kept"]), (1, 1, 0))
        self.assertIn("c-1", self.rl.cdrs)

    # -- flushing --------------------------------------------------------------

    def test_500_deletes_nothing(self):
        cfg = self.cfg()
        for n in range(5):
            rl.spool(cfg, self.rec(n))
        self.rl.cdr_mode = lambda records: (500, FakeRingledger.envelope("internal", "boom"))
        s = self.flush()
        self.assertEqual((s["posted"], s["kept"]), (0, 5))
        self.assertEqual(sorted(r["call_id"] for r in self.spooled()), ["c-%d" % n for n in range(5)])

    def test_everything_waiting_is_drained_in_one_run_new_arrivals_too(self):
        cfg = self.cfg()
        self.rl.mode = "5xx"
        for n in range(4):  # two batch files left by flushes while Ringledger was down
            rl.spool(cfg, self.rec(n))
            if n % 2:
                self.flush()
        self.rl.mode = None
        for n in range(4, 8):
            rl.spool(cfg, self.rec(n))
        posts = []

        def record_posts(records):
            posts.append(len(records))
            if len(posts) == 1:  # a call ends while the flush runs
                rl.spool(cfg, self.rec(99))
            return None
        self.rl.cdr_mode = record_posts
        s = self.flush()
        self.assertEqual((s["posted"], s["kept"]), (9, 0))
        self.assertTrue(all(n <= 3 for n in posts), posts)
        self.assertEqual(self.spooled(), [])

    def test_a_delete_that_fails_is_alarmed_and_the_rest_still_goes(self):
        cfg = self.cfg()
        self.rl.mode = "5xx"
        rl.spool(cfg, self.rec(1))
        self.flush()
        rl.spool(cfg, self.rec(2))
        self.flush()
        self.rl.mode = None
        real = os.remove

        def remove(path, *a, **kw):
            if os.path.basename(path).startswith("batch-"):
                raise PermissionError(errno.EACCES, "Permission denied", path)
            return real(path, *a, **kw)
        log = []
        with mock.patch.object(rl.os, "remove", remove):
            s = rl.flush(cfg, rl.Client(cfg), log=log.append)
        self.assertEqual(s["posted"], 2, "the second file was posted too")
        self.assertTrue(any("Permission denied" in a for a in s["alarms"]), s["alarms"])
        self.assertTrue(any("ERROR" in x for x in log), log)
        s = self.flush()
        self.assertEqual((s["posted"], s["duplicates"], s["kept"]), (0, 2, 0), "a re-post is only a duplicate")

    def test_a_rewrite_that_fails_keeps_the_file_whole(self):
        cfg = self.cfg()
        for n in range(4):
            rl.spool(cfg, self.rec(n))
        answers = []
        self.rl.cdr_mode = lambda records: answers.append(1) or (
            (503, FakeRingledger.envelope("service_unavailable", "db")) if len(answers) > 1 else None)
        with mock.patch.object(rl, "_write_atomic", side_effect=OSError(errno.ENOSPC, "No space left on device")):
            s = self.flush()
        self.assertEqual((s["posted"], s["kept"]), (3, 4))
        self.assertTrue(any("No space left" in a for a in s["alarms"]), s["alarms"])
        self.rl.cdr_mode = None
        s = self.flush()
        self.assertEqual((s["posted"], s["duplicates"], s["kept"]), (1, 3, 0))

    def test_a_refused_record_that_cannot_be_set_aside_stays_and_the_rest_goes(self):
        cfg = self.cfg()
        open(os.path.join(self.spool, "rejected"), "w").close()  # rejected/ cannot be made
        rl.spool(cfg, self.rec(1))
        rl.spool(cfg, self.rec(2, duration_secs="12"))
        rl.spool(cfg, self.rec(3))
        s = self.flush()
        self.assertEqual((s["posted"], s["set_aside"], s["kept"]), (2, 0, 1))
        self.assertTrue(any("c-2" in a for a in s["alarms"]), s["alarms"])
        self.assertEqual([r["call_id"] for r in self.spooled()], ["c-2"])
        os.remove(os.path.join(self.spool, "rejected"))
        s = self.flush()
        self.assertEqual((s["set_aside"], s["kept"]), (1, 0))

    def test_a_line_that_is_not_utf8_is_set_aside_not_a_crash(self):
        with open(os.path.join(self.spool, "cdrs.jsonl"), "wb") as f:
            f.write(b'{"call_id": "\xff\xfe"}\n')
        rl.spool(self.cfg(), self.rec(1))
        s = self.flush()
        self.assertEqual((s["posted"], s["set_aside"], s["kept"]), (1, 1, 0))
        with open(os.path.join(self.spool, "rejected", os.listdir(os.path.join(self.spool, "rejected"))[0]), "rb") as f:
            self.assertEqual(f.read(), b'{"call_id": "\xff\xfe"}\n', "set aside byte for byte")

    def test_an_answer_cut_short_is_a_retry_not_a_crash(self):
        rl.spool(self.cfg(), self.rec(1))
        self.rl.cdr_mode = lambda records: "cut short"
        s = self.flush()
        self.assertEqual((s["posted"], s["kept"]), (0, 1))
        self.rl.cdr_mode = None
        self.assertEqual(self.flush()["kept"], 0)


class Logic(unittest.TestCase):
    def test_minutes_round_down(self):
        for secs, m in [(0, 0), (59, 0), (60, 1), (119, 1), (120, 2), (14400, 240), (-3, 0), (61.9, 1), (None, 0)]:
            self.assertEqual(rl.minutes_to_say(secs), m, secs)
        for secs in range(0, 2000):
            self.assertLessEqual(rl.minutes_to_say(secs) * 60, secs)
        self.assertEqual(rl.announcement(60), [("file", "you-have"), ("number", 1), ("file", "minute")])

    def test_every_reason_maps(self):
        for reason in ("unknown_identifier", "service_mismatch", "account_suspended", "card_expired",
                       "invalid_destination", "no_rate", "insufficient_balance", "email_unverified",
                       "customer_suspended", "customer_closed", "concurrent_limit", "rate_limit",
                       "spend_limit", "destination_blocked", "fraud_suspended"):
            body = json.dumps(dict(authorized=False, max_duration_secs=0, reason=reason))
            d = rl.decide_authorize(rl.HttpResult(200, body))
            self.assertEqual((d.action, d.reason), ("refuse", reason))
            self.assertTrue(d.prompt and d.sip and d.cause)
        d = rl.decide_authorize(rl.HttpResult(200, json.dumps(dict(authorized=True, max_duration_secs=0, reason=None))))
        self.assertEqual(d.reason, "insufficient_balance")
        d = rl.decide_authorize(rl.HttpResult(200, json.dumps(dict(authorized=False, max_duration_secs=0, reason="new"))))
        self.assertEqual((d.reason, d.sip), ("unavailable", 503))
        d = rl.decide_authorize(rl.HttpResult(401, json.dumps(FakeRingledger.envelope("invalid_token", "revoked"))))
        self.assertEqual((d.reason, d.error_code), ("switch_rejected", "invalid_token"))

    def test_agi_protocol_quirks(self):
        inp = io.StringIO("agi_channel: PJSIP/x-1\nagi_uniqueid: 1.2\n\n"
                          "HANGUP\n200 result=1 (a (b) c)\n"
                          "520-Invalid command syntax.  Proper usage follows:\nUsage: ...\n520 End of proper usage.\n"
                          "511 Command Not Permitted on a dead channel or intercept routine\n")
        out = io.StringIO()
        a = rl.Agi(inp, out)
        self.assertEqual(a.env["agi_channel"], "PJSIP/x-1")
        self.assertEqual(a.get_variable("X"), "a (b) c")
        self.assertTrue(a.hungup)
        self.assertEqual(a.command("BOGUS").code, 520)
        with self.assertRaises(rl.AgiHangup):
            a.stream_file("x")
        self.assertEqual(a.quote('a "b" \\c'), '"a \\"b\\" \\\\c"')

    def test_dial_args_and_numbers(self):
        cfg = rl.Config(dict(base_url="http://x", api_key=KEY, dial_options="T"))
        self.assertEqual(rl.dial_args(cfg, "+1 (555) 010-0199", 60.9, "PJSIP/a-1"),
                         "PJSIP/15550100199@carrier1,60,S(60)U(ringledger-answered^PJSIP/a-1)T")
        self.assertIsNone(rl.dial_args(cfg, "12#", 60, "c"))
        self.assertEqual(rl.normalize_number("0044.20.7946.0000"), "442079460000")

    def test_answered_seconds(self):
        self.assertEqual(rl.answered_seconds("BUSY", None, 100, None, True)[0], 0)
        self.assertEqual(rl.answered_seconds("ANSWER", "70.5", 100, "90", True)[0], 29)
        self.assertEqual(rl.answered_seconds("ANSWER", None, 100, "42", False)[0], 42)
        self.assertIsNone(rl.answered_seconds("ANSWER", None, 100, "42", True)[0])

    def test_check_command(self):
        srv = FakeRingledger()
        try:
            env = {"RINGLEDGER_CONFIG": "/nonexistent", "RINGLEDGER_BASE_URL": srv.url, "RINGLEDGER_API_KEY": KEY}
            with contextlib.redirect_stdout(io.StringIO()):
                self.assertEqual(rl.agi_main(["check"], environ=env), 0)
                env["RINGLEDGER_API_KEY"] = KEY[:-1] + "Q"
                self.assertEqual(rl.agi_main(["check"], environ=env), 1)
                env["RINGLEDGER_API_KEY"] = "nope"
                self.assertEqual(rl.agi_main(["check"], environ=env), 2)
        finally:
            srv.close()


class Realtime(Base):
    """ringledger_realtime.py answering res_config_curl's /single requests."""

    def setUp(self):
        super().setUp()
        import ringledger_realtime as rt
        self.rt = rt
        cfg = self.cfg()
        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), rt.make_handler(cfg, rl.Client(cfg), {}))
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        self.url = "http://127.0.0.1:%d" % self.server.server_address[1]

    def tearDown(self):
        self.server.shutdown()
        self.server.server_close()
        super().tearDown()

    def ask(self, family, op, body):
        import urllib.request
        req = urllib.request.Request("%s/%s/%s" % (self.url, family, op), data=body.encode(), method="POST")
        with urllib.request.urlopen(req, timeout=5) as r:
            text = r.read().decode()
        return dict(urllib.parse.parse_qsl(text, keep_blank_values=True)) if "=" in text else text

    def test_known_user(self):
        self.rl.sip["alice"]["sip_password"] = "p&ss=w rd"
        auth = self.ask("ps_auths", "single", "id=alice")
        self.assertEqual(auth, {"id": "alice", "auth_type": "userpass", "username": "alice", "password": "p&ss=w rd"})
        ep = self.ask("ps_endpoints", "single", "id=alice")
        self.assertEqual((ep["aors"], ep["auth"], ep["context"], ep["set_var"]),
                         ("alice", "alice", "ringledger-sip", "RINGLEDGER_SERVICE=sip"))
        self.assertEqual(self.ask("ps_aors", "single", "id=alice")["max_contacts"], "1")

    def test_unknown_closed_down_and_listings_answer_nothing(self):
        self.assertEqual(self.ask("ps_auths", "single", "id=mallory"), "")
        self.rl.sip["alice"]["account_status"] = "closed"
        self.assertEqual(self.ask("ps_auths", "single", "id=alice"), "")
        self.rl.sip["alice"]["account_status"] = "suspended"
        self.assertEqual(self.ask("ps_auths", "single", "id=alice")["password"], "pw", "suspended: registers, calls refused")
        self.rl.mode = "5xx"
        self.assertEqual(self.ask("ps_auths", "single", "id=alice"), "")
        self.rl.mode = None
        self.assertEqual(self.ask("ps_endpoints", "multi", "id%20LIKE=%25"), "")


if __name__ == "__main__":
    unittest.main()
