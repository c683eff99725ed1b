# QEMU system-test cases for the foundation: boot, memory sizes, the test programs.
#
# Read by scripts/testrun.py (its docstring says what each field means).
# An `expect` step that is a tuple may match in any order: init prints
# "init: started X" after pier_spawn returns, which may be before or after X
# has run, or even exited, depending on priorities.

FORBID = [r"panic", r"FAIL", r"pier: space .* fault"]
TIMEOUT = 30   # seconds; a passing case takes a few


def virt(smp=1, mem="128M", append=None):
    """QEMU arguments for the virt board, booted as on a real one by OpenSBI."""
    args = ["-machine", "virt", "-smp", str(smp), "-m", mem,
            "-nographic", "-monitor", "none", "-bios", "default",
            "-kernel", "{kernel}", "-no-reboot"]
    return args + (["-append", append] if append else [])


# Anchored at the start, tolerant at the end: a kernel line may grow detail.
BOOT = [r"^pier: boot hart \d+\b", r"^pier: memory \d+ MiB\b", r"^pier: starting init\b"]

HELLO = r"^hello, world"
PINGPONG = r"^pingpong: 10 sends, 10 replies received, 10 calls ok$"


def started(prog):
    return r"^init: started %s( .*)? as space \d+\b" % prog


def exited(prog):
    return r"^pier: space \d+ \(%s\) exited with 0\b" % prog


# The board manifest starts hello and pingpong; then nothing is left to run.
MANIFEST = [(started("hello"), started("pingpong"), HELLO, PINGPONG),
            r"^pier: idle\b"]


def case(name, expect, timeout=TIMEOUT, **board):
    return dict(name=name, args=virt(**board), expect=expect, forbid=FORBID,
                timeout=timeout)


def memory(mib, mem):
    return case("memory-%s" % mem, [BOOT[0], r"^pier: memory %d MiB\b" % mib,
                                    BOOT[2]] + MANIFEST,
                mem=mem)


def program(prog):
    """A test program alone: it must print its done line and exit with 0."""
    return case(prog, BOOT + [(started(prog), r"^%s: done$" % prog, exited(prog)),
                              r"^pier: idle\b"],
                append="run=" + prog)


CASES = [
    case("boot", BOOT + MANIFEST),
    case("boot-smp4", BOOT + MANIFEST, smp=4),
    memory(128, "128M"),
    memory(1024, "1G"),
    memory(3072, "3G"),
    case("hello", BOOT + [(started("hello"), HELLO, exited("hello")),
                          r"^pier: idle\b"],
         append="run=hello"),
    case("pingpong", BOOT + [(started("pingpong"), PINGPONG), r"^pier: idle\b"],
         append="run=pingpong"),
    program("badframe"),
    program("prio"),
    program("idle"),
    program("queuefull"),
    program("hold"),
    program("timer"),
]
