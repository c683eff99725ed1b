#!/usr/bin/env python3
"""Pier's benchmark: boot the bench program under QEMU -icount, print the figures, write JSON.

QEMU runs with -icount shift=0, so rdinstret counts guest instructions
exactly and repeatably. The kernel is the benchmark build (-DPIER_BENCH:
interrupt and timer packets carry instret stamps), booted with
manifest=bench.manifest, which gives the program QEMU virt's goldfish RTC.
The bench program prints one line per figure,
    bench: <key> <median run 1> <median run 2> <min> <max>
(instructions, the counter read subtracted) and then "bench: done". Then
the same program runs again on the interrupts-off kernel (-DPIER_IRQOFF
too), which stamps every kernel entry and exit, for figure 12 alone:
    bench: irqoff_max <longest stretch> <stretches measured>
    bench: irqoff_at <what entered the kernel> <part of the run>
Its stamps would add to every other figure, so those come from the first
run. This script adds the .text size of the normal kernel's ELF, prints
the table beside the issue's anchors and targets, writes the JSON, and
says when the two runs of a figure differ. Exit status: 0 when every
figure arrived and no FAIL line appeared; 1 otherwise (timeout, missing
figure, QEMU exiting early).
"""

import argparse
import json
import os
import re
import select
import shlex
import subprocess
import sys
import time

# key, issue figure, what, target (<=), seL4 anchor, xv6 anchor
FIGURES = [
    ("null_kernel_call", "1", "null call to a kernel port, round trip", 100, None, 1128),
    ("call_oneway", "2", "call one way, other space, empty", 200, 249, None),
    ("call_oneway_64b", "2", "call one way, other space, 64 bytes", 230, None, None),
    ("reply_oneway", "3", "reply one way", 200, 289, None),
    ("call_reply_other", "4", "call + reply round trip, other space", 400, 538, 95770),
    ("call_reply_same", "4", "call + reply round trip, same space", 400, None, None),
    ("send_async", "5", "async send, cost to the sender", 120, None, None),
    ("dispatch_queued", "5", "dispatch of a queued packet to an idle handler", None, None, None),
    ("irq_to_handler", "6", "interrupt to handler, from the trap", 300, None, None),
    ("irq_stamp_to_handler", "6", "  from the kernel's stamp at the C entry", None, None, None),
    ("irq_trap_to_stamp", "6", "  from the trap to that stamp", None, None, None),
    ("timer_lateness", "7", "timer packet lateness, due to handler", None, None, None),
    ("timer_due_to_queued", "7", "  due to the kernel queueing the packet", None, None, None),
    ("timer_queued_to_handler", "7", "  queueing to the handler", None, None, None),
    ("map_touch", "8", "map + touch one 4 KiB page", 2000, None, 26430),
    ("unmap", "8", "unmap one 4 KiB page", 1000, None, 14117),
    ("spawn_exit", "9", "start a program and see it exit", 150000, None, 1388152),
    ("call_oneway_10ports", "10", "figure 2 with 10 ports", None, None, None),
    ("call_oneway_10000ports", "10", "figure 2 with 10,000 ports", None, None, None),
    ("random16", "13", "random 16: rng0 call to its answer, device included", None, None, None),
    ("blk_read4k", "14", "4 KiB read: blk0 call to its answer, device included", 3000, None, None),
    ("blk_read64k", "14", "64 KiB read: blk0 call to its answer, device included", None, None, None),
    ("malloc_free_10live", "15", "malloc + free pair, 10 live blocks", None, None, None),
    ("malloc_free_10000live", "15", "malloc + free pair, 10,000 live blocks", None, None, None),
    ("stack8m_create", "16", "make a port with an 8 MiB stack", None, None, None),
    ("stack8m_destroy", "16", "destroy it, its stack untouched", None, None, None),
    ("lua_depth25k", "17", "Lua: start, recurse 25,000 deep, exit", None, None, None),
    ("lua_depth150k", "17", "Lua: the same, 150,000 deep", None, None, None),
]
# Checks rather than figures: the counter, the port counts figure 10 reached,
# and the nops figure 7 puts before its timer set call.
CALIBRATION = ["counter_read", "nops100", "ports_in_system", "timer_pad", "malloc_pages"]
TEXT_TARGET, TEXT_SEL4, TEXT_XV6 = 32 * 1024, 38454, 34880

TAG = re.compile(r"^\[[\w-]+ \d+\] ")
LINE = re.compile(r"^bench: (\w+) (\d+) (\d+)(?: (\d+) (\d+))?\s*$")
IRQOFF_AT = re.compile(r"^bench: irqoff_at (\w+) (\w+)\s*$")
# From the interrupts-off kernel's run: figure 12 and where it happened.
IRQOFF_KEY = "irqoff_max"


def run_qemu(cmd, timeout, log):
    """Returns (lines of bench output, why it failed or None)."""
    proc = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT)
    deadline = time.monotonic() + timeout
    lines, partial, why = [], b"", None
    try:
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                why = "timed out after %ds" % timeout
                break
            ready, _, _ = select.select([proc.stdout], [], [], left)
            if not ready:
                continue
            chunk = os.read(proc.stdout.fileno(), 4096)
            log.write(chunk)
            if not chunk:
                why = "QEMU exited (status %s) before bench: done" % proc.wait()
                break
            *done, partial = (partial + chunk).split(b"\n")
            # The bench prints through the debug port, which tags each
            # line of a space without the super right: "[bench 3] ".
            lines += [TAG.sub("", d.decode(errors="replace").rstrip("\r")) for d in done]
            if any(line.startswith("bench: done") for line in lines):
                break
    finally:
        if proc.poll() is None:
            proc.kill()
        proc.wait()
    return lines, why


def boot(opt, kernel, log):
    """Boot a kernel with the bench; returns (its command, lines, why it failed or None)."""
    cmd = [opt.qemu, "-machine", "virt", "-smp", "1", "-m", opt.mem,
           "-nographic", "-monitor", "none", "-bios", "default",
           "-kernel", kernel, "-no-reboot", "-icount", "shift=0",
           "-device", "virtio-rng-device",
           "-drive", "file=%s,format=raw,if=none,id=disk0" % opt.disk,
           "-device", "virtio-blk-device,drive=disk0",
           "-append", "manifest=bench.manifest"]
    log.write(("# " + shlex.join(cmd) + "\n").encode())
    return (cmd,) + run_qemu(cmd, opt.timeout, log)


def parse(lines, problems):
    """The figure lines as {key: dict(run1, run2, min, max)}; FAIL lines go to problems."""
    figs = {}
    for line in lines:
        if line.startswith("bench: FAIL"):
            problems.append(line)
        m = LINE.match(line)
        if m:
            v = [int(x) if x is not None else None for x in m.groups()[1:]]
            figs[m.group(1)] = dict(run1=v[0], run2=v[1], min=v[2], max=v[3])
    return figs


def text_size(size_tool, elf):
    """The kernel's .text section, in bytes, from the ELF on the build machine."""
    out = subprocess.run([size_tool, "-A", elf], check=True,
                         stdout=subprocess.PIPE, text=True).stdout
    for line in out.splitlines():
        f = line.split()
        if len(f) >= 2 and f[0] == ".text":
            return int(f[1])
    raise SystemExit("bench: no .text section in %s" % elf)


def num(v):
    return "—" if v is None else format(v, ",")


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--kernel", default="build/qemu-virt/bench/Image",
                    help="a kernel built with -DPIER_BENCH (figures 6 and 7)")
    ap.add_argument("--irqoff-kernel", default="build/qemu-virt/bench-irqoff/Image",
                    help="a kernel built with -DPIER_BENCH -DPIER_IRQOFF (figure 12)")
    ap.add_argument("--elf", default="build/qemu-virt/pier.elf")
    ap.add_argument("--qemu", default="qemu-system-riscv64")
    ap.add_argument("--size", default="riscv64-unknown-elf-size")
    ap.add_argument("--json", default="build/bench.json")
    ap.add_argument("--log", default="build/bench.log")
    ap.add_argument("--mem", default="512M", help="guest memory (figure 10 needs room)")
    ap.add_argument("--timeout", type=int, default=100)
    opt = ap.parse_args()

    os.makedirs(os.path.dirname(opt.log) or ".", exist_ok=True)
    # Figure 14's disk: 1 MiB of zeros, made afresh each run.
    opt.disk = os.path.join(os.path.dirname(opt.log) or ".", "bench-disk.img")
    with open(opt.disk, "wb") as f:
        f.truncate(1 << 20)
    problems = []
    with open(opt.log, "wb") as log:
        cmd, lines, why = boot(opt, opt.kernel, log)
        figs = parse(lines, problems)
        if why:
            problems.append("bench: " + why)
        icmd, ilines, iwhy = boot(opt, opt.irqoff_kernel, log)
        irqoff = parse(ilines, problems).get(IRQOFF_KEY)
        at = [m.groups() for m in map(IRQOFF_AT.match, ilines) if m]
        if iwhy:
            problems.append("bench (interrupts-off kernel): " + iwhy)
    missing = [k for k, *_ in FIGURES if k not in figs] + \
              [k for k in CALIBRATION if k not in figs] + \
              [k for k, ok in ((IRQOFF_KEY, irqoff), ("irqoff_at", at)) if not ok]
    if missing:
        problems.append("bench: missing figures: " + ", ".join(missing))
    text = text_size(opt.size, opt.elf)

    row = "%-4s %-48s %10s %10s %8s %9s %9s %10s"
    print(row % ("fig", "what (instructions)", "run 1", "run 2", "",
                 "target", "seL4", "xv6"))
    differ = []
    for key, fig, what, target, sel4, xv6 in FIGURES:
        f = figs.get(key)
        if f is None:
            print(row % (fig, what, "missing", "", "", num(target), num(sel4), num(xv6)))
            continue
        flag = "" if f["run1"] == f["run2"] else "DIFFER"
        if flag:
            differ.append(key)
        print(row % (fig, what, num(f["run1"]), num(f["run2"]), flag,
                     num(target), num(sel4), num(xv6)))
    print(row % ("11", "kernel .text, bytes", num(text), "", "",
                 num(TEXT_TARGET), num(TEXT_SEL4), num(TEXT_XV6)))
    if irqoff:
        print(row % ("12", "longest stretch with interrupts off", num(irqoff["run1"]),
                     "", "", "—", "—", "—"))
    cal = [figs.get(k) for k in CALIBRATION]
    if all(cal):
        print("counter read costs %d (subtracted); 100 nops count as %d; "
              "figure 10 had %d and %d ports; figure 7 pads its set call by %d"
              % (cal[0]["run1"], cal[1]["run1"], cal[2]["run1"], cal[2]["run2"],
                 cal[3]["run1"]))
    pages = figs.get("malloc_pages")
    if pages:
        print("figure 15: after freeing everything, malloc gave back %d of the %d pages"
              " it mapped (%d kept: its spare region and up to four empty slabs)"
              % (pages["run2"], pages["run1"], pages["run1"] - pages["run2"]))
    lua = (figs.get("lua_depth25k"), figs.get("lua_depth150k"))
    if all(lua):
        print("figure 17: %s instructions a level from 25,000 to 150,000 levels, %s a level"
              " in the first 25,000 (start and exit included)"
              % (num((lua[1]["run1"] - lua[0]["run1"]) // 125000),
                 num(lua[0]["run1"] // 25000)))
    if irqoff and at:
        print("figure 12: the longest of %s stretches began with %s during %s"
              % (num(irqoff["run2"]), at[0][0], at[0][1]))

    result = {
        "qemu": shlex.join(cmd),
        "unit": "guest instructions (rdinstret, QEMU -icount shift=0), median",
        "figures": {k: dict(figs[k], figure=fig, what=what)
                    for k, fig, what, *_ in FIGURES if k in figs},
        "checks": {k: figs[k] for k in CALIBRATION if k in figs},
        "kernel_text_bytes": text,
        "irqoff": dict(qemu=shlex.join(icmd),
                       max=irqoff["run1"] if irqoff else None,
                       stretches=irqoff["run2"] if irqoff else None,
                       cause=at[0][0] if at else None, during=at[0][1] if at else None),
        "runs_differ": differ,
        "ok": not problems,
    }
    os.makedirs(os.path.dirname(opt.json) or ".", exist_ok=True)
    with open(opt.json, "w") as f:
        json.dump(result, f, indent=2)
        f.write("\n")

    if differ:
        print("bench: the two runs differ for: " + ", ".join(differ))
    for p in problems:
        print(p)
    print("bench: %s; JSON in %s, serial log in %s"
          % ("FAILED" if problems else "ok", opt.json, opt.log))
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
