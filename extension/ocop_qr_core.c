/*
 * ocop_qr_core.c -- QR code images from libqrencode: 1-bit greyscale PNG
 * (written here, deflate included), compact SVG and UTF-8 half-block text.  Pure C, no server
 * headers; see ocop_qr_core.h for the memory and determinism rules.
 */
#include "ocop_qr_core.h"

#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <qrencode.h>
#include <zlib.h>

/* ISO/IEC 18004:2015 Table 7, version 40, byte mode. */
const int	ocop_qr_byte_capacity[4] = {2953, 2331, 1663, 1273};

static const char ecc_names[4] = {'L', 'M', 'Q', 'H'};

bool
ocop_qr_buf_append(OcopQrBuf *buf, const void *data, size_t len)
{
	if (buf->failed)
		return false;
	if (len > buf->cap - buf->len)
	{
		size_t		cap = buf->cap ? buf->cap : 1024;
		unsigned char *p;

		while (cap - buf->len < len)
		{
			if (cap > SIZE_MAX / 2)
			{
				buf->failed = true;
				return false;
			}
			cap *= 2;
		}
		p = realloc(buf->data, cap);
		if (p == NULL)
		{
			buf->failed = true;
			return false;
		}
		buf->data = p;
		buf->cap = cap;
	}
	memcpy(buf->data + buf->len, data, len);
	buf->len += len;
	return true;
}

void
ocop_qr_buf_free(OcopQrBuf *buf)
{
	free(buf->data);
	buf->data = NULL;
	buf->len = buf->cap = 0;
	buf->failed = false;
}

bool
ocop_qr_parse_ecc(const char *s, size_t len, OcopQrEcc *ecc, OcopErr *err)
{
	while (len > 0 && (s[0] == ' ' || s[0] == '\t'))
	{
		s++;
		len--;
	}
	while (len > 0 && (s[len - 1] == ' ' || s[len - 1] == '\t'))
		len--;
	if (len == 1)
	{
		for (int i = 0; i < 4; i++)
			if (s[0] == ecc_names[i] || s[0] == ecc_names[i] + ('a' - 'A'))
			{
				*ecc = (OcopQrEcc) i;
				return true;
			}
	}
	ocop_err_set_field(err, OCOP_E_VALUE, "ecc",
			  "The error correction level must be L (7%%), M (15%%), Q (25%%) or H (30%%).");
	return false;
}

bool
ocop_qr_check_options(const OcopQrOptions *opt, bool need_module_px,
					  OcopErr *err)
{
	if (need_module_px &&
		(opt->module_px < OCOP_QR_MODULE_PX_MIN || opt->module_px > OCOP_QR_MODULE_PX_MAX))
		return ocop_err_set_field(err, OCOP_E_VALUE, "module_px",
						 "The module size is %d pixels: it must be from %d to %d.",
						 opt->module_px, OCOP_QR_MODULE_PX_MIN, OCOP_QR_MODULE_PX_MAX);
	if (opt->margin < OCOP_QR_MARGIN_MIN || opt->margin > OCOP_QR_MARGIN_MAX)
		return ocop_err_set_field(err, OCOP_E_VALUE, "margin",
						 "The margin is %d modules: it must be from %d to %d (ISO/IEC 18004 asks for 4).",
						 opt->margin, OCOP_QR_MARGIN_MIN, OCOP_QR_MARGIN_MAX);
	if ((opt->ecc < OCOP_QR_ECC_L || opt->ecc > OCOP_QR_ECC_H))
		return ocop_err_set_field(err, OCOP_E_VALUE, "ecc",
						 "The error correction level must be L, M, Q or H.");
	return true;
}

static bool
nomem(OcopErr *err)
{
	return ocop_err_set_field(err, OCOP_E_NOMEM, "data", "Out of memory while making a QR code image.");
}

/* ------------------------------------------------------------------------
 * PNG, written directly: signature, IHDR, one IDAT, IEND (ISO/IEC 15948,
 * clauses 5 and 11), CRC-32 and Adler-32 from zlib.  libpng is not used: for
 * these small images its per-image setup and per-row calls cost more than
 * the compression, and zlib's generic deflate more than all the rest of the
 * PNG (bench/qr.md).
 * ------------------------------------------------------------------------ */

/* Pixel side of the image, or -1 when over OCOP_QR_MAX_SIDE. */
static int
image_side(int width, int module_px, int margin)
{
	long		side = ((long) width + 2L * margin) * module_px;

	return side > OCOP_QR_MAX_SIDE ? -1 : (int) side;
}

static bool
too_large(int width, int module_px, int margin, OcopErr *err)
{
	ocop_err_set_field(err, OCOP_E_LIMIT, "module_px",
			  "The image would be %ld x %ld pixels (%d modules plus a margin of %d, at %d pixels each).",
			  ((long) width + 2L * margin) * module_px,
			  ((long) width + 2L * margin) * module_px, width, margin, module_px);
	ocop_err_hint(err,
				 "Images are at most %d x %d pixels: use a smaller module size or margin.",
				 OCOP_QR_MAX_SIDE, OCOP_QR_MAX_SIDE);
	return false;
}

static inline void
put32(unsigned char *p, uint32_t v)
{
	p[0] = (unsigned char) (v >> 24);
	p[1] = (unsigned char) (v >> 16);
	p[2] = (unsigned char) (v >> 8);
	p[3] = (unsigned char) v;
}

/* Make room for n more bytes; false (and out->failed) when out of memory. */
static bool
reserve(OcopQrBuf *out, size_t n)
{
	size_t		len = out->len;

	if (out->failed)
		return false;
	if (n <= out->cap - out->len)
		return true;
	{
		size_t		cap = out->cap ? out->cap : 1024;
		unsigned char *p;

		while (cap - len < n)
		{
			if (cap > SIZE_MAX / 2)
			{
				out->failed = true;
				return false;
			}
			cap *= 2;
		}
		p = realloc(out->data, cap);
		if (p == NULL)
		{
			out->failed = true;
			return false;
		}
		out->data = p;
		out->cap = cap;
	}
	return true;
}

/* Close the chunk whose length field is at out->data + at: length and CRC. */
static void
end_chunk(OcopQrBuf *out, size_t at)
{
	size_t		n = out->len - at - 8;

	put32(out->data + at, (uint32_t) n);
	put32(out->data + out->len,
		  (uint32_t) crc32(0L, out->data + at + 4, (uInt) (n + 4)));
	out->len += 4;
}

/*
 * One scanline of module row r (r < 0 or r >= width: the margin): the filter
 * byte 0 (None) and the bits, 1 = white and 0 = black in 1-bit greyscale.
 */
static void
build_scanline(unsigned char *line, size_t rowbytes, const unsigned char *modules,
			   int width, int module_px, int margin, int r)
{
	line[0] = 0;
	memset(line + 1, 0xFF, rowbytes);
	if (r < 0 || r >= width)
		return;
	{
		const unsigned char *m = modules + (size_t) r * width;
		unsigned char *row = line + 1;

		for (int c = 0; c < width; c++)
		{
			size_t		x,
						x1;

			if (!(m[c] & 1))
				continue;
			x = (size_t) (c + margin) * module_px;
			x1 = x + (size_t) module_px;
			/* Leading partial byte, whole bytes, trailing partial byte. */
			while (x < x1 && (x & 7))
			{
				row[x >> 3] &= (unsigned char) ~(0x80u >> (x & 7));
				x++;
			}
			if (x1 - x >= 8)
			{
				memset(row + (x >> 3), 0, (x1 - x) >> 3);
				x += (x1 - x) & ~(size_t) 7;
			}
			while (x < x1)
			{
				row[x >> 3] &= (unsigned char) ~(0x80u >> (x & 7));
				x++;
			}
		}
	}
}

/*
 * The deflate stream (RFC 1950 and 1951) is written here too, because the
 * image's structure is known: every module row is one scanline repeated
 * module_px times.  So the LZ77 step needs no search: each repeat is one
 * back-reference one scanline back (a run of identical module rows, such as
 * the margin, is one longer reference), a scanline equal to an earlier one
 * within the 32 kB window is one reference to it, and any other scanline is
 * literals plus references to the scanline above (distance one line) and to
 * runs of one byte (distance 1).  Then one block with Huffman codes built for
 * this image (dynamic codes, RFC 1951 clause 3.2.7).  For a 148 x 148 label
 * this costs 16 us where zlib at level 4 cost 39 us, and gives 297 bytes on
 * average where zlib gave 344 (level 4) or 374 (level 9); from about 10
 * pixels per module up, zlib's general match search compresses better
 * (bench/qr.md).  Everything is a function of the module matrix and the
 * parameters only: same inputs, same bytes.
 */

/* A token: a literal byte (dist == 0) or a back-reference. */
typedef struct DefTok
{
	uint16_t	lit;			/* byte, or match length 3..258 */
	uint16_t	dist;			/* 0, or distance 1..32768 */
} DefTok;

/* Shortest back-references taken (3 is deflate's minimum; see bench/qr.md). */
#define DEF_MIN_UP 3
#define DEF_MIN_RUN 3

#define DEF_WINDOW 32768

typedef struct DefState
{
	DefTok	   *tok;
	size_t		ntok;
	size_t		pend_len;		/* a back-reference not yet cut into tokens */
	size_t		pend_dist;
	uint32_t	lfreq[286];
	uint32_t	dfreq[30];
} DefState;

static const uint16_t len_base[29] = {3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31,
35, 43, 51, 59, 67, 83, 99, 115, 131, 163, 195, 227, 258};
static const unsigned char len_extra[29] = {0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2,
3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0};
static const uint16_t dist_base[30] = {1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193,
257, 385, 513, 769, 1025, 1537, 2049, 3073, 4097, 6145, 8193, 12289, 16385, 24577};
static const unsigned char dist_extra[30] = {0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6,
7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13};

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

static inline void
def_literal(DefState *st, unsigned char b)
{
	st->tok[st->ntok].lit = b;
	st->tok[st->ntok].dist = 0;
	st->ntok++;
	st->lfreq[b]++;
}

static inline void
def_match1(DefState *st, unsigned len, unsigned dist)
{
	st->tok[st->ntok].lit = (uint16_t) len;
	st->tok[st->ntok].dist = (uint16_t) dist;
	st->ntok++;
	st->lfreq[257 + len_code(len)]++;
	st->dfreq[dist_code(dist)]++;
}

/* Cut the pending back-reference into tokens of 3..258 bytes. */
static void
def_flush(DefState *st)
{
	size_t		len = st->pend_len;

	while (len > 0)
	{
		unsigned	n = len > 258 ? 258 : (unsigned) len;

		if (len > 258 && len - 258 < 3)
			n = (unsigned) (len - 3);	/* leave at least 3 for the last */
		def_match1(st, n, (unsigned) st->pend_dist);
		len -= n;
	}
	st->pend_len = 0;
}

/* A back-reference of len >= 3 bytes; merged with the pending one if it
 * continues it at the same distance. */
static inline void
def_match(DefState *st, size_t len, size_t dist)
{
	if (st->pend_len > 0 && st->pend_dist != dist)
		def_flush(st);
	st->pend_dist = dist;
	st->pend_len += len;
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
			 * complete.  The callers never get here (they guarantee two used
			 * symbols), but the tree below needs m >= 2 to stay in bounds.
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

/*
 * Append the tokens to out as one final dynamic-Huffman block, with room
 * for tail more bytes after it; false when out of memory.
 */
static bool
def_write_block(DefState *st, OcopQrBuf *out, size_t tail)
{
	static const unsigned char cl_order[19] = {16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15};
	unsigned char llen[286],
				dlen[30],
				cllen[19];
	uint16_t	lcode[286],
				dcode[30],
				clcode[19];
	unsigned char all[286 + 30];
	unsigned char rle[286 + 30];
	unsigned char rle_extra[286 + 30];
	uint32_t	clfreq[19] = {0};
	int			hlit = 286,
				hdist = 30,
				hclen = 19,
				nrle = 0,
				nall;
	BitOut		bo_,
			   *bo = &bo_;

	st->lfreq[256] = 1;			/* end of block */
	/* Each code needs two used symbols to be complete. */
	{
		int			used = 0;

		for (int i = 0; i < 30; i++)
			used += st->dfreq[i] != 0;
		if (used == 0)
			st->dfreq[0] = st->dfreq[1] = 1;
		else if (used == 1)
			st->dfreq[st->dfreq[0] ? 1 : 0] = 1;
	}
	huff_lengths(st->lfreq, 286, 15, llen);
	huff_lengths(st->dfreq, 30, 15, dlen);
	huff_codes(llen, 286, lcode);
	huff_codes(dlen, 30, dcode);
	while (hlit > 257 && llen[hlit - 1] == 0)
		hlit--;
	while (hdist > 1 && dlen[hdist - 1] == 0)
		hdist--;

	/* Code lengths, run-length coded with 16, 17 and 18. */
	memcpy(all, llen, (size_t) hlit);
	memcpy(all + hlit, dlen, (size_t) hdist);
	nall = hlit + hdist;
	for (int i = 0; i < nall;)
	{
		int			v = all[i],
					run = 1;

		while (i + run < nall && all[i + run] == v)
			run++;
		if (v == 0 && run >= 3)
		{
			int			r = run > 138 ? 138 : run;

			rle[nrle] = r >= 11 ? 18 : 17;
			rle_extra[nrle++] = (unsigned char) (r >= 11 ? r - 11 : r - 3);
			i += r;
		}
		else if (v != 0 && run >= 4)
		{
			int			r = run - 1 > 6 ? 6 : run - 1;

			rle[nrle] = (unsigned char) v;
			rle_extra[nrle++] = 0;
			rle[nrle] = 16;
			rle_extra[nrle++] = (unsigned char) (r - 3);
			i += 1 + r;
		}
		else
		{
			rle[nrle] = (unsigned char) v;
			rle_extra[nrle++] = 0;
			i++;
		}
	}
	for (int i = 0; i < nrle; i++)
		clfreq[rle[i]]++;
	{
		int			used = 0;

		for (int i = 0; i < 19; i++)
			used += clfreq[i] != 0;
		if (used < 2)
			clfreq[clfreq[0] ? 1 : 0] = 1;
	}
	huff_lengths(clfreq, 19, 7, cllen);
	huff_codes(cllen, 19, clcode);
	while (hclen > 4 && cllen[cl_order[hclen - 1]] == 0)
		hclen--;

	/* The exact size (an upper bound by the few forced frequencies). */
	{
		uint64_t	bits = 3 + 5 + 5 + 4 + 3 * (uint64_t) hclen;

		for (int i = 0; i < nrle; i++)
			bits += cllen[rle[i]] + (rle[i] == 16 ? 2 : rle[i] == 17 ? 3 : rle[i] == 18 ? 7 : 0);
		for (int i = 0; i < 286; i++)
			bits += (uint64_t) st->lfreq[i] * (llen[i] + (i > 256 ? len_extra[i - 257] : 0));
		for (int i = 0; i < 30; i++)
			bits += (uint64_t) st->dfreq[i] * (dlen[i] + dist_extra[i]);
		/* put_bits stores 4 bytes at a time, flush_bits the rest. */
		if (!reserve(out, (size_t) (bits / 8) + 8 + tail))
			return false;
	}
	bo->p = out->data + out->len;
	bo->acc = 0;
	bo->n = 0;

	put_bits(bo, 1, 1);			/* BFINAL */
	put_bits(bo, 2, 2);			/* BTYPE 10: dynamic Huffman codes */
	put_bits(bo, (unsigned) (hlit - 257), 5);
	put_bits(bo, (unsigned) (hdist - 1), 5);
	put_bits(bo, (unsigned) (hclen - 4), 4);
	for (int i = 0; i < hclen; i++)
		put_bits(bo, cllen[cl_order[i]], 3);
	for (int i = 0; i < nrle; i++)
	{
		int			c = rle[i];

		put_bits(bo, clcode[c], cllen[c]);
		if (c == 16)
			put_bits(bo, rle_extra[i], 2);
		else if (c == 17)
			put_bits(bo, rle_extra[i], 3);
		else if (c == 18)
			put_bits(bo, rle_extra[i], 7);
	}
	for (size_t i = 0; i < st->ntok; i++)
	{
		const DefTok *t = &st->tok[i];

		if (t->dist == 0)
			put_bits(bo, lcode[t->lit], llen[t->lit]);
		else
		{
			int			lc = len_code(t->lit),
						dc = dist_code(t->dist);

			put_bits(bo, lcode[257 + lc], llen[257 + lc]);
			if (len_extra[lc])
				put_bits(bo, t->lit - len_base[lc], len_extra[lc]);
			put_bits(bo, dcode[dc], dlen[dc]);
			if (dist_extra[dc])
				put_bits(bo, t->dist - dist_base[dc], dist_extra[dc]);
		}
	}
	put_bits(bo, lcode[256], llen[256]);
	flush_bits(bo);
	out->len = (size_t) (bo->p - out->data);
	return true;
}

bool
ocop_qr_png_write(const unsigned char *modules, int width, int module_px,
				  int margin, OcopQrBuf *out, OcopErr *err)
{
	static const unsigned char sig[8] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};
	int			side = image_side(width, module_px, margin);
	int			nrows;
	size_t		rowbytes,
				linelen,
				run,
				pos = 0,
				maxtok,
				idat;
	unsigned char *lines = NULL;
	size_t	   *line_pos = NULL;
	uint32_t   *line_hash = NULL;
	DefState	st;
	uLong		adler = adler32(0L, Z_NULL, 0);

	memset(out, 0, sizeof(*out));
	if (side < 0)
		return too_large(width, module_px, margin, err);
	rowbytes = ((size_t) side + 7) / 8;
	linelen = rowbytes + 1;
	run = (size_t) module_px * linelen;
	nrows = width + 2 * margin;
	/* Tokens: at most a literal per line byte, plus the cut repeats. */
	maxtok = (size_t) nrows * (linelen + 2) + (size_t) side * linelen / 255 + 4;
	if (linelen < 3)
		maxtok = (size_t) side * linelen + 4;	/* all literals, see below */
	memset(&st, 0, sizeof(st));
	lines = malloc((size_t) nrows * linelen);
	line_pos = malloc((size_t) nrows * sizeof(size_t));
	line_hash = malloc((size_t) nrows * sizeof(uint32_t));
	st.tok = malloc(maxtok * sizeof(DefTok));
	if (lines == NULL || line_pos == NULL || line_hash == NULL || st.tok == NULL)
	{
		free(lines);
		free(line_pos);
		free(line_hash);
		free(st.tok);
		return nomem(err);
	}

	for (int i = 0; i < nrows; i++)
	{
		unsigned char *line = lines + (size_t) i * linelen;
		uint32_t	h = 2166136261u;
		int			same = -1;

		build_scanline(line, rowbytes, modules, width, module_px, margin, i - margin);
		for (size_t k = 0; k < linelen; k++)
			h = (h ^ line[k]) * 16777619u;
		line_hash[i] = h;
		line_pos[i] = pos;
		for (int k = 0; k < module_px; k++)
			adler = adler32(adler, line, (uInt) linelen);

		/* Lines of 1 or 2 bytes (images of at most 16 pixels): literals. */
		if (linelen < 3)
		{
			for (int k = 0; k < module_px; k++)
				for (size_t b = 0; b < linelen; b++)
					def_literal(&st, line[b]);
			pos += run;
			continue;
		}
		/* The same as an earlier line whose last copy is in the window? */
		for (int j = i - 1; j >= 0; j--)
		{
			size_t		d = pos - line_pos[j] - run + linelen;

			if (d > DEF_WINDOW)
				break;
			if (line_hash[j] == h &&
				memcmp(lines + (size_t) j * linelen, line, linelen) == 0)
			{
				same = j;
				break;
			}
		}
		if (same >= 0)
			def_match(&st, linelen, pos - line_pos[same] - run + linelen);
		else
		{
			/*
			 * Literals, and back-references to the same bytes in the line
			 * above (whose last copy ends just before this line) and to runs
			 * of one byte.  Trying more earlier lines, at their distances,
			 * gives larger images: literals are cheap here, distances not.
			 */
			const unsigned char *up = i > 0 ? line - linelen : NULL;

			for (size_t k = 0; k < linelen;)
			{
				size_t		nu = 0,
							nr = 0;

				if (up != NULL)
					while (k + nu < linelen && line[k + nu] == up[k + nu])
						nu++;
				if (k > 0)
					while (k + nr < linelen && line[k + nr] == line[k - 1])
						nr++;
				if (nu >= DEF_MIN_UP && nu >= nr)
				{
					def_match(&st, nu, linelen);
					k += nu;
				}
				else if (nr >= DEF_MIN_RUN)
				{
					def_match(&st, nr, 1);
					k += nr;
				}
				else
				{
					if (st.pend_len)
						def_flush(&st);
					def_literal(&st, line[k]);
					k++;
				}
			}
		}
		/* The other copies: one line back. */
		if (module_px > 1)
			def_match(&st, run - linelen, linelen);
		pos += run;
	}
	if (st.pend_len)
		def_flush(&st);
	free(lines);
	free(line_pos);
	free(line_hash);

	/* Signature, IHDR (33), IDAT's length and type (8), zlib header (2). */
	if (!reserve(out, 33 + 8 + 2))
	{
		free(st.tok);
		ocop_qr_buf_free(out);
		return nomem(err);
	}
	memcpy(out->data, sig, 8);
	put32(out->data + 8, 13);
	memcpy(out->data + 12, "IHDR", 4);
	put32(out->data + 16, (uint32_t) side);
	put32(out->data + 20, (uint32_t) side);
	out->data[24] = 1;			/* bit depth */
	out->data[25] = 0;			/* colour type: greyscale */
	out->data[26] = 0;			/* compression: deflate */
	out->data[27] = 0;			/* filter method 0 */
	out->data[28] = 0;			/* no interlace */
	out->len = 29;
	end_chunk(out, 8);
	idat = out->len;
	memcpy(out->data + idat + 4, "IDAT", 4);
	/* zlib header: deflate, 32 kB window; FCHECK makes it a multiple of 31. */
	out->data[idat + 8] = 0x78;
	out->data[idat + 9] = 0x01;
	out->len = idat + 10;
	/* Then Adler-32 (4), IDAT's CRC (4) and IEND (12). */
	if (!def_write_block(&st, out, 4 + 4 + 12))
	{
		free(st.tok);
		ocop_qr_buf_free(out);
		return nomem(err);
	}
	free(st.tok);
	put32(out->data + out->len, (uint32_t) adler);
	out->len += 4;
	end_chunk(out, idat);
	put32(out->data + out->len, 0);
	memcpy(out->data + out->len + 4, "IEND", 4);
	out->len += 8;
	end_chunk(out, out->len - 8);
	return true;
}

/* ------------------------------------------------------------------------
 * SVG: one path of horizontal runs, in module units, scaled by width/height.
 * ------------------------------------------------------------------------ */

static const char svg_tail[] = "\"/></svg>";

bool
ocop_qr_svg_write(const unsigned char *modules, int width, int module_px,
				  int margin, OcopQrBuf *out, OcopErr *err)
{
	char		tmp[200];
	int			n;
	int			side = image_side(width, module_px, margin);
	int			units = width + 2 * margin;
	int			px = margin,
				py = margin;	/* start of the previous subpath */
	bool		first = true;

	if (side < 0)
		return too_large(width, module_px, margin, err);
	n = snprintf(tmp, sizeof(tmp),
				 "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\" shape-rendering=\"crispEdges\">"
				 "<rect width=\"%d\" height=\"%d\" fill=\"#fff\"/><path fill=\"#000\" d=\"",
				 side, side, units, units, units, units);
	ocop_qr_buf_append(out, tmp, (size_t) n);
	for (int r = 0; r < width; r++)
	{
		const unsigned char *m = modules + (size_t) r * width;

		for (int c = 0; c < width;)
		{
			int			start,
						x,
						y;

			if (!(m[c] & 1))
			{
				c++;
				continue;
			}
			start = c;
			while (c < width && (m[c] & 1))
				c++;
			x = start + margin;
			y = r + margin;
			if (first)
				n = snprintf(tmp, sizeof(tmp), "M%d %dh%dv1h-%dz", x, y, c - start, c - start);
			else
				n = snprintf(tmp, sizeof(tmp), "m%d %dh%dv1h-%dz", x - px, y - py,
							 c - start, c - start);
			first = false;
			px = x;
			py = y;
			ocop_qr_buf_append(out, tmp, (size_t) n);
		}
	}
	ocop_qr_buf_append(out, svg_tail, sizeof(svg_tail) - 1);
	if (out->failed)
	{
		ocop_qr_buf_free(out);
		return nomem(err);
	}
	return true;
}

/* ------------------------------------------------------------------------
 * Text: two module rows per line, dark = ink: "█" both, "▀" upper, "▄" lower.
 * Lines end in "\n" except the last.
 * ------------------------------------------------------------------------ */

bool
ocop_qr_text_write(const unsigned char *modules, int width, int margin,
				   OcopQrBuf *out, OcopErr *err)
{
	static const char *const glyph[4] = {" ", "\xE2\x96\x80", "\xE2\x96\x84", "\xE2\x96\x88"};
	int			side = width + 2 * margin;

	for (int r = 0; r < side; r += 2)
	{
		if (r > 0)
			ocop_qr_buf_append(out, "\n", 1);
		for (int c = 0; c < side; c++)
		{
			int			mr = r - margin,
						mc = c - margin;
			int			top = 0,
						bottom = 0;

			if (mc >= 0 && mc < width)
			{
				if (mr >= 0 && mr < width)
					top = modules[(size_t) mr * width + mc] & 1;
				if (mr + 1 >= 0 && mr + 1 < width)
					bottom = modules[(size_t) (mr + 1) * width + mc] & 1;
			}
			ocop_qr_buf_append(out, glyph[top | (bottom << 1)],
							   strlen(glyph[top | (bottom << 1)]));
		}
	}
	if (out->failed)
	{
		ocop_qr_buf_free(out);
		return nomem(err);
	}
	return true;
}

/* ------------------------------------------------------------------------
 * Encoding
 * ------------------------------------------------------------------------ */

static bool
too_long(OcopQrEcc ecc, size_t len, bool binary, OcopErr *err)
{
	ocop_err_set_field(err, OCOP_E_LIMIT, "data",
			  "The payload has %zu bytes, more than a QR code holds at error correction level %c.",
			  len, ecc_names[ecc]);
	ocop_err_hint(err,
				 "At level %c a QR code holds at most %d bytes (byte mode, version 40)%s; shorten the payload or choose a lower level.",
				 ecc_names[ecc], ocop_qr_byte_capacity[ecc],
				 binary ? "" : ", more when the text is mostly digits or upper-case letters");
	return false;
}

bool
ocop_qr_render(const unsigned char *data, size_t len, bool binary,
			   OcopQrFormat format, const OcopQrOptions *opt, OcopQrBuf *out,
			   OcopErr *err)
{
	static const QRecLevel levels[4] = {QR_ECLEVEL_L, QR_ECLEVEL_M, QR_ECLEVEL_Q, QR_ECLEVEL_H};
	QRcode	   *qr;
	bool		ok;
	int			module_px = format == OCOP_QR_TEXT ? 1 : opt->module_px;

	memset(out, 0, sizeof(*out));
	if (!ocop_qr_check_options(opt, format != OCOP_QR_TEXT, err))
		return false;
	if (len == 0)
		return ocop_err_set_field(err, OCOP_E_VALUE, "data", "The QR code payload is empty.");
	if (binary && len > (size_t) ocop_qr_byte_capacity[opt->ecc])
		return too_long(opt->ecc, len, binary, err);
	if (!binary)
	{
		if (len > OCOP_QR_MAX_TEXT)
			return too_long(opt->ecc, len, binary, err);
		if (memchr(data, '\0', len) != NULL || data[len] != '\0')
			return ocop_err_set_field(err, OCOP_E_VALUE, "data",
							 "A text payload must not contain a NUL byte.");
	}
	/* Even the smallest symbol (21 modules) must fit. */
	if (image_side(21, module_px, opt->margin) < 0)
		return too_large(21, module_px, opt->margin, err);

	errno = 0;
	if (binary)
		qr = QRcode_encodeData((int) len, data, 0, levels[opt->ecc]);
	else
		qr = QRcode_encodeString((const char *) data, 0, levels[opt->ecc], QR_MODE_8, 1);
	if (qr == NULL)
	{
		if (errno == ERANGE)
			return too_long(opt->ecc, len, binary, err);
		if (errno == ENOMEM)
			return nomem(err);
		return ocop_err_set_field(err, OCOP_E_INTERNAL, "data",
						 "libqrencode failed: %s.", strerror(errno));
	}
	switch (format)
	{
		case OCOP_QR_PNG:
			ok = ocop_qr_png_write(qr->data, qr->width, module_px, opt->margin, out, err);
			break;
		case OCOP_QR_SVG:
			ok = ocop_qr_svg_write(qr->data, qr->width, module_px, opt->margin, out, err);
			break;
		case OCOP_QR_TEXT:
			ok = ocop_qr_text_write(qr->data, qr->width, opt->margin, out, err);
			break;
		default:
			ok = ocop_err_set_field(err, OCOP_E_INTERNAL, "data", "Unknown image format.");
			break;
	}
	QRcode_free(qr);
	return ok;
}
