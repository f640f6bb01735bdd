# SPDX-License-Identifier: BSD-2-Clause
"""pcap_feed.py FILE DELAY - FILE (a classic pcap) to stdout one record at a
time, DELAY seconds apart: a slow source for -r - (the sink and workers
tests' --stats-interval and mid-run checks)."""
import sys
import time

b = open(sys.argv[1], "rb").read()
delay = float(sys.argv[2])
out = sys.stdout.buffer
out.write(b[:24])
out.flush()
off = 24
while off < len(b):
    cap = int.from_bytes(b[off + 8:off + 12], "little")
    out.write(b[off:off + 16 + cap])
    out.flush()
    off += 16 + cap
    time.sleep(delay)
