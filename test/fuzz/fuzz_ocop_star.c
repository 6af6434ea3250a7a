/*
 * fuzz_ocop_star.c -- libFuzzer harness for the star tier parser and labels.
 * Properties: never crashes or reads past len; a successful parse gives a
 * valid tier whose every label parses back to the same tier; a failure
 * leaves a NUL-terminated detail with a status.
 */
#include "fe_memory.h"
#include "ocop_star_core.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>


/* One input; everything the cores palloc is freed by the caller's scope. */
static int
fuzz_one(const uint8_t *data, size_t size)
{
	/* A private copy of exactly size bytes, so ASan sees any over-read. */
	char	   *s = malloc(size ? size : 1);
	int			v = 0;
	OcopErr err;
	OcopStarLabelStyle style;

	if (!s)
		return 0;
	if (size)
		memcpy(s, data, size);
	memset(&err, 0x55, sizeof(err));
	if (ocop_star_parse(s, size, &v, &err))
	{
		if (!ocop_star_is_valid(v))
			abort();
		for (int st = OCOP_STAR_LABEL_EN; st <= OCOP_STAR_LABEL_STARS; st++)
		{
			char		buf[OCOP_STAR_TEXT_MAX];
			int			len = ocop_star_label(v, (OcopStarLabelStyle) st, buf);
			int			back = 0;

			if (len <= 0 || (size_t) len >= sizeof(buf) || strlen(buf) != (size_t) len)
				abort();
			if (!ocop_star_parse(buf, (size_t) len, &back, NULL) || back != v)
				abort();
		}
	}
	else
	{
		if (err.code != OCOP_E_SYNTAX && err.code != OCOP_E_RANGE)
			abort();
		if (memchr(err.detail, '\0', sizeof(err.detail)) == NULL || err.detail[0] == '\0')
			abort();
	}
	(void) ocop_star_label_style_parse(s, size, &style);
	free(s);
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
