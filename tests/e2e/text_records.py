# SPDX-License-Identifier: BSD-2-Clause
"""text_records.py - shared by the e2e scripts that compare our text with
tcpdump's record by record (udpapps_text.sh, llc_text.sh): a record is a
time-stamped line and the lines that continue it (-v detail, hex dumps)."""
import re
import subprocess

TS = re.compile(r'^\d\d:\d\d:\d\d\.\d+ ')


def records(out):
    recs = []
    for line in out.splitlines():
        if TS.match(line) or not recs:
            recs.append(line)
        else:
            recs[-1] += "\n" + line
    return recs


def run(cmd):
    """(exit code, records of stdout) of a command, stderr dropped"""
    r = subprocess.run(cmd, capture_output=True, text=True, errors="backslashreplace")
    return r.returncode, records(r.stdout)
