#!/usr/bin/env python3
"""Latency as the loopback saw it, from a tcpdump capture (pcap, Ethernet
framing as Linux's `lo` gives it) of one HTTP/1.1 keep-alive load run with one
request in flight per connection (wrk's default).

    wire_latency.py CAPTURE PORT

Prints one line: the server's latency (a request's first segment to its
answer's last, on the wire: what the server took, its queueing in the
kernel included, and nothing of the load generator) and the client's gap
(an answer to the next request on the same connection: what the load
generator took to read the answer and send again), each as p50, p99,
p99.9 and max in ms. A load generator sharing the machine's cores adds
its own delays to the latency it reports; the wire shows which side they
are on. Asserts nothing (scripts/load-authorize.sh, WIRE=1)."""

import struct
import sys


def packets(path, port):
    """(time, from_client, connection) of every segment carrying data."""
    with open(path, "rb") as f:
        head = f.read(24)
        nano = struct.unpack("<I", head[:4])[0] == 0xA1B23C4D
        while True:
            rec = f.read(16)
            if len(rec) < 16:
                return
            sec, frac, incl, _ = struct.unpack("<IIII", rec)
            frame = f.read(incl)
            ip = frame[14:]
            if len(ip) < 20 or ip[0] >> 4 != 4:
                continue
            ihl = (ip[0] & 15) * 4
            total = struct.unpack(">H", ip[2:4])[0]
            tcp = ip[ihl:]
            if len(tcp) < 13:
                continue
            src, dst = struct.unpack(">HH", tcp[:4])
            if total - ihl - (tcp[12] >> 4) * 4 <= 0:
                continue
            t = sec + frac / (1e9 if nano else 1e6)
            if dst == port:
                yield t, True, src
            elif src == port:
                yield t, False, dst


def percentiles(values):
    values.sort()
    n = len(values)
    if not n:
        return "none"
    at = lambda q: values[min(n - 1, int(q * n))] * 1000
    return f"p50 {at(0.5):.2f}, p99 {at(0.99):.2f}, p99.9 {at(0.999):.2f}, max {values[-1] * 1000:.1f} ms"


def main():
    path, port = sys.argv[1], int(sys.argv[2])
    asked, answered, server, client = {}, {}, [], []
    for t, from_client, conn in packets(path, port):
        if from_client:
            if conn in answered:
                # The answer before this request was complete: count it.
                server.append(answered[conn] - asked.pop(conn))
                client.append(t - answered.pop(conn))
            asked.setdefault(conn, t)
        elif conn in asked:
            answered[conn] = t
    print(f"on the wire ({len(server)} requests): server {percentiles(server)}; "
          f"client gap {percentiles(client)}")


if __name__ == "__main__":
    main()
