/*
 * libFuzzer harness for the ocop_code text parser and the area parser.
 * Properties: never crash; a parsed code formats to a canonical text that
 * parses back to the same packed value; unpack(pack(x)) == x.
 */
#include "fe_memory.h"
#include "ocop_code_core.h"

#include <stdlib.h>
#include <string.h>


/* One input; everything the cores palloc is freed by the caller's scope. */
static int
fuzz_one(const uint8_t *data, size_t size)
{
	OcopCode	code,
				again;
	OcopErr err;
	char		buf[OCOP_CODE_TEXT_MAX];
	int64_t		lo,
				hi;

	if (ocop_code_parse((const char *) data, size, &code, &err))
	{
		int64_t		packed = ocop_code_pack(&code);
		int			n = ocop_code_format(&code, buf);

		if (n <= 0 || n >= OCOP_CODE_TEXT_MAX)
			abort();
		if (!ocop_code_parse(buf, (size_t) n, &again, NULL) ||
			ocop_code_pack(&again) != packed)
			abort();
		if (!ocop_code_unpack(packed, &again, NULL) || ocop_code_pack(&again) != packed)
			abort();
	}
	else if (strlen(err.detail) == 0 || err.field == NULL)
		abort();

	if (ocop_area_parse((const char *) data, size, &lo, &hi, &err))
	{
		if (lo > hi || !ocop_code_unpack(lo, NULL, NULL) || !ocop_code_unpack(hi, NULL, NULL))
			abort();
	}

	if (size >= 8)
	{
		int64_t		v;

		memcpy(&v, data, 8);
		if (ocop_code_unpack(v, &code, NULL) && ocop_code_pack(&code) != v)
			abort();
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
