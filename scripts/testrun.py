#!/usr/bin/env python3
"""Pier's test runner: host unit-test binaries, then QEMU system-test cases.

Host tests: each binary given on the command line is one test; it passes
when it exits 0, and its output is shown only when it fails.

QEMU cases come from a Python file (tests/qemu/cases.py) defining CASES, a
list of dicts:
    name     the case's name; its serial log goes to <logs>/<name>.log
    args     QEMU arguments; "{kernel}" stands for the kernel Image, "{kdir}"
             for its directory (where the U-Boot disk images are built)
    expect   steps that must appear on the serial output, in order; a step
             is one regex, or a tuple of regexes that may come in any order.
             Each output line satisfies at most one regex. A regex may be a
             function returning one, called with the line that matched the
             step before (or None) when its step is next awaited: for a line
             that depends on when it appears (a date), or on the line before
             (two random draws that must differ).
    forbid   regexes that must never appear
    timeout  seconds before the case fails
    input    (optional) typing on the serial line: a list of (regex, text)
             pairs, in order. Once the output after the previous pair's
             match (partial lines too, so a prompt without a newline
             counts) matches regex, text is written to QEMU's stdin.
    count    (optional) dict(begin=regex, end=regex, bytes=N): the raw
             bytes after the line matching begin and before the line
             matching end must be exactly N; if end has a group named
             "sum", it must equal their byte sum modulo 2**32.
    boots    (optional) dict(times=N, distinct=regex, at_least=M): boot the
             case up to N times, each boot passing as above, until the
             regex's first group has taken M different values (e.g. the
             boot hart OpenSBI drew). Each boot's log is <name>-<i>.log.
             Such a case runs alone, after the others: on a loaded host
             QEMU's first vCPU thread tends to win every race.
    disk     (optional) dict(size=N, check=f, then=[...]): a disk image of N
             bytes, zeroed, made for the case in the log directory; "{disk}"
             in args stands for its path. After the boot passes (QEMU is
             killed once every step is seen, so what the guest had answered
             as written is in the file), check(path, 0) returns None or why
             the image is wrong. Each dict in then is a further boot of the
             same image (its fields replace the case's: expect, input, ...),
             followed by check(path, i). The image is removed when all pass.
A case passes as soon as every step is seen (QEMU is then killed), and the
count, if any, is right. It fails on a forbidden line, on the timeout, or
when QEMU exits first.

The last line printed is always "N passed, N failed"; the exit status is 1
when anything failed.
"""

import argparse
import collections
import concurrent.futures
import os
import re
import runpy
import select
import shlex
import subprocess
import sys
import threading
import time

TAIL_LINES = 40
HOST_TIMEOUT = 300   # a hung host test must not hang CI

print_lock = threading.Lock()
live = set()   # running QEMUs, killed if the runner is interrupted


def say(text):
    """Print a whole block at once, so parallel cases do not interleave."""
    with print_lock:
        print(text, flush=True)


def run_host_test(path, dtb_dir):
    name = os.path.basename(path)
    env = dict(os.environ)
    if dtb_dir:
        env["PIER_DTB_DIR"] = os.path.abspath(dtb_dir)
    try:
        p = subprocess.run([path], env=env, stdin=subprocess.DEVNULL,
                           stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                           timeout=HOST_TIMEOUT)
        out, why = p.stdout, "exit status %d" % p.returncode
        ok = p.returncode == 0
    except subprocess.TimeoutExpired as e:
        out, why, ok = e.stdout or b"", "timed out after %ds" % HOST_TIMEOUT, False
    except OSError as e:
        out, why, ok = b"", str(e), False
    if ok:
        say("PASS host %s" % name)
    else:
        out = out.decode(errors="replace").rstrip()
        say("FAIL host %s: %s%s" % (name, why, "\n" + out if out else ""))
    return ok


class Matcher:
    """Tracks the expected steps and forbidden regexes over serial lines."""

    def __init__(self, case):
        self.steps = [[s] if isinstance(s, str) or callable(s) else list(s)
                      for s in case["expect"]]
        self.forbid = [re.compile(f) for f in case["forbid"]]
        self.step = 0
        self.last = None   # the line that matched the latest step
        self.pending = self._compile(0)

    def _compile(self, i):
        return ([re.compile(r(self.last) if callable(r) else r) for r in self.steps[i]]
                if i < len(self.steps) else [])

    def done(self):
        return self.step >= len(self.steps)

    def missing(self):
        return self.pending[0].pattern if self.pending else None

    def feed(self, line):
        """Returns the forbidden regex the line matches, or None."""
        for f in self.forbid:
            if f.search(line):
                return f.pattern
        for r in self.pending:
            if r.search(line):
                self.pending.remove(r)
                self.last = line
                break
        while not self.pending and not self.done():
            self.step += 1
            self.pending = self._compile(self.step)
        return None


class Typist:
    """Sends each input step's text once its regex shows up in the output."""

    def __init__(self, case, stdin):
        self.steps = [(re.compile(r, re.M), t) for r, t in case.get("input", [])]
        self.stdin = stdin
        self.text = ""
        self.pos = 0

    def feed(self, chunk):
        if not self.steps:
            return
        self.text += chunk.decode(errors="replace").replace("\r", "")
        while self.steps:
            m = self.steps[0][0].search(self.text, self.pos)
            if not m:
                return
            self.pos = m.end()
            self.stdin.write(self.steps.pop(0)[1].encode())
            self.stdin.flush()


def check_count(spec, out):
    """None if the bytes between the markers are right, else why not."""
    begin = re.search(spec["begin"].encode(), out, re.M)
    if not begin:
        return "count: no line matching /%s/" % spec["begin"]
    start = out.find(b"\n", begin.end()) + 1
    end = re.compile(spec["end"].encode(), re.M).search(out, start)
    if not start or not end:
        return "count: no line matching /%s/ after the first" % spec["end"]
    stop = out.rfind(b"\n", start, end.start()) + 1 or start
    got = out[start:stop]
    if len(got) != spec["bytes"]:
        return "count: %d bytes between the markers, want %d" % (len(got), spec["bytes"])
    if "sum" in end.re.groupindex:
        want = int(end.group("sum"))
        if sum(got) & 0xffffffff != want:
            return "count: byte sum %d, the program says %d" % (sum(got) & 0xffffffff, want)
    return None


def run_case(case, qemu, kernel, logdir, seen=None):
    """Boots one case; returns (ok, report text). seen gets what boots.distinct captures."""
    name = case["name"]
    cmd = [qemu] + [a.replace("{kernel}", kernel).replace("{kdir}", os.path.dirname(kernel))
                    .replace("{disk}", case.get("disk_path", ""))
                    for a in case["args"]]
    distinct = re.compile(case["boots"]["distinct"]) if seen is not None else None
    m = Matcher(case)
    tail = collections.deque(maxlen=TAIL_LINES)
    logpath = os.path.join(logdir, name + ".log")
    why = None
    # stdin stays an open pipe: QEMU's stdio serial must not see EOF.
    try:
        proc = subprocess.Popen(cmd, stdin=subprocess.PIPE,
                                stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    except OSError as e:
        return False, "FAIL qemu %s: cannot start %s: %s" % (name, qemu, e)
    live.add(proc)
    deadline = time.monotonic() + case["timeout"]
    partial = b""
    typist = Typist(case, proc.stdin)
    out = bytearray()
    try:
        with open(logpath, "wb") as log:
            log.write(("# " + shlex.join(cmd) + "\n").encode())
            while why is None and not m.done():
                left = deadline - time.monotonic()
                if left <= 0:
                    why = "timed out after %ss" % case["timeout"]
                    break
                ready, _, _ = select.select([proc.stdout], [], [], left)
                if not ready:
                    continue
                chunk = os.read(proc.stdout.fileno(), 65536)
                log.write(chunk)
                log.flush()
                if "count" in case:
                    out += chunk
                try:
                    typist.feed(chunk)
                except BrokenPipeError:
                    pass   # QEMU is gone: the read below sees it
                if not chunk:
                    # The last line may lack its newline.
                    lines, partial = [partial] if partial else [], b""
                else:
                    *lines, partial = (partial + chunk).split(b"\n")
                for raw in lines:
                    line = raw.decode(errors="replace").rstrip("\r")
                    tail.append(line)
                    if distinct and distinct.search(line):
                        seen.append(distinct.search(line).group(1))
                    bad = m.feed(line)
                    if bad:
                        why = "forbidden line /%s/: %s" % (bad, line)
                        break
                if not chunk and why is None and not m.done():
                    why = "QEMU exited early (status %s)" % proc.wait()
    finally:
        if proc.poll() is None:
            proc.kill()
        proc.wait()
        live.discard(proc)
        try:
            proc.stdin.close()
        except BrokenPipeError:
            pass
        proc.stdout.close()
    if why is None and "count" in case:
        why = check_count(case["count"], bytes(out))
    if why is None:
        return True, "PASS qemu %s" % name
    if partial:
        tail.append(partial.decode(errors="replace").rstrip("\r"))
    text = ["FAIL qemu %s: %s" % (name, why)]
    if m.missing():
        text.append("  first missing: /%s/" % m.missing())
    text.append("  last %d lines of serial output (full log: %s):"
                % (len(tail), logpath))
    text += ["  | " + line for line in tail]
    return False, "\n".join(text)


def run_disk(case, qemu, kernel, logdir):
    """Boots a case with a disk image, checks the image from the host, boots it again."""
    spec = case["disk"]
    path = os.path.join(logdir, case["name"] + ".img")
    with open(path, "wb") as f:
        f.truncate(spec["size"])
    boots = [case] + [dict(case, name="%s-%d" % (case["name"], i), **b)
                      for i, b in enumerate(spec.get("then", []), 1)]
    for i, b in enumerate(boots):
        ok, text = run_case(dict(b, disk_path=path), qemu, kernel, logdir)
        if not ok:
            return False, text
        why = spec["check"](path, i) if "check" in spec else None
        if why:
            return False, "FAIL qemu %s: the disk image after boot %d: %s" % (b["name"], i, why)
    os.remove(path)
    return True, "PASS qemu %s (%d boots of one disk image)" % (case["name"], len(boots))


def run_one(case, qemu, kernel, logdir):
    return (run_disk if "disk" in case else run_case)(case, qemu, kernel, logdir)


def run_boots(case, qemu, kernel, logdir):
    """Boots a case again and again until boots.distinct has shown at_least values."""
    spec, seen = case["boots"], []
    for i in range(1, spec["times"] + 1):
        ok, text = run_case(dict(case, name="%s-%d" % (case["name"], i)),
                            qemu, kernel, logdir, seen)
        if not ok:
            return False, text
        values = sorted(set(seen))
        if len(values) >= spec["at_least"]:
            return True, "PASS qemu %s (%d boots saw %s)" % (case["name"], i, ", ".join(values))
    return False, ("FAIL qemu %s: %d boots saw only %s of /%s/, want %d different"
                   % (case["name"], spec["times"], ", ".join(sorted(set(seen))) or "nothing",
                      spec["distinct"], spec["at_least"]))


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("host_tests", nargs="*", help="host test binaries")
    ap.add_argument("--kernel", help="kernel Image; without it no QEMU case runs")
    ap.add_argument("--cases", default="tests/qemu/cases.py")
    ap.add_argument("--qemu", default="qemu-system-riscv64")
    ap.add_argument("--dtb-dir", help="passed to host tests as PIER_DTB_DIR")
    ap.add_argument("--logs", default="build/test-logs")
    ap.add_argument("-j", "--jobs", type=int, default=2,
                    help="QEMU cases run at once (default 2)")
    ap.add_argument("-k", metavar="PATTERN",
                    help="run only tests whose name matches this regex")
    ap.add_argument("--list", action="store_true", help="list tests and exit")
    opt = ap.parse_args()

    def wanted(name):
        return opt.k is None or re.search(opt.k, name)

    hosts = [h for h in opt.host_tests if wanted(os.path.basename(h))]
    cases = [c for c in runpy.run_path(opt.cases)["CASES"] if wanted(c["name"])]
    names = [c["name"] for c in cases]
    dup = {n for n in names if names.count(n) > 1}
    if dup:
        sys.exit("testrun: duplicate case names: %s" % ", ".join(sorted(dup)))
    if opt.list:
        for h in hosts:
            print("host %s" % os.path.basename(h))
        for c in cases:
            print("qemu %-16s %s" % (c["name"], shlex.join(c["args"])))
        return 0

    results = [run_host_test(h, opt.dtb_dir) for h in hosts]
    if opt.kernel and cases:
        os.makedirs(opt.logs, exist_ok=True)
        with concurrent.futures.ThreadPoolExecutor(max(1, opt.jobs)) as pool:
            jobs = [pool.submit(run_one, c, opt.qemu, opt.kernel, opt.logs)
                    for c in cases if "boots" not in c]
            try:
                for job in concurrent.futures.as_completed(jobs):
                    ok, text = job.result()
                    say(text)
                    results.append(ok)
                for c in cases:
                    if "boots" in c:
                        ok, text = run_boots(c, opt.qemu, opt.kernel, opt.logs)
                        say(text)
                        results.append(ok)
            except KeyboardInterrupt:
                for j in jobs:
                    j.cancel()
                for p in list(live):
                    p.kill()
                raise
    passed = results.count(True)
    print("%d passed, %d failed" % (passed, len(results) - passed))
    return 0 if passed == len(results) else 1


if __name__ == "__main__":
    try:
        sys.exit(main())
    except KeyboardInterrupt:
        sys.exit("testrun: interrupted")
