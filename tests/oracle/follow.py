#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-2-Clause
"""-z follow,tcp,raw,N against tshark 4.0: usage: follow.py PKTSCOPE SKIPFILE CAPTURE...

For every capture, its first 20 TCP streams (tshark's tcp.stream numbers),
asked of both tools 8 at a time (pktscope's -z limit); the outputs must be
identical.  SKIPFILE lists "capture-basename reason" lines of captures left
out.  Exit 0 when every stream agrees; 1 with the first differing ones."""
import concurrent.futures, os, subprocess, sys

MAX_STREAMS, BATCH = 20, 8


def streams(path):
    out = subprocess.run(["tshark", "-n", "-r", path, "-T", "fields", "-e", "tcp.stream"],
                         capture_output=True, text=True, check=False).stdout
    seen = []
    for line in out.splitlines():
        for s in line.split(","):
            if s and int(s) not in seen:
                seen.append(int(s))
    return sorted(seen)[:MAX_STREAMS]


def run(cmd):
    return subprocess.run(cmd, capture_output=True, check=False).stdout


def check(pktscope, path):
    bad = []
    ss = streams(path)
    for i in range(0, len(ss), BATCH):
        zs = []
        for s in ss[i:i + BATCH]:
            zs += ["-z", "follow,tcp,raw,%d" % s]
        want = run(["tshark", "-n", "-r", path, "-q"] + zs)
        got = run([pktscope, "-r", path, "-q"] + zs)
        if want != got:
            bad.append(ss[i:i + BATCH])
    return path, len(ss), bad


def main():
    pktscope, skipfile, files = sys.argv[1], sys.argv[2], sys.argv[3:]
    skip = {}
    for line in open(skipfile):
        if line.strip() and not line.startswith("#"):
            name, _, why = line.strip().partition(" ")
            skip[name] = why
    files = [f for f in files if os.path.basename(f) not in skip]
    total = nbad = 0
    with concurrent.futures.ThreadPoolExecutor(max_workers=2) as pool:
        for path, n, bad in pool.map(lambda f: check(pktscope, f), files):
            total += n
            if bad:
                nbad += 1
                print("%s: streams differ in batches %s" % (path, bad))
    print("follow,tcp,raw: %d captures (%d skipped), %d streams, %d captures differ" % (
        len(files), len(skip), total, nbad))
    return 1 if nbad else 0


if __name__ == "__main__":
    sys.exit(main())
