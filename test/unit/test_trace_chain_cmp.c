/*
 * test_trace_chain_cmp.c -- unit tests of trace_chain_cmp_core.c: equality,
 * the order and the head-keyed hash, on chains built by trace_chain_core.c
 * with the reference SHA-256.  The pinned hash values were computed outside
 * the code under test (Python hashlib and struct over the head bytes, with the
 * formulas of trace_chain_cmp_core.h); test/sql/trace_compare.sql pins the
 * same values through SQL.
 */
/* The cores are built for the frontend (see the Makefile, "Pure-C cores"). */
#include "postgres_fe.h"

#include "fe_memory.h"
#include <stdlib.h>

#include "trace_chain_cmp_core.h"
#include "unit.h"

typedef struct Chain
{
	TraceBuilder b;
	TraceView	v;
} Chain;

static bool
chain_of(Chain *c, const char *text)
{
	OcopErr		err;

	trace_builder_init(&c->b, &trace_sha256_hasher);
	if (!trace_parse_text(&c->b, text, strlen(text), &err))
	{
		fprintf(stderr, "  %s: %s\n", text, err.detail);
		return false;
	}
	return trace_view_open(&c->v, (const uint8_t *) c->b.buf.data, c->b.buf.len, true,
						   &trace_sha256_hasher, &err);
}

static bool
eq(const Chain *a, const Chain *b)
{
	return trace_stored_equal(a->v.data, a->v.len, b->v.data, b->v.len);
}

#define E1 "{\"bizStep\":\"harvesting\",\"eventTime\":\"2024-03-01T08:00:00Z\",\"actor\":\"A\"}"
#define E1B "{\"actor\":\"A\",  \"eventTime\":\"2024-03-01T08:00:00Z\", \"bizStep\":\"harvesting\"}"
#define E2 "{\"bizStep\":\"shipping\",\"eventTime\":\"2024-03-02T08:00:00Z\"}"
#define E3 "{\"bizStep\":\"harvesting\",\"eventTime\":\"2024-03-01T08:00:00Z\",\"actor\":\"B\"}"
/* The Python vector of test/sql/trace_chain.sql: head 363ae79a10e3ca93... */
#define PYV "[{\"bizStep\":\"harvesting\",\"eventTime\":\"2024-03-01T08:00:00+07:00\",\"actor\":\"HTX-123\",\"place\":\"00577\",\"lon\":105.9,\"lat\":21.0}]"

static void
test_equality_and_order(void)
{
	static const char *const texts[] = {
		"[]", "[" E1 "]", "[" E1B "]", "[" E1 "," E2 "]", "[" E2 "," E1 "]", "[" E3 "]", "[" E1 "," E2 "," E3 "]",
	};
	enum {N = sizeof(texts) / sizeof(texts[0])};
	Chain		c[N];
	int			i,
				j,
				k;

	for (i = 0; i < N; i++)
		CHECK(chain_of(&c[i], texts[i]), texts[i]);

	CHECK(eq(&c[1], &c[2]), "key order and white space do not matter");
	CHECK(!eq(&c[3], &c[4]), "order of events matters");
	CHECK(!eq(&c[1], &c[3]), "a prefix is not equal");
	CHECK(!eq(&c[1], &c[5]), "a different value");
	CHECK(eq(&c[0], &c[0]), "empty = empty");

	/* the order: empty first, a prefix before its extensions, then JSON bytes */
	CHECK(trace_view_compare(&c[0].v, &c[1].v) < 0, "empty first");
	CHECK(trace_view_compare(&c[1].v, &c[3].v) < 0, "prefix first");
	CHECK(trace_view_compare(&c[3].v, &c[6].v) < 0, "prefix first (3 events)");
	CHECK(trace_view_compare(&c[1].v, &c[5].v) < 0, "actor A before actor B");
	CHECK(trace_view_compare(&c[6].v, &c[5].v) < 0, "first event decides: A... before B");
	CHECK(trace_view_compare(&c[4].v, &c[3].v) > 0, "\"shipping\" first event after \"harvesting\"... by JSON bytes");

	for (i = 0; i < N; i++)
		for (j = 0; j < N; j++)
		{
			int			cij = trace_view_compare(&c[i].v, &c[j].v);
			int			cji = trace_view_compare(&c[j].v, &c[i].v);
			uint8_t		hi[TRACE_HASH_BYTES],
						hj[TRACE_HASH_BYTES];

			CHECK((cij > 0) - (cij < 0) == -((cji > 0) - (cji < 0)), "antisymmetric");
			CHECK((cij == 0) == eq(&c[i], &c[j]), "cmp 0 exactly when equal");
			trace_view_head(&c[i].v, hi);
			trace_view_head(&c[j].v, hj);
			if (eq(&c[i], &c[j]))
				CHECK(memcmp(hi, hj, TRACE_HASH_BYTES) == 0, "equal chains, equal heads");
			for (k = 0; k < N; k++)
				if (cij < 0 && trace_view_compare(&c[j].v, &c[k].v) < 0)
					CHECK(trace_view_compare(&c[i].v, &c[k].v) < 0, "transitive");
		}

	/* a stored hash that does not match its event (a tampered chain) */
	{
		uint8_t    *copy = malloc(c[1].v.len);
		TraceView	t = c[1].v;

		memcpy(copy, c[1].v.data, c[1].v.len);
		copy[TRACE_HEADER_BYTES + 4] ^= 1;	/* first byte of the first hash */
		t.data = copy;
		CHECK(!trace_stored_equal(copy, t.len, c[1].v.data, c[1].v.len), "tampered hash: not equal");
		CHECK(trace_view_compare(&t, &c[1].v) != 0, "tampered hash: the hash breaks the tie");
		/* the header is not compared (version/flags carry no event) */
		memcpy(copy, c[1].v.data, c[1].v.len);
		copy[1] = 1;
		CHECK(trace_stored_equal(copy, t.len, c[1].v.data, c[1].v.len), "header bytes 0-3 are not compared");
		free(copy);
	}
	for (i = 0; i < N; i++)
		trace_builder_free(&c[i].b);
}

static void
test_hash(void)
{
	static const struct
	{
		const char *text;
		int32_t		h;
		int64_t		h0,
					h1,
					h42,
					hm1;
	}			v[] = {
		{PYV, 909830042, INT64_C(1217039057938999194), INT64_C(6730685254352496512),
		INT64_C(-5205024907106194727), INT64_C(-180261166451559140)},
		{"[]", 0, 0, INT64_C(-4315806328421786), INT64_C(-4878617735480624603), INT64_C(-6215027996415789567)},
	};

	for (size_t i = 0; i < sizeof(v) / sizeof(v[0]); i++)
	{
		Chain		c;
		uint8_t		head[TRACE_HASH_BYTES];
		uint64_t	h;

		CHECK(chain_of(&c, v[i].text), v[i].text);
		trace_view_head(&c.v, head);
		CHECK_EQ_INT((int32_t) trace_head_hash32(head), v[i].h, "hash");
		CHECK(trace_head_hash64(head, 0, &trace_sha256_hasher, &h) && (int64_t) h == v[i].h0, "hash_extended seed 0");
		CHECK((uint32_t) h == trace_head_hash32(head), "seed 0: low 32 bits are the hash");
		CHECK(trace_head_hash64(head, 1, &trace_sha256_hasher, &h) && (int64_t) h == v[i].h1, "hash_extended seed 1");
		CHECK(trace_head_hash64(head, 42, &trace_sha256_hasher, &h) && (int64_t) h == v[i].h42, "hash_extended seed 42");
		CHECK(trace_head_hash64(head, (uint64_t) INT64_C(-1), &trace_sha256_hasher, &h) && (int64_t) h == v[i].hm1,
			  "hash_extended seed -1");
		trace_builder_free(&c.b);
	}
}

int
main(void)
{
	UNIT_RUN(test_equality_and_order);
	UNIT_RUN(test_hash);
	return UNIT_DONE();
}
