#!/usr/bin/env python3
"""Ringledger for Asterisk: an AGI script, and the library it is made of.

    AGI(ringledger_agi.py,card[,ani_first])   calling-card IVR at an access number
    AGI(ringledger_agi.py,pinless)            PINless dial-through by caller number
    AGI(ringledger_agi.py,sip,${CHANNEL(endpoint)})   calls from SIP accounts
    ringledger_agi.py flush                   posts spooled CDRs (cron / systemd timer)
    ringledger_agi.py check                   checks the configuration and the key

Python 3.7+ standard library only (urllib, json, fcntl). Configuration:
/etc/asterisk/ringledger.conf (section [ringledger]; RINGLEDGER_CONFIG names
another file), every key overridable by the environment (RINGLEDGER_BASE_URL,
RINGLEDGER_API_KEY, ...).

The switch-facing API (Bearer switch key ``rlk_...``):
  POST /api/v1/authorize  {"service","pin"|"ani"|"sip_username","destination"}
       -> 200 {"authorized","max_duration_secs",...,"reason"} (a refusal is a 200)
  POST /api/v1/switch/lookup {pin|ani|sip_user}  -> 200 LookupView | 404 not_found
  POST /api/v1/cdrs  [CdrRecord...] -> 200 {"accepted","duplicates","rejected"}
  errors: {"error": {"code", "message", "field"}}

CDRs are written by the AGI after Dial returns (it knows the PIN/ANI/user,
the destination and the answer time) to a spool file, then posted by
``flush`` in batches and removed only after a 2xx; Ringledger ignores a
call_id it has already seen, so a record sent twice is harmless. A CDR the
spool cannot take (after retries) is posted at once, else written to the
fallback file, and alarmed (ERROR/CRITICAL log lines naming it, and syslog).
"""

import configparser
import errno
import fcntl
import http.client
import json
import math
import os
import re
import signal
import socket
import sys
import time
import urllib.error
import urllib.request

__all__ = [
    "Config", "HttpResult", "Client", "Agi", "AgiHangup",
    "decide_authorize", "decide_lookup", "minutes_to_say", "announcement",
    "normalize_number", "dial_args", "build_cdr", "spool", "save_cdr", "flush",
    "run_card", "run_pinless", "run_sip", "agi_main",
]

# --------------------------------------------------------------------------
# Configuration
# --------------------------------------------------------------------------

DEFAULTS = {
    "base_url": "",
    "api_key": "",
    "timeout": "5",
    "spool_dir": "/var/spool/asterisk/ringledger",
    "batch_size": "200",
    # {number}: the dialled number in international digits (no + or 00)
    "dial_template": "PJSIP/{number}@carrier1",
    "dial_timeout": "60",
    # Dial() options added to the limit, e.g. "T" or "r"
    "dial_options": "",
    # sound files, relative to /var/lib/asterisk/sounds/<language>/ or absolute, without extension
    "prompt_dir": "ringledger",
    "pin_attempts": "3",
    "pin_max_digits": "20",
    "destination_attempts": "3",
    "digit_timeout_ms": "5000",
    "refusal_prompts": "yes",
    # how an unanswered call is refused: "cause" (Hangup(cause), any Asterisk)
    # or "pjsip" (PJSIPHangup(<SIP status>), chan_pjsip with that application)
    "hangup_mode": "cause",
    # the Gosub context that stamps the called party's answer time
    "answered_context": "ringledger-answered",
    # unique per switch: call ids are {call_id_prefix}-{uniqueid}
    "call_id_prefix": "",
    # after spooling a CDR, start a detached `flush` (cron retries the rest)
    "flush_after_call": "yes",
    # where a CDR goes when the spool cannot take it and Ringledger does not
    # answer; the next flush moves it back into the spool
    "fallback_file": "/var/log/asterisk/ringledger-cdrs-fallback.jsonl",
}

ENV_PREFIX = "RINGLEDGER_"


class Config:
    """Settings, from an INI file and the environment."""

    def __init__(self, values):
        v = dict(DEFAULTS)
        v.update({k: str(x) for k, x in values.items() if x is not None})
        self.base_url = v["base_url"].strip().rstrip("/")
        self.api_key = v["api_key"].strip()
        self.timeout = float(v["timeout"])
        self.spool_dir = v["spool_dir"]
        self.batch_size = max(1, int(v["batch_size"]))
        self.dial_template = v["dial_template"]
        self.dial_timeout = int(v["dial_timeout"])
        self.dial_options = v["dial_options"]
        self.prompt_dir = v["prompt_dir"].rstrip("/")
        self.pin_attempts = int(v["pin_attempts"])
        self.pin_max_digits = int(v["pin_max_digits"])
        self.destination_attempts = int(v["destination_attempts"])
        self.digit_timeout_ms = int(v["digit_timeout_ms"])
        self.refusal_prompts = v["refusal_prompts"].lower() in ("1", "yes", "true", "on")
        self.hangup_mode = v["hangup_mode"]
        self.answered_context = v["answered_context"]
        self.call_id_prefix = v["call_id_prefix"] or socket.gethostname()
        self.flush_after_call = v["flush_after_call"].lower() in ("1", "yes", "true", "on")
        self.fallback_file = v["fallback_file"].strip()

    @classmethod
    def load(cls, path=None, environ=None):
        environ = os.environ if environ is None else environ
        path = path or environ.get("RINGLEDGER_CONFIG", "/etc/asterisk/ringledger.conf")
        values = {}
        parser = configparser.ConfigParser(interpolation=None)
        if path and os.path.exists(path):
            parser.read(path)
            if parser.has_section("ringledger"):
                values.update(parser["ringledger"])
        for key in DEFAULTS:
            env = environ.get(ENV_PREFIX + key.upper())
            if env:
                values[key] = env
        return cls(values)

    def problems(self):
        p = []
        if not re.match(r"^https?://", self.base_url):
            p.append("base_url must be http(s)://host[:port]")
        if not re.match(r"^rlk_[0-9a-fA-F]+_[0-9a-fA-F]+_[A-Za-z0-9_-]+$", self.api_key):
            p.append("api_key must be a switch key rlk_... (console: Settings, Switch keys)")
        if self.hangup_mode not in ("cause", "pjsip"):
            p.append("hangup_mode must be cause or pjsip")
        return p

    def prompt(self, name):
        return "%s/%s" % (self.prompt_dir, name)


# --------------------------------------------------------------------------
# HTTP
# --------------------------------------------------------------------------


class HttpResult:
    """status 0: no answer (refused, timed out, DNS...), `error` says why."""

    def __init__(self, status, body="", error=None):
        self.status = status
        self.body = body
        self.error = error

    def json(self):
        try:
            return json.loads(self.body) if self.body else None
        except ValueError:
            return None

    def error_envelope(self):
        """(code, message, field) of {"error": {...}}, or Nones."""
        t = self.json()
        if isinstance(t, dict) and isinstance(t.get("error"), dict):
            e = t["error"]
            return e.get("code"), e.get("message"), e.get("field")
        return None, None, None

    def __repr__(self):
        return "HttpResult(%r, %r, %r)" % (self.status, self.body[:80] if self.body else "", self.error)


class Client:
    """Ringledger's switch API over urllib."""

    def __init__(self, cfg):
        self.cfg = cfg

    def request(self, method, path, body=None):
        url = self.cfg.base_url + path
        data = None
        headers = {
            "Authorization": "Bearer " + self.cfg.api_key,
            "Accept": "application/json",
            "User-Agent": "ringledger-asterisk/1",
        }
        if body is not None:
            data = json.dumps(body).encode("utf-8")
            headers["Content-Type"] = "application/json"
        req = urllib.request.Request(url, data=data, headers=headers, method=method)
        try:
            with urllib.request.urlopen(req, timeout=self.cfg.timeout) as resp:
                return HttpResult(resp.status, resp.read().decode("utf-8", "replace"))
        except urllib.error.HTTPError as e:
            try:
                text = e.read().decode("utf-8", "replace")
            except Exception:  # noqa: BLE001 - a broken error body is still an answer
                text = ""
            return HttpResult(e.code, text)
        except (urllib.error.URLError, OSError, ValueError, http.client.HTTPException) as e:
            # HTTPException: an answer cut short (IncompleteRead), a bad status line
            reason = getattr(e, "reason", e)
            return HttpResult(0, "", "%s: %s" % (type(e).__name__, reason))

    def authorize(self, service, identifier, destination):
        body = {"service": service, "destination": str(destination)}
        body[IDENT_FIELD[service]] = str(identifier)
        return self.request("POST", "/api/v1/authorize", body)

    def lookup(self, by, value):
        # In the body: a PIN never travels in a URL (proxies and access logs keep URLs).
        return self.request("POST", "/api/v1/switch/lookup", {by: value})

    def post_cdrs(self, records):
        return self.request("POST", "/api/v1/cdrs", records)


# --------------------------------------------------------------------------
# Decisions (the same rules as the FreeSWITCH kit's core.lua)
# --------------------------------------------------------------------------

IDENT_FIELD = {"calling_card": "pin", "pinless": "ani", "sip": "sip_username", "video": "sip_username"}

# prompt: sound file; sip: the status a SIP caller should get; cause: the
# Q.850 cause for Hangup() (chan_pjsip turns 21 into 403, 28 into 484,
# 3 into 404, 34 into 503; there is no cause for 402: use hangup_mode=pjsip);
# retry: what the IVR asks again.
OUTCOMES = {
    "unknown_identifier": dict(prompt="invalid-pin", sip=403, cause=21, retry="pin"),
    "service_mismatch": dict(prompt="invalid-pin", sip=403, cause=21, retry="pin"),
    "account_suspended": dict(prompt="account-suspended", sip=403, cause=21, retry=None),
    "email_unverified": dict(prompt="email-unverified", sip=403, cause=21, retry=None),
    "customer_suspended": dict(prompt="account-suspended", sip=403, cause=21, retry=None),
    "customer_closed": dict(prompt="account-closed", sip=403, cause=21, retry=None),
    "card_expired": dict(prompt="card-expired", sip=403, cause=21, retry=None),
    "invalid_destination": dict(prompt="invalid-destination", sip=484, cause=28, retry="destination"),
    "no_rate": dict(prompt="destination-not-allowed", sip=404, cause=3, retry="destination"),
    "insufficient_balance": dict(prompt="insufficient-balance", sip=402, cause=21, retry="destination"),
    # fraud control (issue 24): 17 (user busy) becomes 486 in chan_pjsip
    "concurrent_limit": dict(prompt="service-unavailable", sip=486, cause=17, retry=None),
    "rate_limit": dict(prompt="service-unavailable", sip=403, cause=21, retry=None),
    "spend_limit": dict(prompt="insufficient-balance", sip=402, cause=21, retry=None),
    "destination_blocked": dict(prompt="destination-not-allowed", sip=403, cause=21, retry="destination"),
    "fraud_suspended": dict(prompt="account-suspended", sip=403, cause=21, retry=None),
    "switch_rejected": dict(prompt="service-unavailable", sip=503, cause=34, retry=None),
    "unavailable": dict(prompt="service-unavailable", sip=503, cause=34, retry=None),
}


class Decision:
    """action "bridge" (max_secs, minutes) or "refuse" (reason, prompt, sip, cause, retry)."""

    def __init__(self, action, reason=None, max_secs=0, log=None, error_code=None):
        self.action = action
        self.reason = reason
        self.max_secs = max_secs
        self.minutes = minutes_to_say(max_secs)
        self.log = log
        self.error_code = error_code
        o = OUTCOMES.get(reason or "", {})
        self.prompt = o.get("prompt")
        self.sip = o.get("sip")
        self.cause = o.get("cause")
        self.retry = o.get("retry")

    def prompt_for(self, service):
        if service != "calling_card" and self.reason in ("unknown_identifier", "service_mismatch"):
            return "not-registered"
        return self.prompt

    def __repr__(self):
        return "Decision(%s, %s, %s)" % (self.action, self.reason, self.max_secs)


def refusal(reason, log=None, error_code=None):
    if reason not in OUTCOMES:
        reason = "unavailable"
    return Decision("refuse", reason, log=log, error_code=error_code)


def decide_authorize(res):
    """Fails closed: no answer or a bad one never lets a call through."""
    if res.status == 0:
        return refusal("unavailable", "Ringledger unreachable: %s" % res.error)
    if res.status != 200:
        code, message, _ = res.error_envelope()
        reason = "switch_rejected" if res.status in (401, 403) else "unavailable"
        return refusal(reason, "authorize answered %d %s: %s" % (res.status, code, message), code)
    t = res.json()
    if not isinstance(t, dict) or not isinstance(t.get("authorized"), bool):
        return refusal("unavailable", "authorize answered 200 with an unreadable body")
    try:
        secs = int(math.floor(float(t.get("max_duration_secs") or 0)))
    except (TypeError, ValueError):
        secs = 0
    if t["authorized"] and secs > 0:
        return Decision("bridge", max_secs=secs)
    reason = t.get("reason") or "insufficient_balance"
    if reason not in OUTCOMES:
        return refusal("unavailable", "unknown refusal reason %s" % reason)
    return refusal(reason)


class Lookup:
    def __init__(self, found, kind=None, account_status=None, service_status=None,
                 sip_password=None, refusal=None):
        self.found = found
        self.kind = kind
        self.account_status = account_status
        self.service_status = service_status
        self.sip_password = sip_password
        self.refusal = refusal

    @property
    def usable(self):
        return self.found and self.refusal is None


def decide_lookup(res):
    if res.status == 200:
        t = res.json()
        if not isinstance(t, dict) or not t.get("kind"):
            return Lookup(False, refusal=refusal("unavailable", "lookup answered 200 with an unreadable body"))
        lk = Lookup(True, t.get("kind"), t.get("account_status"), t.get("service_status"), t.get("sip_password"))
        if "closed" in (lk.account_status, lk.service_status) or lk.service_status == "stock":
            lk.found = False
            lk.refusal = refusal("unknown_identifier")
        elif lk.account_status != "active" or lk.service_status != "active":
            lk.refusal = refusal("account_suspended")
        return lk
    if res.status in (400, 404):
        return Lookup(False, refusal=refusal("unknown_identifier"))
    if res.status == 0:
        return Lookup(False, refusal=refusal("unavailable", "Ringledger unreachable: %s" % res.error))
    code, message, _ = res.error_envelope()
    reason = "switch_rejected" if res.status in (401, 403) else "unavailable"
    return Lookup(False, refusal=refusal(reason, "lookup answered %d %s: %s" % (res.status, code, message)))


def minutes_to_say(secs):
    """Whole minutes, rounded DOWN: never promise more than authorized."""
    try:
        secs = int(math.floor(float(secs)))
    except (TypeError, ValueError):
        return 0
    return secs // 60 if secs > 0 else 0


def announcement(secs):
    """[("file", name) | ("number", n)] for "you have N minutes"."""
    m = minutes_to_say(secs)
    if m == 0:
        return [("file", "you-have"), ("file", "less-than-one-minute")]
    return [("file", "you-have"), ("number", m), ("file", "minute" if m == 1 else "minutes")]


def normalize_number(raw):
    """Ringledger's clean-up: drop spaces - . ( ), then one leading + or 00."""
    if raw is None:
        return None
    s = re.sub(r"[\s\-.()]", "", str(raw))
    if s.startswith("+"):
        s = s[1:]
    elif s.startswith("00"):
        s = s[2:]
    return s if re.fullmatch(r"\d{1,15}", s) else None


def dial_args(cfg, destination, max_secs, caller_channel):
    """The Dial() argument: the target, the ring timeout, S(max) (hang up
    max_secs after the answer) and U() (stamps the answer time on the
    caller's channel, see extensions_ringledger.conf)."""
    number = normalize_number(destination)
    if number is None:
        return None
    target = cfg.dial_template.replace("{number}", number)
    opts = "S(%d)" % int(max_secs)
    if cfg.answered_context and caller_channel:
        opts += "U(%s^%s)" % (cfg.answered_context, caller_channel)
    return "%s,%d,%s%s" % (target, cfg.dial_timeout, opts, cfg.dial_options)


def rfc3339(epoch):
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(int(epoch)))


def build_cdr(call_id, service, identifier, destination, start_epoch, duration_secs):
    rec = {
        "call_id": call_id,
        "service": service,
        "destination": str(destination),
        "start_time": rfc3339(start_epoch),
        "duration_secs": max(0, int(duration_secs)),
        "media": "video" if service == "video" else "audio",
    }
    rec[IDENT_FIELD[service]] = str(identifier)
    return rec


def answered_seconds(dialstatus, answered_at, dial_end, answeredtime, caller_was_up):
    """Seconds the called party was connected, and how they were measured.

    answered_at: the epoch (with fraction) the ringledger-answered Gosub put
    on the caller's channel when the called party answered. ANSWEREDTIME
    counts from the CALLER's answer: right when the caller was not answered
    before Dial (PINless, SIP), too long when the IVR answered it."""
    if (dialstatus or "").upper() != "ANSWER":
        return 0, "not answered (%s)" % (dialstatus or "no DIALSTATUS")
    try:
        if answered_at:
            return max(0, int(math.floor(dial_end - float(answered_at)))), "answer stamp"
    except ValueError:
        pass
    try:
        t = int(answeredtime)
    except (TypeError, ValueError):
        t = None
    if t is not None and not caller_was_up:
        return max(0, t), "ANSWEREDTIME"
    return None, "no answer stamp (is the %s context loaded?)" % DEFAULTS["answered_context"]


# --------------------------------------------------------------------------
# The spool
# --------------------------------------------------------------------------
#
# spool_dir/cdrs.jsonl      new records, appended under an exclusive flock
# spool_dir/batch-*.jsonl   records claimed by a flush (renamed under the lock)
# spool_dir/rejected/       records Ringledger refused as malformed: kept for a person
# spool_dir/.flush.lock     one flush at a time
# fallback_file             records the AGI could neither spool nor post; the
#                           next flush moves them back into the spool
#
# Every write is checked (whole, fsync'd, or cut back and raised), every
# delete and rewrite too; what fails is alarmed: an ERROR/CRITICAL line in
# the log it goes to (Asterisk console, flush output) and in syslog.

SPOOL_ATTEMPTS = 3
SPOOL_PAUSE_SECS = 0.2  # times the attempt number, between attempts
FLUSH_MAX_ROUNDS = 20   # claims of new arrivals per flush run
REPOSTED = "; its records will be posted again (Ringledger ignores a call_id it has: nothing is billed twice)"


def _to_syslog(level, message):
    try:
        import syslog
        syslog.openlog("ringledger", syslog.LOG_PID, syslog.LOG_USER)
        syslog.syslog(syslog.LOG_CRIT if level == "CRITICAL" else syslog.LOG_ERR, message)
    except Exception:  # noqa: BLE001 - no syslog here: the log line is still written
        pass


def _say(log, message):
    try:
        log(message)
    except Exception:  # noqa: BLE001 - a log that fails must not stop a CDR being saved
        pass


def _alarm(log, level, message):
    """Something a person must see: the log, and syslog."""
    _to_syslog(level, message)
    _say(log, "%s: %s" % (level, message))


def _open_locked_append(path):
    """Opens `path` for appending under an exclusive lock, making sure it is
    still the file at `path` (a flush may have renamed it meanwhile)."""
    while True:
        fd = os.open(path, os.O_RDWR | os.O_APPEND | os.O_CREAT, 0o640)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX)
            if os.fstat(fd).st_ino == os.stat(path).st_ino:
                return fd
        except FileNotFoundError:
            pass
        except BaseException:
            os.close(fd)
            raise
        os.close(fd)


def _append_bytes(path, data):
    """Appends whole lines under the file's lock, fsync'd. All or nothing: a
    short write is continued, and on a failure (full disk, I/O error) the
    file is cut back to where it was and OSError is raised."""
    fd = _open_locked_append(path)
    try:
        size = os.fstat(fd).st_size
        if size > 0 and os.pread(fd, 1, size - 1) != b"\n":
            data = b"\n" + data  # a line cut short before (a crash) must not swallow this one
        try:
            view = memoryview(data)
            while view:
                n = os.write(fd, view)
                if n <= 0:
                    raise OSError(errno.EIO, "write wrote nothing")
                view = view[n:]
            os.fsync(fd)
        except OSError:
            try:
                os.ftruncate(fd, size)
            except OSError:
                pass
            raise
    finally:
        os.close(fd)


def _line(record):
    return (json.dumps(record, sort_keys=True) + "\n").encode("utf-8")


def spool(cfg, record):
    """Appends one CDR to the spool (one attempt; see save_cdr). Raises
    OSError when it was not written; then nothing of it is in the file."""
    os.makedirs(cfg.spool_dir, exist_ok=True)
    _append_bytes(os.path.join(cfg.spool_dir, "cdrs.jsonl"), _line(record))


def save_cdr(cfg, client, record, log=lambda msg: None):
    """Saves the CDR of a call that ended; never loses it without saying so:
    the spool, up to SPOOL_ATTEMPTS times ("spooled"); else posted at once
    ("posted", ERROR); else the fallback file ("fallback", CRITICAL with the
    whole record); else "logged": the CRITICAL line holds the whole record."""
    call_id = record.get("call_id")
    err = None
    for attempt in range(1, SPOOL_ATTEMPTS + 1):
        try:
            spool(cfg, record)
        except OSError as e:
            err = e
            _say(log, "WARNING: CDR %s: spool write failed (%s), attempt %d of %d"
                 % (call_id, e, attempt, SPOOL_ATTEMPTS))
            if attempt < SPOOL_ATTEMPTS:
                time.sleep(SPOOL_PAUSE_SECS * attempt)
            continue
        if attempt > 1:
            _say(log, "WARNING: CDR %s spooled at attempt %d" % (call_id, attempt))
        return "spooled"
    line = json.dumps(record, sort_keys=True)
    try:
        res = client.post_cdrs([record])
        if 200 <= res.status < 300:
            _alarm(log, "ERROR", "CDR %s NOT SPOOLED in %s (%s); posted to Ringledger at once (HTTP %d)"
                   % (call_id, cfg.spool_dir, err, res.status))
            return "posted"
        why = res.error if res.status == 0 else "HTTP %d" % res.status
    except Exception as e:  # noqa: BLE001 - whatever it was, the fallback file comes next
        why = "%s: %s" % (type(e).__name__, e)
    try:
        if not cfg.fallback_file:
            raise OSError(errno.ENOENT, "no fallback_file set")
        _append_bytes(cfg.fallback_file, (line + "\n").encode("utf-8"))
    except OSError as e:
        _alarm(log, "CRITICAL", "CDR NOT SPOOLED (%s; not posted: %s; fallback file %s: %s), post it by hand: %s"
               % (err, why, cfg.fallback_file, e, line))
        return "logged"
    _alarm(log, "CRITICAL", "CDR %s NOT SPOOLED (%s) and not posted (%s); written to %s "
           "(the next flush takes it back): %s" % (call_id, err, why, cfg.fallback_file, line))
    return "fallback"


def _write_atomic(path, data):
    tmp = "%s.tmp-%d" % (path, os.getpid())
    try:
        with open(tmp, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        try:
            os.remove(tmp)
        except OSError:
            pass
        raise


def _set_aside(cfg, name, data):
    """Appends lines to rejected/<name> (whole, fsync'd) or raises OSError."""
    d = os.path.join(cfg.spool_dir, "rejected")
    os.makedirs(d, exist_ok=True)
    _append_bytes(os.path.join(d, name), data)


def classify_post(res, batch_len):
    """done | retry | split | bad_record (with its index) | bad_batch."""
    s = res.status
    if 200 <= s < 300:
        return "done", None
    if s == 0 or s >= 500 or s in (401, 403, 408, 429):
        return "retry", None
    if s == 413:
        return "split", None
    if s == 400:
        _, _, field = res.error_envelope()
        m = re.match(r"^\[(\d+)\]", field or "")
        if m and int(m.group(1)) < batch_len:
            return "bad_record", int(m.group(1))
    return "bad_batch", None


def _int(x):
    try:
        return int(x or 0)
    except (TypeError, ValueError):
        return 0


def flush(cfg, client, log=lambda msg: None, now=None):
    """Posts the spool until it is empty (batches of batch_size; CDRs that
    arrive meanwhile too, up to FLUSH_MAX_ROUNDS claims) or Ringledger stops
    taking them; returns a summary dict, its "alarms" what a person must
    look at. Only one flush runs at a time (the others return at once with
    {"busy": True})."""
    os.makedirs(cfg.spool_dir, exist_ok=True)
    summary = {"posted": 0, "duplicates": 0, "rejected": 0, "set_aside": 0, "kept": 0, "busy": False,
               "alarms": []}

    def alarm(message):
        summary["alarms"].append(message)
        _alarm(log, "ERROR", message)

    lock = os.open(os.path.join(cfg.spool_dir, ".flush.lock"), os.O_RDWR | os.O_CREAT, 0o640)
    try:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError as e:
            if e.errno in (errno.EWOULDBLOCK, errno.EAGAIN, errno.EACCES):
                summary["busy"] = True
                return summary
            raise
        _adopt_fallback(cfg, log, alarm)
        seen = set()
        for _ in range(FLUSH_MAX_ROUNDS):
            _claim(cfg, now or time.time(), alarm)
            stop = False
            for name in sorted(os.listdir(cfg.spool_dir)):
                if name in seen or not (name.startswith("batch-") and name.endswith(".jsonl")):
                    continue
                seen.add(name)
                stop = _flush_file(cfg, client, os.path.join(cfg.spool_dir, name), name, summary, log, alarm)
                if stop:
                    break
            if stop or not _has_new(cfg):
                break
        for name in os.listdir(cfg.spool_dir):
            if name == "cdrs.jsonl" or (name.startswith("batch-") and name.endswith(".jsonl")):
                try:
                    with open(os.path.join(cfg.spool_dir, name), "rb") as f:
                        summary["kept"] += sum(1 for line in f if line.strip())
                except OSError:
                    pass
        return summary
    finally:
        os.close(lock)


def _has_new(cfg):
    try:
        return os.path.getsize(os.path.join(cfg.spool_dir, "cdrs.jsonl")) > 0
    except OSError:
        return False


def _adopt_fallback(cfg, log, alarm):
    """Moves the fallback file's CDRs into the spool, under the lock the AGI
    takes to write it; deleted only once they are in the spool."""
    path = cfg.fallback_file
    if not path or not os.path.exists(path):
        return
    try:
        fd = _open_locked_append(path)
    except OSError as e:
        alarm("cannot open the fallback file %s (%s): its CDRs are not in the spool" % (path, e))
        return
    try:
        data = b""
        while True:
            chunk = os.pread(fd, 1 << 16, len(data))
            if not chunk:
                break
            data += chunk
        n = sum(1 for line in data.split(b"\n") if line.strip())
        if n:
            if not data.endswith(b"\n"):
                data += b"\n"
            try:
                os.makedirs(cfg.spool_dir, exist_ok=True)
                _append_bytes(os.path.join(cfg.spool_dir, "cdrs.jsonl"), data)
            except OSError as e:
                alarm("the fallback file %s holds %d CDR(s) the spool cannot take (%s)" % (path, n, e))
                return
            _say(log, "WARNING: %d CDR(s) of the fallback file %s moved back into the spool" % (n, path))
        try:
            os.unlink(path)
        except OSError as e:
            alarm("cannot delete the fallback file %s (%s)%s" % (path, e, REPOSTED))
    except OSError as e:
        alarm("cannot read the fallback file %s (%s): its CDRs are not in the spool" % (path, e))
    finally:
        os.close(fd)


def _claim(cfg, now, alarm):
    path = os.path.join(cfg.spool_dir, "cdrs.jsonl")
    try:
        fd = os.open(path, os.O_RDONLY)
    except FileNotFoundError:
        return False
    except OSError as e:
        alarm("cannot claim %s (%s): its CDRs wait there" % (path, e))
        return False
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)  # no append is half-done while we rename
        if os.path.exists(path) and os.fstat(fd).st_ino == os.stat(path).st_ino:
            target, seq = "batch-%.6f-%d.jsonl" % (now, os.getpid()), 0
            while os.path.exists(os.path.join(cfg.spool_dir, target)):  # never rename onto a batch
                seq += 1
                target = "batch-%.6f-%d-%d.jsonl" % (now, os.getpid(), seq)
            os.rename(path, os.path.join(cfg.spool_dir, target))
            return True
        return False
    except OSError as e:
        alarm("cannot claim %s (%s): its CDRs wait there" % (path, e))
        return False
    finally:
        os.close(fd)


def _flush_file(cfg, client, path, name, summary, log, alarm):
    """Returns True when Ringledger cannot take CDRs now (stop the flush)."""
    try:
        with open(path, "rb") as f:
            data = f.read()
    except OSError as e:
        alarm("cannot read %s (%s): left as it is for the next flush" % (path, e))
        return False
    records, bad = [], []
    for raw in data.split(b"\n"):
        if not raw.strip():
            continue
        try:
            rec = json.loads(raw.decode("utf-8"))  # UnicodeDecodeError is a ValueError
            if not isinstance(rec, dict) or not rec.get("call_id"):
                raise ValueError("no call_id")
            records.append(rec)
        except ValueError:
            bad.append(raw + b"\n")
    held = []  # lines that could not be set aside: they stay in the file

    def set_aside(file, lines, what):
        try:
            _set_aside(cfg, file, b"".join(lines))
        except OSError as e:
            alarm("%s; could not be moved to rejected/ (%s): kept in the spool" % (what, e))
            held.extend(lines)
            return False
        alarm("%s, moved to rejected/%s" % (what, file))
        return True

    if bad and set_aside("unreadable-" + name, bad, "%d unreadable line(s) of %s" % (len(bad), name)):
        summary["set_aside"] += len(bad)
    remaining = records
    size = cfg.batch_size
    stop = False
    while remaining and not stop:
        batch = remaining[:size]
        res = client.post_cdrs(batch)
        what, index = classify_post(res, len(batch))
        if what == "done":
            t = res.json()
            if not isinstance(t, dict):
                t = {}
            summary["posted"] += _int(t.get("accepted"))
            summary["duplicates"] += _int(t.get("duplicates"))
            summary["rejected"] += len(t.get("rejected") or [])
            remaining = remaining[len(batch):]
        elif what == "bad_record":
            _, message, _ = res.error_envelope()
            r = batch[index]
            if set_aside("invalid-" + name, [_line(r)], "record %s refused (%s)" % (r.get("call_id"), message)):
                summary["set_aside"] += 1
            remaining = remaining[:index] + remaining[index + 1:]  # held, if so: not posted again in this run
        elif what == "split" and len(batch) > 1:
            size = max(1, len(batch) // 2)
        elif what in ("bad_batch", "split"):
            code, message, _ = res.error_envelope()
            if set_aside("refused-" + name, [_line(r) for r in batch],
                         "batch of %d refused with %d %s: %s" % (len(batch), res.status, code, message)):
                summary["set_aside"] += len(batch)
            remaining = remaining[len(batch):]
        else:
            code, message, _ = res.error_envelope()
            why = res.error if res.status == 0 else "%d %s %s" % (res.status, code, message)
            _say(log, "Ringledger not taking CDRs (%s); %d kept for the next flush" % (why, len(remaining)))
            stop = True
    # what stays: what was neither acknowledged (2xx) nor set aside
    left = held + [_line(r) for r in remaining]
    if not left:
        try:
            os.remove(path)
        except FileNotFoundError:
            pass
        except OSError as e:
            alarm("cannot delete %s (%s)%s" % (path, e, REPOSTED))
    elif len(left) < len(records) + len(bad):
        try:
            _write_atomic(path, b"".join(left))
        except OSError as e:
            alarm("cannot rewrite %s (%s), kept whole%s" % (path, e, REPOSTED))
    return stop


# --------------------------------------------------------------------------
# AGI
# --------------------------------------------------------------------------


class AgiHangup(Exception):
    """The caller hung up."""


class AgiResponse:
    def __init__(self, code, result, data, raw):
        self.code = code
        self.result = result
        self.data = data
        self.raw = raw


_RESPONSE = re.compile(r"^(\d{3})(?:[ -]result=(-?\S*)(?: \((.*)\))?)?")


class Agi:
    """The AGI protocol on two text streams (stdin/stdout for a local AGI).

    Asterisk first sends "agi_name: value" lines and a blank line; each
    command line is answered "200 result=<r> [(<data>)] ...". A channel
    that hung up answers 511 to commands that need it, and -1 results."""

    def __init__(self, infile=None, outfile=None):
        self.infile = infile or sys.stdin
        self.outfile = outfile or sys.stdout
        self.env = {}
        self.hungup = False
        while True:
            line = self.infile.readline()
            if not line or not line.strip():
                break
            key, _, value = line.rstrip("\n").partition(":")
            self.env[key.strip()] = value.strip()

    def command(self, *words):
        line = " ".join(words)
        self.outfile.write(line + "\n")
        self.outfile.flush()
        while True:
            reply = self.infile.readline()
            if not reply:
                self.hungup = True
                raise AgiHangup("AGI connection closed")
            reply = reply.rstrip("\n")
            if reply.startswith("HANGUP"):
                self.hungup = True
                continue
            if reply.startswith("520-"):  # usage text, until "520 End of proper usage."
                while reply and not reply.startswith("520 "):
                    reply = self.infile.readline().rstrip("\n")
                return AgiResponse(520, None, None, line)
            m = _RESPONSE.match(reply)
            if not m:
                continue
            code = int(m.group(1))
            if code == 511:
                self.hungup = True
                raise AgiHangup(reply)
            return AgiResponse(code, m.group(2), m.group(3), reply)

    @staticmethod
    def quote(arg):
        return '"%s"' % str(arg).replace("\\", "\\\\").replace('"', '\\"')

    def _live(self, *words):
        """A command that needs the caller. -1 means a hang-up, or (STREAM
        FILE, GET DATA) a sound file that could not be opened: CHANNEL
        STATUS tells them apart (a hung-up channel answers it with 511)."""
        r = self.command(*words)
        if r.result == "-1":
            if self.hungup or not self.alive():
                self.hungup = True
                raise AgiHangup(r.raw)
        return r

    def alive(self):
        try:
            r = self.command("CHANNEL STATUS")
        except AgiHangup:
            return False
        return r.code == 200 and r.result not in (None, "-1")

    def answer(self):
        self._live("ANSWER")

    def get_data(self, sound, timeout_ms, max_digits):
        r = self._live("GET DATA", sound, str(timeout_ms), str(max_digits))
        return "" if r.result in (None, "-1") else r.result

    def stream_file(self, sound):
        """False when the file could not be played (missing?)."""
        return self._live("STREAM FILE", sound, '""').result != "-1"

    def say_number(self, n):
        self._live("SAY NUMBER", str(int(n)), '""')

    def exec(self, app, args=""):
        r = self.command("EXEC", app, self.quote(args))
        try:
            return int(r.result)
        except (TypeError, ValueError):
            return 0

    def get_variable(self, name):
        r = self.command("GET VARIABLE", name)
        return r.data if r.result == "1" else None

    def set_variable(self, name, value):
        self.command("SET VARIABLE", name, self.quote(value))

    def verbose(self, message, level=1):
        try:
            self.command("VERBOSE", self.quote(message), str(level))
        except (AgiHangup, OSError, ValueError):
            pass  # Asterisk went away: a log line is not worth dying for

    def hangup(self):
        try:
            self.command("HANGUP")
        except AgiHangup:
            pass


# --------------------------------------------------------------------------
# The flows
# --------------------------------------------------------------------------


class Call:
    def __init__(self, agi, cfg, client, log, environ=None):
        self.agi = agi
        self.cfg = cfg
        self.client = client
        self.log = log
        self.environ = environ
        self.caller_up = False  # did we answer the caller (IVR)?

    def play(self, name):
        if not self.agi.stream_file(self.cfg.prompt(name)):
            self.log("WARNING: could not play %s (is the sound file there?)" % self.cfg.prompt(name))

    def announce(self, secs):
        for kind, value in announcement(secs):
            if kind == "file":
                self.play(value)
            else:
                self.agi.say_number(value)

    def refuse_answered(self, d, service):
        if d.log:
            self.log("WARNING: " + d.log)
        self.log("%s call refused: %s" % (service, d.reason))
        self.agi.set_variable("RINGLEDGER_REASON", d.reason)
        self.play(d.prompt_for(service))
        self.play("goodbye")
        self.agi.exec("Hangup", str(d.cause))

    def refuse_unanswered(self, d, service):
        if d.log:
            self.log("WARNING: " + d.log)
        self.log("%s call refused: %s -> SIP %s" % (service, d.reason, d.sip))
        self.agi.set_variable("RINGLEDGER_REASON", d.reason)
        if self.cfg.refusal_prompts:
            self.agi.exec("Progress")
            self.agi.exec("Playback", self.cfg.prompt(d.prompt_for(service)) + ",noanswer")
        if self.cfg.hangup_mode == "pjsip":
            self.agi.exec("PJSIPHangup", str(d.sip))
        else:
            self.agi.exec("Hangup", str(d.cause))

    def bridge(self, service, identifier, destination, max_secs):
        """Dials with the limit, then spools the CDR (also when the caller
        hung up: AGISIGHUP=no keeps this process alive on a dead channel,
        and GET VARIABLE works there)."""
        args = dial_args(self.cfg, destination, max_secs, self.agi.env.get("agi_channel", ""))
        if args is None:
            self.log("cannot dial %r" % destination)
            return
        call_id = "%s-%s" % (self.cfg.call_id_prefix, self.agi.env.get("agi_uniqueid", "%.6f" % time.time()))
        self.log("%s call %s to %s authorized for %d s" % (service, call_id, destination, max_secs))
        try:
            self.agi.set_variable("SHARED(RINGLEDGER_ANSWERED_AT)", "")
        except AgiHangup:
            return
        start = time.time()
        try:
            self.agi.exec("Dial", args)
        except AgiHangup:
            pass
        end = time.time()
        status = answered_at = answeredtime = None
        try:
            status = self.agi.get_variable("DIALSTATUS")
            answered_at = self.agi.get_variable("SHARED(RINGLEDGER_ANSWERED_AT)")
            answeredtime = self.agi.get_variable("ANSWEREDTIME")
        except AgiHangup:
            pass
        secs, how = answered_seconds(status, answered_at, end, answeredtime, self.caller_up)
        if secs is None:
            # answered, but when? bill from the dial (includes ringing) and say so loudly
            secs = int(end - start)
            self.log("WARNING: %s; %s billed %d s from the start of Dial" % (how, call_id, secs))
        rec = build_cdr(call_id, service, identifier, destination, start, secs)
        if save_cdr(self.cfg, self.client, rec, self.log) != "spooled":
            return  # posted at once, or in the fallback file, or logged: alarmed
        self.log("CDR %s spooled: %d s (%s)" % (call_id, secs, how))
        if self.cfg.flush_after_call:
            start_flush(self.environ)

    def ivr_call(self, service, identifier):
        cfg = self.cfg
        for attempt in range(1, cfg.destination_attempts + 1):
            destination = self.agi.get_data(cfg.prompt("enter-destination"), cfg.digit_timeout_ms, 20)
            if not destination:
                continue
            d = decide_authorize(self.client.authorize(service, identifier, destination))
            if d.action == "bridge":
                self.announce(d.max_secs)
                self.bridge(service, identifier, destination, d.max_secs)
                return
            if d.retry != "destination" or attempt == cfg.destination_attempts:
                self.refuse_answered(d, service)
                return
            if d.log:
                self.log("WARNING: " + d.log)
            self.play(d.prompt)
        self.play("goodbye")
        self.agi.hangup()

    def direct(self, service, identifier, destination):
        d = decide_authorize(self.client.authorize(service, identifier, destination))
        if d.action != "bridge":
            self.refuse_unanswered(d, service)
            return
        self.bridge(service, identifier, destination, d.max_secs)


def start_flush(environ=None):
    """A detached `ringledger_agi.py flush`: the AGI (and the channel waiting
    for it) does not wait for Ringledger. At most one flush runs at a time."""
    import subprocess
    try:
        subprocess.Popen([sys.executable, os.path.abspath(__file__), "flush"],
                         env=dict(os.environ if environ is None else environ),
                         stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                         start_new_session=True, close_fds=True)
    except OSError:
        pass  # cron sends it later


def run_card(agi, cfg, client, log, ani_first=False, environ=None):
    call = Call(agi, cfg, client, log, environ)
    agi.answer()
    call.caller_up = True
    service = identifier = None
    if ani_first:
        ani = agi.env.get("agi_callerid", "")
        if ani and ani != "unknown":
            lk = decide_lookup(client.lookup("ani", ani))
            if lk.usable and lk.kind == "pinless":
                service, identifier = "pinless", ani
    if service is None:
        for attempt in range(1, cfg.pin_attempts + 1):
            pin = agi.get_data(cfg.prompt("enter-pin"), cfg.digit_timeout_ms, cfg.pin_max_digits)
            if not pin:
                continue
            lk = decide_lookup(client.lookup("pin", pin))
            if lk.usable and lk.kind == "calling_card":
                service, identifier = "calling_card", pin
                break
            r = lk.refusal or refusal("unknown_identifier")
            if r.retry != "pin":
                call.refuse_answered(r, "calling_card")
                return
            log("invalid PIN entered (attempt %d)" % attempt)
            call.play("invalid-pin")
    if service is None:
        call.play("goodbye")
        agi.exec("Hangup", "21")
        return
    call.ivr_call(service, identifier)


def run_pinless(agi, cfg, client, log, destination=None, environ=None):
    ani = agi.env.get("agi_callerid", "")
    dest = destination or agi.env.get("agi_extension", "")
    Call(agi, cfg, client, log, environ).direct("pinless", ani, dest)


def run_sip(agi, cfg, client, log, user=None, service="sip", destination=None, environ=None):
    call = Call(agi, cfg, client, log, environ)
    if not user:
        call.refuse_unanswered(refusal("unknown_identifier", "no SIP user given to the AGI"), "sip")
        return
    if service not in ("sip", "video"):
        service = "sip"
    call.direct(service, user, destination or agi.env.get("agi_extension", ""))


# --------------------------------------------------------------------------
# Entry point
# --------------------------------------------------------------------------


def agi_main(argv=None, stdin=None, stdout=None, environ=None):
    """`ringledger_agi.py <card|pinless|sip|flush|check> [args]`; returns an exit status."""
    argv = list(sys.argv[1:] if argv is None else argv)
    cfg = Config.load(environ=environ)
    mode = argv[0] if argv else ""
    client = Client(cfg)
    if mode == "flush":
        summary = flush(cfg, client, log=lambda m: print("ringledger flush: " + m, file=sys.stderr))
        if summary["busy"]:
            print("ringledger flush: another flush is running", file=sys.stderr)
            return 0
        print("ringledger flush: %(posted)d accepted, %(duplicates)d duplicates, %(rejected)d rejected "
              "for re-rating, %(set_aside)d set aside, %(kept)d waiting" % summary)
        return 0 if summary["kept"] == 0 and not summary["alarms"] else 1
    if mode == "check":
        problems = cfg.problems()
        for p in problems:
            print("configuration: " + p)
        if problems:
            return 2
        r = client.lookup("sip_user", "ringledger-connectivity-check")
        code, message, _ = r.error_envelope()
        if r.status == 404:
            print("OK: %s answers and accepts the key" % cfg.base_url)
            return 0
        print("NOT OK: %s -> %s %s %s" % (cfg.base_url, r.status or r.error, code or "", message or ""))
        return 1

    # an AGI: keep running when the caller hangs up, to write the CDR
    signal.signal(signal.SIGHUP, signal.SIG_IGN)
    agi = Agi(stdin or sys.stdin, stdout or sys.stdout)

    def log(msg):
        agi.verbose("ringledger: " + msg, 1)

    problems = cfg.problems()
    call = Call(agi, cfg, client, log)
    try:
        if problems:
            for p in problems:
                log("configuration: " + p)
            d = refusal("unavailable")
            if mode == "card":
                agi.answer()
                call.refuse_answered(d, "calling_card")
            else:
                call.refuse_unanswered(d, mode or "sip")
            return 0
        if mode == "card":
            run_card(agi, cfg, client, log, ani_first=len(argv) > 1 and argv[1] == "ani_first",
                     environ=environ)
        elif mode == "pinless":
            run_pinless(agi, cfg, client, log, destination=argv[1] if len(argv) > 1 and argv[1] else None,
                        environ=environ)
        elif mode == "sip":
            run_sip(agi, cfg, client, log, user=argv[1] if len(argv) > 1 else None,
                    service=argv[2] if len(argv) > 2 and argv[2] else "sip",
                    destination=argv[3] if len(argv) > 3 and argv[3] else None, environ=environ)
        else:
            log("usage: ringledger_agi.py card [ani_first] | pinless [destination] | sip <user> [sip|video]")
            return 2
    except AgiHangup:
        pass
    return 0


if __name__ == "__main__":
    sys.exit(agi_main())
