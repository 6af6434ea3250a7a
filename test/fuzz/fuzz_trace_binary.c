/*
 * fuzz_trace_binary.c -- libFuzzer harness for the trace_chain binary
 * decoder (pure C), i.e. what binary receive runs on untrusted bytes.
 * Invariants checked (abort on violation): a value accepted by full
 * validation verifies, prints as text that parses back to the same bytes,
 * and can be iterated, searched and exported.
 */
#include <stdlib.h>
#include <string.h>

#include "json_core.h"
#include "trace_chain_core.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	TraceView	v;
	OcopErr		err;
	OcopBuf		out;
	TraceBuilder b;
	TraceIter	it;
	TraceEntry	e;

	if (!trace_view_open(&v, data, size, true, &trace_sha256_hasher, &ocop_alloc_malloc, &err))
	{
		if (err.code == OCOP_E_OK || strlen(err.detail) == 0)
			abort();
		return 0;
	}
	if (!trace_view_verify(&v, &trace_sha256_hasher))
		abort();

	ocop_buf_init(&out, &ocop_alloc_malloc);
	trace_write_text(&out, &v);
	trace_builder_init(&b, &ocop_alloc_malloc, &trace_sha256_hasher);
	if (!trace_parse_text(&b, out.data, out.len, &err) ||
		b.buf.len != size || memcmp(b.buf.data, data, size) != 0)
		abort();
	trace_builder_free(&b);
	ocop_buf_free(&out);

	trace_iter_init(&it, &v);
	while (trace_iter_next(&it, &e))
	{
		OcopArena	arena;
		OcopJson   *ev;

		ocop_arena_init(&arena, &ocop_alloc_malloc);
		ev = trace_entry_parse(&e, &arena, &err);
		if (ev == NULL)
			abort();
		ocop_arena_free(&arena);
	}

	ocop_buf_init(&out, &ocop_alloc_malloc);
	if (!trace_write_epcis(&out, &v, "2026-01-01T00:00:00Z", &ocop_alloc_malloc, &err))
		abort();
	ocop_buf_free(&out);
	return 0;
}
