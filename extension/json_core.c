/*
 * json_core.c -- strict, bounded JSON parser and canonical writer (no fmgr,
 * no SQL, no catalog access; built for the server and for frontend programs, as src/common is).
 * See json_core.h for the rules.
 */

/* Built twice, as src/common is: see the Makefile, "Pure-C cores". */
#ifdef FRONTEND
#include "postgres_fe.h"
#else
#include "postgres.h"
#endif

#include "json_core.h"
#include "ocop_hex_core.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ------------------------------------------------------------------------
 * Parser
 */
typedef struct PathEntry
{
	const char *key;			/* NULL: array index */
	size_t		keylen;
	size_t		index;
} PathEntry;

typedef struct Parser
{
	const char *s;
	size_t		len;
	size_t		pos;
	const OcopJsonLimits *lim;
	OcopErr    *err;
	const char *root;
	int			depth;
	PathEntry	path[OCOP_JSON_DEPTH_HARD_MAX + 1];
} Parser;

/* Print the current path, e.g. $[2].eventTime or $.a["x y"]. */
static void
format_path(const Parser *p, char *out, size_t size)
{
	size_t		n = 0;

	n += snprintf(out, size, "%s", p->root);
	for (int i = 0; i < p->depth && n < size; i++)
	{
		const PathEntry *e = &p->path[i];

		if (e->key == NULL)
			n += snprintf(out + n, size - n, "[%zu]", e->index);
		else
		{
			int			klen = e->keylen > 60 ? 60 : (int) e->keylen;
			bool		plain = klen > 0;

			for (int k = 0; k < klen; k++)
			{
				unsigned char c = (unsigned char) e->key[k];

				if (!(c == '_' || c == ':' || c == '@' || c == '-' ||
					  (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') ||
					  (c >= 'A' && c <= 'Z')))
					plain = false;
			}
			if (plain)
				n += snprintf(out + n, size - n, ".%.*s", klen, e->key);
			else
				n += snprintf(out + n, size - n, "[\"%.*s%s\"]", klen, e->key,
							  e->keylen > 60 ? "..." : "");
		}
	}
}

static bool perr(Parser *p, OcopErrCode code, const char *fmt,...)
			__attribute__((format(printf, 3, 4)));

static bool
perr(Parser *p, OcopErrCode code, const char *fmt,...)
{
	char		what[256];
	char		path[200];
	va_list		ap;

	if (p->err->code != OCOP_E_OK)
		return false;			/* keep the first error */
	va_start(ap, fmt);
	vsnprintf(what, sizeof(what), fmt, ap);
	va_end(ap);
	format_path(p, path, sizeof(path));
	if (code == OCOP_E_SYNTAX)
		ocop_err_set(p->err, code, "JSON syntax error at byte %zu, in %s: %s.",
					 p->pos + 1, path, what);
	else
		ocop_err_set(p->err, code, "Field %s: %s.", path, what);
	return false;
}

static void
skip_ws(Parser *p)
{
	while (p->pos < p->len)
	{
		char		c = p->s[p->pos];

		if (c == ' ' || c == '\t' || c == '\n' || c == '\r')
			p->pos++;
		else
			break;
	}
}

static const char *
describe_byte(const Parser *p, char *buf, size_t size)
{
	unsigned char c;

	if (p->pos >= p->len)
		return "end of input";
	c = (unsigned char) p->s[p->pos];
	if (c >= 0x20 && c < 0x7f)
		snprintf(buf, size, "\"%c\"", c);
	else
		snprintf(buf, size, "byte 0x%02X", c);
	return buf;
}

static OcopJson *parse_value(Parser *p);

static bool
read_hex4(Parser *p, unsigned *out)
{
	unsigned	v = 0;

	if (p->len - p->pos < 4)
	{
		p->pos = p->len;
		return perr(p, OCOP_E_SYNTAX, "truncated \\u escape");
	}
	for (int i = 0; i < 4; i++)
	{
		int			h = ocop_hex_value((unsigned char) p->s[p->pos]);

		if (h < 0)
			return perr(p, OCOP_E_SYNTAX, "invalid \\u escape: expected 4 hex digits");
		v = v * 16 + (unsigned) h;
		p->pos++;
	}
	*out = v;
	return true;
}

/* Length of a valid UTF-8 sequence at s (n bytes available), 0 if invalid. */
static int
utf8_seq_len(const unsigned char *s, size_t n)
{
	unsigned char c = s[0];

	if (c < 0x80)
		return 1;
	if (c >= 0xC2 && c <= 0xDF)
		return (n >= 2 && (s[1] & 0xC0) == 0x80) ? 2 : 0;
	if (c >= 0xE0 && c <= 0xEF)
	{
		if (n < 3 || (s[1] & 0xC0) != 0x80 || (s[2] & 0xC0) != 0x80)
			return 0;
		if (c == 0xE0 && s[1] < 0xA0)
			return 0;			/* overlong */
		if (c == 0xED && s[1] >= 0xA0)
			return 0;			/* surrogate */
		return 3;
	}
	if (c >= 0xF0 && c <= 0xF4)
	{
		if (n < 4 || (s[1] & 0xC0) != 0x80 || (s[2] & 0xC0) != 0x80 ||
			(s[3] & 0xC0) != 0x80)
			return 0;
		if (c == 0xF0 && s[1] < 0x90)
			return 0;			/* overlong */
		if (c == 0xF4 && s[1] >= 0x90)
			return 0;			/* above U+10FFFF */
		return 4;
	}
	return 0;
}

static size_t
put_utf8(char *out, unsigned cp)
{
	if (cp < 0x80)
	{
		out[0] = (char) cp;
		return 1;
	}
	if (cp < 0x800)
	{
		out[0] = (char) (0xC0 | (cp >> 6));
		out[1] = (char) (0x80 | (cp & 0x3F));
		return 2;
	}
	if (cp < 0x10000)
	{
		out[0] = (char) (0xE0 | (cp >> 12));
		out[1] = (char) (0x80 | ((cp >> 6) & 0x3F));
		out[2] = (char) (0x80 | (cp & 0x3F));
		return 3;
	}
	out[0] = (char) (0xF0 | (cp >> 18));
	out[1] = (char) (0x80 | ((cp >> 12) & 0x3F));
	out[2] = (char) (0x80 | ((cp >> 6) & 0x3F));
	out[3] = (char) (0x80 | (cp & 0x3F));
	return 4;
}

/* Parse a string at p->pos (which is at the opening quote). */
static bool
parse_string(Parser *p, const char **out, size_t *outlen)
{
	size_t		start = ++p->pos;
	size_t		end = start;
	char	   *buf;
	size_t		n = 0;

	/* Find the closing quote to size the buffer (escapes never grow). */
	while (end < p->len && p->s[end] != '"')
	{
		if (p->s[end] == '\\')
			end++;
		end++;
	}
	if (end >= p->len)
	{
		p->pos = p->len;
		return perr(p, OCOP_E_SYNTAX, "unterminated string");
	}
	buf = palloc(end - start + 1);
	while (p->pos < end)
	{
		unsigned char c = (unsigned char) p->s[p->pos];

		if (c == '\\')
		{
			char		e;

			p->pos++;
			e = p->s[p->pos++];
			switch (e)
			{
				case '"':
					buf[n++] = '"';
					break;
				case '\\':
					buf[n++] = '\\';
					break;
				case '/':
					buf[n++] = '/';
					break;
				case 'b':
					buf[n++] = '\b';
					break;
				case 'f':
					buf[n++] = '\f';
					break;
				case 'n':
					buf[n++] = '\n';
					break;
				case 'r':
					buf[n++] = '\r';
					break;
				case 't':
					buf[n++] = '\t';
					break;
				case 'u':
					{
						unsigned	cp;

						if (!read_hex4(p, &cp))
							return false;
						if (cp == 0)
							return perr(p, OCOP_E_SYNTAX, "\\u0000 is not allowed");
						if (cp >= 0xDC00 && cp <= 0xDFFF)
							return perr(p, OCOP_E_SYNTAX, "lone low surrogate in \\u escape");
						if (cp >= 0xD800 && cp <= 0xDBFF)
						{
							unsigned	lo;

							if (p->pos + 2 > end || p->s[p->pos] != '\\' ||
								p->s[p->pos + 1] != 'u')
								return perr(p, OCOP_E_SYNTAX, "high surrogate not followed by a low surrogate");
							p->pos += 2;
							if (!read_hex4(p, &lo))
								return false;
							if (lo < 0xDC00 || lo > 0xDFFF)
								return perr(p, OCOP_E_SYNTAX, "high surrogate not followed by a low surrogate");
							cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
						}
						n += put_utf8(buf + n, cp);
						break;
					}
				default:
					p->pos--;
					return perr(p, OCOP_E_SYNTAX, "invalid escape sequence");
			}
		}
		else if (c < 0x20)
			return perr(p, OCOP_E_SYNTAX, "control character (byte 0x%02X) in string", c);
		else if (c < 0x80)
		{
			buf[n++] = (char) c;
			p->pos++;
		}
		else
		{
			int			k = utf8_seq_len((const unsigned char *) p->s + p->pos, end - p->pos);

			if (k == 0)
				return perr(p, OCOP_E_SYNTAX, "invalid UTF-8 byte sequence in string");
			memcpy(buf + n, p->s + p->pos, (size_t) k);
			n += (size_t) k;
			p->pos += (size_t) k;
		}
	}
	p->pos = end + 1;
	if (n > p->lim->max_string)
		return perr(p, OCOP_E_LIMIT, "string of %zu bytes is longer than the limit of %zu bytes",
					n, p->lim->max_string);
	buf[n] = '\0';
	*out = buf;
	*outlen = n;
	return true;
}

#define MAX_EXPONENT 1000

/* Parse a number and produce numeric's canonical text. */
static OcopJson *
parse_number(Parser *p, OcopJson *v)
{
	size_t		i = p->pos;
	bool		neg = false;
	size_t		int_start, int_len, frac_start = 0, frac_len = 0;
	long		exp = 0;
	long		pointpos, dscale;
	size_t		ndigits;
	char	   *out;
	size_t		n = 0;
	bool		allzero = true;

	if (i < p->len && p->s[i] == '-')
	{
		neg = true;
		i++;
	}
	int_start = i;
	if (i < p->len && p->s[i] == '0')
		i++;
	else if (i < p->len && p->s[i] >= '1' && p->s[i] <= '9')
		while (i < p->len && p->s[i] >= '0' && p->s[i] <= '9')
			i++;
	else
	{
		p->pos = i;
		perr(p, OCOP_E_SYNTAX, "invalid number");
		return NULL;
	}
	int_len = i - int_start;
	if (i < p->len && p->s[i] == '.')
	{
		i++;
		frac_start = i;
		while (i < p->len && p->s[i] >= '0' && p->s[i] <= '9')
			i++;
		frac_len = i - frac_start;
		if (frac_len == 0)
		{
			p->pos = i;
			perr(p, OCOP_E_SYNTAX, "invalid number: digits expected after \".\"");
			return NULL;
		}
	}
	if (i < p->len && (p->s[i] == 'e' || p->s[i] == 'E'))
	{
		bool		eneg = false;
		size_t		estart;

		i++;
		if (i < p->len && (p->s[i] == '+' || p->s[i] == '-'))
			eneg = p->s[i++] == '-';
		estart = i;
		while (i < p->len && p->s[i] >= '0' && p->s[i] <= '9')
		{
			if (exp <= MAX_EXPONENT)
				exp = exp * 10 + (p->s[i] - '0');
			i++;
		}
		if (i == estart)
		{
			p->pos = i;
			perr(p, OCOP_E_SYNTAX, "invalid number: digits expected in exponent");
			return NULL;
		}
		if (exp > MAX_EXPONENT)
		{
			perr(p, OCOP_E_RANGE, "number exponent is out of range (at most %d)", MAX_EXPONENT);
			return NULL;
		}
		if (eneg)
			exp = -exp;
	}
	if (i - p->pos > 1000)
	{
		perr(p, OCOP_E_LIMIT, "number is longer than 1000 characters");
		return NULL;
	}
	p->pos = i;

	/* Digits D = int digits + frac digits; the point is after pointpos. */
	ndigits = int_len + frac_len;
	pointpos = (long) int_len + exp;
	dscale = (long) frac_len - exp;
	if (dscale < 0)
		dscale = 0;
	out = palloc((size_t) (ndigits + 4 + MAX_EXPONENT + 4));
#define DIGIT(k) ((size_t) (k) < int_len ? p->s[int_start + (k)] : \
				  ((size_t) (k) < ndigits ? p->s[frac_start + (k) - int_len] : '0'))
	for (size_t k = 0; k < ndigits; k++)
		if (DIGIT(k) != '0')
			allzero = false;
	if (neg && !allzero)
		out[n++] = '-';
	/* integer part */
	if (pointpos <= 0)
		out[n++] = '0';
	else
	{
		bool		leading = true;

		for (long k = 0; k < pointpos; k++)
		{
			char		d = DIGIT(k);

			if (leading && d == '0' && k < pointpos - 1)
				continue;
			leading = false;
			out[n++] = d;
		}
	}
	if (dscale > 0)
	{
		out[n++] = '.';
		for (long k = 0; k < dscale; k++)
		{
			long		idx = pointpos + k;

			out[n++] = idx < 0 ? '0' : DIGIT(idx);
		}
	}
#undef DIGIT
	out[n] = '\0';
	v->kind = OCOP_JSON_NUMBER;
	v->str = out;
	v->len = n;
	return v;
}

typedef struct ListNode
{
	struct ListNode *next;
	OcopJson   *value;
	const char *key;
	size_t		keylen;
} ListNode;

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

static OcopJson *
parse_container(Parser *p, OcopJson *v, bool is_object)
{
	ListNode   *head = NULL,
			   *tail = NULL;
	size_t		count = 0;
	char		close = is_object ? '}' : ']';
	char		dbuf[32];

	if (p->depth >= p->lim->max_depth || p->depth >= OCOP_JSON_DEPTH_HARD_MAX)
	{
		perr(p, OCOP_E_LIMIT, "nesting is deeper than the limit of %d levels",
			 p->lim->max_depth < OCOP_JSON_DEPTH_HARD_MAX ? p->lim->max_depth : OCOP_JSON_DEPTH_HARD_MAX);
		return NULL;
	}
	p->pos++;					/* [ or { */
	skip_ws(p);
	p->depth++;
	p->path[p->depth - 1].key = NULL;
	p->path[p->depth - 1].index = 0;
	if (p->pos < p->len && p->s[p->pos] == close)
		p->pos++;
	else
	{
		for (;;)
		{
			ListNode   *node = palloc(sizeof(ListNode));

			node->next = NULL;
			node->key = NULL;
			node->keylen = 0;
			skip_ws(p);
			if (is_object)
			{
				if (p->pos >= p->len || p->s[p->pos] != '"')
				{
					perr(p, OCOP_E_SYNTAX, "expected a string key, found %s",
						 describe_byte(p, dbuf, sizeof(dbuf)));
					return NULL;
				}
				if (!parse_string(p, &node->key, &node->keylen))
					return NULL;
				p->path[p->depth - 1].key = node->key;
				p->path[p->depth - 1].keylen = node->keylen;
				skip_ws(p);
				if (p->pos >= p->len || p->s[p->pos] != ':')
				{
					perr(p, OCOP_E_SYNTAX, "expected \":\", found %s",
						 describe_byte(p, dbuf, sizeof(dbuf)));
					return NULL;
				}
				p->pos++;
			}
			else
				p->path[p->depth - 1].index = count;
			node->value = parse_value(p);
			if (node->value == NULL)
				return NULL;
			if (tail)
				tail->next = node;
			else
				head = node;
			tail = node;
			count++;
			skip_ws(p);
			if (p->pos < p->len && p->s[p->pos] == ',')
			{
				p->pos++;
				continue;
			}
			if (p->pos < p->len && p->s[p->pos] == close)
			{
				p->pos++;
				break;
			}
			perr(p, OCOP_E_SYNTAX, "expected \",\" or \"%c\", found %s", close,
				 describe_byte(p, dbuf, sizeof(dbuf)));
			return NULL;
		}
	}
	v->count = count;
	if (is_object)
	{
		v->kind = OCOP_JSON_OBJECT;
		v->members = palloc(sizeof(OcopJsonMember) * (count ? count : 1));
		count = 0;
		for (ListNode *n = head; n; n = n->next, count++)
		{
			v->members[count].key = n->key;
			v->members[count].keylen = n->keylen;
			v->members[count].value = n->value;
		}
		if (!ocop_json_sort_members(v))
		{
			/* find the duplicate for the message */
			for (size_t i = 1; i < v->count; i++)
				if (member_cmp(&v->members[i - 1], &v->members[i]) == 0)
				{
					p->path[p->depth - 1].key = v->members[i].key;
					p->path[p->depth - 1].keylen = v->members[i].keylen;
					break;
				}
			perr(p, OCOP_E_SYNTAX, "duplicate object key");
			return NULL;
		}
	}
	else
	{
		v->kind = OCOP_JSON_ARRAY;
		v->items = palloc(sizeof(OcopJson *) * (count ? count : 1));
		count = 0;
		for (ListNode *n = head; n; n = n->next)
			v->items[count++] = n->value;
	}
	p->depth--;
	return v;
}

static bool
match_literal(Parser *p, const char *lit)
{
	size_t		n = strlen(lit);

	if (p->len - p->pos >= n && memcmp(p->s + p->pos, lit, n) == 0)
	{
		p->pos += n;
		return true;
	}
	return false;
}

static OcopJson *
parse_value(Parser *p)
{
	OcopJson   *v;
	char		dbuf[32];

	skip_ws(p);
	if (p->pos >= p->len)
	{
		perr(p, OCOP_E_SYNTAX, "unexpected end of input, expected a value");
		return NULL;
	}
	v = palloc0(sizeof(OcopJson));
	switch (p->s[p->pos])
	{
		case '{':
			return parse_container(p, v, true);
		case '[':
			return parse_container(p, v, false);
		case '"':
			v->kind = OCOP_JSON_STRING;
			if (!parse_string(p, &v->str, &v->len))
				return NULL;
			return v;
		case 't':
			if (match_literal(p, "true"))
			{
				v->kind = OCOP_JSON_TRUE;
				return v;
			}
			break;
		case 'f':
			if (match_literal(p, "false"))
			{
				v->kind = OCOP_JSON_FALSE;
				return v;
			}
			break;
		case 'n':
			if (match_literal(p, "null"))
			{
				v->kind = OCOP_JSON_NULL;
				return v;
			}
			break;
		default:
			if (p->s[p->pos] == '-' || (p->s[p->pos] >= '0' && p->s[p->pos] <= '9'))
				return parse_number(p, v);
			break;
	}
	perr(p, OCOP_E_SYNTAX, "expected a value, found %s", describe_byte(p, dbuf, sizeof(dbuf)));
	return NULL;
}

OcopJson *
ocop_json_parse(const char *text, size_t len, const OcopJsonLimits *limits,
				const char *path_root, OcopErr *err)
{
	Parser		p;
	OcopJson   *v;
	char		dbuf[32];

	memset(&p, 0, sizeof(p));
	p.s = text;
	p.len = len;
	p.lim = limits;
	p.err = err;
	p.root = path_root ? path_root : "$";
	err->code = OCOP_E_OK;
	err->detail[0] = '\0';
	if (len > limits->max_input)
	{
		ocop_err_set(err, OCOP_E_LIMIT, "The input is %zu bytes long; the limit is %zu bytes.",
					 len, limits->max_input);
		return NULL;
	}
	v = parse_value(&p);
	if (v == NULL)
		return NULL;
	skip_ws(&p);
	if (p.pos != p.len)
	{
		perr(&p, OCOP_E_SYNTAX, "unexpected %s after the end of the value",
			 describe_byte(&p, dbuf, sizeof(dbuf)));
		return NULL;
	}
	return v;
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
