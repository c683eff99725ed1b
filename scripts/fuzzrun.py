#!/usr/bin/env python3
"""Pier's kernel fuzzer, one long run: boots the Image in QEMU with init
starting only tests/qemu/progs/fuzz (unprivileged, under a page quota),
shows the serial output as it comes, and judges the run.

It fails (exit status 1, naming the seed to rerun) when the kernel
panics, when the fuzzer prints a FAIL line, faults, or exits with a
status other than 0, when QEMU exits first, or when no progress line
("fuzz: batch ...") has come for --hang seconds: a hang or a livelock.
It passes once the fuzzer says "fuzz: done" and exits with 0.
"""

import argparse
import os
import random
import re
import select
import socket
import subprocess
import sys
import tempfile
import time

PANIC = re.compile(r"pier: panic|kernel_bug|kernel trap")
FAIL = re.compile(r"^fuzz: FAIL")
STARTED = re.compile(r"^init: started fuzz .* as space (\d+)")
PROGRESS = re.compile(r"^fuzz: (batch|space|port table|seed|trace)")
DONE = re.compile(r"^fuzz: done")


def symbol(elf, addr):
    """function (file:line) of a kernel address, if the ELF and addr2line are there."""
    try:
        out = subprocess.run(["riscv64-unknown-elf-addr2line", "-f", "-e", elf, addr],
                             capture_output=True, text=True, timeout=10).stdout.split()
    except (OSError, subprocess.TimeoutExpired):
        return ""
    return " %s (%s)" % (out[0], os.path.basename(out[1])) if len(out) == 2 else ""


def where_harts(path, elf):
    """On a hang: where each hart is (pc, ra, the last trap), from QEMU's monitor."""
    try:
        with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as sock:
            sock.settimeout(2)
            sock.connect(path)
            sock.sendall(b"info registers -a\n")
            out, end = b"", time.monotonic() + 2
            while time.monotonic() < end:
                try:
                    chunk = sock.recv(65536)
                except socket.timeout:
                    break
                if not chunk:
                    break
                out += chunk
    except OSError as e:
        return "fuzzrun: no monitor (%s)" % e
    keep = []
    for l in out.decode(errors="replace").splitlines():
        m = re.match(r"\s*(CPU#\d+|pc|sepc|scause|stval|x0/zero|x4/tp)\b\s*([0-9a-f]*)", l)
        if not m:
            continue
        line = l.strip()
        if m.group(1) == "pc" and m.group(2).startswith("ffffffff"):
            line += symbol(elf, m.group(2))
        ra = re.search(r"x1/ra\s+(ffffffff[0-9a-f]+)", l)
        if ra:
            line += " <- ra" + symbol(elf, ra.group(1))
        keep.append(line)
    return "\n".join("fuzzrun: " + l for l in keep)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--qemu", default="qemu-system-riscv64")
    ap.add_argument("--kernel", required=True)
    ap.add_argument("--seed", type=int, help="default: a random one, printed")
    ap.add_argument("--frames", type=int, default=100000)
    ap.add_argument("--batch", type=int, default=1000, help="frames between checks")
    ap.add_argument("--quota", type=int, default=1000, help="the fuzzer's pages")
    ap.add_argument("--avoid", help="bug classes to leave out, a:b:c (see docs/testing.md)")
    ap.add_argument("--trace", type=int, help="show every frame from this step on")
    ap.add_argument("--smp", type=int, default=1)
    ap.add_argument("--mem", default="256M")
    ap.add_argument("--hang", type=float, default=60, help="seconds without progress")
    ap.add_argument("--logs", default="build/fuzz-logs")
    opt = ap.parse_args()

    seed = opt.seed if opt.seed is not None else random.SystemRandom().randrange(1, 1 << 32)
    words = ["quota=%d" % opt.quota, "fuzz", "seed=%d" % seed, "frames=%d" % opt.frames,
             "batch=%d" % opt.batch] + (["avoid=" + opt.avoid] if opt.avoid else []) + (
                 ["trace=%d" % opt.trace] if opt.trace else [])
    append = "run=" + "+".join(words)
    monitor = os.path.join(tempfile.mkdtemp(prefix="fuzzrun"), "monitor")
    cmd = [opt.qemu, "-machine", "virt", "-smp", str(opt.smp), "-m", opt.mem, "-nographic",
           "-monitor", "unix:%s,server,nowait" % monitor, "-bios", "default",
           "-kernel", opt.kernel, "-no-reboot", "-append", append]
    os.makedirs(opt.logs, exist_ok=True)
    logpath = os.path.join(opt.logs, "seed-%d.log" % seed)
    print("fuzzrun: seed %d, %d frames; log %s" % (seed, opt.frames, logpath), flush=True)
    print("fuzzrun: " + " ".join(cmd), flush=True)

    why, space, done, failed = None, None, False, 0
    proc = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT)
    last = time.monotonic()
    partial = b""
    try:
        with open(logpath, "wb") as log:
            while why is None:
                left = last + opt.hang - time.monotonic()
                if left <= 0:
                    why = "no progress for %g s: a hang or a livelock" % opt.hang
                    print(where_harts(monitor, os.path.join(os.path.dirname(opt.kernel),
                                                            "pier.elf")), flush=True)
                    break
                ready, _, _ = select.select([proc.stdout], [], [], left)
                if not ready:
                    continue
                chunk = os.read(proc.stdout.fileno(), 65536)
                if not chunk:
                    why = "QEMU exited first (status %s)" % proc.wait()
                    break
                log.write(chunk)
                log.flush()
                *lines, partial = (partial + chunk).split(b"\n")
                for raw in lines:
                    line = raw.decode(errors="replace").rstrip("\r")
                    print(line, flush=True)
                    m = STARTED.search(line)
                    if m:
                        space = m.group(1)
                    if PROGRESS.search(line):
                        last = time.monotonic()
                    if PANIC.search(line):
                        why = "kernel panic"
                    elif FAIL.search(line):
                        failed += 1
                    elif space and re.search(r"^init: space %s faulted" % space, line):
                        why = "the fuzzer itself faulted"
                    elif space and re.search(r"^pier: space %s \(fuzz\) (exited with|killed)" % space,
                                             line):
                        ok = re.search(r"exited with 0\b", line)
                        why = "" if ok and done and not failed else (
                            "the fuzzer ended: %s" % line.split(") ", 1)[-1])
                    elif DONE.search(line):
                        done = True
                        last = time.monotonic()
                if why is not None:
                    break
            if why == "kernel panic":
                # the panic's register dump follows it
                end = time.monotonic() + 2
                while time.monotonic() < end:
                    ready, _, _ = select.select([proc.stdout], [], [], 0.2)
                    chunk = os.read(proc.stdout.fileno(), 65536) if ready else b""
                    if ready and not chunk:
                        break
                    log.write(chunk)
                    sys.stdout.write(chunk.decode(errors="replace"))
    finally:
        proc.kill()
        proc.wait()
        try:
            os.unlink(monitor)
            os.rmdir(os.path.dirname(monitor))
        except OSError:
            pass
    if why == "" and not failed:
        print("fuzzrun: PASS seed %d, %d frames" % (seed, opt.frames))
        return 0
    print("fuzzrun: FAIL seed %d: %s%s; rerun: make fuzz SEED=%d FRAMES=%d%s%s"
          % (seed, why or "FAIL lines", " (%d FAIL lines)" % failed if failed else "",
             seed, opt.frames, " SMP=%d" % opt.smp if opt.smp != 1 else "",
             " AVOID=" + opt.avoid if opt.avoid else ""))
    return 1


if __name__ == "__main__":
    try:
        sys.exit(main())
    except KeyboardInterrupt:
        sys.exit("fuzzrun: interrupted")
