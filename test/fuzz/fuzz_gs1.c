/*
 * fuzz_gs1.c -- libFuzzer harness for the GS1 Digital Link parser with every
 * AI of the dictionary (gs1_dl_core.c), the element-string reader and writer,
 * the URI builder, the GTIN builder of gs1_core.c and the GTIN check.  Never
 * crash, never read past the input, and:
 *   - an accepted URI has a primary key first, every value passes its AI's
 *     rules again, and the legacy mode accepts it with the same AIs;
 *   - its element string, bracketed and unbracketed, reads back to the same
 *     AIs and values in the same order;
 *   - a URI built from them on the same base parses to the same AIs;
 *   - an accepted element string writes and reads back to itself;
 *   - a GTIN link rebuilt from the legacy reading parses to the same parts.
 */
#include "fe_memory.h"
#include "gs1_core.h"
#include "gs1_dl_core.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>


static Gs1Data a,
			b,
			c;

/* Same AIs with the same values, in the same order (ordered) or any order. */
static int
same_elements(const Gs1Data *x, const Gs1Data *y, int ordered)
{
	if (x->n != y->n)
		return 0;
	for (int i = 0; i < x->n; i++)
	{
		const Gs1Element *e = &x->el[i];
		const Gs1Element *f = ordered ? &y->el[i] : gs1_data_find(y, e->def->ai, strlen(e->def->ai));

		if (f == NULL || f->def != e->def || f->len != e->len || memcmp(f->value, e->value, e->len) != 0)
			return 0;
	}
	return 1;
}

/* Write d's element string and read it back: the same elements, in order. */
static void
element_string_round_trip(const Gs1Data *d)
{
	for (int bracketed = 0; bracketed < 2; bracketed++)
	{
		size_t		n = gs1_element_string(d, bracketed, NULL, 0);
		char	   *s = malloc(n + 1);
		OcopErr		err;

		if (gs1_element_string(d, bracketed, s, n + 1) != n || strlen(s) != n)
			abort();
		if (!gs1_element_string_parse(s, n, &c, &err) || !same_elements(d, &c, 1))
			abort();
		free(s);
	}
}

/* One input; everything the cores palloc is freed by the caller's scope. */
static int
fuzz_one(const uint8_t *data, size_t size)
{
	/* A copy of exactly size bytes, so ASan catches any over-read. */
	char	   *in = malloc(size ? size : 1);
	OcopErr		err;

	memcpy(in, data, size);
	(void) gtin_is_valid(in, size);

	if (gs1_dl_uri_parse(in, size, GS1_DL_STRICT, &a, &err))
	{
		size_t		cap = gs1_dl_uri_build_bound(&a, a.base_len);
		char	   *uri = malloc(cap);
		long		n;

		if (a.n < 1 || a.npath < 1 || a.el[0].role != GS1_ROLE_KEY || a.el[0].def->dlpkey == NULL ||
			a.base_len >= size)
			abort();
		for (int i = 0; i < a.n; i++)
			if (!gs1_ai_validate(a.el[i].def, a.el[i].value, a.el[i].len, &err) ||
				strlen(a.el[i].value) != a.el[i].len)
				abort();
		if (!gs1_dl_uri_parse(in, size, GS1_DL_LEGACY, &b, &err) || !same_elements(&a, &b, 1))
			abort();
		element_string_round_trip(&a);
		/* Rebuilt on the same base (the builder may refuse the base, or a
		 * path order it would not choose, e.g. /01/../235/..?10=..). */
		n = gs1_dl_uri_build(&a, in, a.base_len, uri, cap, &err);
		if (n >= 0)
		{
			if ((size_t) n >= cap || strlen(uri) != (size_t) n)
				abort();
			if (!gs1_dl_uri_parse(uri, (size_t) n, GS1_DL_STRICT, &b, &err) || !same_elements(&a, &b, 0))
				abort();
		}
		free(uri);
	}

	if (gs1_element_string_parse(in, size, &a, &err))
		element_string_round_trip(&a);

	/* The GTIN builder of gs1_digital_link(), from the legacy reading. */
	if (gs1_dl_uri_parse(in, size, GS1_DL_LEGACY, &a, &err))
	{
		const Gs1Element *g = gs1_data_find(&a, "01", 2),
				   *lot = gs1_data_find(&a, "10", 2),
				   *ser = gs1_data_find(&a, "21", 2),
				   *exp = gs1_data_find(&a, "17", 2);
		size_t		outsize = GS1_DL_MAX_LEN(a.base_len);
		char	   *out = malloc(outsize);
		int			y = 0,
					m = 0,
					d = 0;
		long		n;

		if (exp)
		{
			y = 2000 + (exp->value[0] - '0') * 10 + (exp->value[1] - '0');
			m = (exp->value[2] - '0') * 10 + (exp->value[3] - '0');
			d = (exp->value[4] - '0') * 10 + (exp->value[5] - '0');
			if (d == 0)
				d = gs1_days_in_month(y, m);
		}
		if (g)
		{
			n = gs1_dl_build(g->value, g->len, lot ? lot->value : NULL, lot ? lot->len : 0,
							 ser ? ser->value : NULL, ser ? ser->len : 0, exp != NULL, y, m, d,
							 in, a.base_len, out, outsize, &err);
			/* The base may be refused by the builder's stricter checks. */
			if (n >= 0)
			{
				const Gs1Element *e;

				if ((size_t) n >= outsize || strlen(out) != (size_t) n)
					abort();
				if (!gs1_dl_uri_parse(out, (size_t) n, GS1_DL_LEGACY, &b, &err))
					abort();
				if ((e = gs1_data_find(&b, "01", 2)) == NULL || strcmp(e->value, g->value) != 0)
					abort();
				if ((lot != NULL) != (gs1_data_find(&b, "10", 2) != NULL) ||
					(lot && strcmp(gs1_data_find(&b, "10", 2)->value, lot->value) != 0))
					abort();
				if ((ser != NULL) != (gs1_data_find(&b, "21", 2) != NULL) ||
					(ser && strcmp(gs1_data_find(&b, "21", 2)->value, ser->value) != 0))
					abort();
				/* The expiry comes back as a date (DD = 00 resolved). */
				if ((exp != NULL) != ((e = gs1_data_find(&b, "17", 2)) != NULL) ||
					(exp && (e->value[5] - '0' + 10 * (e->value[4] - '0')) != d))
					abort();
			}
		}
		free(out);
	}
	free(in);
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
