/*
 * fuzz_trace_json.c -- libFuzzer harness for the trace_chain JSON decoders
 * (pure C): the text form, one event, EPCIS import and containment queries.
 * Invariants checked (abort on violation): an accepted chain passes full
 * binary validation, its text output parses back to the same stored bytes,
 * and its EPCIS export imports back to the same stored bytes.
 */
#include <stdlib.h>
#include <string.h>

#include "json_core.h"
#include "trace_chain_core.h"
#include "../unit/test_trace_sha256.h"

static void
check_chain(const TraceBuilder *b)
{
	TraceView	v;
	OcopErr		err;
	OcopBuf		out;
	TraceBuilder b2;

	if (!trace_view_open(&v, (const uint8_t *) b->buf.data, b->buf.len, true,
						 &ref_hasher, &ocop_alloc_malloc, &err))
		abort();
	if (!trace_view_verify(&v, &ref_hasher))
		abort();

	ocop_buf_init(&out, &ocop_alloc_malloc);
	trace_write_text(&out, &v);
	trace_builder_init(&b2, &ocop_alloc_malloc, &ref_hasher);
	if (!trace_parse_text(&b2, out.data, out.len, &err) ||
		b2.buf.len != b->buf.len || memcmp(b2.buf.data, b->buf.data, b->buf.len) != 0)
		abort();
	trace_builder_free(&b2);
	ocop_buf_free(&out);

	ocop_buf_init(&out, &ocop_alloc_malloc);
	if (!trace_write_epcis(&out, &v, "2026-01-01T00:00:00Z", &ocop_alloc_malloc, &err))
		abort();
	trace_builder_init(&b2, &ocop_alloc_malloc, &ref_hasher);
	if (!trace_parse_epcis(&b2, out.data, out.len, &err) ||
		b2.buf.len != b->buf.len || memcmp(b2.buf.data, b->buf.data, b->buf.len) != 0)
		abort();
	trace_builder_free(&b2);
	ocop_buf_free(&out);
}

static void
count_key(const char *key, size_t len, void *arg)
{
	(void) key;
	*(size_t *) arg += len;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *text = (const char *) data;
	TraceBuilder b;
	OcopErr		err;

	trace_builder_init(&b, &ocop_alloc_malloc, &ref_hasher);
	if (trace_parse_text(&b, text, size, &err))
		check_chain(&b);
	else if (err.code == OCOP_E_OK || strlen(err.detail) == 0)
		abort();
	trace_builder_free(&b);

	trace_builder_init(&b, &ocop_alloc_malloc, &ref_hasher);
	if (trace_parse_event(&b, text, size, &err))
		check_chain(&b);
	trace_builder_free(&b);

	trace_builder_init(&b, &ocop_alloc_malloc, &ref_hasher);
	if (trace_parse_epcis(&b, text, size, &err))
		check_chain(&b);
	trace_builder_free(&b);

	/* as a containment query against a fixed chain, and its GIN keys */
	{
		static const char *chain =
			"[{\"bizStep\":\"harvesting\",\"eventTime\":\"2024-03-01T08:00:00+07:00\",\"actor\":\"HTX-1\",\"lon\":105.9,\"lat\":21.0,\"epcList\":[\"a\"],\"readPoint\":{\"id\":\"r\"}}]";
		OcopArena	arena;
		OcopJson   *q;
		TraceView	v;
		OcopBuf		scratch;
		size_t		total = 0;

		trace_builder_init(&b, &ocop_alloc_malloc, &ref_hasher);
		if (!trace_parse_text(&b, chain, strlen(chain), &err) ||
			!trace_view_open(&v, (const uint8_t *) b.buf.data, b.buf.len, false, NULL,
							 &ocop_alloc_malloc, &err))
			abort();
		ocop_arena_init(&arena, &ocop_alloc_malloc);
		q = trace_query_parse(text, size, &arena, &err);
		if (q)
		{
			(void) trace_contains(&v, q, &ocop_alloc_malloc, &err);
			ocop_buf_init(&scratch, &ocop_alloc_malloc);
			trace_event_keys(q, count_key, &total, &scratch);
			ocop_buf_free(&scratch);
		}
		ocop_arena_free(&arena);
		trace_builder_free(&b);
	}
	return 0;
}
