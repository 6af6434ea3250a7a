/*
 * fuzz_trace_json.c -- libFuzzer harness for the trace_chain JSON decoders
 * (pure C): the text form, one event, EPCIS import and containment queries.
 * Invariants checked (abort on violation): an accepted chain passes full
 * binary validation, its text output parses back to the same stored bytes,
 * and its EPCIS export imports back to the same stored bytes.
 * Containment: every event of an accepted chain, used as a query, is
 * contained in its chain (trace_contains, which @> calls), and its GIN query
 * keys are all among the chain's GIN keys (what trace_chain's GIN opclass
 * extracts: trace_event_keys over every event); a query the fixed chain
 * contains has its keys among the fixed chain's keys too.
 */
/* The cores are built for the frontend (see the Makefile, "Pure-C cores"). */
#include "postgres_fe.h"

#include "fe_memory.h"
#include <stdlib.h>
#include <string.h>

#include "json_core.h"
#include "trace_chain_core.h"

/* A set of GIN keys: copies, compared as byte strings. */
typedef struct KeySet
{
	char	  **key;
	size_t	   *len;
	size_t		n,
				cap;
} KeySet;

static void
add_key(const char *key, size_t len, void *arg)
{
	KeySet	   *ks = arg;

	if (ks->n == ks->cap)
	{
		ks->cap = ks->cap ? 2 * ks->cap : 16;
		ks->key = realloc(ks->key, ks->cap * sizeof(char *));
		ks->len = realloc(ks->len, ks->cap * sizeof(size_t));
		if (!ks->key || !ks->len)
			abort();
	}
	ks->key[ks->n] = malloc(len + 1);
	if (!ks->key[ks->n])
		abort();
	memcpy(ks->key[ks->n], key, len);
	ks->len[ks->n++] = len;
}

static void
free_keys(KeySet *ks)
{
	for (size_t i = 0; i < ks->n; i++)
		free(ks->key[i]);
	free(ks->key);
	free(ks->len);
	memset(ks, 0, sizeof(*ks));
}

/* Every key of sub is in super. */
static bool
keys_subset(const KeySet *sub, const KeySet *super)
{
	for (size_t i = 0; i < sub->n; i++)
	{
		size_t		j;

		for (j = 0; j < super->n; j++)
			if (super->len[j] == sub->len[i] && memcmp(super->key[j], sub->key[i], sub->len[i]) == 0)
				break;
		if (j == super->n)
			return false;
	}
	return true;
}

/* The chain's GIN keys: every key of every event (as the opclass extracts). */
static void
chain_keys(const TraceView *v, KeySet *ks)
{
	TraceIter	it;
	TraceEntry	e;
	StringInfoData scratch;
	OcopErr		err;

	initStringInfo(&scratch);
	trace_iter_init(&it, v);
	while (trace_iter_next(&it, &e))
	{
		OcopJson   *ev;

		if ((ev = trace_entry_parse(&e, &err)) == NULL)
			abort();
		trace_event_keys(ev, add_key, ks, &scratch);
	}
	pfree(scratch.data);
}

/* Every event, as a query, is contained in v; its keys are among v's. */
static void
check_events_contained(const TraceView *v)
{
	TraceIter	it;
	TraceEntry	e;
	KeySet		all = {0};
	StringInfoData scratch;
	OcopErr		err;

	chain_keys(v, &all);
	initStringInfo(&scratch);
	trace_iter_init(&it, v);
	while (trace_iter_next(&it, &e))
	{
		OcopJson   *q;
		KeySet		qk = {0};

		q = trace_query_parse(e.json, e.len, &err);
		if (q == NULL || !trace_contains(v, q, &err))
			abort();
		trace_event_keys(q, add_key, &qk, &scratch);
		if (!keys_subset(&qk, &all))
			abort();
		free_keys(&qk);
	}
	pfree(scratch.data);
	free_keys(&all);
}

static void
check_chain(const TraceBuilder *b)
{
	TraceView	v;
	OcopErr		err;
	StringInfoData out;
	TraceBuilder b2;

	if (!trace_view_open(&v, (const uint8_t *) b->buf.data, b->buf.len, true,
						 &trace_sha256_hasher, &err))
		abort();
	if (!trace_view_verify(&v, &trace_sha256_hasher))
		abort();

	initStringInfo(&out);
	trace_write_text(&out, &v);
	trace_builder_init(&b2, &trace_sha256_hasher);
	if (!trace_parse_text(&b2, out.data, out.len, &err) ||
		b2.buf.len != b->buf.len || memcmp(b2.buf.data, b->buf.data, b->buf.len) != 0)
		abort();
	trace_builder_free(&b2);
	pfree(out.data);

	initStringInfo(&out);
	if (!trace_write_epcis(&out, &v, "2026-01-01T00:00:00Z", &err))
		abort();
	trace_builder_init(&b2, &trace_sha256_hasher);
	if (!trace_parse_epcis(&b2, out.data, out.len, &err) ||
		b2.buf.len != b->buf.len || memcmp(b2.buf.data, b->buf.data, b->buf.len) != 0)
		abort();
	trace_builder_free(&b2);
	pfree(out.data);

	check_events_contained(&v);
}

/* One input; everything the cores palloc is freed by the caller's scope. */
static int
fuzz_one(const uint8_t *data, size_t size)
{
	const char *text = (const char *) data;
	TraceBuilder b;
	OcopErr		err;

	trace_builder_init(&b, &trace_sha256_hasher);
	if (trace_parse_text(&b, text, size, &err))
		check_chain(&b);
	else if (err.code == OCOP_E_OK || strlen(err.detail) == 0)
		abort();
	trace_builder_free(&b);

	trace_builder_init(&b, &trace_sha256_hasher);
	if (trace_parse_event(&b, text, size, &err))
		check_chain(&b);
	trace_builder_free(&b);

	trace_builder_init(&b, &trace_sha256_hasher);
	if (trace_parse_epcis(&b, text, size, &err))
		check_chain(&b);
	trace_builder_free(&b);

	/* as a containment query against a fixed chain, and its GIN keys */
	{
		static const char *chain =
			"[{\"bizStep\":\"harvesting\",\"eventTime\":\"2024-03-01T08:00:00+07:00\",\"actor\":\"HTX-1\",\"lon\":105.9,\"lat\":21.0,\"epcList\":[\"a\"],\"readPoint\":{\"id\":\"r\"}}]";
		OcopJson   *q;
		TraceView	v;
		StringInfoData scratch;
		KeySet		qk = {0},
					ck = {0};

		trace_builder_init(&b, &trace_sha256_hasher);
		if (!trace_parse_text(&b, chain, strlen(chain), &err) ||
			!trace_view_open(&v, (const uint8_t *) b.buf.data, b.buf.len, false, NULL,
							 &err))
			abort();
		q = trace_query_parse(text, size, &err);
		if (q)
		{
			bool		contained = trace_contains(&v, q, &err);

			initStringInfo(&scratch);
			trace_event_keys(q, add_key, &qk, &scratch);
			pfree(scratch.data);
			if (contained)
			{
				chain_keys(&v, &ck);
				if (!keys_subset(&qk, &ck))
					abort();
			}
			free_keys(&qk);
			free_keys(&ck);
		}
		trace_builder_free(&b);
	}
	return 0;
}

int			LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Each input in a scope of the tests' memory context (fe_memory.h). */
int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	int			rc;

	fe_memory_begin();
	rc = fuzz_one(data, size);
	fe_memory_end();
	return rc;
}
