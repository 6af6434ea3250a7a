/*
 * fuzz_trace_binary.c -- libFuzzer harness for the trace_chain binary
 * decoder (pure C), i.e. what binary receive runs on untrusted bytes.
 * Invariants checked (abort on violation): a value accepted by full
 * validation verifies, prints as text that parses back to the same bytes,
 * and can be iterated, searched and exported.
 */
/* The cores are built for the frontend (see the Makefile, "Pure-C cores"). */
#include "postgres_fe.h"

#include "fe_memory.h"
#include <stdlib.h>
#include <string.h>

#include "json_core.h"
#include "trace_chain_core.h"

/* One input; everything the cores palloc is freed by the caller's scope. */
static int
fuzz_one(const uint8_t *data, size_t size)
{
	TraceView	v;
	OcopErr		err;
	StringInfoData out;
	TraceBuilder b;
	TraceIter	it;
	TraceEntry	e;

	if (!trace_view_open(&v, data, size, true, &trace_sha256_hasher, &err))
	{
		if (err.code == OCOP_E_OK || strlen(err.detail) == 0)
			abort();
		return 0;
	}
	if (!trace_view_verify(&v, &trace_sha256_hasher))
		abort();

	initStringInfo(&out);
	trace_write_text(&out, &v);
	trace_builder_init(&b, &trace_sha256_hasher);
	if (!trace_parse_text(&b, out.data, out.len, &err) ||
		b.buf.len != size || memcmp(b.buf.data, data, size) != 0)
		abort();
	trace_builder_free(&b);
	pfree(out.data);

	trace_iter_init(&it, &v);
	while (trace_iter_next(&it, &e))
	{
		OcopJson   *ev;

		ev = trace_entry_parse(&e, &err);
		if (ev == NULL)
			abort();
	}

	initStringInfo(&out);
	if (!trace_write_epcis(&out, &v, "2026-01-01T00:00:00Z", &err))
		abort();
	pfree(out.data);
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
