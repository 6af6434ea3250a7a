/*
 * json_parse_core.c -- ocop_json_parse, the strict, bounded JSON parser of json_core.h, on
 * PostgreSQL's JSON lexer (common/jsonapi.h's json_lex): PostgreSQL finds
 * and checks the tokens (white space, punctuation, literals, the number
 * grammar, string boundaries, escapes and control characters); this file
 * keeps only the project's rules: the grammar with its limits (depth checked
 * before a container is entered, so the recursion is bounded), string
 * decoding to UTF-8 whatever the server encoding, sorted keys, refused
 * duplicates, numbers as numeric prints them, and the error messages with
 * their byte positions and JSON paths.  doc/json.md says why.
 *
 * Why json_lex and not pg_parse_json: the hand-written parser's messages
 * name the byte where it stopped and the path of the value it was reading;
 * pg_parse_json reports neither in a form we can turn into those messages,
 * its callbacks cannot stop the parse before PostgreSQL 16, and it recurses
 * without a stack check in frontend builds.  Driving the lexer ourselves
 * gives all three.
 *
 * Why not the lexer's unescaped strings (need_escapes): in the server the
 * lexer converts \u escapes to the database encoding, and a trace_chain is
 * UTF-8 in every database; the raw UTF-8 is checked with PostgreSQL's
 * pg_utf8_islegal and \u escapes encoded with its unicode_to_utf8.
 */

/* Built twice, as src/common is: see the Makefile, "Pure-C cores". */
#ifdef FRONTEND
#include "postgres_fe.h"
#else
#include "postgres.h"
#endif

#include "common/jsonapi.h"
#include "mb/pg_wchar.h"

#include "json_core.h"

#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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
	const OcopJsonLimits *lim;
	OcopErr    *err;
	const char *root;
	int			depth;
	PathEntry	path[OCOP_JSON_DEPTH_HARD_MAX + 1];
	JsonLexContext *lex;
	/* The current token: its type (JSON_TOKEN_INVALID: refused) and bytes. */
	JsonTokenType tok;
	size_t		tpos;			/* first byte (len at the end of input) */
	size_t		tend;			/* after the last byte */
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

static bool perr(Parser *p, size_t pos, OcopErrCode code, const char *fmt,...)
			__attribute__((format(printf, 4, 5)));

/* Set the error (the first one only); pos is the 0-based byte it names. */
static bool
perr(Parser *p, size_t pos, OcopErrCode code, const char *fmt,...)
{
	char		what[256];
	char		path[200];
	va_list		ap;

	if (p->err->code != OCOP_E_OK)
		return false;
	va_start(ap, fmt);
	vsnprintf(what, sizeof(what), fmt, ap);
	va_end(ap);
	format_path(p, path, sizeof(path));
	if (code == OCOP_E_SYNTAX)
		ocop_err_set(p->err, code, "JSON syntax error at byte %zu, in %s: %s.",
					 pos + 1, path, what);
	else
		ocop_err_set(p->err, code, "Field %s: %s.", path, what);
	return false;
}

static const char *
describe_byte(const Parser *p, size_t pos, char *buf, size_t size)
{
	unsigned char c;

	if (pos >= p->len)
		return "end of input";
	c = (unsigned char) p->s[pos];
	if (c >= 0x20 && c < 0x7f)
		snprintf(buf, size, "\"%c\"", c);
	else
		snprintf(buf, size, "byte 0x%02X", c);
	return buf;
}

/*
 * The next token from PostgreSQL's lexer.  A token it refuses becomes
 * JSON_TOKEN_INVALID at the first non-blank byte; the grammar (or, for a
 * value, parse_refused_value) then says what the rules make of that byte.
 */
static void
next_token(Parser *p)
{
	size_t		from = (size_t) (p->lex->token_terminator - p->s);
	JsonParseErrorType r = json_lex(p->lex);

	if (r != JSON_SUCCESS)
	{
		/* The lexer skipped the same blanks: space, tab, LF, CR. */
		while (from < p->len && (p->s[from] == ' ' || p->s[from] == '\t' ||
								 p->s[from] == '\n' || p->s[from] == '\r'))
			from++;
		p->tok = JSON_TOKEN_INVALID;
		p->tpos = p->tend = from;
		return;
	}
	p->tok = p->lex->token_type;
	if (p->tok == JSON_TOKEN_END)
		p->tpos = p->tend = p->len;
	else
	{
		p->tpos = (size_t) (p->lex->token_start - p->s);
		p->tend = (size_t) (p->lex->token_terminator - p->s);
	}
}

/* Lex again from byte pos (after a value the lexer took as part of a bad token). */
static void
resume_at(Parser *p, size_t pos)
{
#if PG_VERSION_NUM >= 170000
	p->lex->token_terminator = p->s + pos;
#else
	p->lex->token_terminator = unconstify(char *, p->s + pos);
#endif
	next_token(p);
}

static int
hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

static bool
read_hex4(Parser *p, size_t *pos, pg_wchar *out)
{
	pg_wchar	v = 0;

	if (p->len - *pos < 4)
		return perr(p, p->len, OCOP_E_SYNTAX, "truncated \\u escape");
	for (int i = 0; i < 4; i++)
	{
		int			h = hexval(p->s[*pos]);

		if (h < 0)
			return perr(p, *pos, OCOP_E_SYNTAX, "invalid \\u escape: expected 4 hex digits");
		v = v * 16 + (pg_wchar) h;
		(*pos)++;
	}
	*out = v;
	return true;
}

/*
 * Decode the string whose opening quote is at byte q into UTF-8.  For a
 * token PostgreSQL's lexer accepted only the project's rules can fail here
 * (raw UTF-8, \u0000, surrogates, the length limit); for one it refused, the
 * same walk finds the first fault in the order the rules name it.
 */
static bool
decode_string(Parser *p, size_t q, const char **out, size_t *outlen)
{
	const char *s = p->s;
	size_t		start = q + 1;
	size_t		end = start;
	size_t		pos;
	size_t		n = 0;
	char	   *buf;

	if (p->tok == JSON_TOKEN_STRING && q == p->tpos)
		end = p->tend - 1;		/* the lexer found the closing quote */
	else
	{
		while (end < p->len && s[end] != '"')
		{
			if (s[end] == '\\')
				end++;
			end++;
		}
		if (end >= p->len)
			return perr(p, p->len, OCOP_E_SYNTAX, "unterminated string");
	}
	buf = palloc(end - start + 1);	/* escapes never grow */
	pos = start;
	while (pos < end)
	{
		unsigned char c = (unsigned char) s[pos];

		if (c >= 0x20 && c < 0x80 && c != '\\')
		{
			/* a run of plain ASCII, copied at once */
			size_t		run = pos + 1;

			while (run < end && (unsigned char) s[run] >= 0x20 &&
				   (unsigned char) s[run] < 0x80 && s[run] != '\\')
				run++;
			memcpy(buf + n, s + pos, run - pos);
			n += run - pos;
			pos = run;
		}
		else if (c == '\\')
		{
			char		e = s[pos + 1];

			pos += 2;
			switch (e)
			{
				case '"':
				case '\\':
				case '/':
					buf[n++] = e;
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
						pg_wchar	cp;
						pg_wchar	lo;

						if (!read_hex4(p, &pos, &cp))
							return false;
						if (cp == 0)
							return perr(p, pos, OCOP_E_SYNTAX, "\\u0000 is not allowed");
						if (is_utf16_surrogate_second(cp))
							return perr(p, pos, OCOP_E_SYNTAX, "lone low surrogate in \\u escape");
						if (is_utf16_surrogate_first(cp))
						{
							if (pos + 2 > end || s[pos] != '\\' || s[pos + 1] != 'u')
								return perr(p, pos, OCOP_E_SYNTAX, "high surrogate not followed by a low surrogate");
							pos += 2;
							if (!read_hex4(p, &pos, &lo))
								return false;
							if (!is_utf16_surrogate_second(lo))
								return perr(p, pos, OCOP_E_SYNTAX, "high surrogate not followed by a low surrogate");
							cp = surrogate_pair_to_codepoint(cp, lo);
						}
						unicode_to_utf8(cp, (unsigned char *) buf + n);
						n += pg_encoding_mblen(PG_UTF8, buf + n);
						break;
					}
				default:
					return perr(p, pos - 1, OCOP_E_SYNTAX, "invalid escape sequence");
			}
		}
		else if (c < 0x20)
			return perr(p, pos, OCOP_E_SYNTAX, "control character (byte 0x%02X) in string", c);
		else
		{
			int			k = pg_encoding_mblen(PG_UTF8, s + pos);

			if ((size_t) k > end - pos ||
				!pg_utf8_islegal((const unsigned char *) s + pos, k))
				return perr(p, pos, OCOP_E_SYNTAX, "invalid UTF-8 byte sequence in string");
			memcpy(buf + n, s + pos, (size_t) k);
			n += (size_t) k;
			pos += (size_t) k;
		}
	}
	if (n > p->lim->max_string)
		return perr(p, end + 1, OCOP_E_LIMIT, "string of %zu bytes is longer than the limit of %zu bytes",
					n, p->lim->max_string);
	buf[n] = '\0';
	*out = buf;
	*outlen = n;
	return true;
}

#define MAX_EXPONENT 1000

/*
 * The number starting at byte q, in the canonical form numeric prints (our
 * rule, see json_core.h).  For a token PostgreSQL's lexer accepted, *endp is
 * its end; for a refused one this finds the longest number the grammar takes
 * there (then the caller lexes on from *endp) or the fault.
 */
static OcopJson *
parse_number(Parser *p, size_t q, OcopJson *v, size_t *endp)
{
	const char *s = p->s;
	size_t		i = q;
	bool		neg = false;
	size_t		int_start,
				int_len,
				frac_start = 0,
				frac_len = 0;
	long		exp = 0;
	long		pointpos,
				dscale;
	size_t		ndigits;
	char	   *out;
	size_t		n = 0;
	bool		allzero = true;

	if (i < p->len && s[i] == '-')
	{
		neg = true;
		i++;
	}
	int_start = i;
	if (i < p->len && s[i] == '0')
		i++;
	else if (i < p->len && s[i] >= '1' && s[i] <= '9')
		while (i < p->len && s[i] >= '0' && s[i] <= '9')
			i++;
	else
	{
		perr(p, i, OCOP_E_SYNTAX, "invalid number");
		return NULL;
	}
	int_len = i - int_start;
	if (i < p->len && s[i] == '.')
	{
		i++;
		frac_start = i;
		while (i < p->len && s[i] >= '0' && s[i] <= '9')
			i++;
		frac_len = i - frac_start;
		if (frac_len == 0)
		{
			perr(p, i, OCOP_E_SYNTAX, "invalid number: digits expected after \".\"");
			return NULL;
		}
	}
	if (i < p->len && (s[i] == 'e' || s[i] == 'E'))
	{
		bool		eneg = false;
		size_t		estart;

		i++;
		if (i < p->len && (s[i] == '+' || s[i] == '-'))
			eneg = s[i++] == '-';
		estart = i;
		while (i < p->len && s[i] >= '0' && s[i] <= '9')
		{
			if (exp <= MAX_EXPONENT)
				exp = exp * 10 + (s[i] - '0');
			i++;
		}
		if (i == estart)
		{
			perr(p, i, OCOP_E_SYNTAX, "invalid number: digits expected in exponent");
			return NULL;
		}
		if (exp > MAX_EXPONENT)
		{
			perr(p, q, OCOP_E_RANGE, "number exponent is out of range (at most %d)", MAX_EXPONENT);
			return NULL;
		}
		if (eneg)
			exp = -exp;
	}
	if (i - q > 1000)
	{
		perr(p, q, OCOP_E_LIMIT, "number is longer than 1000 characters");
		return NULL;
	}
	*endp = i;

	/* Digits D = int digits + frac digits; the point is after pointpos. */
	ndigits = int_len + frac_len;
	pointpos = (long) int_len + exp;
	dscale = (long) frac_len - exp;
	if (dscale < 0)
		dscale = 0;
	/* sign, integer digits (at least "0"), point and fraction digits, NUL */
	out = palloc(1 + (size_t) (pointpos > 0 ? pointpos : 1) + (dscale > 0 ? 1 + (size_t) dscale : 0) + 1);
#define DIGIT(k) ((size_t) (k) < int_len ? s[int_start + (k)] : \
				  ((size_t) (k) < ndigits ? s[frac_start + (k) - int_len] : '0'))
	for (size_t k = 0; k < ndigits; k++)
		if (DIGIT(k) != '0')
			allzero = false;
	if (neg && !allzero)
		out[n++] = '-';
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

static OcopJson *parse_value(Parser *p);

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

/* An array or object; the current token is its [ or {. */
static OcopJson *
parse_container(Parser *p, OcopJson *v, bool is_object)
{
	JsonTokenType close = is_object ? JSON_TOKEN_OBJECT_END : JSON_TOKEN_ARRAY_END;
	char		closec = is_object ? '}' : ']';
	size_t		count = 0;
	size_t		cap = 0;
	OcopJsonMember *members = NULL;
	OcopJson  **items = NULL;
	char		dbuf[32];

	if (p->depth >= p->lim->max_depth || p->depth >= OCOP_JSON_DEPTH_HARD_MAX)
	{
		perr(p, p->tpos, OCOP_E_LIMIT, "nesting is deeper than the limit of %d levels",
			 p->lim->max_depth < OCOP_JSON_DEPTH_HARD_MAX ? p->lim->max_depth : OCOP_JSON_DEPTH_HARD_MAX);
		return NULL;
	}
	p->depth++;
	p->path[p->depth - 1].key = NULL;
	p->path[p->depth - 1].keylen = 0;
	p->path[p->depth - 1].index = 0;
	next_token(p);
	if (p->tok != close)
	{
		for (;;)
		{
			const char *key = NULL;
			size_t		keylen = 0;
			OcopJson   *item;

			if (is_object)
			{
				if (p->tok != JSON_TOKEN_STRING &&
					!(p->tok == JSON_TOKEN_INVALID && p->s[p->tpos] == '"'))
				{
					perr(p, p->tpos, OCOP_E_SYNTAX, "expected a string key, found %s",
						 describe_byte(p, p->tpos, dbuf, sizeof(dbuf)));
					return NULL;
				}
				if (!decode_string(p, p->tpos, &key, &keylen))
					return NULL;
				if (p->tok == JSON_TOKEN_INVALID)
				{
					/* the lexer refused what our walk accepts: cannot be */
					ocop_err_set(p->err, OCOP_E_INTERNAL, "The JSON lexer refused a string at byte %zu.",
								 p->tpos + 1);
					return NULL;
				}
				p->path[p->depth - 1].key = key;
				p->path[p->depth - 1].keylen = keylen;
				next_token(p);
				if (p->tok != JSON_TOKEN_COLON)
				{
					perr(p, p->tpos, OCOP_E_SYNTAX, "expected \":\", found %s",
						 describe_byte(p, p->tpos, dbuf, sizeof(dbuf)));
					return NULL;
				}
				next_token(p);
			}
			else
				p->path[p->depth - 1].index = count;
			item = parse_value(p);
			if (item == NULL)
				return NULL;
			if (count == cap)
			{
				cap = cap ? 2 * cap : 8;
				if (is_object)
					members = members ? repalloc(members, cap * sizeof(OcopJsonMember))
						: palloc(cap * sizeof(OcopJsonMember));
				else
					items = items ? repalloc(items, cap * sizeof(OcopJson *))
						: palloc(cap * sizeof(OcopJson *));
			}
			if (is_object)
			{
				members[count].key = key;
				members[count].keylen = keylen;
				members[count].value = item;
			}
			else
				items[count] = item;
			count++;
			if (p->tok == JSON_TOKEN_COMMA)
			{
				next_token(p);
				continue;
			}
			if (p->tok == close)
				break;
			perr(p, p->tpos, OCOP_E_SYNTAX, "expected \",\" or \"%c\", found %s", closec,
				 describe_byte(p, p->tpos, dbuf, sizeof(dbuf)));
			return NULL;
		}
	}
	v->count = count;
	if (is_object)
	{
		v->kind = OCOP_JSON_OBJECT;
		v->members = members ? members : palloc(sizeof(OcopJsonMember));
		if (count > 1)
		{
			qsort(v->members, count, sizeof(OcopJsonMember), member_cmp);
			for (size_t i = 1; i < count; i++)
				if (member_cmp(&v->members[i - 1], &v->members[i]) == 0)
				{
					p->path[p->depth - 1].key = v->members[i].key;
					p->path[p->depth - 1].keylen = v->members[i].keylen;
					perr(p, p->tend, OCOP_E_SYNTAX, "duplicate object key");
					return NULL;
				}
		}
	}
	else
	{
		v->kind = OCOP_JSON_ARRAY;
		v->items = items ? items : palloc(sizeof(OcopJson *));
	}
	p->depth--;
	next_token(p);
	return v;
}

/* True and the length when text at pos starts with the literal. */
static bool
has_literal(const Parser *p, size_t pos, const char *lit, size_t *n)
{
	*n = strlen(lit);
	return p->len - pos >= *n && memcmp(p->s + pos, lit, *n) == 0;
}

/*
 * A value the lexer refused.  The rules read a literal or a number as far
 * as the grammar allows and judge what follows as the next token ("truex",
 * "01", "1x" are a value and then a bad byte); a string is walked for its
 * first fault; anything else is not a value.
 */
static OcopJson *
parse_refused_value(Parser *p, OcopJson *v)
{
	char		c = p->s[p->tpos];
	char		dbuf[32];
	size_t		n;

	if (c == '"')
	{
		if (decode_string(p, p->tpos, &v->str, &v->len))
			ocop_err_set(p->err, OCOP_E_INTERNAL, "The JSON lexer refused a string at byte %zu.",
						 p->tpos + 1);
		return NULL;
	}
	if (c == '-' || (c >= '0' && c <= '9'))
	{
		size_t		end;

		if (parse_number(p, p->tpos, v, &end) == NULL)
			return NULL;
		resume_at(p, end);
		return v;
	}
	if ((c == 't' && has_literal(p, p->tpos, "true", &n)) ||
		(c == 'f' && has_literal(p, p->tpos, "false", &n)) ||
		(c == 'n' && has_literal(p, p->tpos, "null", &n)))
	{
		v->kind = c == 't' ? OCOP_JSON_TRUE : c == 'f' ? OCOP_JSON_FALSE : OCOP_JSON_NULL;
		resume_at(p, p->tpos + n);
		return v;
	}
	perr(p, p->tpos, OCOP_E_SYNTAX, "expected a value, found %s",
		 describe_byte(p, p->tpos, dbuf, sizeof(dbuf)));
	return NULL;
}

/* A value starting at the current token; on return the token after it is current. */
static OcopJson *
parse_value(Parser *p)
{
	OcopJson   *v;
	char		dbuf[32];
	size_t		end;

	if (p->tok == JSON_TOKEN_END)
	{
		perr(p, p->len, OCOP_E_SYNTAX, "unexpected end of input, expected a value");
		return NULL;
	}
	v = palloc0(sizeof(OcopJson));
	switch (p->tok)
	{
		case JSON_TOKEN_OBJECT_START:
			return parse_container(p, v, true);
		case JSON_TOKEN_ARRAY_START:
			return parse_container(p, v, false);
		case JSON_TOKEN_STRING:
			v->kind = OCOP_JSON_STRING;
			if (!decode_string(p, p->tpos, &v->str, &v->len))
				return NULL;
			break;
		case JSON_TOKEN_NUMBER:
			if (parse_number(p, p->tpos, v, &end) == NULL)
				return NULL;
			break;
		case JSON_TOKEN_TRUE:
			v->kind = OCOP_JSON_TRUE;
			break;
		case JSON_TOKEN_FALSE:
			v->kind = OCOP_JSON_FALSE;
			break;
		case JSON_TOKEN_NULL:
			v->kind = OCOP_JSON_NULL;
			break;
		case JSON_TOKEN_INVALID:
			return parse_refused_value(p, v);
		default:
			perr(p, p->tpos, OCOP_E_SYNTAX, "expected a value, found %s",
				 describe_byte(p, p->tpos, dbuf, sizeof(dbuf)));
			return NULL;
	}
	next_token(p);
	return v;
}

OcopJson *
ocop_json_parse(const char *text, size_t len, const OcopJsonLimits *limits,
				   const char *path_root, OcopErr *err)
{
	Parser		p;
	OcopJson   *v;
	char		dbuf[32];

#if PG_VERSION_NUM >= 170000
	JsonLexContext lex;
#endif

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
#if PG_VERSION_NUM >= 170000
	p.lex = makeJsonLexContextCstringLen(&lex, text, len, PG_UTF8, false);
#else
	/* PostgreSQL 15 and 16 take an int length */
	if (len > (size_t) INT_MAX)
	{
		ocop_err_set(err, OCOP_E_LIMIT, "The input is %zu bytes long; the limit is %d bytes.",
					 len, INT_MAX);
		return NULL;
	}
	p.lex = makeJsonLexContextCstringLen(unconstify(char *, text), (int) len, PG_UTF8, false);
#endif
	next_token(&p);
	v = parse_value(&p);
	if (v != NULL && p.tok != JSON_TOKEN_END)
	{
		perr(&p, p.tpos, OCOP_E_SYNTAX, "unexpected %s after the end of the value",
			 describe_byte(&p, p.tpos, dbuf, sizeof(dbuf)));
		v = NULL;
	}
#if PG_VERSION_NUM >= 170000
	freeJsonLexContext(p.lex);
#else
	pfree(p.lex);
#endif
	return v;
}
