/*
 * epcis_hash_core.c -- GS1 CBV 2.0 EPCIS event hash IDs (no fmgr, no SQL, no
 * catalog access; built for the server and for frontend programs, as src/common is).  See
 * include/epcis_hash_core.h and doc/trace_chain.md.
 *
 * The algorithm is the one of GS1's reference implementation
 * (github.com/RalphTro/epcis-event-hash-generator), re-implemented from its
 * description and behaviour:
 *
 *  1. The event becomes a tree of (name, value, children) nodes: object
 *     members become children named by their key (a "prefix:name" key whose
 *     prefix the document's @context declares becomes "{IRI}name"), array
 *     items become repeated children of the array's key, scalars become
 *     values (strings as they are, numbers and literals as Python prints
 *     them).  Keys "#text", "comment" and "rdfs:comment" are dropped.  A
 *     bare string equal to the end ("-x" or "/x") of exactly one CBV / GS1
 *     vocabulary IRI of the event is replaced by that IRI (JSON-LD expansion).
 *  2. The tree is brought to the XML shape: "fooList" arrays become one
 *     "fooList" node with "foo" children, childEPCs become "childEPCs" with
 *     "epc" children, input/output/child quantities become "quantityElement";
 *     the items of bizTransactionList, sourceList and destinationList become
 *     (type, value) pairs.
 *  3. The pre-hash string is "eventType=<type>", then the fields of a fixed
 *     order (PROP_ORDER below, recursively, each field "name=value" and the
 *     values of a repeated field sorted), then user extensions, then every
 *     remaining field except recordTime, eventID, type and errorDeclaration,
 *     sorted.  Values are normalised: time fields to UTC with milliseconds,
 *     CBV URNs to web URIs, numbers, EPC and Digital Link URIs to canonical
 *     https://id.gs1.org/ URIs.
 *  4. The hash ID is ni:///sha-256;<hex SHA-256 of the UTF-8 string>?ver=CBV2.0.
 */

/* Built twice, as src/common is: see the Makefile, "Pure-C cores". */
#ifdef FRONTEND
#include "postgres_fe.h"
#else
#include "postgres.h"
#endif

#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "epcis_hash_core.h"
#include "ocop_scratch_core.h"
#include "ocop_hex_core.h"
#include "common/cryptohash.h"
#include "trace_chain_core.h"
#include "epcis_terms_data.h"

/* ------------------------------------------------------------------------
 * Strings
 */
typedef struct Str
{
	const char *s;
	size_t		n;
} Str;

/*
 * The string helpers below palloc (which never returns NULL) and take NULL as
 * input, returning NULL: the normaliser's "no result" is NULL.
 */
static char *
dupn(const char *s, size_t n)
{
	char	   *p;

	if (s == NULL)
		return NULL;
	p = palloc(n + 1);
	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

static bool
starts(const char *s, const char *prefix)
{
	return strncmp(s, prefix, strlen(prefix)) == 0;
}

static bool
is_digit(char c)
{
	return c >= '0' && c <= '9';
}

/* n ASCII digits at s (s NUL-terminated). */
static bool
digits(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!is_digit(s[i]))
			return false;
	return true;
}

static size_t
count_digits(const char *s)
{
	size_t		n = 0;

	while (is_digit(s[n]))
		n++;
	return n;
}

/* Python's "$" without MULTILINE: the end, or just before a final "\n". */
static bool
py_end(const char *s)
{
	return s[0] == '\0' || (s[0] == '\n' && s[1] == '\0');
}

/* Python s[start:end] with negative indices and clamping. */
static char *
py_slice(const char *s, long start, long end)
{
	long		n;

	if (s == NULL)
		return NULL;
	n = (long) strlen(s);

	if (start < 0)
		start += n;
	if (end < 0)
		end += n;
	if (start < 0)
		start = 0;
	if (end > n)
		end = n;
	if (start > n)
		start = n;
	if (end < start)
		end = start;
	return dupn(s + start, (size_t) (end - start));
}

static long
py_find(const char *s, const char *needle)
{
	const char *p = strstr(s, needle);

	return p ? (long) (p - s) : -1;
}

static char *
cat(const char *a, const char *b)
{
	size_t		na,
				nb;
	char	   *p;

	if (a == NULL || b == NULL)
		return NULL;
	na = strlen(a);
	nb = strlen(b);
	p = palloc(na + nb + 1);
	memcpy(p, a, na);
	memcpy(p + na, b, nb + 1);
	return p;
}

/* Python str.replace(old, new): every non-overlapping occurrence, left to right. */
static char *
replace_all(const char *s, const char *old, const char *new)
{
	size_t		no = strlen(old),
				nn = strlen(new),
				count = 0,
				n;
	const char *p;
	char	   *out,
			   *q;

	if (s == NULL)
		return NULL;
	n = strlen(s);
	for (p = strstr(s, old); p; p = strstr(p + no, old))
		count++;
	if (count == 0)
		return (char *) s;
	out = palloc(n + count * nn - count * no + 1);
	q = out;
	while ((p = strstr(s, old)) != NULL)
	{
		memcpy(q, s, (size_t) (p - s));
		q += p - s;
		memcpy(q, new, nn);
		q += nn;
		s = p + no;
	}
	strcpy(q, s);
	return out;
}

/* Decode one UTF-8 code point (input is valid UTF-8: the JSON parser checks). */
static uint32_t
utf8_at(const unsigned char *s, size_t *len)
{
	if (s[0] < 0x80)
	{
		*len = 1;
		return s[0];
	}
	if ((s[0] & 0xE0) == 0xC0)
	{
		*len = 2;
		return ((uint32_t) (s[0] & 0x1F) << 6) | (s[1] & 0x3F);
	}
	if ((s[0] & 0xF0) == 0xE0)
	{
		*len = 3;
		return ((uint32_t) (s[0] & 0x0F) << 12) | ((uint32_t) (s[1] & 0x3F) << 6) | (s[2] & 0x3F);
	}
	*len = 4;
	return ((uint32_t) (s[0] & 0x07) << 18) | ((uint32_t) (s[1] & 0x3F) << 12) |
		((uint32_t) (s[2] & 0x3F) << 6) | (s[3] & 0x3F);
}

/* Python's str.isspace() (Py_UNICODE_ISSPACE). */
static bool
py_space(uint32_t c)
{
	return (c >= 0x09 && c <= 0x0D) || (c >= 0x1C && c <= 0x20) || c == 0x85 ||
		c == 0xA0 || c == 0x1680 || (c >= 0x2000 && c <= 0x200A) ||
		c == 0x2028 || c == 0x2029 || c == 0x202F || c == 0x205F || c == 0x3000;
}

/* Python str.strip(): returns a new string (or s itself when nothing to strip). */
static const char *
py_strip(const char *s)
{
	const unsigned char *p = (const unsigned char *) s;
	size_t		n = strlen(s),
				start = 0,
				end = 0,
				i = 0;
	bool		any = false;

	/* start: first non-space; end: just after the last non-space */
	while (i < n)
	{
		size_t		l;
		uint32_t	c = utf8_at(p + i, &l);

		if (!py_space(c))
		{
			if (!any)
				start = i;
			any = true;
			end = i + l;
		}
		i += l;
	}
	if (!any)
		return "";
	if (start == 0 && end == n)
		return s;
	return dupn(s + start, end - start);
}

static bool
has_non_ascii(const char *s)
{
	for (; *s; s++)
		if ((unsigned char) *s >= 0x80)
			return true;
	return false;
}

/* The refusal of a value whose reference result cannot be reproduced. */
static bool
unreproducible(OcopErr *err, const char *what, const char *value)
{
	return ocop_err_set(err, OCOP_E_VALUE,
						"The %s \"%.200s\" cannot be hashed exactly as GS1's reference implementation does.",
						what, value);
}

/* ------------------------------------------------------------------------
 * Numbers (the reference's float(text) and str() of Python)
 */

/*
 * Python float() syntax (ASCII, already stripped): [sign] (digits ["." [digits]]
 * | "." digits) [(e|E) [sign] digits], digits with single "_" between digits;
 * or [sign] inf / infinity / nan in any case.  Returns 1 for a finite number
 * (written to buf without "_"), 2 for inf, 3 for nan, 0 otherwise.
 */
static int
py_float_syntax(const char *s, char *buf, size_t bufsize)
{
	size_t		o = 0,
				i = 0;
	int			ndig = 0;
	char		lower[16];

	if (s[i] == '+' || s[i] == '-')
		i++;
	if (strlen(s + i) < sizeof(lower))
	{
		size_t		k;

		for (k = 0; s[i + k]; k++)
			lower[k] = (s[i + k] >= 'A' && s[i + k] <= 'Z') ? (char) (s[i + k] + 32) : s[i + k];
		lower[k] = '\0';
		if (strcmp(lower, "inf") == 0 || strcmp(lower, "infinity") == 0)
			return 2;
		if (strcmp(lower, "nan") == 0)
			return 3;
	}
	i = 0;
	if (strlen(s) + 1 > bufsize)
		return 0;
#define DIGITS(counter) \
	do { \
		if (!is_digit(s[i])) break; \
		while (is_digit(s[i])) { buf[o++] = s[i++]; counter++; \
			if (s[i] == '_' && is_digit(s[i + 1])) i++; } \
	} while (0)
	if (s[i] == '+' || s[i] == '-')
		buf[o++] = s[i++];
	DIGITS(ndig);
	if (s[i] == '.')
	{
		buf[o++] = s[i++];
		DIGITS(ndig);
	}
	if (ndig == 0)
		return 0;
	if (s[i] == 'e' || s[i] == 'E')
	{
		int			nexp = 0;

		buf[o++] = s[i++];
		if (s[i] == '+' || s[i] == '-')
			buf[o++] = s[i++];
		DIGITS(nexp);
		if (nexp == 0)
			return 0;
	}
#undef DIGITS
	buf[o] = '\0';
	return s[i] == '\0' ? 1 : 0;
}

/* repr() of a finite, non-integral double: shortest round-trip digits. */
static void
py_repr(double x, char *out, size_t outsize)
{
	char		tmp[64];
	int			prec;
	char		digs[32];
	int			nd = 0,
				exp10;
	const char *p;
	bool		neg = x < 0;

	for (prec = 1; prec <= 17; prec++)
	{
		snprintf(tmp, sizeof(tmp), "%.*e", prec - 1, x);
		if (strtod(tmp, NULL) == x)
			break;
	}
	/* tmp: [-]d[.ddd]e[+-]xx */
	p = tmp + (neg ? 1 : 0);
	for (; *p && *p != 'e'; p++)
		if (is_digit(*p))
			digs[nd++] = *p;
	exp10 = atoi(p + 1);
	while (nd > 1 && digs[nd - 1] == '0')
		nd--;
	digs[nd] = '\0';
	if (exp10 >= -4 && exp10 < 16)
	{
		char		body[64];
		size_t		o = 0;

		if (exp10 < 0)
		{
			body[o++] = '0';
			body[o++] = '.';
			for (int k = 0; k < -exp10 - 1; k++)
				body[o++] = '0';
			for (int k = 0; k < nd; k++)
				body[o++] = digs[k];
		}
		else
		{
			for (int k = 0; k <= exp10; k++)
				body[o++] = k < nd ? digs[k] : '0';
			body[o++] = '.';
			if (nd > exp10 + 1)
				for (int k = exp10 + 1; k < nd; k++)
					body[o++] = digs[k];
			else
				body[o++] = '0';
		}
		body[o] = '\0';
		snprintf(out, outsize, "%s%s", neg ? "-" : "", body);
	}
	else
	{
		if (nd > 1)
			snprintf(out, outsize, "%s%c.%se%c%02d", neg ? "-" : "", digs[0], digs + 1,
					 exp10 < 0 ? '-' : '+', abs(exp10));
		else
			snprintf(out, outsize, "%s%ce%c%02d", neg ? "-" : "", digs[0],
					 exp10 < 0 ? '-' : '+', abs(exp10));
	}
}

/*
 * The reference's _try_format_numeric: float(text); an integral value is
 * printed as a Python int (exact decimal), another as repr(); a non-number
 * is returned unchanged; nan unchanged; inf makes the reference fail.
 */
const char *
epcis_format_number(const char *s, OcopErr *err)
{
	char	   *buf = palloc(strlen(s) + 1);
	char		out[400];
	int			kind;
	double		x;

	if (has_non_ascii(s))
	{
		/*
		 * Python's float() also reads non-ASCII decimal digits (Arabic-Indic,
		 * fullwidth, ...).  Refuse a value that would be a number if its
		 * non-ASCII characters were digits: whether they are needs Unicode's
		 * tables.
		 */
		char	   *t = palloc(strlen(s) + 1);
		size_t		o = 0,
					i = 0,
					n = strlen(s);
		while (i < n)
		{
			size_t		l;

			(void) utf8_at((const unsigned char *) s + i, &l);
			t[o++] = l > 1 ? '0' : s[i];
			i += l;
		}
		t[o] = '\0';
		if (py_float_syntax(t, buf, strlen(s) + 1) == 1)
			return unreproducible(err, "number-like value", s), NULL;
		return s;
	}
	kind = py_float_syntax(s, buf, strlen(s) + 1);
	if (kind == 0 || kind == 3)
		return s;
	if (kind == 2)
		return unreproducible(err, "infinite number", s), NULL;
	x = strtod(buf, NULL);
	if (isinf(x))
		return unreproducible(err, "infinite number", s), NULL;
	if (x == trunc(x))
	{
		if (x == 0)
			return "0";
		snprintf(out, sizeof(out), "%.0f", x);
	}
	else
		py_repr(x, out, sizeof(out));
	if (strcmp(out, s) == 0)
		return s;
	return dupn(out, strlen(out));
}

/* ------------------------------------------------------------------------
 * Timestamps (the reference's dateutil parse, astimezone(UTC), milliseconds)
 */
static int64_t
days_from_civil(int64_t y, int m, int d)
{
	y -= m <= 2;
	{
		int64_t		era = (y >= 0 ? y : y - 399) / 400;
		int64_t		yoe = y - era * 400;
		int64_t		doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
		int64_t		doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;

		return era * 146097 + doe - 719468;
	}
}

static void
civil_from_days(int64_t z, int64_t *y, int *m, int *d)
{
	int64_t		era,
				doe,
				yoe,
				doy,
				mp;

	z += 719468;
	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = z - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	*y = yoe + era * 400;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	*d = (int) (doy - (153 * mp + 2) / 5 + 1);
	*m = (int) (mp < 10 ? mp + 3 : mp - 9);
	*y += *m <= 2;
}

static int
num(const char *s, int n)
{
	int			v = 0;

	for (int i = 0; i < n; i++)
		v = v * 10 + (s[i] - '0');
	return v;
}

/*
 * YYYY-MM-DDTHH:MM[:SS[.fraction]](Z|+HH:MM|-HH:MM|+HHMM|+HH), a real date
 * and time; anything else is refused (dateutil reads far more, some of it
 * depending on the day and the machine's time zone).
 */
const char *
epcis_fix_timestamp(const char *s, OcopErr *err)
{
	int			Y,
				M,
				D,
				h,
				mi,
				sec = 0,
				usec = 0,
				off = 0,
				ms;
	const char *p = s;
	int64_t		days,
				t,
				y;
	int			mo,
				dd;
	static const int mdays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	char		out[40];

	if (*s == '\0')
		return "";
	if (!(digits(p, 4) && p[4] == '-' && digits(p + 5, 2) && p[7] == '-' &&
		  digits(p + 8, 2) && p[10] == 'T' && digits(p + 11, 2) && p[13] == ':' &&
		  digits(p + 14, 2)))
		return unreproducible(err, "timestamp", s), NULL;
	Y = num(p, 4);
	M = num(p + 5, 2);
	D = num(p + 8, 2);
	h = num(p + 11, 2);
	mi = num(p + 14, 2);
	p += 16;
	if (*p == ':')
	{
		if (!digits(p + 1, 2))
			return unreproducible(err, "timestamp", s), NULL;
		sec = num(p + 1, 2);
		p += 3;
		if (*p == '.')
		{
			int			nd = 0;

			p++;
			while (is_digit(*p))
			{
				if (nd < 6)
					usec = usec * 10 + (*p - '0');
				nd++;
				p++;
			}
			if (nd == 0)
				return unreproducible(err, "timestamp", s), NULL;
			for (; nd < 6; nd++)
				usec *= 10;
		}
	}
	if (*p == 'Z' && p[1] == '\0')
		off = 0;
	else if ((*p == '+' || *p == '-') && digits(p + 1, 2))
	{
		int			oh = num(p + 1, 2),
					om = 0;
		const char *q = p + 3;

		if (*q == ':' && digits(q + 1, 2))
		{
			om = num(q + 1, 2);
			q += 3;
		}
		else if (digits(q, 2))
		{
			om = num(q, 2);
			q += 2;
		}
		if (*q != '\0' || oh > 23 || om > 59)
			return unreproducible(err, "timestamp", s), NULL;
		off = (oh * 60 + om) * 60 * (*p == '-' ? -1 : 1);
	}
	else
		return unreproducible(err, "timestamp", s), NULL;
	if (Y < 1000 || M < 1 || M > 12 || D < 1 || h > 23 || mi > 59 || sec > 59 ||
		D > mdays[M - 1] + (M == 2 && ((Y % 4 == 0 && Y % 100 != 0) || Y % 400 == 0)))
		return unreproducible(err, "timestamp", s), NULL;
	/* Python's round(usec, -3): half to even on the millisecond */
	ms = usec / 1000;
	if (usec % 1000 > 500 || (usec % 1000 == 500 && ms % 2 == 1))
		ms++;
	if (ms == 1000)
		return unreproducible(err, "timestamp", s), NULL;	/* the reference fails */
	days = days_from_civil(Y, M, D);
	t = days * 86400 + h * 3600 + mi * 60 + sec - off;
	days = t >= 0 ? t / 86400 : -((-t + 86399) / 86400);
	t -= days * 86400;
	civil_from_days(days, &y, &mo, &dd);
	if (y < 1 || y > 9999)
		return unreproducible(err, "timestamp", s), NULL;
	snprintf(out, sizeof(out), "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ",
			 (int) y, mo, dd, (int) (t / 3600), (int) (t / 60 % 60), (int) (t % 60), ms);
	return dupn(out, strlen(out));
}

/* ------------------------------------------------------------------------
 * EPC URIs and GS1 Digital Link URIs to canonical GS1 Digital Link
 */

/* GS1 mod-10 check digit of a digit string. */
static char
check_digit(const char *k)
{
	size_t		n = strlen(k);
	int			sum = 0;

	for (size_t i = 0; i < n; i++)
	{
		int			d = k[n - 1 - i] - '0';

		sum += d * (i % 2 == 0 ? 3 : 1);
	}
	return (char) ('0' + (10 - sum % 10) % 10);
}

/* The reference's percent-encoding of ! ( ) * + , : */
static char *
pct_encode(const char *s)
{
	size_t		n;
	char	   *out,
			   *q;

	if (s == NULL)
		return NULL;
	n = strlen(s);
	out = q = palloc(3 * n + 1);
	for (; *s; s++)
	{
		const char *e = NULL;

		switch (*s)
		{
			case '!':
				e = "%21";
				break;
			case '(':
				e = "%28";
				break;
			case ')':
				e = "%29";
				break;
			case '*':
				e = "%2A";
				break;
			case '+':
				e = "%2B";
				break;
			case ',':
				e = "%2C";
				break;
			case ':':
				e = "%3A";
				break;
		}
		if (e)
		{
			memcpy(q, e, 3);
			q += 3;
		}
		else
			*q++ = *s;
	}
	*q = '\0';
	return out;
}

static bool
hexin(char c, const char *set)
{
	return c != '\0' && strchr(set, c) != NULL;
}

/*
 * Units of the EPC serial class: "%2[125-9A-Fa-f]" ... or one character of
 * [!')(*+,.0-9:;=A-Za-z_-].  Returns the number of units up to the end (or a
 * final "\n"), or -1 when something else comes.
 */
static long
epc_units(const char *s)
{
	long		n = 0;

	while (!py_end(s))
	{
		char		c = s[0];

		if (c == '%')
		{
			char		a = s[1],
						b = s[2];
			bool		ok;

			switch (a)
			{
				case '2':
					ok = hexin(b, "125679ABCDEFabcdef") || b == '8';
					break;
				case '3':
					ok = hexin(b, "0123456789ABCDEFabcdef");
					break;
				case '4':
					ok = hexin(b, "123456789ABCDEFabcdef");
					break;
				case '5':
					ok = hexin(b, "0123456789AaFf");
					break;
				case '6':
					ok = hexin(b, "123456789ABCDEFabcdef");
					break;
				case '7':
					ok = hexin(b, "0123456789Aa");
					break;
				default:
					ok = false;
			}
			if (!ok)
				return -1;
			s += 3;
		}
		else if (c != '\0' && (strchr("!')(*+,.:;=_-", c) || is_digit(c) ||
							   (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z')))
			s++;
		else
			return -1;
		n++;
	}
	return n;
}

/* The CPI class: "%2[3dfDF]" | "%3[0-9]" | "%4[1-9A-Fa-f]" | "%5[0-9Aa]" | [0-9A-Z-]; units up to stop. */
static long
cpi_units(const char *s, const char **end)
{
	long		n = 0;

	for (;;)
	{
		if (s[0] == '%')
		{
			char		a = s[1],
						b = s[2];
			bool		ok = (a == '2' && hexin(b, "3dfDF")) ||
				(a == '3' && is_digit(b)) ||
				(a == '4' && hexin(b, "123456789ABCDEFabcdef")) ||
				(a == '5' && hexin(b, "0123456789Aa"));

			if (!ok)
				break;
			s += 3;
		}
		else if (is_digit(s[0]) || (s[0] >= 'A' && s[0] <= 'Z') || s[0] == '-')
			s++;
		else
			break;
		n++;
	}
	*end = s;
	return n;
}

/* "C.R" with C (company prefix) 6-12 digits and R total-C digits; returns C's length or 0. */
static int
company_split(const char *s, int total)
{
	int			c = (int) count_digits(s);

	if (c < 6 || c > 12 || s[c] != '.')
		return 0;
	if (!digits(s + c + 1, (size_t) (total - c)))
		return 0;
	return c;
}

/*
 * "C.R", company prefix C of 6-12 digits and R of 12-C digits, as the
 * reference's patterns write it for SGLN, GRAI, GDTI, SGCN and PGLN: with a
 * 12-digit C, "C." (two_dots false) or "C.." (true).  Returns the offset just
 * after it, or 0.
 */
static int
company12(const char *s, bool two_dots)
{
	int			c = (int) count_digits(s);

	if (c < 6 || c > 12 || s[c] != '.')
		return 0;
	if (c == 12)
		return two_dots ? (s[13] == '.' ? 14 : 0) : 13;
	if (!digits(s + c + 1, (size_t) (12 - c)))
		return 0;
	return 13;
}

#define DL "https://id.gs1.org/"

static const char *
epc_normalise(const char *u)
{
	long		p = py_find(u, ".");
	char	   *company,
			   *ref,
			   *raw,
			   *r;
	char		cd[2] = {0, 0};
	int			c,
				off;

#define SL(a, b) py_slice(u, (a), (b))
#define GTIN_RAW(cstart) \
	(company = SL((cstart), p), ref = SL(p + 1, p + 1 + (13 - (long) strlen(company))), \
	 raw = cat(cat(SL(p + 1, p + 2), company), ref + (ref[0] ? 1 : 0)), \
	 cd[0] = check_digit(raw), cat(raw, cd))
#define RAW12(cstart) \
	(company = SL((cstart), p), ref = SL(p + 1, p + 1 + (12 - (long) strlen(company))), \
	 raw = cat(company, ref), cd[0] = check_digit(raw), cat(raw, cd))

	if (starts(u, "urn:epc:id:sgtin:"))
	{
		const char *s = u + 17;

		if ((c = company_split(s, 13)) && s[14] == '.')
		{
			long		k = epc_units(s + 15);

			if (k >= 1 && k <= 20)
				return cat(cat(DL "01/", GTIN_RAW(17)),
						   cat("/21/", pct_encode(SL(32, LONG_MAX))));
		}
		return NULL;
	}
	if (starts(u, "urn:epc:id:sscc:"))
	{
		const char *s = u + 16;

		if ((c = company_split(s, 17)) && py_end(s + 18))
		{
			company = SL(16, p);
			raw = cat(cat(SL(p + 1, p + 2), company), SL(p + 2, LONG_MAX));
			cd[0] = check_digit(raw);
			return cat(cat(DL "00/", raw), cd);
		}
		return NULL;
	}
	if (starts(u, "urn:epc:id:sgln:"))
	{
		const char *s = u + 16;

		if ((off = company12(s, false)) && s[off] == '.')
		{
			long		k = epc_units(s + off + 1);

			if (k >= 1 && k <= 20)
			{
				char	   *gln = RAW12(16);
				char	   *ext = SL(30, LONG_MAX);

				if (strcmp(ext, "0") == 0)
					return cat(DL "414/", gln);
				return cat(cat(DL "414/", gln), cat("/254/", pct_encode(ext)));
			}
		}
		return NULL;
	}
	if (starts(u, "urn:epc:id:grai:"))
	{
		const char *s = u + 16;

		if ((off = company12(s, true)) && s[off] == '.')
		{
			long		k = epc_units(s + off + 1);

			if (k >= 1 && k <= 16)
			{
				company = SL(16, p);
				ref = SL(p + 1, p + 1 + (12 - (long) strlen(company)));
				raw = cat(cat("0", company), ref);
				cd[0] = check_digit(raw);
				return cat(cat(cat(DL "8003/", raw), cd),
						   pct_encode(SL(30, LONG_MAX)));
			}
		}
		return NULL;
	}
	if (starts(u, "urn:epc:id:giai:"))
	{
		const char *s = u + 16;

		c = (int) count_digits(s);
		if (c >= 6 && c <= 12 && s[c] == '.')
		{
			long		k = epc_units(s + c + 1);

			if (k >= 1 && k <= 30 - c)
				return cat(cat(DL "8004/", SL(16, p)), pct_encode(SL(p + 1, LONG_MAX)));
		}
		return NULL;
	}
	if (starts(u, "urn:epc:id:gsrn:") || starts(u, "urn:epc:id:gsrnp:"))
	{
		bool		pp = starts(u, "urn:epc:id:gsrnp:");
		int			st = pp ? 17 : 16;
		const char *s = u + st;

		if ((c = company_split(s, 17)) && py_end(s + 18))
		{
			raw = cat(SL(st, p), SL(p + 1, LONG_MAX));
			cd[0] = check_digit(raw);
			return cat(cat(pp ? DL "8017/" : DL "8018/", raw), cd);
		}
		return NULL;
	}
	if (starts(u, "urn:epc:id:gdti:"))
	{
		const char *s = u + 16;

		if ((off = company12(s, true)))
		{
			long		k = epc_units(s + off);

			if (k >= 1 && k <= 20)
				return cat(cat(DL "253/", RAW12(16)), pct_encode(SL(30, LONG_MAX)));
		}
		return NULL;
	}
	if (starts(u, "urn:epc:id:cpi:"))
	{
		const char *s = u + 15;
		const char *e;

		c = (int) count_digits(s);
		if (c >= 6 && c <= 12 && s[c] == '.')
		{
			long		k = cpi_units(s + c + 1, &e);

			if (k >= 1 && k <= 30 - c && e[0] == '.')
			{
				size_t		nd = count_digits(e + 1);

				if (nd >= 1 && nd <= 12 && py_end(e + 1 + nd))
				{
					long		sep = (long) (strrchr(u, '.') - u);

					return cat(cat(DL "8010/", pct_encode(cat(SL(15, p), SL(p + 1, sep)))),
							   cat("/8011/", SL(sep + 1, LONG_MAX)));
				}
			}
		}
		return NULL;
	}
	if (starts(u, "urn:epc:id:sgcn:"))
	{
		const char *s = u + 16;

		if ((off = company12(s, false)) && s[off] == '.')
		{
			size_t		nd = count_digits(s + off + 1);

			if (nd >= 1 && nd <= 12 && py_end(s + off + 1 + nd))
				return cat(cat(DL "255/", RAW12(16)), SL(30, LONG_MAX));
		}
		return NULL;
	}
	if (starts(u, "urn:epc:id:ginc:"))
	{
		const char *s = u + 16;

		c = (int) count_digits(s);
		if (c >= 6 && c <= 12 && s[c] == '.')
		{
			long		k = epc_units(s + c + 1);

			if (k >= 1 && k <= 30 - c)
				return cat(cat(DL "401/", SL(16, p)), pct_encode(SL(p + 1, LONG_MAX)));
		}
		return NULL;
	}
	if (starts(u, "urn:epc:id:gsin:"))
	{
		const char *s = u + 16;

		if ((c = company_split(s, 16)) && py_end(s + 17))
		{
			raw = cat(SL(16, p), SL(p + 1, LONG_MAX));
			cd[0] = check_digit(raw);
			return cat(cat(DL "402/", raw), cd);
		}
		return NULL;
	}
	if (starts(u, "urn:epc:id:itip:"))
	{
		const char *s = u + 16;

		if ((c = company_split(s, 13)) && s[14] == '.' && digits(s + 15, 2) && s[17] == '.' &&
			digits(s + 18, 2) && s[20] == '.')
		{
			long		k = epc_units(s + 21);

			if (k >= 1 && k <= 20)
				return cat(cat(cat(DL "8006/", GTIN_RAW(16)),
									  cat(SL(31, 33), SL(34, 36))),
						   cat("/21/", pct_encode(SL(37, LONG_MAX))));
		}
		return NULL;
	}
	if (starts(u, "urn:epc:id:upui:"))
	{
		const char *s = u + 16;

		if ((c = company_split(s, 13)) && s[14] == '.')
		{
			long		k = epc_units(s + 15);

			if (k >= 1 && k <= 28)
				return cat(cat(DL "01/", GTIN_RAW(16)),
						   cat("/235/", pct_encode(SL(31, LONG_MAX))));
		}
		return NULL;
	}
	if (starts(u, "urn:epc:id:pgln:"))
	{
		const char *s = u + 16;

		if ((off = company12(s, false)) && py_end(s + off))
			return cat(DL "417/", RAW12(16));
		return NULL;
	}
	if (starts(u, "urn:epc:class:lgtin:"))
	{
		const char *s = u + 20;

		if ((c = company_split(s, 13)) && s[14] == '.')
		{
			long		k = epc_units(s + 15);

			if (k >= 1 && k <= 20)
				return cat(cat(DL "01/", GTIN_RAW(20)),
						   cat("/10/", pct_encode(SL(35, LONG_MAX))));
		}
		return NULL;
	}
	if (starts(u, "urn:epc:idpat:sgtin:"))
	{
		const char *s = u + 20;

		if ((c = company_split(s, 13)) && s[14] == '.' && s[15] == '*' && py_end(s + 16))
			return cat(DL "01/", GTIN_RAW(20));
		return NULL;
	}
	if (starts(u, "urn:epc:idpat:grai:") || starts(u, "urn:epc:idpat:gdti:") ||
		starts(u, "urn:epc:idpat:sgcn:"))
	{
		const char *s = u + 19;

		if ((off = company12(s, true)) && s[off] == '.' && s[off + 1] == '*' && py_end(s + off + 2))
		{
			if (starts(u, "urn:epc:idpat:grai:"))
			{
				company = SL(19, p);
				ref = SL(p + 1, p + 1 + (12 - (long) strlen(company)));
				raw = cat(cat("0", company), ref);
				cd[0] = check_digit(raw);
				return cat(cat(DL "8003/", raw), cd);
			}
			r = RAW12(19);
			return cat(starts(u, "urn:epc:idpat:gdti:") ? DL "253/" : DL "255/", r);
		}
		return NULL;
	}
	if (starts(u, "urn:epc:idpat:cpi:"))
	{
		const char *s = u + 18;
		const char *e;

		c = (int) count_digits(s);
		if (c >= 6 && c <= 12 && s[c] == '.')
		{
			long		k = cpi_units(s + c + 1, &e);

			if (k >= 1 && k <= 30 - c && e[0] == '.' && e[1] == '*' && py_end(e + 2))
			{
				long		sep = (long) (strrchr(u, '.') - u);

				return cat(DL "8010/", pct_encode(cat(SL(18, p), SL(p + 1, sep))));
			}
		}
		return NULL;
	}
	if (starts(u, "urn:epc:idpat:itip:"))
	{
		const char *s = u + 19;

		if ((c = company_split(s, 13)) && s[14] == '.' && digits(s + 15, 2) && s[17] == '.' &&
			digits(s + 18, 2) && s[20] == '.' && s[21] == '*' && py_end(s + 22))
			return cat(cat(DL "8006/", GTIN_RAW(19)), cat(SL(34, 36), SL(37, 39)));
		return NULL;
	}
	if (starts(u, "urn:epc:idpat:upui:"))
	{
		const char *s = u + 19;

		if ((c = company_split(s, 13)) && s[14] == '.' && s[15] == '*' && py_end(s + 16))
			return cat(DL "01/", GTIN_RAW(19));
		return NULL;
	}
#undef SL
#undef GTIN_RAW
#undef RAW12
	return (const char *) -1;	/* not an EPC URI: try Digital Link */
}

/* The character class of the reference's Digital Link value checks. */
static bool
dlc(char c)
{
	return c == '"' || c == '\'' || c == '-' || c == '.' || is_digit(c) ||
		(c >= ';' && c <= '?') || (c >= 'A' && c <= 'Z') || c == '_' || (c >= 'a' && c <= 'z');
}

/* At most max characters of dlc (or also '/' with slash) then the end. */
static bool
dlc_to_end(const char *s, int max, bool slash)
{
	int			n = 0;

	while (*s && (dlc(*s) || (slash && *s == '/')))
	{
		s++;
		n++;
	}
	return n <= max && py_end(s);
}

/* "https://id?gs1?org/" (the reference's unescaped dots): the offset after it, or 0. */
static size_t
dl_host(const char *u)
{
	if (!starts(u, "https://id") || u[10] == '\0' || u[10] == '\n' ||
		strncmp(u + 11, "gs1", 3) != 0 || u[14] == '\0' || u[14] == '\n' ||
		strncmp(u + 15, "org/", 4) != 0)
		return 0;
	return 19;
}

static const char *const dl_gate_keys[] = {
	"01", "gtin", "8006", "itip", "8010", "cpid", "414", "gln", "417", "party", "8017",
	"gsrnp", "8018", "gsrn", "255", "gcn", "00", "sscc", "253", "gdti", "401", "ginc",
	"402", "gsin", "8003", "grai", "8004", "giai", NULL
};

static const char *const dl_canon_keys[] = {
	"01", "8006", "8010", "414", "417", "8017", "8018", "255", "00", "253", "401", "402",
	"8003", "8004", NULL
};

/* "KEY/" + 4 digits + one character other than '/' at s, for one of keys. */
static bool
key_then_value(const char *s, const char *const *keys)
{
	for (int k = 0; keys[k]; k++)
	{
		size_t		n = strlen(keys[k]);

		if (strncmp(s, keys[k], n) == 0 && s[n] == '/' && digits(s + n + 1, 4) &&
			s[n + 5] != '\0' && s[n + 5] != '/')
			return true;
	}
	return false;
}

static bool
dl_gate(const char *u)
{
	const char *r;

	if (starts(u, "https:"))
		r = u + 6;
	else if (starts(u, "http:"))
		r = u + 5;
	else
		return false;
	/* [^?#]* "/" KEY "/" \d{4} [^/]+ */
	for (const char *q = r; *q && *q != '?' && *q != '#'; q++)
		if (*q == '/' && key_then_value(q + 1, dl_gate_keys))
			return true;
	/* ("//" [^/?#]*)? "/" [A-Za-z_-]{10} $ */
	{
		const char *q = r;

		if (q[0] == '/' && q[1] == '/')
		{
			const char *x = q + 2;

			while (*x && *x != '/' && *x != '?' && *x != '#')
				x++;
			if (*x == '/')
			{
				int			n = 0;
				const char *y = x + 1;

				while ((*y >= 'A' && *y <= 'Z') || (*y >= 'a' && *y <= 'z') || *y == '_' || *y == '-')
					y++, n++;
				if (n == 10 && py_end(y))
					return true;
			}
		}
		if (q[0] == '/')
		{
			int			n = 0;
			const char *y = q + 1;

			while ((*y >= 'A' && *y <= 'Z') || (*y >= 'a' && *y <= 'z') || *y == '_' || *y == '-')
				y++, n++;
			if (n == 10 && py_end(y))
				return true;
		}
	}
	return false;
}

/* The final syntax check of the reference's normaliser. */
static bool
dl_valid(const char *u)
{
	size_t		h = dl_host(u);
	const char *s;

	if (h == 0)
		return false;
	s = u + h;
	if (starts(s, "00/"))
		return digits(s + 3, 18) && py_end(s + 21);
	if (starts(s, "01/"))
	{
		const char *v = s + 3;

		if (!digits(v, 14))
			return false;
		v += 14;
		if (py_end(v))
			return true;
		if (starts(v, "/21/") || starts(v, "/10/"))
			return dlc_to_end(v + 4, 20, false);
		if (starts(v, "/235/"))
			return dlc_to_end(v + 5, 28, false);
		return false;
	}
	if (starts(s, "253/"))
		return digits(s + 4, 13) && dlc_to_end(s + 17, 17, false);
	if (starts(s, "255/"))
	{
		size_t		n = count_digits(s + 4);

		return n >= 13 && n <= 25 && py_end(s + 4 + n);
	}
	if (starts(s, "401/"))
		return dlc_to_end(s + 4, 30, false);
	if (starts(s, "402/"))
		return digits(s + 4, 17) && py_end(s + 21);
	if (starts(s, "414/"))
		return digits(s + 4, 13) && (py_end(s + 17) || (starts(s + 17, "/254/") && dlc_to_end(s + 22, 20, false)));
	if (starts(s, "417/"))
		return digits(s + 4, 13) && py_end(s + 17);
	if (starts(s, "8003/"))
		return digits(s + 5, 14) && dlc_to_end(s + 19, 16, false);
	if (starts(s, "8004/"))
		return dlc_to_end(s + 5, 30, false);
	if (starts(s, "8006/"))
	{
		const char *v = s + 5;

		if (!digits(v, 18))
			return false;
		v += 18;
		if (py_end(v))
			return true;
		if (starts(v, "/21/") || starts(v, "/10/"))
			return dlc_to_end(v + 4, 20, false);
		return false;
	}
	if (starts(s, "8010/"))
	{
		/* [#-/0-9A-Z]{0,30} ("/8011/" \d{0,12})? $ */
		const char *v = s + 5;
		size_t		n = 0;

		while (v[n] == '#' || v[n] == '-' || v[n] == '/' || is_digit(v[n]) || (v[n] >= 'A' && v[n] <= 'Z'))
			n++;
		if (n <= 30 && py_end(v + n))
			return true;
		for (size_t i = 0; i <= n && i <= 30; i++)
			if (strncmp(v + i, "/8011/", 6) == 0)
			{
				bool		cls = true;

				for (size_t j = 0; j < i; j++)
					if (!(v[j] == '#' || v[j] == '-' || v[j] == '/' || is_digit(v[j]) || (v[j] >= 'A' && v[j] <= 'Z')))
						cls = false;
				if (cls)
				{
					size_t		nd = count_digits(v + i + 6);

					if (nd <= 12 && py_end(v + i + 6 + nd))
						return true;
				}
			}
		return false;
	}
	if (starts(s, "8017/") || starts(s, "8018/"))
		return digits(s + 5, 18) && py_end(s + 23);
	return false;
}

/* "<host>KEY/" + n digits exactly + "/22/" + class{0,20}$ (cpv checks). */
static bool
dl_cpv(const char *u, bool slash)
{
	size_t		h = dl_host(u);
	const char *s;

	if (h == 0)
		return false;
	s = u + h;
	if (starts(s, "8006/") && digits(s + 5, 18) && starts(s + 23, "/22/"))
		return dlc_to_end(s + 27, 20, slash);
	if (starts(s, "01/") && digits(s + 3, 14) && starts(s + 17, "/22/"))
		return dlc_to_end(s + 21, 20, slash);
	return false;
}

/* "<host>KEY/" digits "/10/" class{0,20} "/21/" class{0,20} $ */
static bool
dl_lot_serial(const char *u)
{
	size_t		h = dl_host(u);
	const char *s,
			   *v;

	if (h == 0)
		return false;
	s = u + h;
	if (starts(s, "8006/") && digits(s + 5, 18))
		v = s + 23;
	else if (starts(s, "01/") && digits(s + 3, 14))
		v = s + 17;
	else
		return false;
	if (!starts(v, "/10/"))
		return false;
	v += 4;
	{
		int			n = 0;

		while (dlc(*v))
			v++, n++;
		if (n > 20 || !starts(v, "/21/"))
			return false;
	}
	return dlc_to_end(v + 4, 20, false);
}

static const char *
dl_normalise_uri(const char *u)
{
	static const char *const shorts[][2] = {
		{"/gtin/", "/01/"}, {"/itip/", "/8006/"}, {"/cpid/", "/8010/"}, {"/gln/", "/414/"},
		{"/party/", "/417/"}, {"/gsrnp/", "/8017/"}, {"/gsrn/", "/8018/"}, {"/gcn/", "/255/"},
		{"/sscc/", "/00/"}, {"/gdti/", "/253/"}, {"/ginc/", "/401/"}, {"/gsin/", "/402/"},
		{"/grai/", "/8003/"}, {"/giai/", "/8004/"}, {"/cpv/", "/22/"}, {"/lot/", "/10/"},
		{"/ser/", "/21/"}
	};
	static const char *const order[] = {
		"/00/", "/01/", "/253/", "/255/", "/401/", "/402/", "/414/", "/417/", "/8003/",
		"/8004/", "/8006/", "/8010/", "/8017/", "/8018/", NULL
	};
	char	   *uri;
	long		q;

	if (!dl_gate(u))
		return NULL;
	q = py_find(u, "?");
	uri = q >= 0 ? py_slice(u, 0, q) : (char *) u;
	for (size_t i = 0; uri && i < sizeof(shorts) / sizeof(shorts[0]); i++)
		uri = replace_all(uri, shorts[i][0], shorts[i][1]);
	if (uri == NULL)
		return NULL;
	/* canonical domain */
	{
		size_t		h = dl_host(uri);

		if (!(h && key_then_value(uri + h, dl_canon_keys)))
			for (int k = 0; order[k]; k++)
			{
				long		f = py_find(uri, order[k]);

				if (f >= 0)
				{
					uri = cat("https://id.gs1.org", uri + f);
					break;
				}
			}
	}
	if (uri == NULL)
		return NULL;
	/* GTIN to 14 digits */
	{
		size_t		h = dl_host(uri);

		if (h && starts(uri + h, "01/"))
		{
			size_t		n = count_digits(uri + h + 3);

			if (n == 13)
				uri = replace_all(uri, "/01/", "/01/0");
			else if (n == 12)
				uri = replace_all(uri, "/01/", "/01/00");
			else if (n >= 8 && n < 12)
				uri = replace_all(uri, "/01/", "/01/000000");
		}
	}
	if (uri == NULL)
		return NULL;
	/* CPV removed */
	{
		long		f = py_find(uri, "/22/");
		char	   *x = py_slice(uri, f + 4, LONG_MAX);

		if (x == NULL)
			return NULL;
		if (dl_cpv(uri, false))
		{
			long		xs = py_find(x, "/");

			uri = cat(py_slice(uri, 0, py_find(uri, "/22/")), py_slice(x, xs, -1));
		}
		if (uri && dl_cpv(uri, true))
		{
			long		xs = py_find(x, "/");

			uri = cat(py_slice(uri, 0, py_find(uri, "/22/")), py_slice(x, xs, LONG_MAX));
		}
	}
	if (uri == NULL)
		return NULL;
	/* lot dropped when a serial is there */
	if (dl_lot_serial(uri))
	{
		long		f = py_find(uri, "/10/");
		char	   *y = py_slice(uri, f + 4, LONG_MAX);

		if (y == NULL)
			return NULL;
		uri = cat(py_slice(uri, 0, f), py_slice(y, py_find(y, "/"), LONG_MAX));
	}
	if (uri == NULL)
		return NULL;
	return dl_valid(uri) ? uri : NULL;
}

/*
 * The reference's normaliser: an EPC URI, EPC class or pattern URI, or GS1
 * Digital Link URI to a canonical Digital Link URI; NULL for anything else.
 */
const char *
epcis_dl_normalise(const char *s, OcopErr *err)
{
	const char *r;

	if (strchr(s, '.') == NULL)
		return NULL;
	if (starts(s, "urn:epc:") || starts(s, "http:") || starts(s, "https:"))
	{
		const char *q = strchr(s, '?');
		bool		nonascii = false;

		/* Python's \d also matches non-ASCII digits; the query part is cut */
		for (const char *c = s; *c && (q == NULL || c < q); c++)
			if ((unsigned char) *c >= 0x80)
				nonascii = true;
		if (nonascii)
			return unreproducible(err, "identifier with non-ASCII characters", s), NULL;
	}
	r = epc_normalise(s);
	if (r == (const char *) -1)
		r = dl_normalise_uri(s);
	return r;
}

/* The reference's _canonize_value: CBV URNs to web URIs, numbers, identifiers. */
const char *
epcis_canonize_value(const char *s, OcopErr *err)
{
	static const char *const urns[][2] = {
		{"urn:epcglobal:cbv:bizstep:", "https://ref.gs1.org/cbv/BizStep-"},
		{"urn:epcglobal:cbv:disp:", "https://ref.gs1.org/cbv/Disp-"},
		{"urn:epcglobal:cbv:btt:", "https://ref.gs1.org/cbv/BTT-"},
		{"urn:epcglobal:cbv:sdt:", "https://ref.gs1.org/cbv/SDT-"},
		{"urn:epcglobal:cbv:er:", "https://ref.gs1.org/cbv/ER-"}
	};
	const char *t = s,
			   *d;

	for (int i = 0; i < 5 && t; i++)
		t = replace_all(t, urns[i][0], urns[i][1]);
	if (err)
		err->code = OCOP_E_OK;
	t = epcis_format_number(t, err);
	if (t == NULL)
		return NULL;
	d = epcis_dl_normalise(t, err);
	if (d == NULL && err && err->code != OCOP_E_OK)
		return NULL;
	return d ? d : t;
}

/* ------------------------------------------------------------------------
 * The event tree
 */
typedef struct Node Node;
struct Node
{
	const char *name;			/* NULL for a (type, value) pair */
	const char *value;
	Node	  **kids;
	size_t		n,
				cap;
	bool		removed;		/* scratch: consumed by the ordered part */
};

typedef struct Ns
{
	const char *prefix;
	const char *iri;
} Ns;

typedef struct Ctx
{
	OcopErr    *err;
	Ns		   *ns;
	size_t		nns;
	int			ctx_mode;		/* CTX_* below */
	const char **vocab;			/* expanded CBV / GS1 IRIs of the event */
	size_t		nvocab,
				capvocab;
	bool		failed;
} Ctx;

static Node *
node_new(Ctx *c, const char *name, const char *value)
{
	Node	   *n = palloc0(sizeof(Node));

	(void) c;					/* kept: every tree builder takes the context */
	n->name = name;
	n->value = value ? value : "";
	return n;
}

static bool
node_add(Ctx *c, Node *parent, Node *kid)
{
	(void) c;
	if (kid == NULL)
		return false;
	if (parent->n == parent->cap)
	{
		size_t		cap = parent->cap ? 2 * parent->cap : 4;
		Node	  **k = palloc(cap * sizeof(Node *));

		if (parent->n)
			memcpy(k, parent->kids, parent->n * sizeof(Node *));
		parent->kids = k;
		parent->cap = cap;
	}
	parent->kids[parent->n++] = kid;
	return true;
}

/* Python tuple order of (name, value, children). */
static int
node_cmp(const Node *a, const Node *b)
{
	int			r;

	if (a->name == NULL || b->name == NULL)
		return (a->name == NULL) - (b->name == NULL);
	if ((r = strcmp(a->name, b->name)) != 0)
		return r;
	if ((r = strcmp(a->value, b->value)) != 0)
		return r;
	for (size_t i = 0; i < a->n && i < b->n; i++)
		if ((r = node_cmp(a->kids[i], b->kids[i])) != 0)
			return r;
	return (a->n > b->n) - (a->n < b->n);
}

static int
node_qcmp(const void *a, const void *b)
{
	return node_cmp(*(Node *const *) a, *(Node *const *) b);
}

/* A stable sort (Python's sort is stable; equal nodes are interchangeable, but keep it exact). */
static void
node_sort(Node **v, size_t n)
{
	for (size_t i = 1; i < n; i++)
	{
		Node	   *x = v[i];
		size_t		j = i;

		if (n > 16)
			break;
		while (j > 0 && node_cmp(v[j - 1], x) > 0)
		{
			v[j] = v[j - 1];
			j--;
		}
		v[j] = x;
	}
	if (n > 16)
		qsort(v, n, sizeof(Node *), node_qcmp);
}

static const char *
ns_lookup(Ctx *c, const char *prefix, size_t len)
{
	const char *r = NULL;

	for (size_t i = 0; i < c->nns; i++)
		if (strlen(c->ns[i].prefix) == len && memcmp(c->ns[i].prefix, prefix, len) == 0)
			r = c->ns[i].iri;	/* the last declaration wins */
	return r;
}

/* "p:rest" with p declared: key -> "{IRI}rest", value -> "IRIrest" (braces of IRI dropped). */
static const char *
ns_replace(Ctx *c, const char *text, bool is_value)
{
	const char *colon = strchr(text, ':');
	const char *iri;
	char	   *out;

	if (colon == NULL || (iri = ns_lookup(c, text, (size_t) (colon - text))) == NULL)
		return text;
	if (is_value)
	{
		size_t		n = 0;

		out = palloc(strlen(iri) + strlen(colon + 1) + 1);
		for (const char *p = iri; *p; p++)
			if (*p != '{' && *p != '}')
				out[n++] = *p;
		strcpy(out + n, colon + 1);
		return out;
	}
	out = palloc(strlen(iri) + strlen(colon + 1) + 3);
	sprintf(out, "{%s}%s", iri, colon + 1);
	return out;
}

static const char *
jstr(Ctx *c, const OcopJson *v)
{
	(void) c;
	return dupn(v->str, v->len);
}

static bool
key_eq(const OcopJsonMember *m, const char *k)
{
	return m->keylen == strlen(k) && memcmp(m->key, k, m->keylen) == 0;
}

/* JSON-LD expansion of bare vocabulary strings: replace when exactly one IRI ends with "-s" or "/s". */
static const char *
bare_replace(Ctx *c, const char *s)
{
	const char *hit = NULL;
	size_t		n;
	int			hits = 0;

	if (s == NULL)
		return NULL;
	n = strlen(s);

	for (size_t i = 0; i < c->nvocab; i++)
	{
		const char *v = c->vocab[i];
		size_t		vn = strlen(v);

		if (vn > n && (v[vn - n - 1] == '-' || v[vn - n - 1] == '/') && strcmp(v + vn - n, s) == 0)
		{
			hits++;
			hit = v;
		}
	}
	return hits == 1 ? hit : s;
}

/* Python str() of a JSON scalar. */
static const char *
scalar_text(Ctx *c, const OcopJson *v)
{
	switch (v->kind)
	{
		case OCOP_JSON_NULL:
			return "None";
		case OCOP_JSON_TRUE:
			return "True";
		case OCOP_JSON_FALSE:
			return "False";
		case OCOP_JSON_NUMBER:
			{
				const char *s = jstr(c, v);
				const char *r;

				if (s == NULL)
					return NULL;
				/* an integer stays as it is; a float is printed by repr() */
				if (strpbrk(s, ".eE") == NULL)
					return s;
				r = epcis_format_number(s, c->err);
				if (r == NULL)
					c->failed = true;
				else if (strpbrk(r, ".e") == NULL)
					r = cat(r, ".0");
				return r;
			}
		case OCOP_JSON_STRING:
			{
				const char *s = jstr(c, v);

				if (s == NULL)
					return NULL;
				return ns_replace(c, bare_replace(c, s), true);
			}
		default:
			return "";
	}
}

static bool
is_sbd(const char *k)
{
	return strcmp(k, "bizTransaction") == 0 || strcmp(k, "source") == 0 || strcmp(k, "destination") == 0;
}

static Node *to_node(Ctx *c, const OcopJson *v, int depth);

/* An object member with a renamed key (stored events) -- see json_for_stored. */
static Node *
object_node(Ctx *c, const OcopJson *v, int depth)
{
	Node	   *n;
	const OcopJson *type = ocop_json_get(v, "type");
	const OcopJson *text = ocop_json_get(v, "#text");
	bool		no_sort = false;
	size_t		order[64];
	size_t	   *ord = order;
	size_t		no = 0;

	if (type && type->kind != OCOP_JSON_STRING)
	{
		c->failed = true;
		unreproducible(c->err, "non-string \"type\"", "");
		return NULL;
	}
	if (text && text->kind != OCOP_JSON_STRING)
	{
		c->failed = true;
		unreproducible(c->err, "non-string \"#text\"", "");
		return NULL;
	}
	n = node_new(c, type ? bare_replace(c, jstr(c, type)) : "", text ? bare_replace(c, jstr(c, text)) : "");
	if (n == NULL || c->failed)
		return NULL;
	for (size_t i = 0; i < v->count; i++)
		if (key_eq(&v->members[i], "bizTransaction") || key_eq(&v->members[i], "source") ||
			key_eq(&v->members[i], "destination"))
			no_sort = true;
	/*
	 * Member order: the reference keeps document order in the objects it does
	 * not sort (bizTransaction, source, destination items), where "type" comes
	 * first in practice; jsonb has lost the document order, so "type" goes
	 * first and the rest by key.
	 */
	if (v->count > sizeof(order) / sizeof(order[0]))
	{
		ord = palloc(v->count * sizeof(size_t));
	}
	for (size_t i = 0; i < v->count; i++)
		if (key_eq(&v->members[i], "type"))
			ord[no++] = i;
	for (size_t i = 0; i < v->count; i++)
		if (!key_eq(&v->members[i], "type"))
			ord[no++] = i;
	for (size_t k = 0; k < no; k++)
	{
		const OcopJsonMember *m = &v->members[ord[k]];
		const char *key;
		Node	   *child;

		if (key_eq(m, "#text") || key_eq(m, "rdfs:comment") || key_eq(m, "comment"))
			continue;
		if (m->keylen >= 6 && memcmp(m->key, "@xmlns", 6) == 0)
		{
			c->failed = true;
			unreproducible(c->err, "key", "@xmlns");
			return NULL;
		}
		child = to_node(c, m->value, depth + 1);
		if (child == NULL)
			return NULL;
		key = dupn(m->key, m->keylen);
		key = ns_replace(c, key, false);
		if (key == NULL)
			return NULL;
		if (m->value->kind == OCOP_JSON_ARRAY)
		{
			for (size_t i = 0; i < child->n; i++)
			{
				Node	   *e = node_new(c, key, child->kids[i]->value);

				if (e == NULL)
					return NULL;
				e->kids = child->kids[i]->kids;
				e->n = child->kids[i]->n;
				e->cap = child->kids[i]->cap;
				if (!node_add(c, n, e))
					return NULL;
			}
		}
		else
		{
			child->name = key;
			if (!node_add(c, n, child))
				return NULL;
		}
	}
	if (!no_sort)
		node_sort(n->kids, n->n);
	return n;
}

static Node *
to_node(Ctx *c, const OcopJson *v, int depth)
{
	if (depth > EPCIS_HASH_MAX_DEPTH + 2)
	{
		c->failed = true;
		ocop_err_set(c->err, OCOP_E_LIMIT, "The event is nested more than %d levels deep.",
					 EPCIS_HASH_MAX_DEPTH);
		return NULL;
	}
	if (v->kind == OCOP_JSON_OBJECT)
		return object_node(c, v, depth);
	if (v->kind == OCOP_JSON_ARRAY)
	{
		Node	   *n = node_new(c, "", "");
		bool		no_sort = false;

		if (n == NULL)
			return NULL;
		for (size_t i = 0; i < v->count; i++)
		{
			if (v->items[i]->kind == OCOP_JSON_STRING)
			{
				const char *s = jstr(c, v->items[i]);

				if (s && is_sbd(s))
					no_sort = true;
			}
			if (!node_add(c, n, to_node(c, v->items[i], depth + 1)))
				return NULL;
		}
		if (!no_sort)
			node_sort(n->kids, n->n);
		return n;
	}
	{
		const char *s = scalar_text(c, v);

		if (s == NULL)
			return NULL;
		return node_new(c, "", s);
	}
}

/* ------------------------------------------------------------------------
 * The XML shape (the reference's deep_structure_correction)
 */
static bool
ends_with_list(const char *s)
{
	size_t		n = strlen(s);

	return n >= 4 && strcmp(s + n - 4, "List") == 0;
}

static bool
is_pair_list(const char *s)
{
	return strcmp(s, "sourceList") == 0 || strcmp(s, "destinationList") == 0 ||
		strcmp(s, "bizTransactionList") == 0;
}

static bool
restructure(Ctx *c, Node *n)
{
	Node	  **keep;
	size_t		nkeep = 0;
	Node	  **groups;
	size_t		ngroups = 0;
	Node	   *child_epcs = NULL;

	if (n->n > 0)
	{
		keep = palloc(n->n * sizeof(Node *));
		groups = palloc(n->n * sizeof(Node *));
		/* "xList" children -> one "xList" node of "x" children, in order of first appearance */
		for (size_t i = 0; i < n->n; i++)
		{
			Node	   *k = n->kids[i];
			Node	   *g = NULL;

			if (k->name == NULL || !ends_with_list(k->name))
			{
				keep[nkeep++] = k;
				continue;
			}
			for (size_t j = 0; j < ngroups; j++)
				if (strcmp(groups[j]->name, k->name) == 0)
					g = groups[j];
			if (g == NULL)
			{
				if (ngroups >= EPCIS_HASH_MAX_LISTS)
				{
					c->failed = true;
					return ocop_err_set(c->err, OCOP_E_LIMIT,
										"An element of the event has more than %d different \"...List\" fields.",
										EPCIS_HASH_MAX_LISTS);
				}
				g = node_new(c, k->name, "");
				if (g == NULL)
					return false;
				groups[ngroups++] = g;
			}
			if (is_pair_list(k->name))
			{
				Node	   *pair;

				if (k->n < 2)
				{
					c->failed = true;
					return ocop_err_set(c->err, OCOP_E_VALUE,
										"A %s item has %s: GS1's reference implementation fails on it, so it has no hash ID.",
										k->name, k->n == 0 ? "no fields" : "a single field");
				}
				pair = node_new(c, NULL, "");
				if (pair == NULL || !node_add(c, pair, k->kids[0]) || !node_add(c, pair, k->kids[1]) ||
					!node_add(c, g, pair))
					return false;
			}
			else
			{
				Node	   *e = node_new(c, py_slice(k->name, 0, -4), k->value);

				if (e == NULL)
					return false;
				e->kids = k->kids;
				e->n = k->n;
				e->cap = k->cap;
				if (!node_add(c, g, e))
					return false;
			}
		}
		for (size_t j = 0; j < ngroups; j++)
			keep[nkeep++] = groups[j];
		n->kids = keep;
		n->n = n->cap = nkeep;
		/* childEPCs items -> one childEPCs node of "epc" children */
		nkeep = 0;
		for (size_t i = 0; i < n->n; i++)
		{
			Node	   *k = n->kids[i];

			if (k->name && strcmp(k->name, "childEPCs") == 0)
			{
				if (child_epcs == NULL && (child_epcs = node_new(c, "childEPCs", "")) == NULL)
					return false;
				if (!node_add(c, child_epcs, node_new(c, "epc", k->value)))
					return false;
			}
			else
				n->kids[nkeep++] = k;
		}
		n->n = nkeep;
		if (child_epcs && !node_add(c, n, child_epcs))
			return false;
		for (size_t i = 0; i < n->n; i++)
		{
			Node	   *k = n->kids[i];

			if (k->name && !is_pair_list(k->name) && !restructure(c, k))
				return false;
		}
	}
	if (n->name)
	{
		if (strcmp(n->name, "inputEPC") == 0 || strcmp(n->name, "outputEPC") == 0)
			n->name = "epc";
		else if (strcmp(n->name, "inputQuantity") == 0 || strcmp(n->name, "outputQuantity") == 0 ||
				 strcmp(n->name, "childQuantity") == 0 || (strcmp(n->name, "quantity") == 0 && n->n > 0))
			n->name = "quantityElement";
	}
	return true;
}

/* ------------------------------------------------------------------------
 * The pre-hash string
 */
typedef struct Ord Ord;
struct Ord
{
	const char *name;
	const Ord  *sub;			/* NULL: a value; never_ord: matches nothing */
};

static const Ord never_ord[] = {{"\001", NULL}, {NULL, NULL}};
static const Ord epc_ord[] = {{"epc", NULL}, {NULL, NULL}};
static const Ord qe_fields[] = {{"epcClass", NULL}, {"quantity", NULL}, {"uom", NULL}, {NULL, NULL}};
static const Ord qe_ord[] = {{"quantityElement", qe_fields}, {NULL, NULL}};
static const Ord pd_ord[] = {{"set", NULL}, {"unset", NULL}, {NULL, NULL}};
static const Ord id_ord[] = {{"id", NULL}, {NULL, NULL}};
static const Ord meta_ord[] = {
	{"time", NULL}, {"startTime", NULL}, {"endTime", NULL}, {"deviceID", NULL},
	{"deviceMetadata", NULL}, {"rawData", NULL}, {"dataProcessingMethod", NULL},
	{"bizRules", NULL}, {NULL, NULL}
};
static const Ord report_ord[] = {
	{"type", NULL}, {"exception", NULL}, {"deviceID", NULL}, {"deviceMetadata", NULL},
	{"rawData", NULL}, {"dataProcessingMethod", NULL}, {"time", NULL},
	{"microorganism", NULL}, {"chemicalSubstance", NULL}, {"value", NULL},
	{"component", NULL}, {"stringValue", NULL}, {"booleanValue", NULL},
	{"hexBinaryValue", NULL}, {"uriValue", NULL}, {"minValue", NULL}, {"maxValue", NULL},
	{"meanValue", NULL}, {"sDev", NULL}, {"percRank", NULL}, {"percValue", NULL},
	{"uom", NULL}, {"coordinateReferenceSystem", NULL}, {NULL, NULL}
};
static const Ord se_fields[] = {{"sensorMetadata", meta_ord}, {"sensorReport", report_ord}, {NULL, NULL}};
static const Ord se_ord[] = {{"sensorElement", se_fields}, {NULL, NULL}};
static const Ord prop_order[] = {
	{"eventTime", NULL}, {"eventTimeZoneOffset", NULL}, {"certificationInfo", NULL},
	{"parentID", NULL}, {"epcList", epc_ord}, {"inputEPCList", epc_ord},
	{"childEPCs", epc_ord}, {"quantityList", qe_ord}, {"childQuantityList", qe_ord},
	{"inputQuantityList", qe_ord}, {"outputEPCList", epc_ord},
	{"outputQuantityList", qe_ord}, {"action", NULL}, {"transformationID", NULL},
	{"bizStep", NULL}, {"disposition", NULL}, {"persistentDisposition", pd_ord},
	{"readPoint", id_ord}, {"bizLocation", id_ord},
	/* the reference's (type, value) sub-order matches no child: these lists end up with the rest */
	{"bizTransactionList", never_ord}, {"sourceList", never_ord},
	{"destinationList", never_ord}, {"sensorElementList", se_ord},
	{NULL, NULL}
};

typedef struct SV
{
	char	   *s;
	size_t		n;
} SV;

typedef struct SVList
{
	SV		   *v;
	size_t		n,
				cap;
} SVList;

static bool
sv_add(SVList *l, StringInfo b)
{
	if (l->n == l->cap)
	{
		size_t		cap = l->cap ? 2 * l->cap : 8;
		SV		   *v = palloc(cap * sizeof(SV));

		if (l->n)
			memcpy(v, l->v, l->n * sizeof(SV));
		l->v = v;
		l->cap = cap;
	}
	l->v[l->n].s = dupn(b->data, b->len);
	l->v[l->n].n = b->len;
	l->n++;
	return true;
}

static int
sv_cmp(const void *a, const void *b)
{
	const SV   *x = a,
			   *y = b;
	int			r = memcmp(x->s, y->s, x->n < y->n ? x->n : y->n);

	return r ? r : (x->n > y->n) - (x->n < y->n);
}

static void
sv_flush(SVList *l, StringInfo out, bool sort)
{
	if (sort && l->n > 1)
		qsort(l->v, l->n, sizeof(SV), sv_cmp);
	for (size_t i = 0; i < l->n; i++)
		appendBinaryStringInfo(out, l->v[i].s, l->v[i].n);
}

static bool generic(Ctx *c, Node **kids, size_t n, StringInfo out);

static bool
should_sort(Node **kids, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (kids[i]->name && is_sbd(kids[i]->name))
			return false;
	return true;
}

/* The reference's _generic_child_list_to_prehash_string. */
static bool
generic(Ctx *c, Node **kids, size_t n, StringInfo out)
{
	SVList		l = {NULL, 0, 0};

	for (size_t i = 0; i < n; i++)
	{
		Node	   *k = kids[i];
		StringInfoData b;

		initStringInfo(&b);
		if (k->name == NULL)
		{
			if (!generic(c, k->kids, k->n, &b))
				return pfree(b.data), false;
		}
		else
		{
			const char *t = py_strip(k->value);

			appendStringInfoString(&b, k->name);
			if (*t)
			{
				t = epcis_canonize_value(t, c->err);
				if (t == NULL)
					return pfree(b.data), c->failed = true, false;
				appendStringInfoChar(&b, '=');
				appendStringInfoString(&b, t);
			}
			if (!generic(c, k->kids, k->n, &b))
				return pfree(b.data), false;
		}
		if (!sv_add(&l, &b))
			return pfree(b.data), false;
		pfree(b.data);
	}
	sv_flush(&l, out, n > 1 && should_sort(kids, n));
	return true;
}

static bool recurse(Ctx *c, Node *parent, const Ord *order, StringInfo out);

static bool
contains_ascii_ci(const char *s, const char *needle)
{
	size_t		n = strlen(needle);

	for (; *s; s++)
	{
		size_t		i;

		for (i = 0; i < n; i++)
		{
			char		ch = s[i];

			if (ch >= 'A' && ch <= 'Z')
				ch = (char) (ch + 32);
			if (ch != needle[i])
				break;
		}
		if (i == n)
			return true;
	}
	return false;
}

/* The reference's _child_to_pre_hash_string: appends to out, sets *any. */
static bool
child_prehash(Ctx *c, Node *k, const Ord *sub, StringInfo out)
{
	StringInfoData grand;
	const char *t = NULL;

	initStringInfo(&grand);
	if (sub && !recurse(c, k, sub, &grand))
		return pfree(grand.data), false;
	if (*k->value)
	{
		t = py_strip(k->value);
		if (contains_ascii_ci(k->name, "time") && !contains_ascii_ci(k->name, "offset"))
			t = epcis_fix_timestamp(t, c->err);
		else
			t = epcis_canonize_value(t, c->err);
		if (t == NULL)
			return pfree(grand.data), c->failed = true, false;
	}
	if ((t && *t) || grand.len)
	{
		appendStringInfoString(out, k->name);
		if (t && *t)
		{
			appendStringInfoChar(out, '=');
			appendStringInfoString(out, t);
		}
		appendBinaryStringInfo(out, grand.data, grand.len);
	}
	pfree(grand.data);
	return true;
}

/* The reference's _recurse_through_children_in_order over parent's children. */
static bool
recurse(Ctx *c, Node *parent, const Ord *order, StringInfo out)
{
	Node	  **ext = NULL;
	size_t		next = 0;

	/* user extensions ({ns/}name) of a nested element go after its fields */
	if (parent->n > 1)
	{
		bool		top = false;

		for (size_t i = 0; i < parent->n; i++)
			if (parent->kids[i]->name &&
				(strstr(parent->kids[i]->name, "eventTime") || strstr(parent->kids[i]->name, "action")))
				top = true;
		if (!top)
		{
			size_t		keep = 0;

			ext = palloc(parent->n * sizeof(Node *));
			for (size_t i = 0; i < parent->n; i++)
			{
				Node	   *k = parent->kids[i];

				if (k->name && strchr(k->name, '{') && strstr(k->name, "/}"))
					ext[next++] = k;
				else
					parent->kids[keep++] = k;
			}
			parent->n = keep;
		}
	}
	for (const Ord *o = order; o->name; o++)
	{
		SVList		l = {NULL, 0, 0};
		size_t		keep = 0;
		bool		any = false;

		for (size_t i = 0; i < parent->n; i++)
		{
			Node	   *k = parent->kids[i];
			StringInfoData b;

			if (k->name == NULL || strcmp(k->name, o->name) != 0)
				continue;
			initStringInfo(&b);
			if (!child_prehash(c, k, o->sub, &b))
				return pfree(b.data), false;
			if (b.len && !sv_add(&l, &b))
				return pfree(b.data), false;
			pfree(b.data);
			if (k->n == 0)
			{
				k->removed = true;
				any = true;
			}
		}
		if (any)
		{
			for (size_t i = 0; i < parent->n; i++)
				if (!parent->kids[i]->removed)
					parent->kids[keep++] = parent->kids[i];
			parent->n = keep;
		}
		sv_flush(&l, out, true);
	}
	if (next > 0)
		return generic(c, ext, next, out);
	return true;
}

/* ------------------------------------------------------------------------
 * Context: namespaces, vocabulary
 */
static bool
add_ns(Ctx *c, const char *prefix, size_t plen, const char *iri, size_t ilen)
{
	Ns		   *ns = palloc((c->nns + 1) * sizeof(Ns));

	if (c->nns)
		memcpy(ns, c->ns, c->nns * sizeof(Ns));
	ns[c->nns].prefix = dupn(prefix, plen);
	ns[c->nns].iri = dupn(iri, ilen);
	c->ns = ns;
	c->nns++;
	return true;
}

/* The reference reads namespaces from an @context array only. */
static bool
read_context(Ctx *c, const OcopJson *ctx)
{
	if (ctx == NULL || ctx->kind != OCOP_JSON_ARRAY)
		return true;
	for (size_t i = 0; i < ctx->count; i++)
	{
		const OcopJson *e = ctx->items[i];

		if (e->kind == OCOP_JSON_STRING)
		{
			if (!add_ns(c, e->str, e->len, e->str, e->len))
				return false;
		}
		else if (e->kind == OCOP_JSON_OBJECT)
		{
			for (size_t j = 0; j < e->count; j++)
			{
				const OcopJsonMember *m = &e->members[j];

				if (m->value->kind != OCOP_JSON_STRING)
				{
					c->failed = true;
					return ocop_err_set(c->err, OCOP_E_VALUE,
										"The @context entry \"%.*s\" is not a string: GS1's reference implementation fails on it, so the event has no hash ID.",
										(int) (m->keylen > 100 ? 100 : m->keylen), m->key);
				}
				if (!add_ns(c, m->key, m->keylen, m->value->str, m->value->len))
					return false;
			}
		}
	}
	return true;
}

static bool
vocab_add(Ctx *c, const char *iri)
{
	for (size_t i = 0; i < c->nvocab; i++)
		if (strcmp(c->vocab[i], iri) == 0)
			return true;
	if (c->nvocab >= EPCIS_HASH_MAX_VOCAB)
	{
		c->failed = true;
		return ocop_err_set(c->err, OCOP_E_LIMIT,
							"The event names more than %d distinct CBV / GS1 vocabulary IRIs.",
							EPCIS_HASH_MAX_VOCAB);
	}
	if (c->nvocab == c->capvocab)
	{
		size_t		cap = c->capvocab ? 2 * c->capvocab : 16;
		const char **v = palloc(cap * sizeof(char *));

		if (c->nvocab)
			memcpy(v, c->vocab, c->nvocab * sizeof(char *));
		c->vocab = v;
		c->capvocab = cap;
	}
	c->vocab[c->nvocab++] = iri;
	return true;
}

static bool
gs1_iri(const char *s)
{
	return starts(s, "https://ref.gs1.org/cbv") || starts(s, "https://gs1.org/voc");
}

/*
 * Which EPCIS JSON-LD context the document names: the 2.0.0 one (or none
 * given: the function's default), only the earlier draft one
 * (https://gs1.github.io/EPCIS/epcis-context.jsonld, which expands CBV terms
 * to https://ns.gs1.org/cbv/, IRIs the reference does not use), or none.
 */
#define CTX_EPCIS_2_0_0 0
#define CTX_EPCIS_DRAFT 1
#define CTX_NONE 2
#define EPCIS_DRAFT_CONTEXT "https://gs1.github.io/EPCIS/epcis-context.jsonld"

static bool
names_context(const OcopJson *v, const char *url)
{
	if (v->kind == OCOP_JSON_STRING)
		return v->len == strlen(url) && memcmp(v->str, url, v->len) == 0;
	if (v->kind == OCOP_JSON_ARRAY)
		for (size_t i = 0; i < v->count; i++)
			if (names_context(v->items[i], url))
				return true;
	return false;
}

static int
context_mode(const OcopJson *ctx)
{
	if (ctx == NULL || ctx->kind == OCOP_JSON_NULL || names_context(ctx, TRACE_EPCIS_CONTEXT))
		return CTX_EPCIS_2_0_0;
	if (names_context(ctx, EPCIS_DRAFT_CONTEXT))
		return CTX_EPCIS_DRAFT;
	return CTX_NONE;
}

/* A value in an "@type": "@vocab" position of the EPCIS context. */
static bool
vocab_value(Ctx *c, const OcopJson *v, int group)
{
	const char *s,
			   *colon;

	if (v == NULL)
		return true;
	if (v->kind == OCOP_JSON_ARRAY)
	{
		for (size_t i = 0; i < v->count; i++)
			if (!vocab_value(c, v->items[i], group))
				return false;
		return true;
	}
	if (v->kind != OCOP_JSON_STRING)
		return true;
	if ((s = jstr(c, v)) == NULL)
		return false;
	if (c->ctx_mode == CTX_EPCIS_DRAFT)
	{
		/* CBV terms expand outside the reference's IRIs; sensor terms: unknown */
		if ((group == EPCIS_TERMS_measurementType || group == EPCIS_TERMS_sensorException) &&
			strchr(s, ':') == NULL)
		{
			c->failed = true;
			return unreproducible(c->err, "sensor report term under the draft EPCIS context", s);
		}
		if (strchr(s, ':') == NULL)
			return true;
	}
	for (int i = 0; epcis_terms[i].term; i++)
		if (epcis_terms[i].group == group && strcmp(epcis_terms[i].term, s) == 0)
			return vocab_add(c, epcis_terms[i].iri);
	/* a compact IRI: the context's cbv: and gs1: prefixes, or the document's */
	if ((colon = strchr(s, ':')) != NULL)
	{
		size_t		pl = (size_t) (colon - s);
		const char *iri = ns_lookup(c, s, pl);
		const char *full = NULL;

		if (pl == 3 && strncmp(s, "cbv", 3) == 0)
			full = cat("https://ref.gs1.org/cbv/", colon + 1);
		else if (pl == 3 && strncmp(s, "gs1", 3) == 0)
			full = cat("https://gs1.org/voc/", colon + 1);
		else if (iri)
			full = cat(iri, colon + 1);
		if (full && gs1_iri(full))
			return vocab_add(c, full);
	}
	return true;
}

/* Every string of the event that is a CBV / GS1 web vocabulary IRI already. */
static bool
vocab_literals(Ctx *c, const OcopJson *v)
{
	if (v->kind == OCOP_JSON_STRING)
	{
		const char *s = jstr(c, v);

		return s && (!gs1_iri(s) || vocab_add(c, s));
	}
	if (v->kind == OCOP_JSON_ARRAY)
		for (size_t i = 0; i < v->count; i++)
			if (!vocab_literals(c, v->items[i]))
				return false;
	if (v->kind == OCOP_JSON_OBJECT)
		for (size_t i = 0; i < v->count; i++)
			if (!vocab_literals(c, v->members[i].value))
				return false;
	return true;
}

static bool
vocab_list_types(Ctx *c, const OcopJson *list, int group)
{
	if (list == NULL || list->kind != OCOP_JSON_ARRAY)
		return true;
	for (size_t i = 0; i < list->count; i++)
		if (list->items[i]->kind == OCOP_JSON_OBJECT &&
			!vocab_value(c, ocop_json_get(list->items[i], "type"), group))
			return false;
	return true;
}

static bool
collect_vocab(Ctx *c, const OcopJson *ev)
{
	const OcopJson *pd = ocop_json_get(ev, "persistentDisposition");
	const OcopJson *sel = ocop_json_get(ev, "sensorElementList");
	const OcopJson *ed = ocop_json_get(ev, "errorDeclaration");

	if (!vocab_value(c, ocop_json_get(ev, "bizStep"), EPCIS_TERMS_bizStep) ||
		!vocab_value(c, ocop_json_get(ev, "disposition"), EPCIS_TERMS_disposition) ||
		!vocab_list_types(c, ocop_json_get(ev, "bizTransactionList"), EPCIS_TERMS_bizTransactionType) ||
		!vocab_list_types(c, ocop_json_get(ev, "sourceList"), EPCIS_TERMS_sourceDestType) ||
		!vocab_list_types(c, ocop_json_get(ev, "destinationList"), EPCIS_TERMS_sourceDestType))
		return false;
	if (pd && pd->kind == OCOP_JSON_OBJECT &&
		(!vocab_value(c, ocop_json_get(pd, "set"), EPCIS_TERMS_disposition) ||
		 !vocab_value(c, ocop_json_get(pd, "unset"), EPCIS_TERMS_disposition)))
		return false;
	if (ed && ed->kind == OCOP_JSON_OBJECT &&
		!vocab_value(c, ocop_json_get(ed, "reason"), EPCIS_TERMS_errorReason))
		return false;
	if (sel && sel->kind == OCOP_JSON_ARRAY)
		for (size_t i = 0; i < sel->count; i++)
			if (sel->items[i]->kind == OCOP_JSON_OBJECT &&
				!vocab_list_types(c, ocop_json_get(sel->items[i], "sensorReport"), EPCIS_TERMS_measurementType))
				return false;
	if (sel && sel->kind == OCOP_JSON_ARRAY)
		for (size_t i = 0; i < sel->count; i++)
		{
			const OcopJson *rep = sel->items[i]->kind == OCOP_JSON_OBJECT ?
				ocop_json_get(sel->items[i], "sensorReport") : NULL;

			for (size_t j = 0; rep && rep->kind == OCOP_JSON_ARRAY && j < rep->count; j++)
				if (rep->items[j]->kind == OCOP_JSON_OBJECT &&
					!vocab_value(c, ocop_json_get(rep->items[j], "exception"), EPCIS_TERMS_sensorException))
					return false;
		}
	return vocab_literals(c, ev);
}

/* ------------------------------------------------------------------------
 * Entry points
 */
bool
epcis_prehash(const OcopJson *event, const OcopJson *context,
			  StringInfo out, OcopErr *err)
{
	Ctx			c;
	Node	   *root;
	OcopErr		local;

	if (err == NULL)
		err = &local;
	err->code = OCOP_E_OK;
	memset(&c, 0, sizeof(c));
	c.err = err;
	if (event->kind != OCOP_JSON_OBJECT)
		return ocop_err_set(err, OCOP_E_VALUE, "An EPCIS event is a JSON object, not a %s.",
							event->kind == OCOP_JSON_ARRAY ? "JSON array" : "JSON scalar");
	c.ctx_mode = context_mode(context);
	if (!read_context(&c, context) || (c.ctx_mode != CTX_NONE && !collect_vocab(&c, event)))
		return false;
	root = to_node(&c, event, 1);
	if (root == NULL || c.failed)
	{
		if (err->code == OCOP_E_OK)
			ocop_err_set(err, OCOP_E_INTERNAL, "The event tree was not built.");
		return false;
	}
	if (!restructure(&c, root))
		return false;
	appendStringInfoString(out, "eventType=");
	appendStringInfoString(out, root->name);
	if (!recurse(&c, root, prop_order, out))
		return false;
	{
		Node	  **rest = palloc((root->n + 1) * sizeof(Node *));
		size_t		nrest = 0;

		for (size_t i = 0; i < root->n; i++)
		{
			const char *nm = root->kids[i]->name;

			if (nm && (strcmp(nm, "recordTime") == 0 || strcmp(nm, "eventID") == 0 ||
					   strcmp(nm, "type") == 0 || strcmp(nm, "errorDeclaration") == 0))
				continue;
			rest[nrest++] = root->kids[i];
		}
		if (nrest && !generic(&c, rest, nrest, out))
			return false;
	}
	return true;
}

bool
epcis_hash_id_of_prehash(const char *prehash, size_t len, const EpcisHasher *h,
						 char *out, OcopErr *err)
{
	uint8_t		d[32];
	char	   *q = out;

	if (!h->fn((const uint8_t *) prehash, len, d, h->arg))
		return ocop_err_set(err, OCOP_E_INTERNAL, "SHA-256 failed");
	memcpy(q, EPCIS_HASH_ID_PREFIX, 14);
	q += 14;
	ocop_hex_encode(d, 32, q);
	memcpy(q + 64, EPCIS_HASH_ID_SUFFIX, 12);	/* with the NUL */
	return true;
}

static const OcopJsonLimits hash_limits = {
	EPCIS_HASH_MAX_INPUT, EPCIS_HASH_MAX_DEPTH, EPCIS_HASH_MAX_STRING
};

bool
epcis_prehash_text(const char *event, size_t len, const char *context, size_t ctxlen,
				   StringInfo out, OcopErr *err)
{
	OcopJson   *ev,
			   *ctx = NULL;

	ev = ocop_json_parse(event, len, &hash_limits, "$", err);
	if (ev != NULL && context != NULL)
		ctx = ocop_json_parse(context, ctxlen, &hash_limits, "@context", err);
	/* a StringInfo is always NUL-terminated */
	return ev != NULL && (context == NULL || ctx != NULL) &&
		epcis_prehash(ev, ctx, out, err);
}

bool
epcis_hash_id_text(const char *event, size_t len, const char *context, size_t ctxlen,
				   const EpcisHasher *h, char *out, OcopErr *err)
{
	StringInfoData pre;
	bool		ok;

	initStringInfo(&pre);
	ok = epcis_prehash_text(event, len, context, ctxlen, &pre, err) &&
		epcis_hash_id_of_prehash(pre.data, pre.len, h, out, err);
	pfree(pre.data);
	return ok;
}

bool
epcis_stored_event_hash_id(const char *json, size_t len, const EpcisHasher *h,
						   char *out, OcopErr *err)
{
	OcopJson   *ev,
			   *ctx;
	StringInfoData pre;
	bool		ok = false;
	static const char ctx_text[] =
		"[\"" TRACE_EPCIS_CONTEXT "\",{\"" TRACE_EPCIS_OCOP_PREFIX "\":\"" TRACE_EPCIS_OCOP_IRI "\"}]";

	initStringInfo(&pre);
	ev = ocop_json_parse(json, len, &hash_limits, "$", err);
	ctx = ev ? ocop_json_parse(ctx_text, sizeof(ctx_text) - 1, &hash_limits, "@context", err) : NULL;
	if (ev && ctx && ev->kind == OCOP_JSON_OBJECT)
	{
		OcopJson	copy = *ev;
		OcopJsonMember *m = palloc((ev->count + 1) * sizeof(OcopJsonMember));
		size_t		n = 0;

		{
			ok = true;
			for (size_t i = 0; ok && i < ev->count; i++)
			{
				OcopJsonMember mm = ev->members[i];

				if (mm.keylen == 4 && memcmp(mm.key, "hash", 4) == 0)
					continue;	/* the chain's hash: not part of the event */
				if (trace_is_ocop_field(mm.key, mm.keylen))
				{
					char	   *k = palloc(mm.keylen + 6);

					memcpy(k, TRACE_EPCIS_OCOP_PREFIX ":", 5);
					memcpy(k + 5, mm.key, mm.keylen);
					mm.key = k;
					mm.keylen += 5;
				}
				m[n++] = mm;
			}
			copy.members = m;
			copy.count = n;
			if (ok && !ocop_json_sort_members(&copy))
				ok = ocop_err_set(err, OCOP_E_VALUE, "A stored event has a field both with and without \"ocop:\".");
			ok = ok &&
				epcis_prehash(&copy, ctx, &pre, err) &&
				epcis_hash_id_of_prehash(pre.data, pre.len, h, out, err);
		}
	}
	else if (ev && ctx)
		ok = ocop_err_set(err, OCOP_E_VALUE, "A stored event is not a JSON object.");
	pfree(pre.data);
	return ok;
}

bool
epcis_is_hash_id(const char *s, size_t len)
{
	if (len != EPCIS_HASH_ID_LEN || memcmp(s, EPCIS_HASH_ID_PREFIX, 14) != 0 ||
		memcmp(s + 78, EPCIS_HASH_ID_SUFFIX, 11) != 0)
		return false;
	for (size_t i = 14; i < 78; i++)
		if (!((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' && s[i] <= 'f') || (s[i] >= 'A' && s[i] <= 'F')))
			return false;
	return true;
}

/* ------------------------------------------------------------------------
 * trace_chain: eventID checks on import, export with hash IDs, re-import
 */

/* The eventList of an EPCISDocument or EPCISQueryDocument, and its path; NULL if none. */
static const OcopJson *
doc_event_list(const OcopJson *root, const char **path)
{
	const OcopJson *type = ocop_json_get(root, "type");
	const OcopJson *body = ocop_json_get(root, "epcisBody");

	if (root->kind != OCOP_JSON_OBJECT || type == NULL || body == NULL || body->kind != OCOP_JSON_OBJECT)
		return NULL;
	if (type->kind == OCOP_JSON_STRING && type->len == 13 && memcmp(type->str, "EPCISDocument", 13) == 0)
	{
		*path = "$.epcisBody.eventList";
		return ocop_json_get(body, "eventList");
	}
	if (type->kind == OCOP_JSON_STRING && type->len == 18 && memcmp(type->str, "EPCISQueryDocument", 18) == 0)
	{
		const OcopJson *qr = ocop_json_get(body, "queryResults");
		const OcopJson *rb = qr && qr->kind == OCOP_JSON_OBJECT ? ocop_json_get(qr, "resultsBody") : NULL;

		*path = "$.epcisBody.queryResults.resultsBody.eventList";
		return rb && rb->kind == OCOP_JSON_OBJECT ? ocop_json_get(rb, "eventList") : NULL;
	}
	return NULL;
}

static bool
hash_id_equal(const char *a, const char *b)
{
	for (size_t i = 0; i < EPCIS_HASH_ID_LEN; i++)
	{
		char		x = a[i],
					y = b[i];

		if (x >= 'A' && x <= 'F')
			x = (char) (x + 32);
		if (y >= 'A' && y <= 'F')
			y = (char) (y + 32);
		if (x != y)
			return false;
	}
	return true;
}

bool
epcis_check_event_ids(const char *doc, size_t len, const EpcisHasher *h,
					  OcopErr *err)
{
	OcopJson   *root;
	const OcopJson *list;
	const char *path = NULL;
	bool		ok = true;
	static const OcopJsonLimits doc_limits = {
		TRACE_MAX_INPUT_BYTES, EPCIS_HASH_MAX_DEPTH + 5, EPCIS_HASH_MAX_STRING
	};

	root = ocop_json_parse(doc, len, &doc_limits, "$", err);
	if (root == NULL)
	{
		return false;
	}
	list = doc_event_list(root, &path);
	for (size_t i = 0; ok && list && list->kind == OCOP_JSON_ARRAY && i < list->count; i++)
	{
		const OcopJson *ev = list->items[i];
		const OcopJson *id = ev->kind == OCOP_JSON_OBJECT ? ocop_json_get(ev, "eventID") : NULL;
		StringInfoData pre;
		char		computed[EPCIS_HASH_ID_LEN + 1];
		OcopErr		inner;

		if (id == NULL || id->kind != OCOP_JSON_STRING || !epcis_is_hash_id(id->str, id->len))
			continue;
		initStringInfo(&pre);
		if (!epcis_prehash(ev, ocop_json_get(root, "@context"), &pre, &inner) ||
			!epcis_hash_id_of_prehash(pre.data, pre.len, h, computed, &inner))
		{
			if (inner.code == OCOP_E_INTERNAL || inner.code == OCOP_E_LIMIT)
				*err = inner;
			else
				ocop_err_set_field(err, OCOP_E_VALUE, "eventID",
								   "Event %s[%zu] has the hash ID eventID %.*s, which cannot be checked: %s",
								   path, i, (int) id->len, id->str, inner.detail);
			ok = false;
		}
		else if (!hash_id_equal(computed, id->str))
			ok = ocop_err_set_field(err, OCOP_E_HASH, "eventID",
									"Event %s[%zu]: its eventID %.*s is not its hash ID %s (GS1 CBV 2.0 section 8.9).",
									path, i, (int) id->len, id->str, computed);
		pfree(pre.data);
	}
	return ok;
}

_Static_assert(EPCIS_HASH_ID_LEN < TRACE_EVENT_ID_MAX, "a hash ID and its NUL fit an eventID buffer");

/* What trace_write_epcis_hash_ids passes to the event ID function. */
typedef struct HashIdArg
{
	const EpcisHasher *h;
} HashIdArg;

/* An event's hash ID as its eventID (TraceEventIdFn). */
static bool
event_hash_id(const TraceEntry *e, uint32_t index, char *id, void *arg, OcopErr *err)
{
	const HashIdArg *ha = arg;

	if (!epcis_stored_event_hash_id(e->json, e->len, ha->h, id, err))
	{
		if (err->code == OCOP_E_VALUE)
		{
			char		detail[sizeof(err->detail)];

			memcpy(detail, err->detail, sizeof(detail));
			ocop_err_set(err, OCOP_E_VALUE, "Event %u has no hash ID: %s", index, detail);
		}
		return false;
	}
	return true;
}

bool
trace_write_epcis_hash_ids(StringInfo out, const TraceView *v, const char *creation_date,
						   const EpcisHasher *h, OcopErr *err)
{
	HashIdArg	arg = {h};

	return trace_write_epcis_doc(out, v, creation_date, event_hash_id, &arg, err);
}

/* A set of hash IDs (the 64 hex digits), open addressing. */
typedef struct IdSet
{
	char	  (*slot)[64];
	bool	   *used;
	size_t		cap,
				n;
} IdSet;

static uint64_t
id_hash(const char *hex)
{
	uint64_t	x = 0;

	for (int i = 0; i < 16; i++)
		x = (x << 4) | (uint64_t) (hex[i] <= '9' ? hex[i] - '0' : hex[i] - 'a' + 10);
	return x;
}

/* Insert; true when it was not there. */
static bool
id_insert(IdSet *s, const char *id)
{
	const char *hex = id + 14;
	size_t		i = (size_t) (id_hash(hex) % s->cap);

	while (s->used[i])
	{
		if (memcmp(s->slot[i], hex, 64) == 0)
			return false;
		i = (i + 1) % s->cap;
	}
	s->used[i] = true;
	memcpy(s->slot[i], hex, 64);
	s->n++;
	return true;
}

bool
trace_append_new_events(TraceBuilder *out, const TraceView *chain, const TraceView *incoming,
						const EpcisHasher *h, uint32_t *added, OcopErr *err)
{
	OcopScratch scratch;
	IdSet		set;
	TraceIter	it;
	TraceEntry	e;
	bool		ok = true;
	size_t		total = (size_t) chain->nevents + incoming->nevents;

	*added = 0;
	set.cap = 2 * total + 1;
	set.n = 0;
	set.slot = palloc(set.cap * 64);
	set.used = palloc0(set.cap);
	ocop_scratch_begin(&scratch);
	for (int pass = 0; ok && pass < 2; pass++)
	{
		trace_iter_init(&it, pass == 0 ? chain : incoming);
		while (ok && trace_iter_next(&it, &e))
		{
			char		id[EPCIS_HASH_ID_LEN + 1];

			if (!epcis_stored_event_hash_id(e.json, e.len, h, id, err))
			{
				if (err->code == OCOP_E_VALUE)
				{
					char		detail[sizeof(err->detail)];

					memcpy(detail, err->detail, sizeof(detail));
					ocop_err_set(err, OCOP_E_VALUE, "%s %u has no hash ID to compare: %s",
								 pass == 0 ? "Chain event" : "Document event", it.index, detail);
				}
				ok = false;
			}
			else if (id_insert(&set, id) && pass == 1)
			{
				OcopJson   *ev;
				char		path[64];

				snprintf(path, sizeof(path), "$.epcisBody.eventList[%u]", it.index - 1);
				ev = trace_entry_parse(&e, err);
				ok = ev != NULL && trace_builder_add(out, ev, path, err);
				if (ok)
					(*added)++;
			}
			ocop_scratch_reset(&scratch);
		}
	}
	ocop_scratch_end(&scratch);
	pfree(set.slot);
	pfree(set.used);
	return ok;
}

/* SHA-256(data) on PostgreSQL's cryptohash (see epcis_hash_core.h). */
bool
epcis_sha256(const uint8_t *data, size_t len, uint8_t out[32], void *arg)
{
	pg_cryptohash_ctx *ctx = pg_cryptohash_create(PG_SHA256);
	bool		ok;

	(void) arg;
	if (ctx == NULL)
		return false;
	ok = pg_cryptohash_init(ctx) == 0 && pg_cryptohash_update(ctx, data, len) == 0 &&
		pg_cryptohash_final(ctx, out, 32) == 0;
	pg_cryptohash_free(ctx);
	return ok;
}

const EpcisHasher epcis_sha256_hasher = {epcis_sha256, NULL};
