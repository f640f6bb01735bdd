/* SPDX-License-Identifier: BSD-2-Clause */
/* test_gen_tls.c - the tls-echo server context: ephemeral P-256 certificate
 * and fingerprint, certificate files and their errors, version and cipher
 * options checked by a real handshake over an in-memory BIO pair. */
#include <CUnit/Basic.h>
#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/x509v3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "tls_ctx.h"

static SSL_CTX *ctx_of(const struct tls_ctx_opts *o, char *fp, char *err, size_t errlen)
{
	bool eph;
	return tls_ctx_new(o, fp, &eph, err, errlen);
}

static void test_gen_tls_version_parse(void)
{
	int v = 0;
	CU_ASSERT_EQUAL(tls_version_parse("1.2", &v), 0);
	CU_ASSERT_EQUAL(v, TLS1_2_VERSION);
	CU_ASSERT_EQUAL(tls_version_parse("TLSv1.3", &v), 0);
	CU_ASSERT_EQUAL(v, TLS1_3_VERSION);
	CU_ASSERT_EQUAL(tls_version_parse("tls1.0", &v), 0);
	CU_ASSERT_EQUAL(v, TLS1_VERSION);
	CU_ASSERT_EQUAL(tls_version_parse("1.4", &v), -1);
	CU_ASSERT_EQUAL(tls_version_parse("", &v), -1);
}

/* The ephemeral certificate: self-signed, P-256, SAN 127.0.0.1, and the
 * printed fingerprint is the SHA-256 of its DER encoding. */
static void test_gen_tls_ephemeral_cert(void)
{
	struct tls_ctx_opts o = {0};
	char fp[TLS_FP_LEN], err[300], want[TLS_FP_LEN];
	bool eph = false;
	SSL_CTX *ctx = tls_ctx_new(&o, fp, &eph, err, sizeof err);
	CU_ASSERT_FATAL(ctx != NULL);
	CU_ASSERT(eph);
	X509 *cert = SSL_CTX_get0_certificate(ctx);
	EVP_PKEY *pub = X509_get0_pubkey(cert);
	CU_ASSERT_EQUAL(EVP_PKEY_get_base_id(pub), EVP_PKEY_EC);
	CU_ASSERT_EQUAL(EVP_PKEY_get_bits(pub), 256);
	char group[64] = "";
	EVP_PKEY_get_group_name(pub, group, sizeof group, NULL);
	CU_ASSERT_STRING_EQUAL(group, "prime256v1");
	CU_ASSERT_EQUAL(X509_verify(cert, pub), 1);
	CU_ASSERT_EQUAL(X509_check_ip_asc(cert, "127.0.0.1", 0), 1);
	CU_ASSERT_EQUAL(X509_check_host(cert, "localhost", 0, 0, NULL), 1);
	/* independent fingerprint: SHA-256 over i2d_X509 */
	unsigned char *der = NULL, md[32];
	int n = i2d_X509(cert, &der);
	CU_ASSERT_FATAL(n > 0);
	SHA256(der, (size_t)n, md);
	OPENSSL_free(der);
	for (int i = 0; i < 32; i++)
		snprintf(want + 3 * i, 4, "%02X%s", md[i], i < 31 ? ":" : "");
	CU_ASSERT_STRING_EQUAL(fp, want);
	CU_ASSERT_EQUAL(strlen(fp), 95);
	SSL_CTX_free(ctx);
}

static void write_pem(const char *path, X509 *cert, EVP_PKEY *key)
{
	FILE *f = fopen(path, "w");
	CU_ASSERT_FATAL(f != NULL);
	if (cert)
		CU_ASSERT(PEM_write_X509(f, cert));
	if (key)
		CU_ASSERT(PEM_write_PrivateKey(f, key, NULL, NULL, 0, NULL, NULL));
	fclose(f);
}

/* --cert/--key files: loaded with the same fingerprint; each error is one
 * clear line naming the file. */
static void test_gen_tls_cert_files(void)
{
	struct tls_ctx_opts o = {0};
	char fp[TLS_FP_LEN], fp2[TLS_FP_LEN], err[300];
	char dir[] = "/tmp/test_gen_tls.XXXXXX", cpath[64], kpath[64], opath[64];
	CU_ASSERT_FATAL(mkdtemp(dir) != NULL);
	snprintf(cpath, sizeof cpath, "%s/c.pem", dir);
	snprintf(kpath, sizeof kpath, "%s/k.pem", dir);
	snprintf(opath, sizeof opath, "%s/other.pem", dir);
	SSL_CTX *eph = ctx_of(&o, fp, err, sizeof err);
	CU_ASSERT_FATAL(eph != NULL);
	write_pem(cpath, SSL_CTX_get0_certificate(eph), NULL);
	write_pem(kpath, NULL, SSL_CTX_get0_privatekey(eph));
	EVP_PKEY *other = EVP_EC_gen("P-256");
	write_pem(opath, NULL, other);

	o.cert = cpath;
	o.key = kpath;
	SSL_CTX *ctx = ctx_of(&o, fp2, err, sizeof err);
	CU_ASSERT_PTR_NOT_NULL(ctx);
	CU_ASSERT_STRING_EQUAL(fp, fp2);
	SSL_CTX_free(ctx);

	o.key = opath;
	CU_ASSERT_PTR_NULL(ctx_of(&o, fp2, err, sizeof err));
	if (!strstr(err, "does not match the certificate"))
		fprintf(stderr, "\n  mismatched key: %s\n", err);
	CU_ASSERT_PTR_NOT_NULL(strstr(err, "does not match the certificate"));
	o.key = NULL; /* key read from the cert file, which has none */
	CU_ASSERT_PTR_NULL(ctx_of(&o, fp2, err, sizeof err));
	CU_ASSERT_PTR_NOT_NULL(strstr(err, "no PEM private key"));
	o.cert = "/nonexistent/c.pem";
	CU_ASSERT_PTR_NULL(ctx_of(&o, fp2, err, sizeof err));
	CU_ASSERT_STRING_EQUAL(err, "--cert /nonexistent/c.pem: No such file or directory");
	o.cert = kpath; /* a key is not a certificate */
	o.key = kpath;
	CU_ASSERT_PTR_NULL(ctx_of(&o, fp2, err, sizeof err));
	CU_ASSERT_PTR_NOT_NULL(strstr(err, "no PEM certificate"));

	EVP_PKEY_free(other);
	SSL_CTX_free(eph);
	unlink(cpath);
	unlink(kpath);
	unlink(opath);
	rmdir(dir);
}

static void test_gen_tls_bad_options(void)
{
	char fp[TLS_FP_LEN], err[300];
	struct tls_ctx_opts o = {.ciphers = "NO-SUCH-CIPHER"};
	CU_ASSERT_PTR_NULL(ctx_of(&o, fp, err, sizeof err));
	CU_ASSERT_PTR_NOT_NULL(strstr(err, "--ciphers 'NO-SUCH-CIPHER'"));
	o = (struct tls_ctx_opts){.ciphersuites = "AES128-SHA"};
	CU_ASSERT_PTR_NULL(ctx_of(&o, fp, err, sizeof err));
	CU_ASSERT_PTR_NOT_NULL(strstr(err, "--ciphersuites 'AES128-SHA'"));
	o = (struct tls_ctx_opts){.min_version = TLS1_3_VERSION, .max_version = TLS1_2_VERSION};
	CU_ASSERT_PTR_NULL(ctx_of(&o, fp, err, sizeof err));
	CU_ASSERT_STRING_EQUAL(err, "--min-tls is above --max-tls");
}

/* Handshake between our server context and a plain client over a BIO pair;
 * returns "VERSION CIPHER" or "fail". */
static const char *handshake(SSL_CTX *sctx, int cmax, const char *cciphers)
{
	static char out[128];
	SSL_CTX *cctx = SSL_CTX_new(TLS_client_method());
	SSL *c = SSL_new(cctx), *s = SSL_new(sctx);
	BIO *bc, *bs;
	BIO_new_bio_pair(&bc, 0, &bs, 0);
	SSL_set_bio(c, bc, bc);
	SSL_set_bio(s, bs, bs);
	if (cmax)
		SSL_set_max_proto_version(c, cmax);
	if (cciphers)
		SSL_set_cipher_list(c, cciphers);
	SSL_set_connect_state(c);
	SSL_set_accept_state(s);
	int rc = 0, rs = 0;
	for (int i = 0; i < 20 && (rc != 1 || rs != 1); i++) {
		rc = SSL_do_handshake(c);
		rs = SSL_do_handshake(s);
	}
	if (rc == 1 && rs == 1)
		snprintf(out, sizeof out, "%s %s", SSL_get_version(c), SSL_get_cipher_name(c));
	else
		snprintf(out, sizeof out, "fail");
	ERR_clear_error();
	SSL_free(c);
	SSL_free(s);
	SSL_CTX_free(cctx);
	return out;
}

static void test_gen_tls_versions_and_ciphers(void)
{
	char fp[TLS_FP_LEN], err[300];
	struct tls_ctx_opts o = {.ciphersuites = "TLS_CHACHA20_POLY1305_SHA256"};
	SSL_CTX *ctx = ctx_of(&o, fp, err, sizeof err);
	CU_ASSERT_FATAL(ctx != NULL);
	CU_ASSERT_STRING_EQUAL(handshake(ctx, 0, NULL), "TLSv1.3 TLS_CHACHA20_POLY1305_SHA256");
	SSL_CTX_free(ctx);
	o = (struct tls_ctx_opts){.max_version = TLS1_2_VERSION,
				  .ciphers = "ECDHE-ECDSA-AES128-GCM-SHA256"};
	ctx = ctx_of(&o, fp, err, sizeof err);
	CU_ASSERT_FATAL(ctx != NULL);
	CU_ASSERT_STRING_EQUAL(handshake(ctx, 0, NULL), "TLSv1.2 ECDHE-ECDSA-AES128-GCM-SHA256");
	/* a client offering only a cipher the server does not allow fails */
	CU_ASSERT_STRING_EQUAL(handshake(ctx, 0, "ECDHE-ECDSA-CHACHA20-POLY1305"), "fail");
	SSL_CTX_free(ctx);
	o = (struct tls_ctx_opts){.min_version = TLS1_3_VERSION};
	ctx = ctx_of(&o, fp, err, sizeof err);
	CU_ASSERT_FATAL(ctx != NULL);
	CU_ASSERT_STRING_EQUAL(handshake(ctx, TLS1_2_VERSION, NULL), "fail");
	SSL_CTX_free(ctx);
}

int main(void)
{
	if (CU_initialize_registry() != CUE_SUCCESS)
		return 1;
	CU_pSuite s = CU_add_suite("tls_ctx", NULL, NULL);
	if (!s || !CU_add_test(s, "test_gen_tls_version_parse", test_gen_tls_version_parse) ||
	    !CU_add_test(s, "test_gen_tls_ephemeral_cert", test_gen_tls_ephemeral_cert) ||
	    !CU_add_test(s, "test_gen_tls_cert_files", test_gen_tls_cert_files) ||
	    !CU_add_test(s, "test_gen_tls_bad_options", test_gen_tls_bad_options) ||
	    !CU_add_test(s, "test_gen_tls_versions_and_ciphers", test_gen_tls_versions_and_ciphers)) {
		CU_cleanup_registry();
		return 1;
	}
	CU_basic_set_mode(CU_BRM_VERBOSE);
	CU_basic_run_tests();
	unsigned failed = CU_get_number_of_failures() + CU_get_number_of_tests_failed();
	CU_cleanup_registry();
	return failed ? 1 : 0;
}
