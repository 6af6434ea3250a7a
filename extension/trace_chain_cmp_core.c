/*
 * trace_chain_cmp_core.c -- the core of trace_chain comparison and hashing
 * (no fmgr, no SQL, no catalog access; built for the server and for frontend programs, as src/common is).  The definitions are in
 * trace_chain_cmp_core.h and doc/trace_chain.md, "Comparing chains".
 */

/* Built twice, as src/common is: see the Makefile, "Pure-C cores". */
#ifdef FRONTEND
#include "postgres_fe.h"
#else
#include "postgres.h"
#endif

#include "trace_chain_cmp_core.h"

#include <string.h>

/* Stored bytes 0-3: format version, flags, reserved (no event in them). */
#define TRACE_PREFIX_BYTES 4

static uint32_t
be32(const uint8_t *p)
{
	return ((uint32_t) p[0] << 24) | ((uint32_t) p[1] << 16) |
		((uint32_t) p[2] << 8) | (uint32_t) p[3];
}

bool
trace_stored_equal(const uint8_t *a, size_t alen, const uint8_t *b, size_t blen)
{
	if (alen != blen)
		return false;
	if (alen <= TRACE_PREFIX_BYTES)
		return true;
	return memcmp(a + TRACE_PREFIX_BYTES, b + TRACE_PREFIX_BYTES,
				  alen - TRACE_PREFIX_BYTES) == 0;
}

static int
sign_of(int c)
{
	return (c > 0) - (c < 0);
}

int
trace_view_compare(const TraceView *a, const TraceView *b)
{
	TraceIter	ia,
				ib;
	TraceEntry	ea,
				eb;

	trace_iter_init(&ia, a);
	trace_iter_init(&ib, b);
	for (;;)
	{
		bool		ha = trace_iter_next(&ia, &ea);
		bool		hb = trace_iter_next(&ib, &eb);
		uint32_t	n;
		int			c;

		if (!ha || !hb)
			return (int) ha - (int) hb;
		n = ea.len < eb.len ? ea.len : eb.len;
		c = n > 0 ? memcmp(ea.json, eb.json, n) : 0;
		if (c != 0)
			return sign_of(c);
		if (ea.len != eb.len)
			return ea.len < eb.len ? -1 : 1;
		c = memcmp(ea.hash, eb.hash, TRACE_HASH_BYTES);
		if (c != 0)
			return sign_of(c);
	}
}

void
trace_view_head(const TraceView *v, uint8_t out[TRACE_HASH_BYTES])
{
	TraceIter	it;
	TraceEntry	e;
	const uint8_t *last = NULL;

	trace_iter_init(&it, v);
	while (trace_iter_next(&it, &e))
		last = e.hash;
	if (last)
		memcpy(out, last, TRACE_HASH_BYTES);
	else
		memset(out, 0, TRACE_HASH_BYTES);
}

uint32_t
trace_head_hash32(const uint8_t head[TRACE_HASH_BYTES])
{
	return be32(head);
}

bool
trace_head_hash64(const uint8_t head[TRACE_HASH_BYTES], uint64_t seed,
				  const TraceHasher *hasher, uint64_t *out)
{
	uint8_t		mixed[TRACE_HASH_BYTES];
	const uint8_t *h = head;

	if (seed != 0)
	{
		uint8_t		s[8];
		int			i;

		for (i = 0; i < 8; i++)
			s[i] = (uint8_t) (seed >> (56 - 8 * i));
		if (!hasher->fn(head, s, sizeof(s), mixed, hasher->arg))
			return false;
		h = mixed;
	}
	*out = ((uint64_t) be32(h + 4) << 32) | (uint64_t) be32(h);
	return true;
}
