"""CPU and wake-ups per thread of an idle bridge, from bench/e2e-profile.sh's threads.txt (docs/performance.md,
"Idle work out of the core"): python3 bench/e2e_idle_threads.py OUT END SPAN prints, per thread name (numbers
dropped), CPU in ms/s and voluntary + involuntary context switches per second over the SPAN seconds before END
(epoch seconds; e.g. the start of the first recorded window, from OUT/stderr)."""
import sys, datetime, collections
d = sys.argv[1]; end = int(sys.argv[2]); span = int(sys.argv[3])
rows = [l.strip().split('|') for l in open(d + '/threads.txt') if l.count('|') == 4]
ts = sorted({int(r[0]) for r in rows})
t1 = max(t for t in ts if t <= end); t0 = min(ts, key=lambda t: abs(t - (t1 - span)))
def snap(t):
    m = {}
    for r in rows:
        if int(r[0]) == t and r[3] and r[4]:
            m[(r[1], r[2])] = (int(r[3]), int(r[4]))
    return m
a, b = snap(t0), snap(t1)
agg = collections.defaultdict(lambda: [0, 0])
import re
for k, (c1, s1) in b.items():
    c0, s0 = a.get(k, (0, 0))
    name = re.sub(r'[-#]?\d+$', '', k[1])
    agg[name][0] += c1 - c0; agg[name][1] += s1 - s0
secs = t1 - t0
print(f"{secs} s from {datetime.datetime.utcfromtimestamp(t0)}")
tot = [0, 0]
for n, (c, s) in sorted(agg.items(), key=lambda x: -x[1][1]):
    if c or s:
        print(f"{n:28s} cpu {c*10/secs:6.2f} ms/s  wakeups {s/secs:6.2f}/s")
    tot[0] += c; tot[1] += s
print(f"{'all':28s} cpu {tot[0]*10/secs:6.2f} ms/s  wakeups {tot[1]/secs:6.2f}/s")
