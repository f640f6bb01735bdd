#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# sink_redis_auth.sh - redis:// with credentials and a database, against a
# real redis-server started here with --requirepass and an ACL user:
#  1. the password alone (AUTH PASSWORD) and /DB?stream=KEY: the records land
#     in that db only, exactly --json's; an ACL user (AUTH USER PASSWORD) and
#     ?db=N; PKTSCOPE_REDIS_PASSWORD for USER:@, and the URL's password wins;
#  2. a wrong password, no password, a db out of range: exit 1 at once, one
#     stderr line naming the refusal, never the password;
#  3. a running pktscope: /proc/PID/cmdline, its stderr and its
#     --stats-interval lines never hold the password;
#  4. the server restarted mid-run: the writer reconnects, authenticates and
#     selects its db again (records after the restart land in it);
#  5. -X sasl.password=... (Kafka) is not in /proc/PID/cmdline either.
set -u
top_srcdir=${top_srcdir:-.}
P=${top_builddir:-.}/pktscope
S=$top_srcdir/samples
[ -x "$P" ] || { echo "SKIP: $P not built"; exit 77; }
for t in redis-server redis-cli python3; do
	command -v $t >/dev/null || { echo "SKIP: no $t"; exit 77; }
done
tmp=$(mktemp -d)
rpid=""
ppid=""
cleanup() {
	[ -n "$ppid" ] && kill "$ppid" 2>/dev/null
	if [ -n "$rpid" ]; then
		kill "$rpid" 2>/dev/null
		wait "$rpid" 2>/dev/null
	fi
	rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 1' INT TERM HUP
fail=0
bad() { echo "FAIL: $*"; fail=1; }

# passwords with the characters a URL must escape
pw='top s3cr@t:/x'       # the default user's; in a URL: top%20s3cr%40t%3A%2Fx
pw_url='top%20s3cr%40t%3A%2Fx'
upw='sh1pper%pw'         # the ACL user's; in a URL: sh1pper%25pw
upw_url='sh1pper%25pw'
. "$top_srcdir/tests/e2e/redis_lib.sh"
redis_auth=$pw
redis_start "$tmp" --requirepass "$pw" --user shipper on ">$upw" '~*' '+@all' || exit 1
export redis_auth
unset PKTSCOPE_REDIS_PASSWORD
hp="127.0.0.1:$port"

records() { redis_cli -n "$1" -2 --json XRANGE "$2" - + | python3 -c '
import json, sys
for _id, fields in json.load(sys.stdin):
    print(fields[1])'; }

"$P" -r "$S/demo.pcap" --json >"$tmp/want.json" || bad "--json"
n=$(wc -l <"$tmp/want.json")

# 1. AUTH PASSWORD, db 3 in the path
"$P" -r "$S/demo.pcap" --json --output "redis://$pw_url@$hp/3?stream=pk" 2>"$tmp/err1" ||
	bad "password run: $(cat "$tmp/err1")"
grep -q "^pktscope: output redis://\*\*\*@$hp/pk?maxlen=1000000&db=3: $n sent, 0 dropped, 0 errors$" \
	"$tmp/err1" || bad "password summary: $(cat "$tmp/err1")"
[ "$(redis_cli -n 3 XLEN pk)" = "$n" ] || bad "db 3 XLEN pk $(redis_cli -n 3 XLEN pk), want $n"
[ "$(redis_cli -n 0 XLEN pk)" = 0 ] || bad "db 0 got records too"
records 3 pk | cmp -s - "$tmp/want.json" || bad "db 3 records differ from --json"
# the ACL user, ?db=2
"$P" -r "$S/demo.pcap" --json --output "redis://shipper:$upw_url@$hp/acl?db=2" 2>"$tmp/err1b" ||
	bad "ACL user run: $(cat "$tmp/err1b")"
[ "$(redis_cli -n 2 XLEN acl)" = "$n" ] || bad "ACL user: db 2 XLEN $(redis_cli -n 2 XLEN acl)"
grep -q "output redis://shipper:\*\*\*@$hp/acl?maxlen=1000000&db=2: $n sent" "$tmp/err1b" ||
	bad "ACL user summary: $(cat "$tmp/err1b")"
# the environment's password for USER:@; the URL's password wins over it
PKTSCOPE_REDIS_PASSWORD=$upw "$P" -r "$S/demo.pcap" --json \
	--output "redis://shipper:@$hp/env?db=4" 2>"$tmp/err1c" || bad "env run: $(cat "$tmp/err1c")"
[ "$(redis_cli -n 4 XLEN env)" = "$n" ] || bad "env password: db 4 XLEN $(redis_cli -n 4 XLEN env)"
PKTSCOPE_REDIS_PASSWORD=wrong "$P" -r "$S/demo.pcap" --json \
	--output "redis://shipper:$upw_url@$hp/env2" 2>"$tmp/err1d" ||
	bad "the URL's password should win over the env's: $(cat "$tmp/err1d")"

# 2. refused: one line, exit 1, at once, no password
refused() { # WHAT WANT URL [ENV]
	start=$(date +%s)
	PKTSCOPE_REDIS_PASSWORD=${4:-} "$P" -r "$S/demo.pcap" --json --output "$3" \
		>"$tmp/out2" 2>"$tmp/err2"
	rc=$?
	took=$(($(date +%s) - start))
	[ $rc = 1 ] || bad "$1: exit $rc, want 1"
	[ $took -le 2 ] || bad "$1: took ${took}s"
	[ "$(wc -l <"$tmp/err2")" = 1 ] || bad "$1: stderr is not one line: $(cat "$tmp/err2")"
	grep -q "^pktscope: output redis://.*$2" "$tmp/err2" || bad "$1: $(cat "$tmp/err2")"
	grep -qF -e "$pw" -e "$upw" -e "$pw_url" -e "$upw_url" -e hunter2 "$tmp/err2" &&
		bad "$1: the password is in the message"
	[ -s "$tmp/out2" ] && bad "$1: wrote to stdout"
}
refused "wrong password" "AUTH refused: WRONGPASS" "redis://hunter2@$hp/w"
refused "wrong ACL password" "AUTH (ACL user) refused: WRONGPASS" "redis://shipper:hunter2@$hp/w"
refused "wrong env password" "WRONGPASS" "redis://$hp/w" hunter2
refused "no password" "NOAUTH" "redis://$hp/w"
refused "db out of range" "SELECT refused: ERR DB index is out of range" \
	"redis://$pw_url@$hp/99999?stream=w"
[ "$(redis_cli -n 0 EXISTS w)" = 0 ] || bad "a refused run wrote records"
# live (root: -i lo): the same one line, no capture summary after it
if [ "$(id -u)" = 0 ]; then
	timeout 10 "$P" -i lo --json --output "redis://hunter2@$hp/w" >/dev/null 2>"$tmp/err2l"
	rc=$?
	[ $rc = 1 ] || bad "live wrong password: exit $rc, want 1"
	[ "$(wc -l <"$tmp/err2l")" = 1 ] && grep -q "AUTH refused: WRONGPASS" "$tmp/err2l" ||
		bad "live wrong password: $(cat "$tmp/err2l")"
fi
"$P" -r "$S/demo.pcap" --json --output "rediss://$pw_url@$hp/w" 2>"$tmp/err2b"
rc=$?
[ $rc = 2 ] || bad "rediss://: exit $rc, want 2 (usage)"
grep -q "TLS" "$tmp/err2b" || bad "rediss:// message: $(cat "$tmp/err2b")"
grep -qF -e "$pw_url" "$tmp/err2b" && bad "rediss://: the password is in the message"


# 3. and 4. a running pktscope (~5.6 s): its cmdline while it runs; the
#    server restarted (same password and ACL user) after ~1.5 s
mkfifo "$tmp/feed"
python3 "$top_srcdir/tests/e2e/pcap_feed.py" "$S/demo.pcap" 0.1 >"$tmp/feed" &
"$P" -r - --json --stats-interval 1 --output "redis://shipper:$upw_url@$hp/rs?db=5" \
	<"$tmp/feed" >/dev/null 2>"$tmp/err3" &
ppid=$!
sleep 0.7
tr '\0' ' ' <"/proc/$ppid/cmdline" >"$tmp/cmdline"
grep -qF -e "$upw" -e "$upw_url" "$tmp/cmdline" && bad "the password is in /proc/PID/cmdline"
grep -q "redis://shipper:xxxxxxxxxxxx@$hp/rs?db=5" "$tmp/cmdline" ||
	bad "cmdline: $(cat "$tmp/cmdline")"
sleep 0.8
before=$(redis_cli -n 5 XLEN rs)
redis_restart "$tmp" --requirepass "$pw" --user shipper on ">$upw" '~*' '+@all' ||
	bad "redis did not restart"
wait $ppid
rc=$?
ppid=""
after=$(redis_cli -n 5 XLEN rs)
grep -qF -e "$upw" -e "$upw_url" "$tmp/err3" && bad "the password is on stderr"
python3 - "$tmp/err3" "$n" "$after" "$rc" "$before" <<'PY' || fail=1
import json, sys
lines = [l for l in open(sys.argv[1]) if l.startswith("{")]
n, after, rc, before = int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5])
stats = [json.loads(l) for l in lines]
final = [s for s in stats if s["final"]]
ok = True
def check(cond, msg):
    global ok
    if not cond:
        print("FAIL: " + msg); ok = False
check(len(stats) - len(final) >= 3, "%d periodic stats lines" % (len(stats) - len(final)))
check(len(final) == 1, "%d final lines" % len(final))
f = final[-1]["outputs"][0] if final else {}
check(f.get("output", "").startswith("redis://shipper:***@"), "stats name %s" % f.get("output"))
check(f.get("connects", 0) >= 2, "connects %s: no reconnection" % f.get("connects"))
check(before > 0, "nothing in db 5 before the restart")
check(after > 0, "nothing in db 5 after the restart: no AUTH/SELECT on reconnection")
check(f.get("sent", 0) + f.get("dropped", 0) + f.get("errors", 0) == n, "offered %d != %s" % (n, f))
check(after <= f.get("sent", 0) + f.get("errors", 0), "db 5 holds %d > sent + errors" % after)
print("restart: %d before, %d after, final %s, exit %d" % (before, after, f, rc))
sys.exit(0 if ok else 1)
PY
[ "$(redis_cli -n 0 EXISTS rs)" = 0 ] || bad "after the restart records went to db 0"

# 5. the same for a Kafka secret given with -X (when built with Kafka)
if "$P" -r "$S/demo.pcap" --json --output kafka://127.0.0.1:9/t -c 1 2>&1 | grep -q "without Kafka"; then
	echo "no Kafka in this build: -X secret not checked"
else
	mkfifo "$tmp/feed2"
	"$P" -r - --json --output kafka://127.0.0.1:9/t -X sasl.password=hunter2kafka \
		-X client.id=visible <"$tmp/feed2" >/dev/null 2>&1 &
	ppid=$!
	exec 3>"$tmp/feed2" # pktscope waits for the pcap header meanwhile
	sleep 0.3
	tr '\0' ' ' <"/proc/$ppid/cmdline" >"$tmp/cmdline2"
	exec 3>&-
	wait $ppid
	ppid=""
	grep -q hunter2kafka "$tmp/cmdline2" && bad "-X sasl.password is in /proc/PID/cmdline"
	grep -q "sasl.password=xxxxxxxxxxxx -X client.id=visible" "$tmp/cmdline2" ||
		bad "-X cmdline: $(cat "$tmp/cmdline2")"
fi
[ $fail = 0 ] && echo "sink_redis_auth: ok ($n records; port $port)"
exit $fail
