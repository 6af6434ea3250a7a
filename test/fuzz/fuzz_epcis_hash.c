/*
 * fuzz_epcis_hash.c -- libFuzzer harness for the EPCIS event hash ID
 * canonicaliser (extension/epcis_hash_core.c, pure C).
 * Input: one mode byte, then either the event JSON (even mode byte) or an
 * @context JSON, a newline and the event JSON (odd mode byte).
 * Invariants checked (abort on violation):
 *   - an accepted event gives a pre-hash string that starts "eventType=" and
 *     a hash ID that epcis_is_hash_id accepts, the same twice in a row, and
 *     the same when the event is first re-written compactly by the JSON
 *     writer (member order and spelling of the text do not matter);
 *   - a refused event sets an error class and a DETAIL;
 *   - on every string of the input (when it is UTF-8 without NUL): the
 *     timestamp fixer and the number formatter are idempotent (their output,
 *     given back, comes back unchanged), the value canonicaliser is
 *     deterministic, and a normalised identifier is an https:// URI.
 */
/* The cores are built for the frontend (see the Makefile, "Pure-C cores"). */
#include "postgres_fe.h"

#include "fe_memory.h"
#include <stdlib.h>
#include <string.h>

#include "epcis_hash_core.h"

/* SHA-256 by PostgreSQL's cryptohash (libpgcommon), as in the module. */
static const EpcisHasher hasher = {epcis_sha256, NULL};

/* Strict UTF-8 (no NUL, no surrogates, no overlongs). */
static bool
utf8_ok(const uint8_t *s, size_t n)
{
	size_t		i = 0;

	while (i < n)
	{
		uint8_t		c = s[i];
		size_t		l;
		uint32_t	cp;

		if (c == 0)
			return false;
		if (c < 0x80)
		{
			i++;
			continue;
		}
		if ((c & 0xE0) == 0xC0)
			l = 2, cp = c & 0x1F;
		else if ((c & 0xF0) == 0xE0)
			l = 3, cp = c & 0x0F;
		else if ((c & 0xF8) == 0xF0)
			l = 4, cp = c & 0x07;
		else
			return false;
		if (i + l > n)
			return false;
		for (size_t k = 1; k < l; k++)
		{
			if ((s[i + k] & 0xC0) != 0x80)
				return false;
			cp = (cp << 6) | (s[i + k] & 0x3F);
		}
		if ((l == 2 && cp < 0x80) || (l == 3 && cp < 0x800) || (l == 4 && cp < 0x10000) ||
			cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
			return false;
		i += l;
	}
	return true;
}

static void
check_blocks(const char *s)
{
	OcopErr		err;
	const char *a,
			   *b;

	a = epcis_fix_timestamp(s, &err);
	if (a != NULL)
	{
		b = epcis_fix_timestamp(a, &err);
		if (b == NULL || strcmp(a, b) != 0)
			abort();
	}
	else if (err.code == OCOP_E_OK || err.detail[0] == '\0')
		abort();
	a = epcis_format_number(s, &err);
	if (a != NULL)
	{
		b = epcis_format_number(a, &err);
		if (b == NULL || strcmp(a, b) != 0)
			abort();
	}
	a = epcis_canonize_value(s, &err);
	b = epcis_canonize_value(s, &err);
	if ((a == NULL) != (b == NULL) || (a && strcmp(a, b) != 0))
		abort();
	a = epcis_dl_normalise(s, &err);
	if (a != NULL && strncmp(a, "https://", 8) != 0)
		abort();
}


/* One input; everything the cores palloc is freed by the caller's scope. */
static int
fuzz_one(const uint8_t *data, size_t size)
{
	const char *ev,
			   *ctx = NULL;
	size_t		evlen,
				ctxlen = 0;
	StringInfoData p1,
				p2;
	OcopErr		err;
	bool		ok;

	if (size < 1 || size > 65536)
		return 0;
	ev = (const char *) data + 1;
	evlen = size - 1;
	if (data[0] & 1)
	{
		const char *nl = memchr(ev, '\n', evlen);

		if (nl == NULL)
			return 0;
		ctx = ev;
		ctxlen = (size_t) (nl - ev);
		evlen -= ctxlen + 1;
		ev = nl + 1;
	}
	initStringInfo(&p1);
	initStringInfo(&p2);
	ok = epcis_prehash_text(ev, evlen, ctx, ctxlen, &p1, &err);
	if (ok)
	{
		char		id[EPCIS_HASH_ID_LEN + 1];
		OcopJson   *j;
		StringInfoData w;
		static const OcopJsonLimits lim = {EPCIS_HASH_MAX_INPUT, EPCIS_HASH_MAX_DEPTH, EPCIS_HASH_MAX_STRING};

		if (p1.len < 10 || memcmp(p1.data, "eventType=", 10) != 0 || strlen(p1.data) != p1.len)
			abort();
		if (!epcis_hash_id_of_prehash(p1.data, p1.len, &hasher, id, &err) ||
			!epcis_is_hash_id(id, strlen(id)))
			abort();
		if (!epcis_prehash_text(ev, evlen, ctx, ctxlen, &p2, &err) ||
			p2.len != p1.len || memcmp(p1.data, p2.data, p1.len) != 0)
			abort();
		/* the same event written out again by the JSON writer */
		j = ocop_json_parse(ev, evlen, &lim, "$", &err);
		if (j == NULL)
			abort();
		initStringInfo(&w);
		ocop_json_write(&w, j);
		p2.len = 0;
		if (!epcis_prehash_text(w.data, w.len, ctx, ctxlen, &p2, &err) ||
			p2.len != p1.len || memcmp(p1.data, p2.data, p1.len) != 0)
			abort();
		pfree(w.data);
	}
	else if (err.code == OCOP_E_OK || err.detail[0] == '\0')
		abort();
	pfree(p1.data);
	pfree(p2.data);
	if (evlen < 4096 && utf8_ok((const uint8_t *) ev, evlen))
	{
		char	   *s = malloc(evlen + 1);

		if (s == NULL)
			return 0;
		memcpy(s, ev, evlen);
		s[evlen] = '\0';
		check_blocks(s);
		free(s);
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
