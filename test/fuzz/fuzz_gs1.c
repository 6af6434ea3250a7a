/*
 * fuzz_gs1.c -- libFuzzer harness for the GS1 Digital Link parser (and the
 * builder and GTIN check): never crash, never read past the input, and every
 * link that parses rebuilds into a link that parses to the same parts.
 */
#include "gs1_core.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int			LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* A copy of exactly size bytes, so ASan catches any over-read. */
	char	   *uri = malloc(size ? size : 1);
	Gs1Link		a,
				b;
	OcopErr	err;

	memcpy(uri, data, size);
	(void) gtin_is_valid(uri, size);
	if (gs1_dl_parse(uri, size, &a, &err))
	{
		size_t		base_len = a.base_len;
		size_t		outsize = GS1_DL_MAX_LEN(base_len);
		char	   *out = malloc(outsize);
		long		n;

		if (strlen(a.gtin) != 14 || !gtin_is_valid(a.gtin, 14))
			abort();
		n = gs1_dl_build(a.gtin, 14,
						 a.has_lot ? a.lot : NULL, strlen(a.lot),
						 a.has_serial ? a.serial : NULL, strlen(a.serial),
						 a.has_expiry, a.year, a.month, a.day,
						 uri, base_len, out, outsize, &err);
		/* The base may be refused by the builder's stricter checks. */
		if (n >= 0)
		{
			if ((size_t) n >= outsize || strlen(out) != (size_t) n)
				abort();
			if (!gs1_dl_parse(out, (size_t) n, &b, &err))
				abort();
			if (strcmp(a.gtin, b.gtin) != 0 || a.has_lot != b.has_lot ||
				strcmp(a.lot, b.lot) != 0 || a.has_serial != b.has_serial ||
				strcmp(a.serial, b.serial) != 0 || a.has_expiry != b.has_expiry ||
				(a.has_expiry && (a.year != b.year || a.month != b.month || a.day != b.day)))
				abort();
		}
		free(out);
	}
	free(uri);
	return 0;
}
