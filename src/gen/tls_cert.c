/* SPDX-License-Identifier: BSD-2-Clause */
/* tls_cert.c - an ephemeral self-signed P-256 certificate, made in memory,
 * and certificate fingerprints. */
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/rand.h>
#include <openssl/x509v3.h>
#include <stdio.h>

#include "tls_ctx.h"

const char *tls_err_string(char *buf, size_t len, const char *fallback)
{
	unsigned long e = ERR_peek_last_error();
	if (e) {
		char tmp[256];
		ERR_error_string_n(e, tmp, sizeof tmp);
		/* "error:0A000086:SSL routines::certificate verify failed" -> reason */
		const char *reason = ERR_reason_error_string(e);
		snprintf(buf, len, "%s", reason ? reason : tmp);
	} else {
		snprintf(buf, len, "%s", fallback);
	}
	ERR_clear_error();
	return buf;
}

int tls_cert_fingerprint(X509 *cert, char *fp)
{
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned int n = 0;
	if (!X509_digest(cert, EVP_sha256(), md, &n) || n != 32)
		return -1;
	for (unsigned int i = 0; i < n; i++)
		snprintf(fp + 3 * i, 4, "%02X%s", md[i], i + 1 < n ? ":" : "");
	return 0;
}

static int add_ext(X509 *cert, int nid, const char *value)
{
	X509V3_CTX v3;
	X509V3_set_ctx_nodb(&v3);
	X509V3_set_ctx(&v3, cert, cert, NULL, NULL, 0);
	X509_EXTENSION *ext = X509V3_EXT_conf_nid(NULL, &v3, nid, value);
	if (!ext)
		return -1;
	int ok = X509_add_ext(cert, ext, -1);
	X509_EXTENSION_free(ext);
	return ok ? 0 : -1;
}

/* Fills in the fields of a v3 CA-less server certificate for key. */
static int fill_cert(X509 *cert, EVP_PKEY *key)
{
	unsigned char serial[16];
	BIGNUM *bn = NULL;
	ASN1_INTEGER *sn = X509_get_serialNumber(cert);
	X509_NAME *name = X509_get_subject_name(cert);
	if (RAND_bytes(serial, sizeof serial) != 1)
		return -1;
	serial[0] &= 0x7f; /* a positive serial number */
	bn = BN_bin2bn(serial, sizeof serial, NULL);
	int ok = bn && BN_to_ASN1_INTEGER(bn, sn) && X509_set_version(cert, 2) &&
		 X509_gmtime_adj(X509_getm_notBefore(cert), -3600) &&
		 X509_gmtime_adj(X509_getm_notAfter(cert), 30L * 24 * 3600) &&
		 X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC,
					    (const unsigned char *)"pktscope-gen", -1, -1, 0) &&
		 X509_set_issuer_name(cert, name) && X509_set_pubkey(cert, key);
	BN_free(bn);
	if (!ok || add_ext(cert, NID_basic_constraints, "critical,CA:FALSE") < 0 ||
	    add_ext(cert, NID_key_usage, "critical,digitalSignature") < 0 ||
	    add_ext(cert, NID_ext_key_usage, "serverAuth") < 0 ||
	    add_ext(cert, NID_subject_alt_name, "DNS:localhost,IP:127.0.0.1,IP:::1") < 0)
		return -1;
	return X509_sign(cert, key, EVP_sha256()) > 0 ? 0 : -1;
}

int tls_cert_ephemeral(SSL_CTX *ctx, char *err, size_t errlen)
{
	char why[200];
	int rc = -1;
	EVP_PKEY *key = EVP_EC_gen("P-256");
	X509 *cert = X509_new();
	if (!key || !cert || fill_cert(cert, key) < 0) {
		snprintf(err, errlen, "cannot make the ephemeral certificate: %s",
			 tls_err_string(why, sizeof why, "unknown error"));
		goto out;
	}
	if (SSL_CTX_use_certificate(ctx, cert) != 1 || SSL_CTX_use_PrivateKey(ctx, key) != 1) {
		snprintf(err, errlen, "cannot use the ephemeral certificate: %s",
			 tls_err_string(why, sizeof why, "unknown error"));
		goto out;
	}
	rc = 0;
out:
	X509_free(cert); /* the context keeps its own references */
	EVP_PKEY_free(key);
	return rc;
}
