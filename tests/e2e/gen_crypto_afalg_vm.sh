#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# gen_crypto_afalg_vm.sh - runs the AF_ALG tests where the host kernel has no
# AF_ALG: boots a Debian kernel in qemu with an initramfs holding the built
# test_gen_crypto and pktscope-gen (and their shared libraries), loads the
# AF_ALG modules, and runs the unit tests, `crypto --bench` (both backends,
# with and without --zero-copy), `crypto --backend afalg` servers checked
# with published vectors over loopback inside the VM, and `crypto --file
# --backend afalg` (sendfile into the AEAD socket) both ways.
#
# Opt-in, since it needs a kernel image:  GEN_VM_KERNEL_DIR=DIR where DIR
# holds boot/vmlinuz-* and lib/modules/*/ (e.g. `apt-get download
# linux-image-amd64`'s dependency, then `dpkg -x linux-image-*.deb DIR`),
# plus qemu-system-x86_64, cpio and a static libc (libc6-dev).
# Takes about 40 s under TCG emulation; uses KVM with GEN_VM_KVM=1.
set -u
B="${top_builddir:-.}"
K="${GEN_VM_KERNEL_DIR:-}"
[ -n "$K" ] || { echo "SKIP: set GEN_VM_KERNEL_DIR to an extracted linux-image package to run AF_ALG in a VM"; exit 77; }
for t in qemu-system-x86_64 cpio "${CC:-cc}"; do
	command -v "$t" >/dev/null 2>&1 || { echo "SKIP: $t not installed"; exit 77; }
done
VMLINUZ=$(ls "$K"/boot/vmlinuz-* 2>/dev/null | head -n 1)
MODDIR=$(ls -d "$K"/lib/modules/*/ 2>/dev/null | head -n 1)
[ -n "$VMLINUZ" ] && [ -n "$MODDIR" ] || { echo "SKIP: no boot/vmlinuz-* and lib/modules/* in $K"; exit 77; }
for f in "$B/pktscope-gen" "$B/tests/unit/test_gen_crypto"; do
	[ -x "$f" ] || { echo "SKIP: $f not built"; exit 77; }
done

TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT INT TERM
IR="$TMP/ir"
mkdir -p "$IR/modules" "$IR/bin"

# Binaries and every shared library they load, at the same paths.
for f in "$B/pktscope-gen" "$B/tests/unit/test_gen_crypto"; do
	cp "$f" "$IR/bin/"
	for lib in $(ldd "$f" | grep -o '/[^ ]*'); do
		mkdir -p "$IR$(dirname "$lib")"
		cp -L "$lib" "$IR$lib"
	done
done
# The AF_ALG interfaces and the algorithms behind them, in dependency order
# (built-in ones are simply absent).
for m in af_alg algif_hash algif_skcipher algif_aead gf128mul ghash-generic ctr gcm \
	cryptd crypto_simd aesni-intel ghash-clmulni-intel sha256-ssse3; do
	f=$(find "$MODDIR" -name "$m.ko" | head -n 1)
	[ -n "$f" ] && cp "$f" "$IR/modules/$(printf '%02d' $(ls "$IR/modules" | wc -l))-$m.ko"
done

cat >"$TMP/init.c" <<'EOF'
/* init of the test VM: console, modules, loopback, tests, power off. */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <net/if.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mount.h>
#include <sys/reboot.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

static int fails;

static int run(char *const argv[])
{
	pid_t p = fork();
	if (p == 0) {
		execv(argv[0], argv);
		_exit(127);
	}
	int st = 0;
	waitpid(p, &st, 0);
	int rc = WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
	printf("VM: %s %s -> exit %d\n", argv[0], argv[1] ? argv[1] : "", rc);
	fflush(stdout);
	return rc;
}

static int unhex(const char *h, unsigned char *b)
{
	int n = 0;
	for (; h[0] && h[1]; h += 2) {
		unsigned v;
		sscanf(h, "%2x", &v);
		b[n++] = (unsigned char)v;
	}
	return n;
}

/* Starts a crypto server with args, sends one request, compares. */
static void vector(const char *name, char *const argv[], const char *in, const char *want)
{
	unsigned char req[4096], resp[4096], exp[4096];
	pid_t p = fork();
	if (p == 0) {
		execv(argv[0], argv);
		_exit(127);
	}
	int ok = 0, fd = -1;
	struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = htons(5568)};
	inet_pton(AF_INET, "127.0.0.1", &a.sin_addr);
	for (int i = 0; i < 100 && !ok; i++) { /* wait for the listener */
		fd = socket(AF_INET, SOCK_STREAM, 0);
		ok = connect(fd, (struct sockaddr *)&a, sizeof a) == 0;
		if (!ok) {
			close(fd);
			usleep(50000);
		}
	}
	if (ok) {
		int n = unhex(in, req + 4), wn = unhex(want, exp), got = 0, r;
		req[0] = req[1] = 0;
		req[2] = (unsigned char)(n >> 8);
		req[3] = (unsigned char)n;
		ok = write(fd, req, (size_t)n + 4) == n + 4;
		while (got < 5 + wn && (r = (int)read(fd, resp + got, sizeof resp - (size_t)got)) > 0)
			got += r;
		ok = ok && got == 5 + wn && resp[4] == 0 && !memcmp(resp + 5, exp, (size_t)wn);
		close(fd);
	}
	kill(p, SIGTERM);
	int st = 0;
	waitpid(p, &st, 0);
	ok = ok && WIFEXITED(st) && WEXITSTATUS(st) == 0;
	printf("VM: afalg server %s: %s\n", name, ok ? "ok" : "FAIL");
	fflush(stdout);
	fails += !ok;
}

static int slurp(const char *path, unsigned char *b, size_t cap)
{
	int fd = open(path, O_RDONLY), n = -1;
	if (fd >= 0) {
		n = (int)read(fd, b, cap);
		close(fd);
	}
	return n;
}

static void put(const char *path, const unsigned char *b, int n)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	if (fd >= 0) {
		if (write(fd, b, (size_t)n) != n)
			printf("VM: short write %s\n", path);
		close(fd);
	}
}

/* crypto --file on the AF_ALG sendfile path: GCM test case 4 encrypted byte
 * for byte, decrypted back, and a flipped tag byte refused with no OUT. */
static void file_vector(void)
{
	unsigned char p[128], w[128], got[256];
	int pn = unhex("d9313225f88406e5a55909c5aff5269a86a7a9531534f7da2e4c303d8a318a72"
		       "1c3c0c95956809532fcf0e2449a6b525b16aedf5aa0de657ba637b39", p);
	int wn = unhex("42831ec2217774244b7221b784d0d49ce3aa212f2c02a4e035c17e2329aca12e"
		       "21d514b25466931c7d8f6a5aac84aa051ba30b396a0aac973d58e091"
		       "5bc94fbc3221a5db94fae95ae7121a47", w);
	put("/tmp/pt", p, pn);
#define FILE_ARGS "--backend", "afalg", "--key", "feffe9928665731c6d6a8f9467308308", "--iv", \
	"cafebabefacedbaddecaf888", "--aad", "feedfacedeadbeeffeedfacedeadbeefabaddad2"
	char *enc[] = {"/bin/pktscope-gen", "crypto", "--file", "/tmp/pt", "--out", "/tmp/ct", FILE_ARGS, NULL};
	char *dec[] = {"/bin/pktscope-gen", "crypto", "--file", "/tmp/ct", "--out", "/tmp/back", FILE_ARGS,
		       "--decrypt", NULL};
	int ok = run(enc) == 0 && slurp("/tmp/ct", got, sizeof got) == wn && !memcmp(got, w, (size_t)wn);
	ok = ok && run(dec) == 0 && slurp("/tmp/back", got, sizeof got) == pn &&
	     !memcmp(got, p, (size_t)pn);
	w[wn - 1] ^= 1;
	put("/tmp/ct", w, wn);
	unlink("/tmp/back");
	ok = ok && run(dec) == 1 && access("/tmp/back", F_OK) != 0;
	printf("VM: afalg crypto --file (sendfile) gcm(aes) test case 4, decrypt, bad tag: %s\n",
	       ok ? "ok" : "FAIL");
	fflush(stdout);
	fails += !ok;
}

static void setup(void)
{
	mkdir("/dev", 0755);
	mkdir("/proc", 0755);
	mkdir("/tmp", 01777);
	mount("devtmpfs", "/dev", "devtmpfs", 0, NULL);
	mount("proc", "/proc", "proc", 0, NULL);
	int fd = open("/dev/console", O_RDWR);
	dup2(fd, 0);
	dup2(fd, 1);
	dup2(fd, 2);
	struct dirent **ents;
	int n = scandir("/modules", &ents, NULL, alphasort);
	for (int i = 0; i < n; i++) {
		char path[300];
		if (ents[i]->d_name[0] == '.')
			continue;
		snprintf(path, sizeof path, "/modules/%s", ents[i]->d_name);
		int m = open(path, O_RDONLY | O_CLOEXEC);
		if (syscall(SYS_finit_module, m, "", 0) != 0 && errno != EEXIST)
			printf("VM: insmod %s: %s\n", ents[i]->d_name, strerror(errno));
		close(m);
	}
	int s = socket(AF_INET, SOCK_DGRAM, 0);
	struct ifreq ifr = {0};
	strcpy(ifr.ifr_name, "lo");
	ioctl(s, SIOCGIFFLAGS, &ifr);
	ifr.ifr_flags |= IFF_UP;
	ioctl(s, SIOCSIFFLAGS, &ifr);
	close(s);
}

int main(void)
{
	setup();
	char *unit[] = {"/bin/test_gen_crypto", NULL};
	fails += run(unit) != 0;
	char *b1[] = {"/bin/pktscope-gen", "crypto", "--bench", "--duration", "300ms", NULL};
	char *b2[] = {"/bin/pktscope-gen", "crypto", "--bench", "--duration", "300ms", "--zero-copy", NULL};
	fails += run(b1) != 0;
	fails += run(b2) != 0;
	char *sha[] = {"/bin/pktscope-gen", "crypto", "--backend", "afalg", "--listen", "127.0.0.1:5568", NULL};
	vector("sha256 FIPS 180-2 B.1", sha, "616263",
	       "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
	char *cbc[] = {"/bin/pktscope-gen", "crypto", "--backend", "afalg", "--alg", "cbc(aes)",
		       "--key", "2b7e151628aed2a6abf7158809cf4f3c", "--iv",
		       "000102030405060708090a0b0c0d0e0f", "--listen", "127.0.0.1:5568", NULL};
	vector("cbc(aes) SP 800-38A F.2.1", cbc,
	       "6bc1bee22e409f96e93d7e117393172aae2d8a571e03ac9c9eb76fac45af8e51"
	       "30c81c46a35ce411e5fbc1191a0a52eff69f2445df4f9b17ad2b417be66c3710",
	       "7649abac8119b246cee98e9b12e9197d5086cb9b507219ee95db113a917678b2"
	       "73bed6b8e3c1743b7116e69e222295163ff1caa1681fac09120eca307586e1a7"
	       "8cb82807230e1321d3fae00d18cc2012");
	char *gcm[] = {"/bin/pktscope-gen", "crypto", "--backend", "auto", "--alg", "gcm(aes)",
		       "--key", "feffe9928665731c6d6a8f9467308308", "--iv", "cafebabefacedbaddecaf888",
		       "--aad", "feedfacedeadbeeffeedfacedeadbeefabaddad2", "--listen",
		       "127.0.0.1:5568", NULL};
	vector("gcm(aes) McGrew-Viega 4 (auto)", gcm,
	       "d9313225f88406e5a55909c5aff5269a86a7a9531534f7da2e4c303d8a318a72"
	       "1c3c0c95956809532fcf0e2449a6b525b16aedf5aa0de657ba637b39",
	       "42831ec2217774244b7221b784d0d49ce3aa212f2c02a4e035c17e2329aca12e"
	       "21d514b25466931c7d8f6a5aac84aa051ba30b396a0aac973d58e091"
	       "5bc94fbc3221a5db94fae95ae7121a47");
	file_vector();
	printf("VM: done, %d failures\n", fails);
	fflush(stdout);
	reboot(RB_POWER_OFF);
	return 0;
}
EOF
"${CC:-cc}" -static -O2 -o "$IR/init" "$TMP/init.c" 2>"$TMP/cc.err" ||
	{ echo "SKIP: cannot link a static init: $(head -n 1 "$TMP/cc.err")"; exit 77; }
(cd "$IR" && find . | cpio -o -H newc 2>/dev/null) | gzip -1 >"$TMP/initrd.gz"

ACCEL="-accel tcg -cpu max"
[ "${GEN_VM_KVM:-0}" = 1 ] && ACCEL="-enable-kvm -cpu host"
# shellcheck disable=SC2086
timeout 600 qemu-system-x86_64 $ACCEL -smp 1 -m 1024 -kernel "$VMLINUZ" -initrd "$TMP/initrd.gz" \
	-append "console=ttyS0 quiet panic=-1" -nographic -no-reboot -monitor none >"$TMP/vm.log" 2>&1
tr -d '\r' <"$TMP/vm.log" | grep -E '^(VM:|SKIP|  Test:|afalg|openssl|alg |sha256 |cbc|gcm|crypto:|Run Summary| +(suites|tests|asserts))'
grep -q 'afalg tests ran' "$TMP/vm.log" || { echo "FAIL: the AF_ALG unit tests did not run in the VM"; exit 1; }
grep -q 'VM: done, 0 failures' "$TMP/vm.log" || { echo "FAIL: see the VM output above"; exit 1; }
echo "AF_ALG in a VM: 1 passed, 0 failed"
