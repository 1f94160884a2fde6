#!/usr/bin/python3
"""bench/out/cold/<provider>-<images>/ (bench/cold-path.sh) → Markdown: per connection count, each scenario's median
req/s and p50 over the rounds, before and after, and after/before (median, and the lowest and highest of the rounds' own ratios: round r's before beside round r's after).
Usage: bench/cold-path.py bench/out/cold/postgres-10000"""
import glob, os, re, statistics, subprocess, sys

raw = sys.argv[1]
here = os.path.dirname(os.path.abspath(__file__))
SCENARIOS = ["eu_first", "eu_filtered", "staff_count", "staff_deep", "staff_search", "retrieve", "ceiling"]
LABEL = {"eu_first": "end user, first page", "eu_filtered": "end user, status+name__icontains, -size",
         "staff_count": "staff, first page + exact count", "staff_deep": "staff, deep page", "staff_search": "staff, search",
         "retrieve": "end user, retrieve by id", "ceiling": "ceiling (fixed page, no DB)"}


def cells(build):
    """{(scenario, conns): [(rps, p50, failed), …]} over the rounds of one build."""
    out = {}
    for f in sorted(glob.glob(f"{raw}/{build}-r*/wrk-*.txt")):
        m = re.search(r"-(\w+)-c(\d+)\.txt$", f)
        rps, p50, _p99, bad = subprocess.check_output([sys.executable, f"{here}/wrkparse.py", f], text=True).split()
        out.setdefault((m.group(1), int(m.group(2))), []).append((float(rps), float(p50), int(bad)))
    return out


before, after = cells("before"), cells("after")
rounds = len(glob.glob(f"{raw}/before-r*/"))
for c in sorted({k[1] for k in before}):
    print(f"\nc={c} (median of {rounds} rounds):\n")
    print("| scenario | before req/s | after req/s | ratio | before p50 ms | after p50 ms | ratio per round |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    for s in SCENARIOS:
        b, a = before.get((s, c)), after.get((s, c))
        if not b or not a:
            continue
        br, ar = statistics.median(x[0] for x in b), statistics.median(x[0] for x in a)
        bp, ap = statistics.median(x[1] for x in b), statistics.median(x[1] for x in a)
        bad = sum(x[2] for x in b + a)
        note = f" ({bad} failed)" if bad else ""
        # A cell where wrk completed no request in 5 s has 0 req/s: compare by p50 there (latency ratio, inverted).
        ratio = lambda x, y: y[0] / x[0] if x[0] > 0 else (x[1] / y[1] if y[1] > 0 else float("nan"))
        per_round = sorted(ratio(x, y) for x, y in zip(b, a))
        overall = ar / br if br > 0 else (bp / ap if ap > 0 else float("nan"))
        print(f"| {LABEL[s]}{note} | {br:.1f} | {ar:.0f} | {overall:.2f}× | {bp:.2f} | {ap:.2f} "
              f"| {per_round[0]:.2f}–{per_round[-1]:.2f} |")
