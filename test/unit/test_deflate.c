/*
 * test_deflate.c -- unit tests of ocop_deflate_core.c, the deflate block
 * writer of the PNG images.  Every stream it writes is decoded with zlib's
 * inflate (raw deflate, RFC 1951), the reference decoder, and compared with
 * the bytes the tokens stand for, which this test computes itself:
 *   - edge cases: no token at all, one literal, every byte value, runs at
 *     distance 1, a back-reference of each length 3..258 and over 258 (cut
 *     into pieces, none shorter than 3), at every distance code's base and
 *     last distance, up to 32768, references merged at one distance;
 *   - a code with one used distance, and with none (the code must still be
 *     complete, or inflate refuses it);
 *   - skewed frequencies that make a Huffman tree deeper than 15 bits (the
 *     lengths must be limited);
 *   - many random token streams from a fixed seed;
 *   - ocop_deflate_bound() is never below what ocop_deflate_write() writes.
 */
#include "ocop_deflate_core.h"
#include "unit.h"

#include <stdint.h>
#include <stdlib.h>

#include <zlib.h>

/* The expected bytes: the tokens applied to a buffer, as a decoder would. */
typedef struct Ref
{
	unsigned char *b;
	size_t		len;
	size_t		cap;
} Ref;

static void
ref_put(Ref *r, unsigned char c)
{
	if (r->len == r->cap)
	{
		r->cap = r->cap ? 2 * r->cap : 4096;
		r->b = realloc(r->b, r->cap);
		if (r->b == NULL)
			abort();
	}
	r->b[r->len++] = c;
}

static void
lit(OcopDeflate *d, Ref *r, unsigned char c)
{
	ocop_deflate_literal(d, c);
	ref_put(r, c);
}

/* A back-reference; the caller makes sure dist <= r->len. */
static void
match(OcopDeflate *d, Ref *r, size_t len, size_t dist)
{
	ocop_deflate_match(d, len, dist);
	for (size_t i = 0; i < len; i++)
		ref_put(r, r->b[r->len - dist]);
}

/* Write the stream; inflate it; true when it gives exactly r's bytes. */
static bool
round_trip(OcopDeflate *d, const Ref *r, const char *what, size_t *out_len)
{
	size_t		bound = ocop_deflate_bound(d);
	unsigned char *buf,
			   *back;
	size_t		n;
	z_stream	zs;
	int			rc;
	bool		ok;

	if (bound == 0)
	{
		fprintf(stderr, "%s: bound 0\n", what);
		return false;
	}
	/* guard bytes after the bound: a write past it shows as a changed guard */
	buf = malloc(bound + 16);
	back = malloc(r->len + 64);
	if (buf == NULL || back == NULL)
		abort();
	memset(buf, 0xA5, bound + 16);
	n = ocop_deflate_write(d, buf);
	ok = n <= bound;
	for (size_t i = bound; i < bound + 16; i++)
		ok = ok && buf[i] == 0xA5;
	memset(&zs, 0, sizeof(zs));
	if (inflateInit2(&zs, -15) != Z_OK)
		abort();
	zs.next_in = buf;
	zs.avail_in = (uInt) n;
	zs.next_out = back;
	zs.avail_out = (uInt) (r->len + 64);
	rc = inflate(&zs, Z_FINISH);
	ok = ok && rc == Z_STREAM_END && zs.total_out == r->len && zs.avail_in == 0 &&
		(r->len == 0 || memcmp(back, r->b, r->len) == 0);
	if (!ok)
		fprintf(stderr, "%s: inflate rc %d (%s), %lu bytes of %zu, %zu written, bound %zu\n",
				what, rc, zs.msg ? zs.msg : "", zs.total_out, r->len, n, bound);
	inflateEnd(&zs);
	free(buf);
	free(back);
	if (out_len)
		*out_len = n;
	return ok;
}

static void
start(OcopDeflate *d, Ref *r, size_t expected)
{
	if (!ocop_deflate_init(d, expected))
		abort();
	r->len = 0;
}

/* xorshift32, a fixed seed: the same streams on every run. */
static uint32_t rng = 2463534242u;
static uint32_t
next_rand(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 17;
	rng ^= rng << 5;
	return rng;
}

/* The checks, in one scope of the tests' memory context (main, below). */
static int
unit_main(void)
{
	OcopDeflate d;
	Ref			r = {0};
	size_t		n;

	/* No token: only the end-of-block symbol; both codes must be complete. */
	start(&d, &r, 0);
	CHECK(round_trip(&d, &r, "empty", &n), "an empty stream inflates to nothing");
	CHECK(n > 0 && n < 16, "an empty stream is a few bytes");
	ocop_deflate_free(&d);

	/* One literal (one used literal symbol besides end of block, no distance). */
	start(&d, &r, 1);
	lit(&d, &r, 'x');
	CHECK(round_trip(&d, &r, "one literal", NULL), "one literal");
	ocop_deflate_free(&d);

	/* Every byte value, twice, in two orders. */
	start(&d, &r, 16);			/* small: grows */
	for (int i = 0; i < 256; i++)
		lit(&d, &r, (unsigned char) i);
	for (int i = 255; i >= 0; i--)
		lit(&d, &r, (unsigned char) i);
	CHECK(d.cap >= 512, "the token array grew past its first size");
	CHECK(round_trip(&d, &r, "every byte", NULL), "every byte value");
	ocop_deflate_free(&d);

	/* One used distance code only (distance 1): the code is completed. */
	start(&d, &r, 4);
	lit(&d, &r, 0);
	match(&d, &r, 1000, 1);
	CHECK(round_trip(&d, &r, "one distance", NULL), "a run at distance 1, one distance code");
	ocop_deflate_free(&d);

	/* Each length 3..600 (over 258: cut), at distance 1 and at 300. */
	{
		int			bad = 0,
					bad_piece = 0;

		for (size_t len = 3; len <= 600; len++)
		{
			char		what[64];

			start(&d, &r, 8);
			for (int i = 0; i < 300; i++)
				lit(&d, &r, (unsigned char) (i * 7));
			match(&d, &r, len, len % 2 ? 1 : 300);
			lit(&d, &r, 'e');
			snprintf(what, sizeof(what), "length %zu", len);
			if (!round_trip(&d, &r, what, NULL))
				bad++;
			for (size_t t = 0; t < d.ntok; t++)
				if (d.tok[t].dist != 0 && (d.tok[t].lit < 3 || d.tok[t].lit > 258))
					bad_piece++;
			ocop_deflate_free(&d);
		}
		CHECK_EQ_INT(bad, 0, "a back-reference of each length 3..600 inflates");
		CHECK_EQ_INT(bad_piece, 0, "no back-reference piece outside 3..258");
	}

	/* Every distance code's first and last distance, up to 32768. */
	{
		static const unsigned dists[] = {1, 2, 3, 4, 5, 6, 7, 8, 9, 12, 13, 16, 17, 24, 25, 32, 33,
			48, 49, 64, 65, 96, 97, 128, 129, 192, 193, 256, 257, 384, 385, 512, 513, 768, 769,
			1024, 1025, 1536, 1537, 2048, 2049, 3072, 3073, 4096, 4097, 6144, 6145, 8192, 8193,
		12288, 12289, 16384, 16385, 24576, 24577, 32767, 32768};
		int			bad = 0;

		start(&d, &r, 1024);
		for (int i = 0; i < OCOP_DEFLATE_WINDOW; i++)
			lit(&d, &r, (unsigned char) (next_rand() >> 24));
		for (size_t k = 0; k < sizeof(dists) / sizeof(dists[0]); k++)
		{
			match(&d, &r, 3 + k % 40, dists[k]);
			lit(&d, &r, (unsigned char) k);	/* ends the merge */
		}
		if (!round_trip(&d, &r, "distances", NULL))
			bad++;
		CHECK_EQ_INT(bad, 0, "every distance code's first and last distance, 32768 included");
		ocop_deflate_free(&d);
	}

	/* Back-to-back references at one distance are merged into one (then cut). */
	start(&d, &r, 8);
	for (int i = 0; i < 10; i++)
		lit(&d, &r, (unsigned char) ('a' + i));
	for (int i = 0; i < 100; i++)
		match(&d, &r, 10, 10);
	CHECK(round_trip(&d, &r, "merged", NULL), "merged references inflate");
	CHECK_EQ_INT(d.ntok, 10 + 4, "1000 bytes at one distance: 4 tokens (258 + 258 + 258 + 226)");
	ocop_deflate_free(&d);

	/* Fibonacci frequencies: an unlimited Huffman tree would be ~25 deep. */
	{
		uint32_t	f[26] = {1, 1};
		bool		ok = true;

		for (int i = 2; i < 26; i++)
			f[i] = f[i - 1] + f[i - 2];
		start(&d, &r, 1 << 16);
		for (int s = 0; s < 26; s++)
			for (uint32_t k = 0; k < f[s] / 8 + 1; k++)
				lit(&d, &r, (unsigned char) s);
		ok = round_trip(&d, &r, "deep tree", NULL);
		CHECK(ok, "skewed frequencies: code lengths limited to 15 bits");
		for (int s = 0; s < 286; s++)
			if (d.codes.llen[s] > 15)
				ok = false;
		CHECK(ok, "no literal/length code longer than 15 bits");
		ocop_deflate_free(&d);
	}

	/* Random streams: literals from a small or a full alphabet, references
	 * of random length at random distances within what was written. */
	{
		int			bad = 0;

		for (int iter = 0; iter < 300; iter++)
		{
			int			ntok = 1 + (int) (next_rand() % 2000);
			int			alphabet = (iter % 3 == 0) ? 256 : 2 + (int) (next_rand() % 16);
			char		what[64];

			start(&d, &r, (size_t) (next_rand() % 64));
			for (int t = 0; t < ntok; t++)
			{
				uint32_t	x = next_rand();

				if (r.len >= 1 && x % 3 == 0)
				{
					size_t		maxd = r.len < OCOP_DEFLATE_WINDOW ? r.len : OCOP_DEFLATE_WINDOW;
					size_t		dist = 1 + (next_rand() % maxd);

					match(&d, &r, 3 + next_rand() % 700, dist);
				}
				else
					lit(&d, &r, (unsigned char) (next_rand() % (uint32_t) alphabet));
			}
			snprintf(what, sizeof(what), "random stream %d", iter);
			if (!round_trip(&d, &r, what, NULL))
				bad++;
			ocop_deflate_free(&d);
		}
		CHECK_EQ_INT(bad, 0, "300 random token streams inflate to their bytes");
	}

	/* Same tokens, same bytes. */
	{
		unsigned char a[64],
					b[64];
		size_t		na,
					nb;

		for (int k = 0; k < 2; k++)
		{
			start(&d, &r, 8);
			lit(&d, &r, 'q');
			match(&d, &r, 20, 1);
			lit(&d, &r, 'z');
			if (ocop_deflate_bound(&d) > sizeof(a))
				abort();
			if (k == 0)
				na = ocop_deflate_write(&d, a);
			else
				nb = ocop_deflate_write(&d, b);
			ocop_deflate_free(&d);
		}
		CHECK(na == nb && memcmp(a, b, na) == 0, "deterministic: same tokens, same bytes");
	}

	free(r.b);
	return UNIT_DONE();
}

int
main(void)
{
	int			rc;

	fe_memory_begin();
	rc = unit_main();
	fe_memory_end();
	return rc;
}
