/* SPDX-License-Identifier: BSD-2-Clause */
/* gen_crypto_afalg.c - the Linux kernel crypto API (AF_ALG) backend.
 *
 * socket(AF_ALG, SOCK_SEQPACKET) -> bind {type, name} -> setsockopt
 * ALG_SET_KEY (and ALG_SET_AEAD_AUTHSIZE) -> accept() gives the operation
 * socket, reused for every request:
 *
 *   hash      send(data, MSG_MORE)...            recv(32-byte digest)
 *   skcipher  sendmsg(cmsg OP+IV, chunk, MORE)   recv(chunk) ... (chained IV)
 *   aead      sendmsg(cmsg OP+IV+ASSOCLEN, aad||pt)   recv(aad||ct||tag)
 *   aead file sendmsg(cmsg, MORE) send(aad, MORE) sendfile(file)  recv(...)
 *             (the cheat sheet's "AES-GCM使用sendfile加密/解密文件"; decrypt
 *             sends ct||tag and the kernel's recv fails EBADMSG on a bad tag)
 *
 * With zero_copy the data goes user pages -> pipe (vmsplice) -> socket
 * (splice) instead of being copied by sendmsg.  The AEAD request must fit
 * the socket's send buffer at once (the kernel does not stream AEAD).
 */
#include <errno.h>
#include <fcntl.h>
#include <linux/if_alg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/sendfile.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <unistd.h>

#include "gen_crypto.h"

#ifndef AF_ALG
#define AF_ALG 38
#endif
#ifndef SOL_ALG
#define SOL_ALG 279
#endif

/* Data sent per round trip: 16 pages, what every kernel's AF_ALG accepts
 * before it must be read back, and the default pipe capacity. */
#define AFALG_CHUNK (64 * 1024)

struct afalg_priv {
	int tfm;     /* bound algorithm socket */
	int op;      /* accepted operation socket */
	int pipe[2]; /* zero copy: vmsplice -> pipe -> splice */
	size_t sndbuf;
	uint8_t scratch[PS_CRYPTO_AAD_MAX]; /* AEAD output starts with a copy of the AAD */
};

static int afalg_probe(char *err, size_t errlen)
{
	int fd = socket(AF_ALG, SOCK_SEQPACKET | SOCK_CLOEXEC, 0);
	if (fd < 0) {
		snprintf(err, errlen, "socket(AF_ALG): %s", strerror(errno));
		return -1;
	}
	close(fd);
	return 0;
}

static void afalg_close(struct ps_crypto_sess *s)
{
	struct afalg_priv *p = s->priv;
	if (!p)
		return;
	int fds[] = {p->op, p->tfm, p->pipe[0], p->pipe[1]};
	for (size_t i = 0; i < sizeof fds / sizeof fds[0]; i++)
		if (fds[i] >= 0)
			close(fds[i]);
	free(p);
	s->priv = NULL;
}

static int sys_fail(char *err, size_t errlen, const char *what)
{
	snprintf(err, errlen, "afalg %s: %s", what, strerror(errno));
	return -1;
}

static int bind_alg(struct afalg_priv *p, const struct ps_crypto_params *pa, char *err,
		    size_t errlen)
{
	static const char *const types[] = {
		[PS_CRYPTO_SHA256] = "hash",
		[PS_CRYPTO_CBC_AES] = "skcipher",
		[PS_CRYPTO_GCM_AES] = "aead",
	};
	struct sockaddr_alg sa = {.salg_family = AF_ALG};
	const char *name = ps_crypto_alg_name(pa->alg);
	snprintf((char *)sa.salg_type, sizeof sa.salg_type, "%s", types[pa->alg]);
	snprintf((char *)sa.salg_name, sizeof sa.salg_name, "%s", name);
	p->tfm = socket(AF_ALG, SOCK_SEQPACKET | SOCK_CLOEXEC, 0);
	if (p->tfm < 0)
		return sys_fail(err, errlen, "socket(AF_ALG)");
	if (bind(p->tfm, (struct sockaddr *)&sa, sizeof sa) < 0) {
		snprintf(err, errlen, "afalg bind(%s %s): %s", types[pa->alg], name,
			 strerror(errno));
		return -1;
	}
	if (pa->keylen &&
	    setsockopt(p->tfm, SOL_ALG, ALG_SET_KEY, pa->key, (socklen_t)pa->keylen) < 0)
		return sys_fail(err, errlen, "setsockopt(ALG_SET_KEY)");
	if (pa->alg == PS_CRYPTO_GCM_AES &&
	    setsockopt(p->tfm, SOL_ALG, ALG_SET_AEAD_AUTHSIZE, NULL, PS_CRYPTO_GCM_TAG) < 0)
		return sys_fail(err, errlen, "setsockopt(ALG_SET_AEAD_AUTHSIZE)");
	return 0;
}

/* A fresh operation socket (also after an error left the old one mid-request). */
static int accept_op(struct afalg_priv *p, char *err, size_t errlen)
{
	if (p->op >= 0)
		close(p->op);
	p->op = accept4(p->tfm, NULL, NULL, SOCK_CLOEXEC);
	if (p->op < 0)
		return sys_fail(err, errlen, "accept");
	/* Ask for a large send buffer: an AEAD request must fit it whole.
	 * The kernel caps it at net.core.wmem_max; read back what we got. */
	int want = 4 << 20, got = 0;
	socklen_t len = sizeof got;
	(void)setsockopt(p->op, SOL_SOCKET, SO_SNDBUF, &want, sizeof want);
	if (getsockopt(p->op, SOL_SOCKET, SO_SNDBUF, &got, &len) < 0)
		return sys_fail(err, errlen, "getsockopt(SO_SNDBUF)");
	p->sndbuf = (size_t)got & ~(size_t)4095;
	return 0;
}

static int afalg_open(struct ps_crypto_sess *s, char *err, size_t errlen)
{
	const struct ps_crypto_params *pa = &s->params;
	/* run_file decrypts gcm(aes); run() never decrypts (afalg_run) */
	if (pa->decrypt && pa->alg != PS_CRYPTO_GCM_AES) {
		snprintf(err, errlen, "afalg: --decrypt is done by the openssl backend only");
		return -1;
	}
	if (pa->alg == PS_CRYPTO_GCM_AES && pa->ivlen != PS_CRYPTO_GCM_IV) {
		snprintf(err, errlen, "afalg gcm(aes) takes a 12-byte IV only, got %zu bytes",
			 pa->ivlen);
		return -1;
	}
	struct afalg_priv *p = calloc(1, sizeof *p);
	if (!p) {
		snprintf(err, errlen, "afalg: out of memory");
		return -1;
	}
	p->tfm = p->op = p->pipe[0] = p->pipe[1] = -1;
	s->priv = p;
	if (bind_alg(p, pa, err, errlen) < 0 || accept_op(p, err, errlen) < 0)
		goto fail;
	if (s->zero_copy && pipe2(p->pipe, O_CLOEXEC) < 0) {
		sys_fail(err, errlen, "pipe2");
		goto fail;
	}
	return 0;
fail:
	afalg_close(s);
	return -1;
}

/* Control messages of a cipher request: operation, IV, AEAD assoc length. */
union afalg_cmsg {
	struct cmsghdr align;
	char buf[CMSG_SPACE(sizeof(uint32_t)) * 2 +
		 CMSG_SPACE(sizeof(struct af_alg_iv) + PS_CRYPTO_IV_MAX)];
};

static void put_cmsg(struct cmsghdr *c, int type, const void *data, size_t len)
{
	c->cmsg_level = SOL_ALG;
	c->cmsg_type = type;
	c->cmsg_len = CMSG_LEN(len);
	memcpy(CMSG_DATA(c), data, len);
}

static void build_cmsg(struct msghdr *m, union afalg_cmsg *u, const struct ps_crypto_params *pa)
{
	uint32_t op = pa->decrypt ? ALG_OP_DECRYPT : ALG_OP_ENCRYPT, assoc = (uint32_t)pa->aadlen;
	uint8_t ivbuf[sizeof(struct af_alg_iv) + PS_CRYPTO_IV_MAX];
	struct af_alg_iv *iv = (struct af_alg_iv *)ivbuf;
	bool aead = pa->alg == PS_CRYPTO_GCM_AES;
	memset(u, 0, sizeof *u);
	m->msg_control = u->buf;
	m->msg_controllen = CMSG_SPACE(sizeof op) * (aead ? 2 : 1) +
			    CMSG_SPACE(sizeof *iv + pa->ivlen);
	struct cmsghdr *c = CMSG_FIRSTHDR(m);
	put_cmsg(c, ALG_SET_OP, &op, sizeof op);
	iv->ivlen = (uint32_t)pa->ivlen;
	memcpy(iv->iv, pa->iv, pa->ivlen);
	c = CMSG_NXTHDR(m, c);
	put_cmsg(c, ALG_SET_IV, ivbuf, sizeof *iv + pa->ivlen);
	if (aead) {
		c = CMSG_NXTHDR(m, c);
		put_cmsg(c, ALG_SET_AEAD_ASSOCLEN, &assoc, sizeof assoc);
	}
}

/* Moves len bytes of data into the operation socket through the pipe. The
 * MORE flag goes on every piece but the last one when !more. */
static int splice_in(struct afalg_priv *p, const uint8_t *data, size_t len, bool more,
		     unsigned extra, char *err, size_t errlen)
{
	while (len > 0) {
		struct iovec v = {.iov_base = (void *)data,
				  .iov_len = len > AFALG_CHUNK ? AFALG_CHUNK : len};
		ssize_t k = vmsplice(p->pipe[1], &v, 1, 0);
		if (k < 0)
			return sys_fail(err, errlen, "vmsplice");
		data += k;
		len -= (size_t)k;
		for (size_t left = (size_t)k; left > 0;) {
			unsigned fl = extra | (more || len ? SPLICE_F_MORE : 0);
			ssize_t m = splice(p->pipe[0], NULL, p->op, NULL, left, fl);
			if (m <= 0)
				return sys_fail(err, errlen, "splice");
			left -= (size_t)m;
		}
	}
	return 0;
}

/* Sends data (no control message), copying or splicing. */
static int feed(struct ps_crypto_sess *s, const uint8_t *data, size_t len, bool more,
		char *err, size_t errlen)
{
	struct afalg_priv *p = s->priv;
	/* Empty data still goes out as one send(): it carries the MORE flag. */
	if (s->zero_copy && len > 0)
		return splice_in(p, data, len, more, 0, err, errlen);
	do {
		size_t chunk = len > AFALG_CHUNK ? AFALG_CHUNK : len;
		int fl = more || len > chunk ? MSG_MORE : 0;
		ssize_t k = send(p->op, data, chunk, fl);
		if (k < 0)
			return sys_fail(err, errlen, "send");
		data += k;
		len -= (size_t)k;
	} while (len > 0);
	return 0;
}

/* Reads exactly len bytes of one request's output (iov may be split). */
static int read_all(int fd, struct iovec *v, int nv, size_t len, char *err, size_t errlen)
{
	struct msghdr m = {.msg_iov = v, .msg_iovlen = (size_t)nv};
	ssize_t k = recvmsg(fd, &m, 0);
	if (k < 0)
		return sys_fail(err, errlen, "recv");
	if ((size_t)k != len) {
		snprintf(err, errlen, "afalg recv: %zd bytes, expected %zu", k, len);
		return -1;
	}
	return 0;
}

static long run_hash(struct ps_crypto_sess *s, const uint8_t *in, size_t n, uint8_t *out,
		     char *err, size_t errlen)
{
	struct afalg_priv *p = s->priv;
	/* Every piece carries MORE, even an empty first one, so the previous
	 * digest is dropped and recv() runs final() on this message only. */
	if (feed(s, in, n, true, err, errlen) < 0)
		return -1;
	struct iovec v = {out, PS_CRYPTO_SHA256_LEN};
	if (read_all(p->op, &v, 1, v.iov_len, err, errlen) < 0)
		return -1;
	return PS_CRYPTO_SHA256_LEN;
}

/* Starts a cipher request: control messages only, data follows with MORE. */
static int start_op(struct ps_crypto_sess *s, char *err, size_t errlen)
{
	struct afalg_priv *p = s->priv;
	union afalg_cmsg u;
	struct msghdr m = {0};
	build_cmsg(&m, &u, &s->params);
	if (sendmsg(p->op, &m, MSG_MORE) < 0)
		return sys_fail(err, errlen, "sendmsg(ALG_SET_OP, ALG_SET_IV)");
	return 0;
}

/* CBC: the kernel takes whole blocks only, so the last partial block and the
 * PKCS#7 padding go out as one 16-byte tail; the IV chains across chunks. */
static long run_cbc(struct ps_crypto_sess *s, const uint8_t *in, size_t n, uint8_t *out,
		    char *err, size_t errlen)
{
	struct afalg_priv *p = s->priv;
	size_t body = n - n % PS_CRYPTO_AES_BLOCK;
	uint8_t tail[PS_CRYPTO_AES_BLOCK];
	memcpy(tail, in + body, n - body);
	ps_crypto_pkcs7_pad(tail, n - body, sizeof tail);
	if (start_op(s, err, errlen) < 0)
		return -1;
	for (size_t off = 0; off < body; off += AFALG_CHUNK) {
		size_t chunk = body - off > AFALG_CHUNK ? AFALG_CHUNK : body - off;
		struct iovec v = {out + off, chunk};
		if (feed(s, in + off, chunk, true, err, errlen) < 0 ||
		    read_all(p->op, &v, 1, chunk, err, errlen) < 0)
			return -1;
	}
	struct iovec v = {out + body, sizeof tail};
	if (feed(s, tail, sizeof tail, false, err, errlen) < 0 ||
	    read_all(p->op, &v, 1, sizeof tail, err, errlen) < 0)
		return -1;
	return (long)(body + sizeof tail);
}

/* GCM: AAD || plaintext in one request; the output repeats the AAD first. */
static long run_gcm(struct ps_crypto_sess *s, const uint8_t *in, size_t n, uint8_t *out,
		    char *err, size_t errlen)
{
	struct afalg_priv *p = s->priv;
	const struct ps_crypto_params *pa = &s->params;
	if (pa->aadlen + n > p->sndbuf) {
		snprintf(err, errlen,
			 "afalg gcm(aes): %zu bytes of AAD+data exceed the AF_ALG socket buffer (%zu bytes)",
			 pa->aadlen + n, p->sndbuf);
		return -1;
	}
	if (s->zero_copy && pa->aadlen + n > 0) {
		if (start_op(s, err, errlen) < 0 ||
		    splice_in(p, pa->aad, pa->aadlen, n > 0, SPLICE_F_NONBLOCK, err, errlen) < 0 ||
		    splice_in(p, in, n, false, SPLICE_F_NONBLOCK, err, errlen) < 0)
			return -1;
	} else {
		union afalg_cmsg u;
		struct iovec iv[2] = {{(void *)pa->aad, pa->aadlen}, {(void *)in, n}};
		struct msghdr m = {.msg_iov = iv, .msg_iovlen = 2};
		build_cmsg(&m, &u, pa);
		ssize_t k = sendmsg(p->op, &m, MSG_DONTWAIT);
		if (k < 0 || (size_t)k != pa->aadlen + n)
			return k < 0 ? sys_fail(err, errlen, "sendmsg(aead)")
				     : (snprintf(err, errlen, "afalg sendmsg(aead): short send"), -1);
	}
	struct iovec v[2] = {{p->scratch, pa->aadlen}, {out, n + PS_CRYPTO_GCM_TAG}};
	if (read_all(p->op, v, 2, pa->aadlen + n + PS_CRYPTO_GCM_TAG, err, errlen) < 0)
		return -1;
	return (long)(n + PS_CRYPTO_GCM_TAG);
}

static long afalg_run(struct ps_crypto_sess *s, const uint8_t *in, size_t n, uint8_t *out,
		      size_t cap, char *err, size_t errlen)
{
	long r = -1;
	if (s->params.decrypt) {
		snprintf(err, errlen, "afalg: --decrypt is done by the openssl backend only");
		return -1;
	}
	if (cap < ps_crypto_out_len(s->params.alg, n)) {
		snprintf(err, errlen, "afalg: output buffer too small");
		return -1;
	}
	switch (s->params.alg) {
	case PS_CRYPTO_SHA256:
		r = run_hash(s, in, n, out, err, errlen);
		break;
	case PS_CRYPTO_CBC_AES:
		r = run_cbc(s, in, n, out, err, errlen);
		break;
	case PS_CRYPTO_GCM_AES:
		r = run_gcm(s, in, n, out, err, errlen);
		break;
	}
	/* A failed request may leave data queued: start the next on a clean socket. */
	if (r < 0) {
		char ignored[64];
		(void)accept_op(s->priv, ignored, sizeof ignored);
	}
	return r;
}

/* The whole of in_fd into the operation socket, as the kernel's splice
 * path cuts it (MSG_MORE on every piece but the last: the request ends). */
static int sendfile_all(int op, int in_fd, unsigned long long n, char *err, size_t errlen)
{
	off_t off = 0;
	/* Non-blocking while sending: should the kernel want the request read
	 * before it takes more (the size check misjudged), EAGAIN, not a hang. */
	int fl = fcntl(op, F_GETFL);
	if (fl < 0 || fcntl(op, F_SETFL, fl | O_NONBLOCK) < 0)
		return sys_fail(err, errlen, "fcntl(O_NONBLOCK)");
	while ((unsigned long long)off < n) {
		ssize_t k = sendfile(op, in_fd, &off, (size_t)(n - (unsigned long long)off));
		if (k < 0)
			return sys_fail(err, errlen, "sendfile");
		if (k == 0) {
			snprintf(err, errlen, "afalg sendfile: the input file shrank while being sent");
			return -1;
		}
	}
	if (fcntl(op, F_SETFL, fl) < 0)
		return sys_fail(err, errlen, "fcntl");
	return 0;
}

/* One AEAD request: cmsg, AAD, then the file by sendfile(2); the output
 * (AAD copy || result) is bounded by PS_CRYPTO_FILE_AFALG_MAX + a tag. */
static long long file_request(struct ps_crypto_sess *s, int in_fd, unsigned long long n,
			      int out_fd, char *err, size_t errlen)
{
	struct afalg_priv *p = s->priv;
	const struct ps_crypto_params *pa = &s->params;
	size_t outlen = pa->aadlen + (size_t)n;
	outlen = pa->decrypt ? outlen - PS_CRYPTO_GCM_TAG : outlen + PS_CRYPTO_GCM_TAG;
	uint8_t *buf = malloc(outlen ? outlen : 1);
	long long r = -1;
	if (!buf) {
		snprintf(err, errlen, "afalg: out of memory");
		return -1;
	}
	/* An empty file ends the request with the AAD send (no MORE). */
	if (start_op(s, err, errlen) < 0 || feed(s, pa->aad, pa->aadlen, n > 0, err, errlen) < 0 ||
	    (n > 0 && sendfile_all(p->op, in_fd, n, err, errlen) < 0))
		goto out;
	ssize_t k = recv(p->op, buf, outlen, 0);
	if (k < 0 && errno == EBADMSG && pa->decrypt)
		snprintf(err, errlen, "gcm(aes) decrypt: tag check failed (wrong key, IV or AAD, or damaged data)");
	else if (k < 0)
		sys_fail(err, errlen, "recv");
	else if ((size_t)k != outlen)
		snprintf(err, errlen, "afalg recv: %zd bytes, expected %zu", k, outlen);
	else if (ps_crypto_write_all(out_fd, buf + pa->aadlen, outlen - pa->aadlen, err, errlen) == 0)
		r = (long long)(outlen - pa->aadlen);
out:
	free(buf);
	return r;
}

static long long afalg_run_file(struct ps_crypto_sess *s, int in_fd, unsigned long long n,
				int out_fd, char *err, size_t errlen)
{
	struct afalg_priv *p = s->priv;
	const struct ps_crypto_params *pa = &s->params;
	/* The kernel takes another page only while a page of room is left. */
	size_t room = p->sndbuf > 4096 ? p->sndbuf - 4096 : 0;
	size_t limit = room < PS_CRYPTO_FILE_AFALG_MAX ? room : PS_CRYPTO_FILE_AFALG_MAX;
	if (pa->alg != PS_CRYPTO_GCM_AES) {
		snprintf(err, errlen, "afalg: files are encrypted with gcm(aes) only");
		return -1;
	}
	if (pa->decrypt && n < PS_CRYPTO_GCM_TAG)
		return ps_crypto_decrypt_len_ok(pa->alg, (size_t)n, err, errlen);
	/* The request is processed whole: bigger would block sendfile forever. */
	if (pa->aadlen + n > limit) {
		snprintf(err, errlen,
			 "afalg gcm(aes): AAD + file = %llu bytes exceed one AF_ALG request (%zu bytes, the socket send buffer); use --backend openssl",
			 pa->aadlen + n, limit);
		return -1;
	}
	long long r = file_request(s, in_fd, n, out_fd, err, errlen);
	if (r < 0) {
		char ignored[64];
		(void)accept_op(p, ignored, sizeof ignored);
	}
	return r;
}

const struct ps_crypto_ops ps_crypto_afalg = {
	.name = "afalg",
	.probe = afalg_probe,
	.open = afalg_open,
	.run = afalg_run,
	.run_file = afalg_run_file,
	.close = afalg_close,
};
