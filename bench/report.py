#!/usr/bin/python3
"""Markdown table of one run.sh run from its wrk outputs: report.py TAG "1 8" DURATION HWM_MB STAFF_COUNT DEEP_PAGE"""
import os, subprocess, sys, time

tag, conns, duration, hwm, staff_count, deep = sys.argv[1], sys.argv[2].split(), sys.argv[3], sys.argv[4], sys.argv[5], sys.argv[6]
here = os.path.dirname(os.path.abspath(__file__))
names = [("eu_first", "end user, first page"), ("eu_filtered", "end user, status+name__icontains, -size"),
         ("staff_count", "staff, first page + exact count"), ("staff_deep", f"staff, page {deep}"),
         ("staff_search", "staff, search"), ("retrieve", "end user, retrieve by id"),
         ("ceiling", "ceiling (fixed 20-image page)"), ("glance", "Glance GET /v2/images?limit=20")]
cell = {}
for n, _ in names:
    for c in conns:
        f = f"{here}/out/wrk-{tag}-{n}-c{c}.txt"
        if os.path.exists(f) and os.path.getsize(f):
            cell[n, c] = subprocess.run([sys.executable, f"{here}/wrkparse.py", f], capture_output=True, text=True).stdout.split()
glance_n = os.environ.get("GLANCE_N", "")
mem = os.popen("awk '/MemTotal/ {printf \"%.0f\", $2/1048576}' /proc/meminfo").read()
print(f"### {tag.split('-')[1]} images, {tag.split('-')[0]} — {time.strftime('%Y-%m-%dT%H:%MZ', time.gmtime())}, "
      f"{os.cpu_count()} cores / {mem} GiB, Debian 12, wrk -t1 at c=1 and -t2 above, {duration} s per cell, "
      f"rate limiter {os.environ.get('BENCH_LIMITER', 'on')}\n")
print("| scenario |" + "".join(f" c={c} req/s | p50 ms | p99 ms | failed |" for c in conns))
print("|---|" + "---:|---:|---:|---:|" * len(conns))
for n, label in names:
    if not any((n, c) in cell for c in conns):
        continue
    if n == "glance" and glance_n:
        label += f" ({glance_n} images visible)"
    print(f"| {label} |" + "".join(" %s | %s | %s | %s |" % tuple(cell.get((n, c), ["–"] * 4)) for c in conns))
print()

def r(a, b, fmt="%.1f×"):
    try:
        return fmt % (float(a) / float(b))
    except (ValueError, ZeroDivisionError):
        return "–"

for c in conns:
    g = lambda n, i: cell.get((n, c), ["–"] * 4)[i]
    parts = [f"end user first page / ceiling {r(100 * float(g('eu_first', 0)), g('ceiling', 0), '%.1f%%')}"]
    if ("glance", c) in cell:
        parts += [f"end user first page / Glance {r(g('eu_first', 0), g('glance', 0))}",
                  f"staff first page / Glance {r(g('staff_count', 0), g('glance', 0))}"]
    parts.append(f"staff page {deep} p50 / page 1 p50 {r(g('staff_deep', 1), g('staff_count', 1))}")
    print(f"- c={c}: " + "; ".join(parts))
print(f"- service peak RSS (VmHWM): {hwm} MB; staff sees {staff_count} images")
