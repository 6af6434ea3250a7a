/*
 * json_core.c -- the canonical JSON writer, member sorting, lookup,
 * containment and number helpers (no fmgr, no SQL, no catalog access; built
 * for the server and for frontend programs, as src/common is).  The parser,
 * on PostgreSQL's JSON lexer, is json_parse_core.c.  See json_core.h for the
 * rules and doc/json.md for what is PostgreSQL's and what is ours.
 */

/* Built twice, as src/common is: see the Makefile, "Pure-C cores". */
#ifdef FRONTEND
#include "postgres_fe.h"
#else
#include "postgres.h"
#endif

#include "json_core.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ------------------------------------------------------------------------
 * Members (the parser, on PostgreSQL's lexer, is json_parse_core.c)
 */
static int
member_cmp(const void *a, const void *b)
{
	const OcopJsonMember *x = a;
	const OcopJsonMember *y = b;
	size_t		n = x->keylen < y->keylen ? x->keylen : y->keylen;
	int			c = n ? memcmp(x->key, y->key, n) : 0;

	if (c != 0)
		return c;
	return (x->keylen > y->keylen) - (x->keylen < y->keylen);
}

bool
ocop_json_sort_members(OcopJson *obj)
{
	if (obj->count > 1)
		qsort(obj->members, obj->count, sizeof(OcopJsonMember), member_cmp);
	for (size_t i = 1; i < obj->count; i++)
		if (member_cmp(&obj->members[i - 1], &obj->members[i]) == 0)
			return false;
	return true;
}

/* ------------------------------------------------------------------------
 * Writer
 */
void
ocop_json_write_string(StringInfo buf, const char *s, size_t len)
{
	size_t		run = 0;

	appendStringInfoChar(buf, '"');
	for (size_t i = 0; i < len; i++)
	{
		unsigned char c = (unsigned char) s[i];
		const char *esc = NULL;
		char		ubuf[8];

		switch (c)
		{
			case '"':
				esc = "\\\"";
				break;
			case '\\':
				esc = "\\\\";
				break;
			case '\b':
				esc = "\\b";
				break;
			case '\f':
				esc = "\\f";
				break;
			case '\n':
				esc = "\\n";
				break;
			case '\r':
				esc = "\\r";
				break;
			case '\t':
				esc = "\\t";
				break;
			default:
				if (c < 0x20)
				{
					snprintf(ubuf, sizeof(ubuf), "\\u%04x", c);
					esc = ubuf;
				}
				break;
		}
		if (esc)
		{
			appendBinaryStringInfo(buf, s + i - run, run);
			run = 0;
			appendStringInfoString(buf, esc);
		}
		else
			run++;
	}
	appendBinaryStringInfo(buf, s + len - run, run);
	appendStringInfoChar(buf, '"');
}

void
ocop_json_write(StringInfo buf, const OcopJson *v)
{
	switch (v->kind)
	{
		case OCOP_JSON_NULL:
			appendBinaryStringInfo(buf, "null", 4);
			break;
		case OCOP_JSON_FALSE:
			appendBinaryStringInfo(buf, "false", 5);
			break;
		case OCOP_JSON_TRUE:
			appendBinaryStringInfo(buf, "true", 4);
			break;
		case OCOP_JSON_NUMBER:
			appendBinaryStringInfo(buf, v->str, v->len);
			break;
		case OCOP_JSON_STRING:
			ocop_json_write_string(buf, v->str, v->len);
			break;
		case OCOP_JSON_ARRAY:
			appendStringInfoChar(buf, '[');
			for (size_t i = 0; i < v->count; i++)
			{
				if (i)
					appendStringInfoChar(buf, ',');
				ocop_json_write(buf, v->items[i]);
			}
			appendStringInfoChar(buf, ']');
			break;
		case OCOP_JSON_OBJECT:
			appendStringInfoChar(buf, '{');
			for (size_t i = 0; i < v->count; i++)
			{
				if (i)
					appendStringInfoChar(buf, ',');
				ocop_json_write_string(buf, v->members[i].key, v->members[i].keylen);
				appendStringInfoChar(buf, ':');
				ocop_json_write(buf, v->members[i].value);
			}
			appendStringInfoChar(buf, '}');
			break;
	}
}

/* ------------------------------------------------------------------------
 * Queries
 */
OcopJson *
ocop_json_get(const OcopJson *obj, const char *key)
{
	size_t		klen = strlen(key);

	if (obj == NULL || obj->kind != OCOP_JSON_OBJECT)
		return NULL;
	for (size_t i = 0; i < obj->count; i++)
		if (obj->members[i].keylen == klen &&
			memcmp(obj->members[i].key, key, klen) == 0)
			return obj->members[i].value;
	return NULL;
}

size_t
ocop_json_number_cmp_len(const char *str, size_t len)
{
	if (memchr(str, '.', len) == NULL)
		return len;
	while (len > 0 && str[len - 1] == '0')
		len--;
	if (len > 0 && str[len - 1] == '.')
		len--;
	/* "-0.000" cannot occur: zero is unsigned in canonical form */
	return len;
}

double
ocop_json_number_double(const OcopJson *v)
{
	char		buf[64];
	size_t		n = v->len < sizeof(buf) - 1 ? v->len : sizeof(buf) - 1;

	if (v->len >= sizeof(buf))
		return (v->str[0] == '-') ? -1e300 : 1e300;	/* far out of any range we check */
	memcpy(buf, v->str, n);
	buf[n] = '\0';
	return strtod(buf, NULL);
}

static bool
scalar_equal(const OcopJson *a, const OcopJson *b)
{
	if (a->kind != b->kind)
		return false;
	switch (a->kind)
	{
		case OCOP_JSON_NUMBER:
			{
				size_t		la = ocop_json_number_cmp_len(a->str, a->len);
				size_t		lb = ocop_json_number_cmp_len(b->str, b->len);

				return la == lb && memcmp(a->str, b->str, la) == 0;
			}
		case OCOP_JSON_STRING:
			return a->len == b->len && memcmp(a->str, b->str, a->len) == 0;
		default:
			return true;
	}
}

bool
ocop_json_contains(const OcopJson *a, const OcopJson *b)
{
	if (b->kind == OCOP_JSON_OBJECT)
	{
		if (a->kind != OCOP_JSON_OBJECT)
			return false;
		for (size_t i = 0; i < b->count; i++)
		{
			const OcopJsonMember *m = &b->members[i];
			const OcopJson *av = NULL;

			for (size_t j = 0; j < a->count; j++)
				if (a->members[j].keylen == m->keylen &&
					memcmp(a->members[j].key, m->key, m->keylen) == 0)
				{
					av = a->members[j].value;
					break;
				}
			if (av == NULL || !ocop_json_contains(av, m->value))
				return false;
		}
		return true;
	}
	if (b->kind == OCOP_JSON_ARRAY)
	{
		if (a->kind != OCOP_JSON_ARRAY)
			return false;
		for (size_t i = 0; i < b->count; i++)
		{
			bool		found = false;

			for (size_t j = 0; j < a->count && !found; j++)
				found = ocop_json_contains(a->items[j], b->items[i]);
			if (!found)
				return false;
		}
		return true;
	}
	return scalar_equal(a, b);
}
