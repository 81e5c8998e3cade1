#!/usr/bin/env python3
"""Ringledger SIP accounts as Asterisk PJSIP realtime objects.

A small HTTP service on localhost that speaks res_config_curl's protocol
and answers from Ringledger's POST /api/v1/switch/lookup {"sip_user": ...}:

    POST {url}/single   body "id=alice"  ->  "id=alice&auth_type=userpass&..."
    POST {url}/multi    (listing)        ->  "" (Ringledger has no list for switches)

for the families ps_endpoints, ps_auths and ps_aors, so that PJSIP finds
the endpoint, the credentials and the AOR of a phone the moment it
registers or calls, with the password Ringledger provisioned. Contacts
(registrations) stay in Asterisk's own store (astdb, the default).

    ringledger_realtime.py [--listen 127.0.0.1:8089]

Configuration: the same /etc/asterisk/ringledger.conf as the AGI, plus
optional keys in [ringledger]: sip_context (ringledger-sip), sip_codecs
(ulaw,alaw,g722), sip_transport (empty: Asterisk's default), sip_max_contacts (1).
Standard library only.
"""

import argparse
import http.server
import os
import sys
import urllib.parse

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import ringledger_agi as rl  # noqa: E402


def realtime_fields(family, user, lookup, settings):
    """The fields of one realtime object, or None when there is none."""
    if not lookup.found or lookup.kind not in ("sip", "video") or not lookup.sip_password:
        return None
    if family == "ps_endpoints":
        f = [("id", user), ("aors", user), ("auth", user),
             ("context", settings.get("sip_context", "ringledger-sip")),
             ("disallow", "all"), ("allow", settings.get("sip_codecs", "ulaw,alaw,g722")),
             ("direct_media", "no"), ("rtp_symmetric", "yes"), ("force_rport", "yes"),
             ("rewrite_contact", "yes"),
             ("set_var", "RINGLEDGER_SERVICE=%s" % lookup.kind)]
        if lookup.kind == "video":
            f.append(("allow", "h264,vp8"))
        if settings.get("sip_transport"):
            f.append(("transport", settings["sip_transport"]))
        return f
    if family == "ps_auths":
        return [("id", user), ("auth_type", "userpass"), ("username", user),
                ("password", lookup.sip_password)]
    if family == "ps_aors":
        return [("id", user), ("max_contacts", settings.get("sip_max_contacts", "1")),
                ("remove_existing", "yes")]
    return None


def encode(fields):
    return "&".join("%s=%s" % (urllib.parse.quote(k, safe=""), urllib.parse.quote(str(v), safe=""))
                    for k, v in fields)


def make_handler(cfg, client, settings, log=lambda m: None):
    class Handler(http.server.BaseHTTPRequestHandler):
        def log_message(self, *a):
            pass

        def answer(self, text):
            data = text.encode("utf-8")
            self.send_response(200)
            self.send_header("Content-Type", "text/plain")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def do_GET(self):
            self.do_POST()

        def do_POST(self):
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length).decode("utf-8", "replace") if length else ""
            parts = [p for p in urllib.parse.urlsplit(self.path).path.split("/") if p]
            if len(parts) < 2:
                return self.answer("")
            family, op = parts[-2], parts[-1]
            if op != "single":
                # multi (listings), require, store, update, destroy: nothing here
                return self.answer("0" if op in ("require", "store", "update", "destroy") else "")
            q = dict(urllib.parse.parse_qsl(body, keep_blank_values=True))
            user = q.get("id", "")
            if not user or len(q) != 1:
                return self.answer("")
            lk = rl.decide_lookup(client.lookup("sip_user", user))
            if lk.refusal and lk.refusal.log:
                log(lk.refusal.log)
            fields = realtime_fields(family, user, lk, settings)
            return self.answer(encode(fields) if fields else "")

    return Handler


def serve(listen, cfg, settings):
    host, _, port = listen.rpartition(":")
    server = http.server.ThreadingHTTPServer((host or "127.0.0.1", int(port)),
                                             make_handler(cfg, rl.Client(cfg), settings,
                                                          log=lambda m: print(m, file=sys.stderr)))
    return server


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--listen", default="127.0.0.1:8089")
    args = ap.parse_args(argv)
    cfg = rl.Config.load()
    problems = cfg.problems()
    if problems:
        for p in problems:
            print("configuration: " + p, file=sys.stderr)
        return 2
    settings = {}
    path = os.environ.get("RINGLEDGER_CONFIG", "/etc/asterisk/ringledger.conf")
    if os.path.exists(path):
        import configparser
        parser = configparser.ConfigParser(interpolation=None)
        parser.read(path)
        if parser.has_section("ringledger"):
            settings = dict(parser["ringledger"])
    server = serve(args.listen, cfg, settings)
    print("ringledger realtime: listening on %s" % args.listen, file=sys.stderr)
    server.serve_forever()
    return 0


if __name__ == "__main__":
    sys.exit(main())
