#!/usr/bin/python3
"""wrk --latency output → "req/s p50_ms p99_ms failed" (failed = non-2xx/3xx + socket errors)."""
import re, sys

out = open(sys.argv[1]).read()

def ms(tag):
    m = re.search(tag + r"\s+([\d.]+)(us|ms|s)\b", out)
    if not m:
        return "-"
    v, u = float(m.group(1)), m.group(2)
    return "%.2f" % (v / 1000 if u == "us" else v * 1000 if u == "s" else v)

rps = re.search(r"Requests/sec:\s+([\d.]+)", out)
bad = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
sock = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out)
failed = (int(bad.group(1)) if bad else 0) + (sum(int(x) for x in sock.groups()) if sock else 0)
if not rps:
    failed = max(failed, 1)
print(rps.group(1) if rps else "0", ms("50%"), ms("99%"), failed)
