"""The driver of bench/run-e2e.sh: one Matrix user (a Client-Server API client with a /sync loop) and one raw IRC
client carry messages through two IRC bridges on the same Synapse and ngIRCd, in alternating windows, and report
latency, our bridge's share, CPU per message and RSS. Standard library only; run by bench/run-e2e.sh, which starts
the servers and the bridges and passes their addresses and process ids.

Latency is end to end, from just before the sending client sends until the other client has the message (the IRC
line read, or the event in /sync). Our bridge's share comes from its trace log (MXBRIDGE_TRACE=DEBUG, epoch
microseconds): Matrix -> IRC from the AS API's receipt of the event to the puppet's write of the PRIVMSG; IRC -> Matrix
from the first read of the PRIVMSG by any of its IRC connections to the start of the homeserver send (the send's own
time, Synapse's, is reported beside it). One message is in flight at a time, so the trace lines match by order.
"""
import argparse, bisect, json, os, re, socket, sys, threading, time, urllib.parse, urllib.request

q = lambda s: urllib.parse.quote(s, safe="")
TICK = os.sysconf("SC_CLK_TCK")
VERBOSE = os.environ.get("E2E_VERBOSE") == "1"


def now_us():
    return time.time_ns() // 1000


class Matrix:
    """A tiny Client-Server API client with a /sync thread that timestamps what arrives."""

    def __init__(self, hs, user, password):
        self.hs = hs
        self.token = None
        self.token = self.call("POST", "/_matrix/client/v3/login", {"type": "m.login.password",
                               "identifier": {"type": "m.id.user", "user": user}, "password": password})["access_token"]
        self.user_id = self.call("GET", "/_matrix/client/v3/account/whoami")["user_id"]
        self.lock = threading.Condition()
        self.messages = []   # (arrival µs, room, sender, body)
        self.invites = []    # (room, inviter)
        self.txn = 0
        self.since = None
        self._sync_once(0)  # invites from before the login are in the first answer only
        threading.Thread(target=self._sync, daemon=True).start()

    def call(self, method, path, body=None, timeout=60):
        req = urllib.request.Request(self.hs + path, method=method, data=None if body is None else json.dumps(body).encode())
        req.add_header("Content-Type", "application/json")
        if self.token:
            req.add_header("Authorization", "Bearer " + self.token)
        with urllib.request.urlopen(req, timeout=timeout) as r:
            return json.load(r)

    def _sync(self):
        while True:
            try:
                self._sync_once(30000)
            except OSError as e:
                print(f"sync failed: {e}", file=sys.stderr)
                time.sleep(1)

    def _sync_once(self, timeout_ms):
        since = "" if self.since is None else f"&since={q(self.since)}"
        r = self.call("GET", f"/_matrix/client/v3/sync?timeout={timeout_ms}{since}", timeout=90)
        t = now_us()
        first = self.since is None
        with self.lock:
            self.since = r["next_batch"]
            rooms = r.get("rooms", {})
            for room, data in rooms.get("join", {}).items():
                for e in data.get("timeline", {}).get("events", []):
                    if e.get("type") == "m.room.message" and not first:
                        self.messages.append((t, room, e["sender"], e["content"].get("body", "")))
            for room, data in rooms.get("invite", {}).items():
                for e in data.get("invite_state", {}).get("events", []):
                    if e.get("type") == "m.room.member" and e.get("state_key") == self.user_id:
                        self.invites.append((room, e["sender"]))
            self.lock.notify_all()

    def send(self, room, body):
        self.txn += 1
        return self.call("PUT", f"/_matrix/client/v3/rooms/{q(room)}/send/m.room.message/e2e-{os.getpid()}-{self.txn}",
                         {"msgtype": "m.text", "body": body})["event_id"]

    def wait(self, what, predicate, timeout):
        """The first (and removed) entry of messages (or invites) that predicate accepts."""
        deadline = time.monotonic() + timeout
        with self.lock:
            while True:
                for lst in (self.messages, self.invites):
                    for i, m in enumerate(lst):
                        if predicate(m):
                            del lst[i]
                            return m
                left = deadline - time.monotonic()
                if left <= 0:
                    raise TimeoutError(f"timed out after {timeout} s waiting for {what}")
                self.lock.wait(left)


class Irc:
    """A raw IRC client with a reader thread that timestamps each line."""

    def __init__(self, host, port, nick):
        self.sock = socket.create_connection((host, port))
        self.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self.lock = threading.Condition()
        self.lines = []  # (arrival µs, line)
        threading.Thread(target=self._read, daemon=True).start()
        self.send(f"NICK {nick}")
        self.send(f"USER {nick} 0 * :{nick}")

    def send(self, line):
        self.sock.sendall(line.encode() + b"\r\n")

    def _read(self):
        buf = b""
        while True:
            data = self.sock.recv(65536)
            t = now_us()
            if not data:
                return
            buf += data
            with self.lock:
                while b"\r\n" in buf:
                    raw, buf = buf.split(b"\r\n", 1)
                    line = raw.decode("utf-8", "replace")
                    if line.startswith("PING "):
                        self.send("PONG " + line[5:])
                    else:
                        self.lines.append((t, line))
                self.lock.notify_all()

    def wait(self, what, predicate, timeout):
        deadline = time.monotonic() + timeout
        with self.lock:
            while True:
                for i, (t, line) in enumerate(self.lines):
                    if predicate(line):
                        del self.lines[:i + 1]
                        return t, line
                left = deadline - time.monotonic()
                if left <= 0:
                    raise TimeoutError(f"timed out after {timeout} s waiting for {what}")
                self.lock.wait(left)

    def names(self, channel):
        self.send(f"NAMES {channel}")
        _, line = self.wait(f"NAMES {channel}", lambda l: f" 353 " in l and channel in l, 30)
        return [n.lstrip("@+%&~") for n in line.split(" :", 1)[1].split()]


def wait_until(what, check, timeout):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = check()
        if found:
            return found
        time.sleep(0.2)
    raise TimeoutError(f"timed out after {timeout} s waiting for {what}")


def cpu_ticks(pid):
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(") ", 1)[1].split()
    return int(fields[11]) + int(fields[12])


def rss_mib(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return float("nan")


def wakeups(pid):
    """Context switches of all the process's threads so far: a measure of how often it wakes when idle."""
    total = 0
    for task in os.listdir(f"/proc/{pid}/task"):
        try:
            with open(f"/proc/{pid}/task/{task}/status") as f:
                for line in f:
                    if "ctxt_switches" in line:
                        total += int(line.split()[1])
        except FileNotFoundError:
            pass
    return total


def pct(values, p):
    if not values:
        return float("nan")
    s = sorted(values)
    return s[min(len(s) - 1, int(round(p / 100 * (len(s) - 1))))]


class Bridge:
    def __init__(self, key, name, pid, room, channel, nick):
        self.key, self.name, self.pid, self.room, self.channel, self.nick = key, name, pid, room, channel, nick
        self.lat = {"m2i": [], "i2m": []}
        self.sends = []  # (direction, sent µs, event id or None)
        self.cpu = 0
        self.messages = 0
        self.by_window = []  # CPU ms per message of each recorded window: the JIT's warm-up shows as a falling series


def main():
    a = argparse.ArgumentParser()
    a.add_argument("--hs", required=True)
    a.add_argument("--irc-host", default="127.0.0.1")
    a.add_argument("--irc-port", type=int, required=True)
    a.add_argument("--mx-pid", type=int, required=True)
    a.add_argument("--mx-log", required=True)
    a.add_argument("--hb-pid", type=int, required=True)
    a.add_argument("--rate", type=float, default=1.0, help="messages per second, both directions together")
    a.add_argument("--window", type=float, default=20, help="seconds per window")
    a.add_argument("--windows", type=int, default=6, help="recorded windows per bridge")
    a.add_argument("--idle", type=float, default=20, help="seconds of idle before the run, for idle CPU and RSS")
    a.add_argument("--out", required=True)
    args = a.parse_args()

    mx_channel, hb_channel = "#e2e-mx", "#e2e-hb"
    alice = Matrix(args.hs, "alice", "alice-password")
    bob = Irc(args.irc_host, args.irc_port, "bob")
    bob.wait("the IRC server's welcome", lambda l: l.split(" ")[1:2] == ["001"], 30)
    bob.send(f"JOIN {mx_channel}")
    bob.send(f"JOIN {hb_channel}")

    # Ours: the portal by its alias; alice's puppet alice[m] joins the channel.
    mx_room = alice.call("POST", f"/_matrix/client/v3/join/{q('#_irc_' + mx_channel + ':localhost')}", {})["room_id"]
    wait_until(f"alice[m] in {mx_channel}", lambda: "alice[m]" in bob.names(mx_channel), 60)
    print(f"mxbridge: alice in {mx_room}, alice[m] in {mx_channel}", file=sys.stderr)

    # Heisenbridge: its control room (it invites its owner), a network, a connection as alicehb and the channel's room.
    control, _ = alice.wait("heisenbridge's invite to its control room", lambda m: len(m) == 2 and m[1].startswith("@heisenbridge:"), 60)
    alice.call("POST", f"/_matrix/client/v3/join/{q(control)}", {})
    for command in ["ADDNETWORK e2e", f"ADDSERVER e2e {args.irc_host} {args.irc_port}", "OPEN e2e"]:
        alice.send(control, command)
    joined = {mx_room, control}
    network, _ = alice.wait("heisenbridge's invite to the network room", lambda m: len(m) == 2 and m[0] not in joined, 60)
    joined.add(network)
    alice.call("POST", f"/_matrix/client/v3/join/{q(network)}", {})
    alice.send(network, "NICK alicehb")
    alice.send(network, "CONNECT")
    def online(nick):
        bob.send(f"ISON {nick}")
        return nick in bob.wait("ISON", lambda l: " 303 " in l, 30)[1].split(" :", 1)[1].split()
    wait_until("alicehb on IRC", lambda: online("alicehb"), 60)
    alice.send(network, f"JOIN {hb_channel}")
    hb_room, _ = alice.wait(f"heisenbridge's invite to {hb_channel}", lambda m: len(m) == 2 and m[0] not in joined, 60)
    alice.call("POST", f"/_matrix/client/v3/join/{q(hb_room)}", {})
    wait_until(f"alicehb in {hb_channel}", lambda: "alicehb" in bob.names(hb_channel), 60)
    print(f"heisenbridge: alice in {hb_room}, alicehb in {hb_channel}", file=sys.stderr)

    bridges = [Bridge("mx", "mxbridge", args.mx_pid, mx_room, mx_channel, "alice[m]"),
               Bridge("hb", "heisenbridge", args.hb_pid, hb_room, hb_channel, "alicehb")]
    seq = [0]

    def one(b, direction, record):
        seq[0] += 1
        token = f"e2e {b.key} {direction} {seq[0]}"
        if direction == "m2i":
            t0 = now_us()
            event_id = alice.send(b.room, token)
            t1, _ = bob.wait(f"'{token}' on IRC", lambda l: l.startswith(f":{b.nick}!") and l.endswith(f"PRIVMSG {b.channel} :{token}"), 30)
        else:
            event_id = None
            t0 = now_us()
            bob.send(f"PRIVMSG {b.channel} :{token}")
            t1 = alice.wait(f"'{token}' in Matrix", lambda m: len(m) == 4 and m[1] == b.room and m[3] == token, 30)[0]
        if VERBOSE:
            print(f"{token}: {(t1 - t0) / 1000:.1f} ms, done at {time.strftime('%H:%M:%S')}", file=sys.stderr)
        if record:
            b.lat[direction].append((t1 - t0) / 1000)
            b.sends.append((direction, t0, event_id))

    def window(b, seconds, record):
        interval = 1 / args.rate
        cpu0 = cpu_ticks(b.pid)
        start = time.monotonic()
        n = 0
        while time.monotonic() - start < seconds:
            one(b, "m2i" if n % 2 == 0 else "i2m", record)
            n += 1
            due = start + n * interval
            time.sleep(max(0, due - time.monotonic()))
        if record:
            ticks = cpu_ticks(b.pid) - cpu0
            b.cpu += ticks
            b.messages += n
            b.by_window.append(ticks / TICK * 1000 / max(1, n))

    # A few messages each way through each, then idle.
    for b in bridges:
        window(b, 5, False)
    idle = {}
    for b in bridges:
        idle[b.key] = (cpu_ticks(b.pid), wakeups(b.pid))
    time.sleep(args.idle)
    for b in bridges:
        c0, w0 = idle[b.key]
        idle[b.key] = (rss_mib(b.pid), (cpu_ticks(b.pid) - c0) / TICK / args.idle * 1000, (wakeups(b.pid) - w0) / args.idle)
    print(f"idle: {idle}", file=sys.stderr)

    for w in range(args.windows * 2):
        b = bridges[w % 2]
        print(f"[{time.strftime('%H:%M:%S')}] window {w + 1}/{args.windows * 2}: {b.name}", file=sys.stderr)
        window(b, args.window, True)

    shares = share_of_ours(args.mx_log, bridges[0])
    rows = []
    header = ("| bridge | direction | messages | end to end p50 / p95 / p99 (ms) | our bridge's share p50 / p95 / p99 (ms) "
              "| CPU per message (ms) | idle CPU (ms/s), wakeups/s | RSS idle → after (MiB) |")
    rows.append(header)
    rows.append("|---|---|---|---|---|---|---|---|")
    for b in bridges:
        cpu_per = b.cpu / TICK * 1000 / max(1, b.messages)
        rss_idle, idle_cpu, idle_wake = idle[b.key]
        for d, label in (("m2i", "Matrix → IRC"), ("i2m", "IRC → Matrix")):
            v = b.lat[d]
            share = "—"
            if b.key == "mx" and shares[d]:
                s = shares[d]
                share = f"{pct(s, 50):.2f} / {pct(s, 95):.2f} / {pct(s, 99):.2f}"
            rows.append(f"| {b.name} | {label} | {len(v)} | {pct(v, 50):.1f} / {pct(v, 95):.1f} / {pct(v, 99):.1f} | {share} "
                        f"| {cpu_per:.2f} | {idle_cpu:.2f}, {idle_wake:.0f} | {rss_idle:.0f} → {rss_mib(b.pid):.0f} |")
    if shares["send"]:
        s = shares["send"]
        rows.append("")
        rows.append(f"IRC → Matrix, mxbridge's homeserver send (Synapse's time, not in the share): p50 {pct(s, 50):.1f} ms, "
                    f"p99 {pct(s, 99):.1f} ms; trace lines matched: {len(shares['m2i'])} of {len(bridges[0].lat['m2i'])} "
                    f"Matrix → IRC, {len(shares['i2m'])} of {len(bridges[0].lat['i2m'])} IRC → Matrix.")
    rows.append("")
    rows.append("CPU per message by recorded window, in order (ms): " + "; ".join(
        f"{b.name} " + " / ".join(f"{v:.1f}" for v in b.by_window) for b in bridges) + ".")
    if shares["http"]:
        s = shares["http"]
        rows.append("")
        rows.append(f"mxbridge, Matrix → IRC, before the share: Jetty's start on the request → the inbox's receipt "
                    f"(the body read, parsing, the route), p50 / p95 / p99 {pct(s, 50):.2f} / {pct(s, 95):.2f} / "
                    f"{pct(s, 99):.2f} ms.")
    if shares["steps"][STEPS[0]]:
        rows.append("")
        rows.append("mxbridge, Matrix → IRC, step by step (MXBRIDGE_TRACE=TRACE), p50 / p95 ms: " + "; ".join(
            f"{name} {pct(v, 50):.2f} / {pct(v, 95):.2f}" for name, v in shares["steps"].items()) + ".")
    text = "\n".join(rows)
    print(text)
    with open(args.out, "w") as f:
        f.write(text + "\n")


TRACE = re.compile(r"\b(http-begin|as-receipt|irc-write|irc-read|hs-send|step-journaled|step-lane|step-send) (\d+)(?: (\S+))?(?: (\S+))?")
STEPS = ("AS receipt → journaled", "journaled → lane", "lane → IRC send", "IRC send → written")


def share_of_ours(log, b):
    """Our bridge's share of each recorded message, in ms, from its trace lines."""
    receipts, writes, reads, sends, begins = {}, [], [], [], []
    steps = {"step-journaled": [], "step-lane": [], "step-send": []}
    with open(log, errors="replace") as f:
        for line in f:
            m = TRACE.search(line)
            if not m:
                continue
            kind, t = m.group(1), int(m.group(2))
            if kind == "http-begin":
                begins.append(t)
            elif kind == "as-receipt":
                receipts.setdefault(m.group(3), t)
            elif kind == "irc-write":
                writes.append(t)
            elif kind == "irc-read":
                reads.append(t)
            elif kind in steps:
                steps[kind].append(t)
            else:
                sends.append((t, int(m.group(3))))
    writes.sort(); reads.sort(); sends.sort(); begins.sort()
    for v in steps.values():
        v.sort()
    out = {"m2i": [], "i2m": [], "send": [], "http": [], "steps": {name: [] for name in STEPS}}

    def after(times, t):
        i = bisect.bisect_left(times, t)
        return times[i] if i < len(times) else None
    for direction, t0, event_id in b.sends:
        if direction == "m2i":
            r = receipts.get(event_id)
            if r is None:
                continue
            h = bisect.bisect_right(begins, r) - 1
            if h >= 0 and r - begins[h] < 1_000_000:
                out["http"].append((r - begins[h]) / 1000)
            i = bisect.bisect_left(writes, r)
            if i < len(writes):
                out["m2i"].append((writes[i] - r) / 1000)
                chain = [r, after(steps["step-journaled"], r)]
                chain.append(after(steps["step-lane"], chain[-1]) if chain[-1] else None)
                chain.append(after(steps["step-send"], chain[-1]) if chain[-1] else None)
                chain.append(writes[i])
                if None not in chain and chain[-2] <= chain[-1]:
                    for name, a, z in zip(STEPS, chain, chain[1:]):
                        out["steps"][name].append((z - a) / 1000)
        else:
            i = bisect.bisect_left(reads, t0)
            if i == len(reads):
                continue
            j = bisect.bisect_left(sends, (reads[i], 0))
            if j < len(sends):
                out["i2m"].append((sends[j][0] - reads[i]) / 1000)
                out["send"].append((sends[j][1] - sends[j][0]) / 1000)
    return out


if __name__ == "__main__":
    main()
