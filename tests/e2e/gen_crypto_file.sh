#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# gen_crypto_file.sh - `pktscope-gen crypto --file IN --out OUT` (gcm(aes)
# over a file, the cheat sheet's AES-GCM sendfile example): McGrew-Viega GCM
# test cases 1 and 4 byte for byte, a 1 MiB random file round trip (checked
# against python3-cryptography when installed), a tampered tag refused with
# no OUT left behind, --backend afalg where the kernel lacks AF_ALG (or the
# sendfile path and its size limit where it has it), usage errors.
set -u
BIN="${top_builddir:-.}/pktscope-gen"
[ -x "$BIN" ] || { echo "SKIP: $BIN not built"; exit 77; }
command -v python3 >/dev/null 2>&1 || { echo "SKIP: python3 not installed"; exit 77; }

TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT INT TERM
pass=0 fail=0
ok() { echo "ok: $*"; pass=$((pass + 1)); }
bad() { echo "FAIL: $*"; fail=$((fail + 1)); }
unhex() { python3 -c 'import sys; sys.stdout.buffer.write(bytes.fromhex(sys.argv[1]))' "$1"; }
hexof() { python3 -c 'import sys; print(open(sys.argv[1], "rb").read().hex())' "$1"; }
# no OUT and no OUT.XXXXXX temporary left in TMP
no_out() { [ -z "$(ls "$TMP" | grep "^$1")" ]; }

K4=feffe9928665731c6d6a8f9467308308
IV4=cafebabefacedbaddecaf888
A4=feedfacedeadbeeffeedfacedeadbeefabaddad2
P4=d9313225f88406e5a55909c5aff5269a86a7a9531534f7da2e4c303d8a318a721c3c0c95956809532fcf0e2449a6b525b16aedf5aa0de657ba637b39
C4=42831ec2217774244b7221b784d0d49ce3aa212f2c02a4e035c17e2329aca12e21d514b25466931c7d8f6a5aac84aa051ba30b396a0aac973d58e091
T4=5bc94fbc3221a5db94fae95ae7121a47
unhex $P4 >"$TMP/p4"

if python3 -c 'import socket; socket.socket(socket.AF_ALG, socket.SOCK_SEQPACKET)' 2>/dev/null; then
	BACKENDS="openssl afalg auto"
	HAVE_AFALG=1
else
	BACKENDS="openssl auto"
	HAVE_AFALG=0
fi

for be in $BACKENDS; do
	"$BIN" crypto --file "$TMP/p4" --out "$TMP/c4-$be" --alg 'gcm(aes)' --key $K4 --iv $IV4 \
		--aad $A4 --backend $be >"$TMP/out" 2>"$TMP/err"; rc=$?
	if [ $rc -eq 0 ] && [ "$(hexof "$TMP/c4-$be")" = "$C4$T4" ]; then
		ok "$be: test case 4 encrypt = ciphertext || tag ($(cat "$TMP/out"))"
	else
		bad "$be: test case 4 encrypt: exit $rc $(cat "$TMP/err")"
		continue
	fi
	"$BIN" crypto --file "$TMP/c4-$be" --out "$TMP/d4-$be" --key $K4 --iv $IV4 --aad $A4 \
		--decrypt --backend $be >/dev/null 2>"$TMP/err"; rc=$?
	[ $rc -eq 0 ] && cmp -s "$TMP/p4" "$TMP/d4-$be" && ok "$be: test case 4 decrypt" ||
		bad "$be: test case 4 decrypt: exit $rc $(cat "$TMP/err")"
	# test case 1: empty plaintext, zero key and IV: OUT is the tag alone
	: >"$TMP/empty"
	"$BIN" crypto --file "$TMP/empty" --out "$TMP/t1-$be" --key 00000000000000000000000000000000 \
		--backend $be >/dev/null 2>"$TMP/err"; rc=$?
	[ $rc -eq 0 ] && [ "$(hexof "$TMP/t1-$be")" = 58e2fccefa7e3061367f1d57a4e7455a ] &&
		ok "$be: test case 1 (empty file) = tag only" || bad "$be: test case 1: exit $rc $(cat "$TMP/err")"
done

# 1 MiB of random bytes: round trip, and the ciphertext checked independently
head -c 1048576 /dev/urandom >"$TMP/big"
K=000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f
IV=0badc0ffee0123456789abcd
"$BIN" crypto --file "$TMP/big" --out "$TMP/big.gcm" --key $K --iv $IV --aad 0011 >/dev/null 2>"$TMP/err"; rc=$?
[ $rc -eq 0 ] && [ "$(stat -c %s "$TMP/big.gcm")" -eq $((1048576 + 16)) ] &&
	ok "1 MiB encrypt: $((1048576 + 16)) bytes" || bad "1 MiB encrypt: exit $rc $(cat "$TMP/err")"
"$BIN" crypto --file "$TMP/big.gcm" --out "$TMP/big.back" --key $K --iv $IV --aad 0011 --decrypt >/dev/null 2>"$TMP/err"; rc=$?
[ $rc -eq 0 ] && cmp -s "$TMP/big" "$TMP/big.back" && ok "1 MiB round trip" ||
	bad "1 MiB round trip: exit $rc $(cat "$TMP/err")"
if python3 -c 'import cryptography.hazmat.primitives.ciphers.aead' 2>/dev/null; then
	python3 - "$TMP/big" "$TMP/big.gcm" $K $IV <<'PY' && ok "1 MiB ciphertext = python3-cryptography AESGCM" || bad "1 MiB ciphertext differs from python3-cryptography"
import sys
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
pt, ct = open(sys.argv[1], "rb").read(), open(sys.argv[2], "rb").read()
sys.exit(AESGCM(bytes.fromhex(sys.argv[3])).encrypt(bytes.fromhex(sys.argv[4]), pt, b"\x00\x11") != ct)
PY
else
	echo "SKIP independent 1 MiB check: python3-cryptography not installed"
fi

# a tampered tag (last byte) or ciphertext (first byte): exit 1, one line,
# no OUT nor temporary left, and an existing OUT untouched
python3 - "$TMP/big.gcm" "$TMP/bad-tag" "$TMP/bad-ct" <<'PY'
import sys
d = bytearray(open(sys.argv[1], "rb").read())
t = bytearray(d); t[-1] ^= 1; open(sys.argv[2], "wb").write(t)
d[0] ^= 0x80; open(sys.argv[3], "wb").write(d)
PY
for f in bad-tag bad-ct; do
	"$BIN" crypto --file "$TMP/$f" --out "$TMP/o-$f" --key $K --iv $IV --aad 0011 --decrypt >/dev/null 2>"$TMP/err"; rc=$?
	if [ $rc -eq 1 ] && [ "$(wc -l <"$TMP/err")" -eq 1 ] && grep -q '^pktscope-gen crypto: gcm(aes) decrypt: tag check failed' "$TMP/err" && no_out "o-$f"; then
		ok "$f: exit 1, no OUT: $(cat "$TMP/err")"
	else
		bad "$f: exit $rc, $(ls "$TMP" | grep "^o-$f") $(cat "$TMP/err")"
	fi
done
echo keep >"$TMP/keep"
"$BIN" crypto --file "$TMP/bad-tag" --out "$TMP/keep" --key $K --iv $IV --aad 0011 --decrypt >/dev/null 2>&1
[ "$(cat "$TMP/keep")" = keep ] && [ "$(ls "$TMP" | grep -c '^keep')" -eq 1 ] &&
	ok "failed decrypt leaves an existing OUT as it was" || bad "existing OUT changed by a failed decrypt"
"$BIN" crypto --file "$TMP/big.gcm" --out "$TMP/o-wrongaad" --key $K --iv $IV --decrypt >/dev/null 2>"$TMP/err"; rc=$?
[ $rc -eq 1 ] && grep -q 'tag check failed' "$TMP/err" && no_out o-wrongaad && ok "wrong AAD: tag check failed" || bad "wrong AAD: exit $rc"
head -c 15 "$TMP/big.gcm" >"$TMP/short"
"$BIN" crypto --file "$TMP/short" --out "$TMP/o-short" --key $K --decrypt >/dev/null 2>"$TMP/err"; rc=$?
[ $rc -eq 1 ] && grep -q 'cannot hold the 16-byte tag' "$TMP/err" && no_out o-short && ok "15-byte input: $(cat "$TMP/err")" || bad "15-byte input: exit $rc $(cat "$TMP/err")"

if [ $HAVE_AFALG = 0 ]; then
	"$BIN" crypto --file "$TMP/p4" --out "$TMP/o-afalg" --key $K4 --backend afalg >"$TMP/out" 2>"$TMP/err"; rc=$?
	if [ $rc -eq 1 ] && [ "$(wc -l <"$TMP/err")" -eq 1 ] && no_out o-afalg &&
		grep -q '^pktscope-gen crypto: backend afalg unavailable: socket(AF_ALG): ' "$TMP/err"; then
		ok "--backend afalg: exit 1: $(cat "$TMP/err")"
	else
		bad "--backend afalg: exit $rc: $(cat "$TMP/err")"
	fi
	"$BIN" crypto --file "$TMP/p4" --out "$TMP/o-auto" --key $K4 >"$TMP/out" 2>&1
	grep -q 'backend openssl (afalg unavailable: socket(AF_ALG): ' "$TMP/out" && ok "auto: falls back to openssl and says why" || bad "auto: $(cat "$TMP/out")"
else
	# one AF_ALG request: over the limit is refused, pointing at openssl
	head -c 5000000 /dev/zero >"$TMP/huge"
	"$BIN" crypto --file "$TMP/huge" --out "$TMP/o-huge" --key $K4 --backend afalg >/dev/null 2>"$TMP/err"; rc=$?
	[ $rc -eq 1 ] && grep -q 'exceed one AF_ALG request.*use --backend openssl' "$TMP/err" && no_out o-huge &&
		ok "afalg over the limit: $(cat "$TMP/err")" || bad "afalg over the limit: exit $rc $(cat "$TMP/err")"
	head -c 100000 "$TMP/big" >"$TMP/mid"
	"$BIN" crypto --file "$TMP/mid" --out "$TMP/mid.gcm" --key $K --iv $IV --backend afalg >/dev/null 2>&1
	printf '\001' | dd of="$TMP/mid.gcm" bs=1 seek=100015 conv=notrunc 2>/dev/null
	"$BIN" crypto --file "$TMP/mid.gcm" --out "$TMP/o-mid" --key $K --iv $IV --decrypt --backend afalg >/dev/null 2>"$TMP/err"; rc=$?
	[ $rc -eq 1 ] && grep -q 'tag check failed' "$TMP/err" && no_out o-mid && ok "afalg: tampered tag (EBADMSG) refused" || bad "afalg tampered tag: exit $rc $(cat "$TMP/err")"
fi

# usage errors: exit 2 before any file is touched
"$BIN" crypto --file "$TMP/p4" --key $K4 2>"$TMP/err"; rc=$?
[ $rc -eq 2 ] && grep -q -- '--file and --out go together' "$TMP/err" && ok "--file without --out: exit 2" || bad "--file without --out: exit $rc"
"$BIN" crypto --file "$TMP/p4" --out "$TMP/o-cbc" --alg 'cbc(aes)' --key $K4 2>"$TMP/err"; rc=$?
[ $rc -eq 2 ] && no_out o-cbc && ok "--alg cbc(aes): $(cat "$TMP/err")" || bad "--alg cbc(aes) --file: exit $rc"
"$BIN" crypto --file "$TMP/p4" --out "$TMP/o-key" --key 0011 2>"$TMP/err"; rc=$?
[ $rc -eq 2 ] && no_out o-key && ok "short key: exit 2" || bad "short key: exit $rc"
"$BIN" crypto --file "$TMP/missing" --out "$TMP/o-missing" --key $K4 2>"$TMP/err"; rc=$?
[ $rc -eq 1 ] && grep -q 'No such file' "$TMP/err" && no_out o-missing && ok "missing IN: $(cat "$TMP/err")" || bad "missing IN: exit $rc"
"$BIN" crypto --file "$TMP" --out "$TMP/o-dir" --key $K4 2>"$TMP/err"; rc=$?
[ $rc -eq 1 ] && grep -q 'not a regular file' "$TMP/err" && no_out o-dir && ok "directory IN: exit 1" || bad "directory IN: exit $rc"
"$BIN" crypto --listen 127.0.0.1:0 --alg 'gcm(aes)' --key $K4 --decrypt --backend afalg 2>"$TMP/err"; rc=$?
[ $rc -eq 2 ] && ok "server --decrypt --backend afalg: $(cat "$TMP/err")" || bad "server --decrypt --backend afalg: exit $rc"

echo "$pass passed, $fail failed"
[ $fail -eq 0 ]
