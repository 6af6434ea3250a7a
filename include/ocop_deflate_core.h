/*
 * ocop_deflate_core.h -- a deflate (RFC 1951) block writer for a token
 * stream the caller has already found: literal bytes and back-references.
 * No fmgr, no SQL, no catalog access; built for the server and for frontend programs, as src/common is.
 *
 * There is no match search here: the caller knows its data's structure (the
 * PNG writer in ocop_qr_core.c knows that every module row is one scanline
 * repeated) and says which bytes repeat which.  This file collects the
 * tokens, merges consecutive back-references at one distance, cuts them into
 * deflate's lengths of 3..258, builds Huffman codes for the tokens (length
 * limited, always complete, as zlib's inflate requires) and writes one final
 * block with dynamic codes (RFC 1951 clause 3.2.7).  The zlib wrapper (RFC
 * 1950: header and Adler-32) is the caller's.
 *
 * Memory: palloc in CurrentMemoryContext; ocop_deflate_free() releases it
 * (an ERROR in between leaves it to the context's reset).
 * Determinism: the output is a function of the tokens alone.
 *
 * Use:
 *   OcopDeflate d;
 *   ocop_deflate_init(&d, expected_tokens);
 *   ocop_deflate_literal(&d, byte); ocop_deflate_match(&d, len, dist); ...
 *   n = ocop_deflate_bound(&d);        (0: too many tokens earlier)
 *   ...make room for n bytes at dst...
 *   used = ocop_deflate_write(&d, dst);
 *   ocop_deflate_free(&d);
 */
#ifndef OCOP_DEFLATE_CORE_H
#define OCOP_DEFLATE_CORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Deflate's limits (RFC 1951 clause 3.2.5). */
#define OCOP_DEFLATE_MIN_MATCH 3
#define OCOP_DEFLATE_MAX_MATCH 258
#define OCOP_DEFLATE_WINDOW 32768

/* A token: a literal byte (dist == 0) or a back-reference. */
typedef struct OcopDeflateTok
{
	uint16_t	lit;			/* byte, or match length 3..258 */
	uint16_t	dist;			/* 0, or distance 1..32768 */
} OcopDeflateTok;

/* The block's codes, made by ocop_deflate_bound() for ocop_deflate_write(). */
typedef struct OcopDeflateCodes
{
	int			hlit;			/* literal/length codes sent (257..286) */
	int			hdist;			/* distance codes sent (1..30) */
	int			hclen;			/* code length codes sent (4..19) */
	int			nrle;			/* run-length coded code lengths */
	unsigned char llen[286];
	unsigned char dlen[30];
	unsigned char cllen[19];
	uint16_t	lcode[286];
	uint16_t	dcode[30];
	uint16_t	clcode[19];
	unsigned char rle[286 + 30];
	unsigned char rle_extra[286 + 30];
} OcopDeflateCodes;

typedef struct OcopDeflate
{
	OcopDeflateTok *tok;
	size_t		ntok;
	size_t		cap;
	size_t		pend_len;		/* a back-reference not yet cut into tokens */
	size_t		pend_dist;
	bool		failed;			/* over palloc's 1 GB: the stream is lost */
	uint32_t	lfreq[286];		/* literal/length symbol frequencies */
	uint32_t	dfreq[30];		/* distance symbol frequencies */
	OcopDeflateCodes codes;
} OcopDeflate;

/* Start a stream with room for about expected tokens (grown when needed);
 * always true (palloc reports running out of memory). */
extern bool ocop_deflate_init(OcopDeflate *d, size_t expected);
extern void ocop_deflate_free(OcopDeflate *d);

/* Out of line: room for one more token (false and d->failed when none). */
extern bool ocop_deflate_grow(OcopDeflate *d);

/* Cut the pending back-reference into tokens (ocop_deflate_match merges). */
extern void ocop_deflate_flush(OcopDeflate *d);

/* One literal byte. */
static inline void
ocop_deflate_literal(OcopDeflate *d, unsigned char b)
{
	if (d->pend_len)
		ocop_deflate_flush(d);
	if (d->ntok == d->cap && !ocop_deflate_grow(d))
		return;
	d->tok[d->ntok].lit = b;
	d->tok[d->ntok].dist = 0;
	d->ntok++;
	d->lfreq[b]++;
}

/*
 * A back-reference: the next len bytes (len >= 3, any length: cut here) are
 * the bytes dist back (1..32768).  Merged with the pending one when it goes
 * on at the same distance.
 */
static inline void
ocop_deflate_match(OcopDeflate *d, size_t len, size_t dist)
{
	if (d->pend_len > 0 && d->pend_dist != dist)
		ocop_deflate_flush(d);
	d->pend_dist = dist;
	d->pend_len += len;
}

/*
 * Close the stream (the end-of-block symbol, the codes) and return the
 * number of bytes ocop_deflate_write() may write (exact, up to 8 bytes of
 * slack); 0 when an allocation failed earlier.  Call once, then write.
 */
extern size_t ocop_deflate_bound(OcopDeflate *d);

/* Write the block to dst (room for ocop_deflate_bound() bytes); its length. */
extern size_t ocop_deflate_write(OcopDeflate *d, unsigned char *dst);

#endif							/* OCOP_DEFLATE_CORE_H */
