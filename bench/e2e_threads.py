"""Our bridge's CPU and context switches per message, by thread, in one recorded window of bench/e2e-profile.sh.

    python3 bench/e2e_threads.py OUT RATE WINDOW_NUMBER     (1-based, as bench/e2e.py numbers them; ours are odd)
"""
import collections
import datetime
import re
import sys


def main():
    out, rate, which = sys.argv[1], float(sys.argv[2]), int(sys.argv[3])
    day = datetime.datetime.now(datetime.timezone.utc).date()
    starts = []
    for line in open(f"{out}/stderr"):
        m = re.match(r"\[(\d\d):(\d\d):(\d\d)\] window (\d+)/(\d+): (\S+)", line)
        if m:
            starts.append(datetime.datetime(day.year, day.month, day.day, int(m[1]), int(m[2]), int(m[3]),
                                            tzinfo=datetime.timezone.utc).timestamp())
    snaps = collections.defaultdict(dict)
    for line in open(f"{out}/threads.txt"):
        p = line.rstrip("\n").split("|")
        if len(p) == 5 and p[3] and p[4]:
            snaps[int(p[0])][p[1]] = (p[2], int(p[3]), int(p[4]))
    times = sorted(snaps)
    end = starts[which] if which < len(starts) else times[-1]
    t0 = min(t for t in times if t >= starts[which - 1] + 1)
    t1 = max(t for t in times if t <= end - 1)
    messages = (t1 - t0) * rate
    agg = collections.defaultdict(lambda: [0, 0, 0])
    for tid, (comm, cpu, switches) in snaps[t1].items():
        before = snaps[t0].get(tid, (comm, 0, 0))
        name = re.sub(r"[-#]?\d+$", "", comm)
        agg[name][0] += cpu - before[1]
        agg[name][1] += switches - before[2]
        agg[name][2] += 1
    tick_ms = 10
    print(f"window {which}: {t1 - t0} s, about {messages:.0f} messages; "
          f"{sum(v[0] for v in agg.values()) * tick_ms / messages:.2f} ms CPU and "
          f"{sum(v[1] for v in agg.values()) / messages:.1f} context switches per message")
    for name, (cpu, switches, threads) in sorted(agg.items(), key=lambda kv: (-kv[1][0], -kv[1][1])):
        if cpu or switches:
            print(f"  {name:28s} threads {threads:3d}  CPU {cpu * tick_ms / messages:6.2f} ms/msg  "
                  f"switches {switches / messages:6.1f}/msg")


if __name__ == "__main__":
    main()
