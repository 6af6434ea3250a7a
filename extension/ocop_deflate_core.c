/*
 * ocop_deflate_core.c -- one final dynamic-Huffman deflate block (RFC 1951)
 * from a token stream the caller found.  No fmgr, no SQL, no catalog
 * access; built for the server and for frontend programs, as src/common is.  See ocop_deflate_core.h
 * for the interface and the rules.
 *
 * The steps, one function each: collect tokens (ocop_deflate_literal and
 * ocop_deflate_match in the header, cut_match here); build the codes
 * (complete_code, huff_lengths, huff_codes, rle_code_lengths, in
 * ocop_deflate_bound); count the block's exact size (block_bits); write it
 * (put_header, put_tokens, in ocop_deflate_write).
 */

/* Built twice, as src/common is: see the Makefile, "Pure-C cores". */
#ifdef FRONTEND
#include "postgres_fe.h"
#else
#include "postgres.h"
#endif

#include "ocop_deflate_core.h"

#include <stdlib.h>
#include <string.h>

static const uint16_t len_base[29] = {3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31,
35, 43, 51, 59, 67, 83, 99, 115, 131, 163, 195, 227, 258};
static const unsigned char len_extra[29] = {0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2,
3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0};
static const uint16_t dist_base[30] = {1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193,
257, 385, 513, 769, 1025, 1537, 2049, 3073, 4097, 6145, 8193, 12289, 16385, 24577};
static const unsigned char dist_extra[30] = {0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6,
7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13};

/* The order code length code lengths are sent in (RFC 1951 clause 3.2.7). */
static const unsigned char cl_order[19] = {16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15};

static inline int
len_code(unsigned len)
{
	int			c = 28;

	while (len_base[c] > len)
		c--;
	return c;
}

static inline int
dist_code(unsigned dist)
{
	int			c = 29;

	while (dist_base[c] > dist)
		c--;
	return c;
}

/* ------------------------------------------------------------------------
 * Tokens.
 * ------------------------------------------------------------------------ */

bool
ocop_deflate_init(OcopDeflate *d, size_t expected)
{
	memset(d, 0, sizeof(*d));
	d->cap = expected > 16 ? expected : 16;
	d->tok = palloc(d->cap * sizeof(OcopDeflateTok));
	return true;
}

void
ocop_deflate_free(OcopDeflate *d)
{
	if (d->tok)
		pfree(d->tok);
	d->tok = NULL;
	d->ntok = d->cap = 0;
}

bool
ocop_deflate_grow(OcopDeflate *d)
{
	OcopDeflateTok *p;

	if (d->failed)
		return false;
	/* palloc's limit, MaxAllocSize (1 GB), as src/common/stringinfo.c spells it */
	if (d->cap > ((size_t) 0x3fffffff) / 2 / sizeof(OcopDeflateTok))
	{
		d->failed = true;
		return false;
	}
	p = repalloc(d->tok, 2 * d->cap * sizeof(OcopDeflateTok));
	d->tok = p;
	d->cap *= 2;
	return true;
}

/* One back-reference token of 3..258 bytes. */
static inline void
cut_match(OcopDeflate *d, unsigned len, unsigned dist)
{
	if (d->ntok == d->cap && !ocop_deflate_grow(d))
		return;
	d->tok[d->ntok].lit = (uint16_t) len;
	d->tok[d->ntok].dist = (uint16_t) dist;
	d->ntok++;
	d->lfreq[257 + len_code(len)]++;
	d->dfreq[dist_code(dist)]++;
}

void
ocop_deflate_flush(OcopDeflate *d)
{
	size_t		len = d->pend_len;

	while (len > 0)
	{
		unsigned	n = len > OCOP_DEFLATE_MAX_MATCH ? OCOP_DEFLATE_MAX_MATCH : (unsigned) len;

		if (len > OCOP_DEFLATE_MAX_MATCH && len - OCOP_DEFLATE_MAX_MATCH < OCOP_DEFLATE_MIN_MATCH)
			n = (unsigned) (len - OCOP_DEFLATE_MIN_MATCH);	/* leave at least 3 for the last */
		cut_match(d, n, (unsigned) d->pend_dist);
		len -= n;
	}
	d->pend_len = 0;
}

/* ------------------------------------------------------------------------
 * Codes.
 * ------------------------------------------------------------------------ */

/*
 * A code must have two used symbols to be complete (zlib's inflate refuses
 * an incomplete one): give unused symbols a frequency of 1 until it has.
 */
static void
complete_code(uint32_t *freq, int n)
{
	int			used = 0;

	for (int i = 0; i < n; i++)
		used += freq[i] != 0;
	if (used == 0)
		freq[0] = freq[1] = 1;
	else if (used == 1)
		freq[freq[0] ? 1 : 0] = 1;
}

/*
 * Huffman code lengths for freq[0..n-1], at most limit bits, into len[]
 * (0 for unused symbols).  The code is always complete, as zlib's inflate
 * requires: with fewer than two used symbols, an unused one gets a length too.  When the tree is too deep
 * the frequencies are flattened and the tree built again.
 */
static void
huff_lengths(const uint32_t *freq_in, size_t n, int limit, unsigned char *len)
{
	uint32_t	freq[286];
	int			sym[286];
	uint32_t	w[2 * 286];
	int			parent[2 * 286];
	unsigned char depth[2 * 286];

	memcpy(freq, freq_in, n * sizeof(uint32_t));
	for (;;)
	{
		int			m = 0,
					i1 = 0,
					i2,
					next,
					maxd = 0;

		for (int s = 0; s < (int) n; s++)
			if (freq[s])
			{
				/* insertion sort by (frequency, symbol) */
				int			j = m++;

				while (j > 0 && freq[sym[j - 1]] > freq[s])
				{
					sym[j] = sym[j - 1];
					j--;
				}
				sym[j] = s;
			}
		memset(len, 0, n);
		if (m < 2)
		{
			/*
			 * Fewer than two used symbols: a code of one bit for the used one
			 * (or symbol 0) and for one unused neighbour keeps the code
			 * complete.  The callers never get here (complete_code), but the
			 * tree below needs m >= 2 to stay in bounds.
			 */
			int			a = m == 1 ? sym[0] : 0;

			len[a] = 1;
			len[a == 0 ? 1 : 0] = 1;
			return;
		}
		for (int i = 0; i < m; i++)
			w[i] = freq[sym[i]];
		i2 = next = m;
		while (next < 2 * m - 1)
		{
			int			pick[2];

			for (int k = 0; k < 2; k++)
			{
				if (i1 < m && (i2 >= next || w[i1] <= w[i2]))
					pick[k] = i1++;
				else
					pick[k] = i2++;
			}
			w[next] = w[pick[0]] + w[pick[1]];
			parent[pick[0]] = parent[pick[1]] = next;
			next++;
		}
		depth[2 * m - 2] = 0;
		for (int k = 2 * m - 3; k >= 0; k--)
		{
			depth[k] = (unsigned char) (depth[parent[k]] + 1);
			if (k < m && depth[k] > maxd)
				maxd = depth[k];
		}
		if (maxd <= limit)
		{
			for (int i = 0; i < m; i++)
				len[sym[i]] = depth[i];
			return;
		}
		for (int s = 0; s < (int) n; s++)
			if (freq[s])
				freq[s] = (freq[s] >> 1) | 1;
	}
}

/* Canonical codes (RFC 1951 clause 3.2.2), bit-reversed for LSB-first output. */
static void
huff_codes(const unsigned char *len, int n, uint16_t *code)
{
	uint16_t	count[16] = {0};
	uint16_t	next[16];
	unsigned	c = 0;

	for (int s = 0; s < n; s++)
		count[len[s]]++;
	count[0] = 0;
	for (int b = 1; b < 16; b++)
	{
		c = (c + count[b - 1]) << 1;
		next[b] = (uint16_t) c;
	}
	for (int s = 0; s < n; s++)
		if (len[s])
		{
			unsigned	v = next[len[s]]++,
						r = 0;

			for (int b = 0; b < len[s]; b++)
			{
				r = (r << 1) | (v & 1);
				v >>= 1;
			}
			code[s] = (uint16_t) r;
		}
}

/*
 * The literal/length and distance code lengths, sent back to back and
 * run-length coded with the code length symbols 16 (repeat the previous 3..6
 * times), 17 (3..10 zeros) and 18 (11..138 zeros).
 */
static void
rle_code_lengths(OcopDeflateCodes *c)
{
	unsigned char all[286 + 30];
	int			nall = c->hlit + c->hdist;

	memcpy(all, c->llen, (size_t) c->hlit);
	memcpy(all + c->hlit, c->dlen, (size_t) c->hdist);
	c->nrle = 0;
	for (int i = 0; i < nall;)
	{
		int			v = all[i],
					run = 1;

		while (i + run < nall && all[i + run] == v)
			run++;
		if (v == 0 && run >= 3)
		{
			int			r = run > 138 ? 138 : run;

			c->rle[c->nrle] = r >= 11 ? 18 : 17;
			c->rle_extra[c->nrle++] = (unsigned char) (r >= 11 ? r - 11 : r - 3);
			i += r;
		}
		else if (v != 0 && run >= 4)
		{
			int			r = run - 1 > 6 ? 6 : run - 1;

			c->rle[c->nrle] = (unsigned char) v;
			c->rle_extra[c->nrle++] = 0;
			c->rle[c->nrle] = 16;
			c->rle_extra[c->nrle++] = (unsigned char) (r - 3);
			i += 1 + r;
		}
		else
		{
			c->rle[c->nrle] = (unsigned char) v;
			c->rle_extra[c->nrle++] = 0;
			i++;
		}
	}
}

/* The code length code, for the run-length coded lengths. */
static void
code_length_code(OcopDeflateCodes *c)
{
	uint32_t	clfreq[19] = {0};

	for (int i = 0; i < c->nrle; i++)
		clfreq[c->rle[i]]++;
	{
		int			used = 0;

		for (int i = 0; i < 19; i++)
			used += clfreq[i] != 0;
		if (used < 2)
			clfreq[clfreq[0] ? 1 : 0] = 1;
	}
	huff_lengths(clfreq, 19, 7, c->cllen);
	huff_codes(c->cllen, 19, c->clcode);
	c->hclen = 19;
	while (c->hclen > 4 && c->cllen[cl_order[c->hclen - 1]] == 0)
		c->hclen--;
}

/* The block's exact size in bits (an upper bound by the forced frequencies). */
static uint64_t
block_bits(const OcopDeflate *d)
{
	const OcopDeflateCodes *c = &d->codes;
	uint64_t	bits = 3 + 5 + 5 + 4 + 3 * (uint64_t) c->hclen;

	for (int i = 0; i < c->nrle; i++)
		bits += c->cllen[c->rle[i]] + (c->rle[i] == 16 ? 2 : c->rle[i] == 17 ? 3 : c->rle[i] == 18 ? 7 : 0);
	for (int i = 0; i < 286; i++)
		bits += (uint64_t) d->lfreq[i] * (c->llen[i] + (i > 256 ? len_extra[i - 257] : 0));
	for (int i = 0; i < 30; i++)
		bits += (uint64_t) d->dfreq[i] * (c->dlen[i] + dist_extra[i]);
	return bits;
}

size_t
ocop_deflate_bound(OcopDeflate *d)
{
	OcopDeflateCodes *c = &d->codes;

	if (d->pend_len)
		ocop_deflate_flush(d);
	if (d->failed)
		return 0;
	d->lfreq[256] = 1;			/* end of block */
	complete_code(d->dfreq, 30);
	huff_lengths(d->lfreq, 286, 15, c->llen);
	huff_lengths(d->dfreq, 30, 15, c->dlen);
	huff_codes(c->llen, 286, c->lcode);
	huff_codes(c->dlen, 30, c->dcode);
	c->hlit = 286;
	c->hdist = 30;
	while (c->hlit > 257 && c->llen[c->hlit - 1] == 0)
		c->hlit--;
	while (c->hdist > 1 && c->dlen[c->hdist - 1] == 0)
		c->hdist--;
	rle_code_lengths(c);
	code_length_code(c);
	/* put_bits stores 4 bytes at a time, flush_bits the rest. */
	return (size_t) (block_bits(d) / 8) + 8;
}

/* ------------------------------------------------------------------------
 * Writing.
 * ------------------------------------------------------------------------ */

typedef struct BitOut
{
	unsigned char *p;
	uint64_t	acc;
	int			n;
} BitOut;

static inline void
put_bits(BitOut *bo, unsigned value, int nbits)
{
	bo->acc |= (uint64_t) value << bo->n;
	bo->n += nbits;
	if (bo->n >= 32)
	{
		bo->p[0] = (unsigned char) bo->acc;
		bo->p[1] = (unsigned char) (bo->acc >> 8);
		bo->p[2] = (unsigned char) (bo->acc >> 16);
		bo->p[3] = (unsigned char) (bo->acc >> 24);
		bo->p += 4;
		bo->acc >>= 32;
		bo->n -= 32;
	}
}

static void
flush_bits(BitOut *bo)
{
	while (bo->n > 0)
	{
		*bo->p++ = (unsigned char) bo->acc;
		bo->acc >>= 8;
		bo->n -= 8;
	}
	bo->n = 0;
	bo->acc = 0;
}

/* The block header: BFINAL, BTYPE, the counts and the coded code lengths. */
static void
put_header(BitOut *bo, const OcopDeflateCodes *c)
{
	put_bits(bo, 1, 1);			/* BFINAL */
	put_bits(bo, 2, 2);			/* BTYPE 10: dynamic Huffman codes */
	put_bits(bo, (unsigned) (c->hlit - 257), 5);
	put_bits(bo, (unsigned) (c->hdist - 1), 5);
	put_bits(bo, (unsigned) (c->hclen - 4), 4);
	for (int i = 0; i < c->hclen; i++)
		put_bits(bo, c->cllen[cl_order[i]], 3);
	for (int i = 0; i < c->nrle; i++)
	{
		int			s = c->rle[i];

		put_bits(bo, c->clcode[s], c->cllen[s]);
		if (s == 16)
			put_bits(bo, c->rle_extra[i], 2);
		else if (s == 17)
			put_bits(bo, c->rle_extra[i], 3);
		else if (s == 18)
			put_bits(bo, c->rle_extra[i], 7);
	}
}

/* The tokens and the end-of-block symbol. */
static void
put_tokens(BitOut *bo, const OcopDeflate *d)
{
	const OcopDeflateCodes *c = &d->codes;

	for (size_t i = 0; i < d->ntok; i++)
	{
		const OcopDeflateTok *t = &d->tok[i];

		if (t->dist == 0)
			put_bits(bo, c->lcode[t->lit], c->llen[t->lit]);
		else
		{
			int			lc = len_code(t->lit),
						dc = dist_code(t->dist);

			put_bits(bo, c->lcode[257 + lc], c->llen[257 + lc]);
			if (len_extra[lc])
				put_bits(bo, t->lit - len_base[lc], len_extra[lc]);
			put_bits(bo, c->dcode[dc], c->dlen[dc]);
			if (dist_extra[dc])
				put_bits(bo, t->dist - dist_base[dc], dist_extra[dc]);
		}
	}
	put_bits(bo, c->lcode[256], c->llen[256]);
}

size_t
ocop_deflate_write(OcopDeflate *d, unsigned char *dst)
{
	BitOut		bo = {dst, 0, 0};

	put_header(&bo, &d->codes);
	put_tokens(&bo, d);
	flush_bits(&bo);
	return (size_t) (bo.p - dst);
}
