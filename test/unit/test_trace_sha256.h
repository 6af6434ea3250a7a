/*
 * test_trace_sha256.h -- a small reference SHA-256 (FIPS 180-4) for the
 * trace_chain unit tests and fuzzers, which link the pure-C core without the
 * server (the extension itself uses the server's pg_cryptohash).  Checked
 * against the FIPS 180-4 test vectors in test_trace_chain.c.
 */
#ifndef OCOP_TEST_TRACE_SHA256_H
#define OCOP_TEST_TRACE_SHA256_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "trace_chain_core.h"

typedef struct RefSha256
{
	uint32_t	h[8];
	uint64_t	bits;
	uint8_t		block[64];
	size_t		used;
} RefSha256;

static const uint32_t ref_sha256_k[64] = {
	0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
	0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
	0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
	0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
	0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
	0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
	0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
	0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2
};

#define REF_ROR(x, n) (((x) >> (n)) | ((x) << (32 - (n))))

static void
ref_sha256_block(RefSha256 *c, const uint8_t *p)
{
	uint32_t	w[64],
				a,
				b,
				cc,
				d,
				e,
				f,
				g,
				h;

	for (int i = 0; i < 16; i++)
		w[i] = ((uint32_t) p[4 * i] << 24) | ((uint32_t) p[4 * i + 1] << 16) |
			((uint32_t) p[4 * i + 2] << 8) | p[4 * i + 3];
	for (int i = 16; i < 64; i++)
	{
		uint32_t	s0 = REF_ROR(w[i - 15], 7) ^ REF_ROR(w[i - 15], 18) ^ (w[i - 15] >> 3);
		uint32_t	s1 = REF_ROR(w[i - 2], 17) ^ REF_ROR(w[i - 2], 19) ^ (w[i - 2] >> 10);

		w[i] = w[i - 16] + s0 + w[i - 7] + s1;
	}
	a = c->h[0];
	b = c->h[1];
	cc = c->h[2];
	d = c->h[3];
	e = c->h[4];
	f = c->h[5];
	g = c->h[6];
	h = c->h[7];
	for (int i = 0; i < 64; i++)
	{
		uint32_t	t1 = h + (REF_ROR(e, 6) ^ REF_ROR(e, 11) ^ REF_ROR(e, 25)) +
			((e & f) ^ (~e & g)) + ref_sha256_k[i] + w[i];
		uint32_t	t2 = (REF_ROR(a, 2) ^ REF_ROR(a, 13) ^ REF_ROR(a, 22)) +
			((a & b) ^ (a & cc) ^ (b & cc));

		h = g;
		g = f;
		f = e;
		e = d + t1;
		d = cc;
		cc = b;
		b = a;
		a = t1 + t2;
	}
	c->h[0] += a;
	c->h[1] += b;
	c->h[2] += cc;
	c->h[3] += d;
	c->h[4] += e;
	c->h[5] += f;
	c->h[6] += g;
	c->h[7] += h;
}

static void
ref_sha256_init(RefSha256 *c)
{
	static const uint32_t iv[8] = {
		0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
		0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19
	};

	memcpy(c->h, iv, sizeof(iv));
	c->bits = 0;
	c->used = 0;
}

static void
ref_sha256_update(RefSha256 *c, const uint8_t *data, size_t len)
{
	c->bits += (uint64_t) len * 8;
	while (len > 0)
	{
		size_t		n = 64 - c->used < len ? 64 - c->used : len;

		memcpy(c->block + c->used, data, n);
		c->used += n;
		data += n;
		len -= n;
		if (c->used == 64)
		{
			ref_sha256_block(c, c->block);
			c->used = 0;
		}
	}
}

static void
ref_sha256_final(RefSha256 *c, uint8_t out[32])
{
	uint64_t	bits = c->bits;
	uint8_t		pad = 0x80;
	uint8_t		zero = 0;
	uint8_t		len[8];

	ref_sha256_update(c, &pad, 1);
	while (c->used != 56)
		ref_sha256_update(c, &zero, 1);
	for (int i = 0; i < 8; i++)
		len[i] = (uint8_t) (bits >> (56 - 8 * i));
	ref_sha256_update(c, len, 8);
	for (int i = 0; i < 8; i++)
	{
		out[4 * i] = (uint8_t) (c->h[i] >> 24);
		out[4 * i + 1] = (uint8_t) (c->h[i] >> 16);
		out[4 * i + 2] = (uint8_t) (c->h[i] >> 8);
		out[4 * i + 3] = (uint8_t) c->h[i];
	}
}

static bool
ref_trace_hash(const uint8_t prev[TRACE_HASH_BYTES], const uint8_t *data, size_t len,
			   uint8_t out[TRACE_HASH_BYTES], void *arg)
{
	RefSha256	c;

	(void) arg;
	ref_sha256_init(&c);
	ref_sha256_update(&c, prev, TRACE_HASH_BYTES);
	ref_sha256_update(&c, data, len);
	ref_sha256_final(&c, out);
	return true;
}

static const TraceHasher ref_hasher = {ref_trace_hash, NULL};

#endif							/* OCOP_TEST_TRACE_SHA256_H */
