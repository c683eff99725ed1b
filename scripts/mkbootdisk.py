#!/usr/bin/env python3
"""Makes a disk image as U-Boot's distro boot finds it: an MBR with one bootable FAT partition holding the given files.

    scripts/mkbootdisk.py OUT.img FILE...

The FAT file system is made by mkfs.vfat (dosfstools) and filled by mcopy
(mtools); only the 512-byte partition table is written here, since
Debian's partitioning tools (sfdisk, parted) are not otherwise needed.
"""

import os
import struct
import subprocess
import sys

SECTOR = 512
START = 2048             # the first partition at 1 MiB, as partitioning tools put it
FAT_KIB = 16 * 1024      # room for the Image and a few scripts
FAT32_LBA = 0x0c         # partition type: FAT32 addressed by LBA


def main():
    if len(sys.argv) < 3:
        sys.exit(__doc__.strip())
    out, files = sys.argv[1], sys.argv[2:]
    part = out + ".part"
    for f in (out, part):
        if os.path.exists(f):
            os.remove(f)
    subprocess.run(["mkfs.vfat", "-n", "PIERBOOT", "-C", part, str(FAT_KIB)],
                   check=True, stdout=subprocess.DEVNULL)
    subprocess.run(["mcopy", "-i", part] + files + ["::/"], check=True)
    nsect = FAT_KIB * 1024 // SECTOR
    # One entry: bootable, CHS fields unused (0xfe/0xffff say "use LBA"), type, LBA start, length.
    entry = struct.pack("<B3sB3sII", 0x80, b"\xfe\xff\xff", FAT32_LBA,
                        b"\xfe\xff\xff", START, nsect)
    mbr = bytearray(SECTOR)
    mbr[446:446 + 16] = entry
    mbr[510:512] = b"\x55\xaa"
    with open(out + ".tmp", "wb") as o:
        o.write(mbr)
        o.write(bytes(SECTOR * (START - 1)))
        with open(part, "rb") as p:
            o.write(p.read())
    os.remove(part)
    os.replace(out + ".tmp", out)


if __name__ == "__main__":
    main()
