/* SPDX-License-Identifier: BSD-2-Clause */
/* test_gen_crypto.c - known-answer tests of both crypto backends (FIPS 180-2,
 * NIST SP 800-38A, McGrew-Viega GCM), and AF_ALG == OpenSSL on random data.
 *
 * Where the kernel has no AF_ALG, the afalg tests print why and are marked
 * inactive (CUnit's "skipped"); where it has, they run like the others. */
#include <CUnit/Basic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "gen_crypto.h"

struct kat {
	const char *name;
	enum ps_crypto_alg alg;
	const char *key, *iv, *aad, *pt;
	const char *expect; /* the published output */
	const char *pad;    /* cbc: the PKCS#7 block the vector does not list */
};

/* NIST SP 800-38A F.2 plaintext, shared by the three CBC vectors. */
#define SP800_38A_PT                                                                               \
	"6bc1bee22e409f96e93d7e117393172aae2d8a571e03ac9c9eb76fac45af8e51"                         \
	"30c81c46a35ce411e5fbc1191a0a52eff69f2445df4f9b17ad2b417be66c3710"
#define SP800_38A_IV "000102030405060708090a0b0c0d0e0f"
/* McGrew-Viega GCM test cases 3/4 key, IV, plaintext (4 is 60 bytes). */
#define GCM_K3 "feffe9928665731c6d6a8f9467308308"
#define GCM_IV3 "cafebabefacedbaddecaf888"
#define GCM_P3                                                                                     \
	"d9313225f88406e5a55909c5aff5269a86a7a9531534f7da2e4c303d8a318a72"                         \
	"1c3c0c95956809532fcf0e2449a6b525b16aedf5aa0de657ba637b391aafd255"
#define GCM_P4                                                                                     \
	"d9313225f88406e5a55909c5aff5269a86a7a9531534f7da2e4c303d8a318a72"                         \
	"1c3c0c95956809532fcf0e2449a6b525b16aedf5aa0de657ba637b39"
#define GCM_A4 "feedfacedeadbeeffeedfacedeadbeefabaddad2"

static const struct kat kats[] = {
	/* FIPS 180-2 appendix B.1: one block "abc" */
	{"sha256 abc", PS_CRYPTO_SHA256, "", "", "", "616263",
	 "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", ""},
	/* FIPS 180-2 appendix B.2: two blocks, "abcdbcde...nopq" */
	{"sha256 two-block", PS_CRYPTO_SHA256, "", "", "",
	 "6162636462636465636465666465666765666768666768696768696a68696a6b"
	 "696a6b6c6a6b6c6d6b6c6d6e6c6d6e6f6d6e6f706e6f7071",
	 "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1", ""},
	/* SHA-256 of the empty message (FIPS 180 examples) */
	{"sha256 empty", PS_CRYPTO_SHA256, "", "", "", "",
	 "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", ""},
	/* NIST SP 800-38A F.2.1 CBC-AES128.Encrypt */
	{"cbc-aes128 F.2.1", PS_CRYPTO_CBC_AES, "2b7e151628aed2a6abf7158809cf4f3c", SP800_38A_IV, "",
	 SP800_38A_PT,
	 "7649abac8119b246cee98e9b12e9197d5086cb9b507219ee95db113a917678b2"
	 "73bed6b8e3c1743b7116e69e222295163ff1caa1681fac09120eca307586e1a7",
	 "8cb82807230e1321d3fae00d18cc2012"},
	/* NIST SP 800-38A F.2.3 CBC-AES192.Encrypt */
	{"cbc-aes192 F.2.3", PS_CRYPTO_CBC_AES, "8e73b0f7da0e6452c810f32b809079e562f8ead2522c6b7b",
	 SP800_38A_IV, "", SP800_38A_PT,
	 "4f021db243bc633d7178183a9fa071e8b4d9ada9ad7dedf4e5e738763f69145a"
	 "571b242012fb7ae07fa9baac3df102e008b0e27988598881d920a9e64f5615cd",
	 "612ccd79224b350935d45dd6a98f8176"},
	/* NIST SP 800-38A F.2.5 CBC-AES256.Encrypt */
	{"cbc-aes256 F.2.5", PS_CRYPTO_CBC_AES,
	 "603deb1015ca71be2b73aef0857d77811f352c073b6108d72d9810a30914dff4", SP800_38A_IV, "",
	 SP800_38A_PT,
	 "f58c4c04d6e5f1ba779eabfb5f7bfbd69cfc4e967edb808d679f777bc6702c7d"
	 "39f23369a9d9bacfa530e26304231461b2eb05e2c39be9fcda6c19078c6a9d1b",
	 "3f461796d6b0d6b2e0c2a72b4d80e644"},
	/* McGrew-Viega GCM test case 1: empty plaintext, tag only */
	{"gcm tc1", PS_CRYPTO_GCM_AES, "00000000000000000000000000000000", "000000000000000000000000",
	 "", "", "58e2fccefa7e3061367f1d57a4e7455a", ""},
	/* McGrew-Viega GCM test case 2: one zero block */
	{"gcm tc2", PS_CRYPTO_GCM_AES, "00000000000000000000000000000000", "000000000000000000000000",
	 "", "00000000000000000000000000000000",
	 "0388dace60b6a392f328c2b971b2fe78ab6e47d42cec13bdf53a67b21257bddf", ""},
	/* McGrew-Viega GCM test case 3: four blocks, no AAD */
	{"gcm tc3", PS_CRYPTO_GCM_AES, GCM_K3, GCM_IV3, "", GCM_P3,
	 "42831ec2217774244b7221b784d0d49ce3aa212f2c02a4e035c17e2329aca12e"
	 "21d514b25466931c7d8f6a5aac84aa051ba30b396a0aac973d58e091473f5985"
	 "4d5c2af327cd64a62cf35abd2ba6fab4", ""},
	/* McGrew-Viega GCM test case 4: 60 bytes with 20 bytes of AAD */
	{"gcm tc4", PS_CRYPTO_GCM_AES, GCM_K3, GCM_IV3, GCM_A4, GCM_P4,
	 "42831ec2217774244b7221b784d0d49ce3aa212f2c02a4e035c17e2329aca12e"
	 "21d514b25466931c7d8f6a5aac84aa051ba30b396a0aac973d58e091"
	 "5bc94fbc3221a5db94fae95ae7121a47", ""},
	/* McGrew-Viega GCM test case 14: AES-256, one zero block */
	{"gcm tc14", PS_CRYPTO_GCM_AES,
	 "0000000000000000000000000000000000000000000000000000000000000000",
	 "000000000000000000000000", "", "00000000000000000000000000000000",
	 "cea7403d4d606b6e074ec5d3baf39d18d0d1c8a799996bf0265b98b5d48ab919", ""},
	/* McGrew-Viega GCM test case 16: AES-256, 60 bytes with AAD */
	{"gcm tc16", PS_CRYPTO_GCM_AES, GCM_K3 GCM_K3, GCM_IV3, GCM_A4, GCM_P4,
	 "522dc1f099567d07f47f37a32a84427d643a8cdcbfe5c0c97598a2bd2555d1aa"
	 "8cb08e48590dbb3da7b08b1056828838c5f61e6393ba7a0abcc9f662"
	 "76fc6ece0f4e1768cddf8853bb2d551b", ""},
};

static size_t unhex(const char *hex, uint8_t *buf, size_t cap)
{
	long n = ps_crypto_hex_parse(hex, buf, cap);
	CU_ASSERT_FATAL(n >= 0);
	return (size_t)n;
}

static void params_of(const struct kat *k, struct ps_crypto_params *p)
{
	memset(p, 0, sizeof *p);
	p->alg = k->alg;
	p->keylen = unhex(k->key, p->key, sizeof p->key);
	p->ivlen = unhex(k->iv, p->iv, sizeof p->iv);
	p->aadlen = unhex(k->aad, p->aad, sizeof p->aad);
}

/* Runs every vector through ops; returns the number of mismatches. */
static void run_kats(const struct ps_crypto_ops *ops, bool zero_copy)
{
	static uint8_t in[256], out[512];
	char err[256], got[1100], want[1100];
	for (size_t i = 0; i < sizeof kats / sizeof kats[0]; i++) {
		const struct kat *k = &kats[i];
		struct ps_crypto_params p;
		struct ps_crypto_sess s;
		params_of(k, &p);
		size_t n = unhex(k->pt, in, sizeof in);
		int rc = ps_crypto_open(&s, ops, &p, zero_copy, err, sizeof err);
		if (rc < 0)
			fprintf(stderr, "\n  %s %s: %s\n", ops->name, k->name, err);
		CU_ASSERT_FATAL(rc == 0);
		long r = ps_crypto_run(&s, in, n, out, sizeof out, err, sizeof err);
		if (r < 0)
			fprintf(stderr, "\n  %s %s: %s\n", ops->name, k->name, err);
		ps_crypto_close(&s);
		CU_ASSERT_FATAL(r >= 0);
		snprintf(want, sizeof want, "%s%s", k->expect, k->pad);
		ps_crypto_hex(out, (size_t)r, got);
		if (strcmp(got, want))
			fprintf(stderr, "\n  %s %s:\n    got  %s\n    want %s\n", ops->name,
				k->name, got, want);
		CU_ASSERT_STRING_EQUAL(got, want);
	}
}

/* FIPS 180-2 appendix B.3: one million 'a' (many chunks through AF_ALG). */
static void million_a(const struct ps_crypto_ops *ops, bool zero_copy)
{
	static uint8_t in[1000000];
	uint8_t out[32];
	char err[256], hex[65];
	struct ps_crypto_params p = {.alg = PS_CRYPTO_SHA256};
	struct ps_crypto_sess s;
	memset(in, 'a', sizeof in);
	CU_ASSERT_FATAL(ps_crypto_open(&s, ops, &p, zero_copy, err, sizeof err) == 0);
	/* twice on one session: the second digest must not depend on the first */
	for (int round = 0; round < 2; round++) {
		CU_ASSERT_EQUAL(ps_crypto_run(&s, in, sizeof in, out, sizeof out, err, sizeof err),
				32);
		CU_ASSERT_STRING_EQUAL(ps_crypto_hex(out, 32, hex),
				       "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
	}
	ps_crypto_close(&s);
}

static void test_gen_crypto_openssl_kat(void)
{
	run_kats(&ps_crypto_openssl, false);
}

static void test_gen_crypto_openssl_million_a(void)
{
	million_a(&ps_crypto_openssl, false);
}

static void test_gen_crypto_afalg_kat(void)
{
	run_kats(&ps_crypto_afalg, false);
}

static void test_gen_crypto_afalg_kat_zero_copy(void)
{
	run_kats(&ps_crypto_afalg, true);
}

static void test_gen_crypto_afalg_million_a(void)
{
	million_a(&ps_crypto_afalg, false);
	million_a(&ps_crypto_afalg, true);
}

/* Same output from both backends for sizes around block and chunk edges. */
static void test_gen_crypto_afalg_matches_openssl(void)
{
	static const size_t sizes[] = {0, 1, 15, 16, 17, 4096, 65535, 65536, 65537, 150001};
	static uint8_t in[150001], a[150100], b[150100];
	char err[256];
	for (size_t i = 0; i < sizeof in; i++)
		in[i] = (uint8_t)(i * 2654435761u >> 13);
	for (int alg = PS_CRYPTO_SHA256; alg <= PS_CRYPTO_GCM_AES; alg++) {
		struct ps_crypto_params p = {.alg = (enum ps_crypto_alg)alg};
		if (alg != PS_CRYPTO_SHA256) {
			p.keylen = 32;
			memset(p.key, 0x5a, 32);
			p.aadlen = alg == PS_CRYPTO_GCM_AES ? 13 : 0;
		}
		for (int zc = 0; zc < 2; zc++) {
			struct ps_crypto_sess sa, sb;
			CU_ASSERT_FATAL(ps_crypto_open(&sa, &ps_crypto_afalg, &p, zc, err, sizeof err) == 0);
			CU_ASSERT_FATAL(ps_crypto_open(&sb, &ps_crypto_openssl, &p, false, err, sizeof err) == 0);
			for (size_t j = 0; j < sizeof sizes / sizeof sizes[0]; j++) {
				long ra = ps_crypto_run(&sa, in, sizes[j], a, sizeof a, err, sizeof err);
				long rb = ps_crypto_run(&sb, in, sizes[j], b, sizeof b, err, sizeof err);
				CU_ASSERT(ra > 0 && ra == rb && !memcmp(a, b, (size_t)ra));
			}
			ps_crypto_close(&sa);
			ps_crypto_close(&sb);
		}
	}
}

/* An AEAD request larger than the AF_ALG socket buffer either works (a big
 * net.core.wmem_max) or fails saying so; the session stays usable. */
static void test_gen_crypto_afalg_gcm_large(void)
{
	static uint8_t in[1 << 20], out[(1 << 20) + 16];
	uint8_t ref[(1 << 20) + 16];
	char err[256];
	struct ps_crypto_params p = {.alg = PS_CRYPTO_GCM_AES, .keylen = 16};
	struct ps_crypto_sess sa, sb;
	CU_ASSERT_FATAL(ps_crypto_open(&sa, &ps_crypto_afalg, &p, false, err, sizeof err) == 0);
	CU_ASSERT_FATAL(ps_crypto_open(&sb, &ps_crypto_openssl, &p, false, err, sizeof err) == 0);
	long r = ps_crypto_run(&sa, in, sizeof in, out, sizeof out, err, sizeof err);
	CU_ASSERT(ps_crypto_run(&sb, in, sizeof in, ref, sizeof ref, err, sizeof err) > 0);
	if (r < 0) {
		CU_ASSERT_PTR_NOT_NULL(strstr(err, "exceed the AF_ALG socket buffer"));
	} else {
		CU_ASSERT(r == (long)sizeof out && !memcmp(out, ref, sizeof out));
	}
	CU_ASSERT_EQUAL(ps_crypto_run(&sa, in, 16, out, sizeof out, err, sizeof err), 32);
	CU_ASSERT_EQUAL(ps_crypto_run(&sb, in, 16, ref, sizeof ref, err, sizeof err), 32);
	CU_ASSERT(!memcmp(out, ref, 32));
	ps_crypto_close(&sa);
	ps_crypto_close(&sb);
}

static void test_gen_crypto_hex_and_pad(void)
{
	uint8_t buf[32];
	char hex[65];
	CU_ASSERT_EQUAL(ps_crypto_hex_parse("00fFa1", buf, sizeof buf), 3);
	CU_ASSERT_STRING_EQUAL(ps_crypto_hex(buf, 3, hex), "00ffa1");
	CU_ASSERT_EQUAL(ps_crypto_hex_parse("abc", buf, sizeof buf), -1);
	CU_ASSERT_EQUAL(ps_crypto_hex_parse("zz", buf, sizeof buf), -1);
	CU_ASSERT_EQUAL(ps_crypto_hex_parse("0011", buf, 1), -1);
	CU_ASSERT_EQUAL(ps_crypto_pkcs7_pad(buf, 0, sizeof buf), 16);
	CU_ASSERT_EQUAL(buf[0], 16);
	CU_ASSERT_EQUAL(ps_crypto_pkcs7_pad(buf, 15, sizeof buf), 16);
	CU_ASSERT_EQUAL(buf[15], 1);
	CU_ASSERT_EQUAL(ps_crypto_pkcs7_pad(buf, 16, sizeof buf), 32);
	CU_ASSERT_EQUAL(buf[31], 16);
	CU_ASSERT_EQUAL(ps_crypto_out_len(PS_CRYPTO_CBC_AES, 16), 32);
	CU_ASSERT_EQUAL(ps_crypto_out_len(PS_CRYPTO_GCM_AES, 5), 21);
}

static void test_gen_crypto_params_check(void)
{
	char err[256];
	struct ps_crypto_params p = {.alg = PS_CRYPTO_CBC_AES, .keylen = 15};
	CU_ASSERT_EQUAL(ps_crypto_params_check(&p, err, sizeof err), -1);
	CU_ASSERT_PTR_NOT_NULL(strstr(err, "16, 24 or 32"));
	p.keylen = 16;
	CU_ASSERT_EQUAL(ps_crypto_params_check(&p, err, sizeof err), 0);
	CU_ASSERT_EQUAL(p.ivlen, 16); /* default all-zero IV */
	p = (struct ps_crypto_params){.alg = PS_CRYPTO_GCM_AES, .keylen = 32};
	CU_ASSERT_EQUAL(ps_crypto_params_check(&p, err, sizeof err), 0);
	CU_ASSERT_EQUAL(p.ivlen, 12);
	p = (struct ps_crypto_params){.alg = PS_CRYPTO_SHA256, .keylen = 16};
	CU_ASSERT_EQUAL(ps_crypto_params_check(&p, err, sizeof err), -1);
	enum ps_crypto_alg a;
	CU_ASSERT_EQUAL(ps_crypto_alg_parse("gcm(aes)", &a), 0);
	CU_ASSERT_EQUAL(a, PS_CRYPTO_GCM_AES);
	CU_ASSERT_EQUAL(ps_crypto_alg_parse("ctr(aes)", &a), -1);
}

/* A temporary file holding n bytes of data (removed when closed). */
static FILE *file_with(const uint8_t *data, size_t n)
{
	FILE *f = tmpfile();
	CU_ASSERT_FATAL(f != NULL);
	CU_ASSERT_FATAL(fwrite(data, 1, n, f) == n && fflush(f) == 0);
	return f;
}

/* run_file over in (n bytes) into a fresh file, read back into out (cap). */
static long long file_run(const struct ps_crypto_ops *ops, const struct ps_crypto_params *p,
			  FILE *in, unsigned long long n, uint8_t *out, size_t cap, char *err,
			  size_t errlen)
{
	struct ps_crypto_sess s;
	FILE *o = tmpfile();
	CU_ASSERT_FATAL(o != NULL);
	CU_ASSERT_FATAL(ps_crypto_open(&s, ops, p, false, err, errlen) == 0);
	long long r = ops->run_file(&s, fileno(in), n, fileno(o), err, errlen);
	ps_crypto_close(&s);
	if (r >= 0)
		CU_ASSERT_EQUAL(pread(fileno(o), out, cap, 0), r);
	fclose(o);
	return r;
}

/* crypto --file: GCM test case 4 both ways, a flipped tag byte refused. */
static void file_kat(const struct ps_crypto_ops *ops)
{
	struct ps_crypto_params p = {.alg = PS_CRYPTO_GCM_AES};
	uint8_t pt[64], ct[96], out[128];
	char err[300], hex[300];
	p.keylen = (size_t)ps_crypto_hex_parse(GCM_K3, p.key, sizeof p.key);
	p.ivlen = (size_t)ps_crypto_hex_parse(GCM_IV3, p.iv, sizeof p.iv);
	p.aadlen = (size_t)ps_crypto_hex_parse(GCM_A4, p.aad, sizeof p.aad);
	size_t n = (size_t)ps_crypto_hex_parse(GCM_P4, pt, sizeof pt);
	FILE *f = file_with(pt, n);
	CU_ASSERT_EQUAL_FATAL(file_run(ops, &p, f, n, ct, sizeof ct, err, sizeof err), 76);
	fclose(f);
	CU_ASSERT_STRING_EQUAL(ps_crypto_hex(ct, 76, hex),
			       "42831ec2217774244b7221b784d0d49ce3aa212f2c02a4e035c17e2329aca12e"
			       "21d514b25466931c7d8f6a5aac84aa051ba30b396a0aac973d58e091"
			       "5bc94fbc3221a5db94fae95ae7121a47");
	p.decrypt = true;
	f = file_with(ct, 76);
	CU_ASSERT_EQUAL(file_run(ops, &p, f, 76, out, sizeof out, err, sizeof err), (long long)n);
	CU_ASSERT_EQUAL(memcmp(out, pt, n), 0);
	fclose(f);
	ct[75] ^= 1;
	f = file_with(ct, 76);
	CU_ASSERT_EQUAL(file_run(ops, &p, f, 76, out, sizeof out, err, sizeof err), -1);
	CU_ASSERT_PTR_NOT_NULL(strstr(err, "gcm(aes) decrypt: tag check failed"));
	fclose(f);
}

/* Streaming in 64 KiB steps gives what one in-memory request gives. */
static void test_gen_crypto_openssl_file(void)
{
	static uint8_t in[3 * PS_CRYPTO_FILE_CHUNK + 7], want[sizeof in + 16], got[sizeof in + 16];
	struct ps_crypto_params p = {.alg = PS_CRYPTO_GCM_AES, .keylen = 32, .aadlen = 3};
	struct ps_crypto_sess s;
	char err[300];
	file_kat(&ps_crypto_openssl);
	for (size_t i = 0; i < sizeof in; i++)
		in[i] = (uint8_t)(i * 131 + (i >> 9));
	memset(p.key, 7, sizeof p.key);
	CU_ASSERT_FATAL(ps_crypto_open(&s, &ps_crypto_openssl, &p, false, err, sizeof err) == 0);
	CU_ASSERT_EQUAL(ps_crypto_run(&s, in, sizeof in, want, sizeof want, err, sizeof err),
			(long)sizeof want);
	ps_crypto_close(&s);
	FILE *f = file_with(in, sizeof in);
	CU_ASSERT_EQUAL(file_run(&ps_crypto_openssl, &p, f, sizeof in, got, sizeof got, err, sizeof err),
			(long long)sizeof got);
	CU_ASSERT_EQUAL(memcmp(got, want, sizeof got), 0);
	fclose(f);
}

/* The sendfile path, and a file over one AF_ALG request refused up front. */
static void test_gen_crypto_afalg_file(void)
{
	struct ps_crypto_params p = {.alg = PS_CRYPTO_GCM_AES, .keylen = 16};
	uint8_t out[16];
	char err[300];
	file_kat(&ps_crypto_afalg);
	FILE *f = tmpfile();
	CU_ASSERT_FATAL(f != NULL && ftruncate(fileno(f), PS_CRYPTO_FILE_AFALG_MAX + 1) == 0);
	CU_ASSERT_EQUAL(file_run(&ps_crypto_afalg, &p, f, PS_CRYPTO_FILE_AFALG_MAX + 1, out,
				 sizeof out, err, sizeof err), -1);
	CU_ASSERT_PTR_NOT_NULL(strstr(err, "exceed one AF_ALG request"));
	fclose(f);
}

/* auto always ends on a working backend and says why; afalg fails with the
 * kernel's reason exactly where the probe fails. */
static void test_gen_crypto_choose(void)
{
	char why[300], err[300], reason[256];
	bool have_afalg = ps_crypto_afalg.probe(reason, sizeof reason) == 0;
	const struct ps_crypto_ops *ops = ps_crypto_choose("auto", why, sizeof why, err, sizeof err);
	CU_ASSERT_PTR_EQUAL(ops, have_afalg ? &ps_crypto_afalg : &ps_crypto_openssl);
	CU_ASSERT_PTR_NOT_NULL(strstr(why, have_afalg ? "afalg" : "afalg unavailable: socket(AF_ALG)"));
	ops = ps_crypto_choose("afalg", why, sizeof why, err, sizeof err);
	CU_ASSERT_EQUAL(ops == NULL, !have_afalg);
	if (!have_afalg)
		CU_ASSERT_PTR_NOT_NULL(strstr(err, "backend afalg unavailable: socket(AF_ALG): "));
	CU_ASSERT_PTR_NULL(ps_crypto_choose("gpu", why, sizeof why, err, sizeof err));
	CU_ASSERT_PTR_NOT_NULL(strstr(err, "unknown backend 'gpu'"));
}

struct tcase {
	const char *name;
	CU_TestFunc fn;
};

static int add_suite(const char *name, const struct tcase *t, size_t n, const char *skip)
{
	CU_pSuite s = CU_add_suite(name, NULL, NULL);
	if (!s)
		return -1;
	for (size_t i = 0; i < n; i++) {
		CU_pTest test = CU_add_test(s, t[i].name, t[i].fn);
		if (!test)
			return -1;
		if (skip) {
			printf("SKIP %s: %s (%s)\n", name, skip, t[i].name);
			CU_set_test_active(test, CU_FALSE);
		}
	}
	return 0;
}

int main(void)
{
	static const struct tcase common[] = {
		{"test_gen_crypto_hex_and_pad", test_gen_crypto_hex_and_pad},
		{"test_gen_crypto_params_check", test_gen_crypto_params_check},
		{"test_gen_crypto_choose", test_gen_crypto_choose},
	};
	static const struct tcase openssl[] = {
		{"test_gen_crypto_openssl_kat", test_gen_crypto_openssl_kat},
		{"test_gen_crypto_openssl_million_a", test_gen_crypto_openssl_million_a},
		{"test_gen_crypto_openssl_file", test_gen_crypto_openssl_file},
	};
	static const struct tcase afalg[] = {
		{"test_gen_crypto_afalg_kat", test_gen_crypto_afalg_kat},
		{"test_gen_crypto_afalg_kat_zero_copy", test_gen_crypto_afalg_kat_zero_copy},
		{"test_gen_crypto_afalg_million_a", test_gen_crypto_afalg_million_a},
		{"test_gen_crypto_afalg_matches_openssl", test_gen_crypto_afalg_matches_openssl},
		{"test_gen_crypto_afalg_gcm_large", test_gen_crypto_afalg_gcm_large},
		{"test_gen_crypto_afalg_file", test_gen_crypto_afalg_file},
	};
	char reason[256];
	bool have_afalg = ps_crypto_afalg.probe(reason, sizeof reason) == 0;
	if (CU_initialize_registry() != CUE_SUCCESS)
		return 1;
#define N(a) (sizeof a / sizeof a[0])
	if (add_suite("crypto", common, N(common), NULL) < 0 ||
	    add_suite("openssl", openssl, N(openssl), NULL) < 0 ||
	    add_suite("afalg", afalg, N(afalg), have_afalg ? NULL : reason) < 0) {
		CU_cleanup_registry();
		return 1;
	}
	/* An inactive (skipped) test is not a failure. */
	CU_set_fail_on_inactive(CU_FALSE);
	CU_basic_set_mode(CU_BRM_VERBOSE);
	CU_basic_run_tests();
	unsigned failed = CU_get_number_of_failures() + CU_get_number_of_tests_failed();
	printf("afalg tests %s\n", have_afalg ? "ran" : "skipped");
	CU_cleanup_registry();
	return failed ? 1 : 0;
}
