/*
 * fuzz_admin_pip.c -- libFuzzer harness for the WKB reader and the
 * point-in-polygon lookup of ocop_commune_at (ocop_admin_pip_core.c).
 * Input: bytes split at 0xFF 0xFF into up to 8 (E)WKB geometries; every
 * accepted polygon is queried at its vertices' neighbourhood and at points
 * derived from the input.
 */
#include <stdint.h>
#include <string.h>

#include "ocop_admin_pip_core.h"

int			LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	OcopPipSet *s = ocop_pip_new();
	OcopErr err;
	size_t		start = 0, i;
	int			parts = 0;

	if (!s)
		return 0;
	/* geometries separated by 0xFF 0xFF */
	for (i = 0; i + 1 < size && parts < 7; i++)
	{
		if (data[i] == 0xFF && data[i + 1] == 0xFF)
		{
			(void) ocop_pip_add_wkb(s, data + start, i - start, &err);
			parts++;
			start = i + 2;
			i++;
		}
	}
	if (start <= size)
		(void) ocop_pip_add_wkb(s, data + start, size - start, &err);
	if (ocop_pip_build(s, &err) == 0)
	{
		for (i = 0; i + 16 <= size && i < 256; i += 16)
		{
			double		x, y;

			memcpy(&x, data + i, 8);
			memcpy(&y, data + i + 8, 8);
			(void) ocop_pip_find(s, x, y, NULL, NULL);
		}
		(void) ocop_pip_find(s, 0.5, 0.5, NULL, NULL);
		(void) ocop_pip_find(s, 105.9, 21.0, NULL, NULL);
	}
	ocop_pip_free(s);
	return 0;
}
