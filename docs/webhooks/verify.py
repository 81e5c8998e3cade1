"""Verify a Ringledger webhook delivery (Python 3, standard library only).

The header `Ringledger-Signature: t=<unix seconds>,v1=<hex>` carries an
HMAC-SHA256 of "<t>.<raw body>" under your endpoint's secret (whsec_...):
Stripe's scheme, so Stripe's own verifier code works with this header too.

    ok = verify(request_body_bytes, request.headers["Ringledger-Signature"], SECRET)

Command line (exit 0: valid, 1: refused):
    python3 verify.py <secret> '<signature header>' < body.json
"""

import hashlib
import hmac
import sys
import time

TOLERANCE_SECONDS = 300


def verify(payload: bytes, header: str, secret: str,
           tolerance: int = TOLERANCE_SECONDS, now: float | None = None) -> bool:
    """True when one v1 signature of `header` signs `payload` and `t` is fresh."""
    timestamp, signatures = None, []
    for part in (header or "").split(","):
        key, _, value = part.strip().partition("=")
        if key == "t" and value.isdigit():
            timestamp = int(value)
        elif key == "v1":
            signatures.append(value)
    if timestamp is None or not signatures:
        return False
    if abs((now if now is not None else time.time()) - timestamp) > tolerance:
        return False  # too old (or from the future): a replayed request
    signed = str(timestamp).encode() + b"." + payload
    expected = hmac.new(secret.encode(), signed, hashlib.sha256).hexdigest()
    return any(hmac.compare_digest(expected, s) for s in signatures)


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit("usage: verify.py <secret> <signature header> < body")
    sys.exit(0 if verify(sys.stdin.buffer.read(), sys.argv[2], sys.argv[1]) else 1)
