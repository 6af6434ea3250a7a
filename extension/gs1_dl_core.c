/*
 * gs1_dl_core.c -- GS1 Digital Link URIs and GS1 element strings with every
 * AI of the GS1 Barcode Syntax Dictionary (no fmgr, no SQL, no catalog
 * access; built for the server and for frontend programs, as src/common is); see
 * gs1_dl_core.h for the rules and their sources.  The AI table itself is
 * generated (gs1_ai_core.c, scripts/gen-gs1-ais).
 */

/* Built twice, as src/common is: see the Makefile, "Pure-C cores". */
#ifdef FRONTEND
#include "postgres_fe.h"
#else
#include "postgres.h"
#endif

#include "gs1_dl_core.h"

#include <stdio.h>
#include <string.h>

#include "gs1_core.h"
#include "ocop_hex_core.h"

/* ------------------------------------------------------------------------ */
/* The AI table */

const Gs1Ai *
gs1_ai_lookup(const char *ai, size_t len)
{
	int			lo = 0,
				hi = gs1_n_ais - 1;

	if (len < 2 || len > 4)
		return NULL;
	for (size_t i = 0; i < len; i++)
		if (ai[i] < '0' || ai[i] > '9')
			return NULL;
	while (lo <= hi)
	{
		int			mid = (lo + hi) / 2;
		const char *k = gs1_ais[mid].ai;
		size_t		klen = strlen(k);
		int			c = strncmp(k, ai, len < klen ? len : klen);

		if (c == 0)
			c = (klen > len) - (klen < len);
		if (c == 0)
			return &gs1_ais[mid];
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid - 1;
	}
	return NULL;
}

const char *
gs1_role_name(Gs1Role role)
{
	switch (role)
	{
		case GS1_ROLE_KEY:
			return "primary key";
		case GS1_ROLE_QUALIFIER:
			return "qualifier";
		case GS1_ROLE_ATTRIBUTE:
			break;
	}
	return "attribute";
}

const Gs1Element *
gs1_data_find(const Gs1Data *d, const char *ai, size_t len)
{
	for (int i = 0; i < d->n; i++)
		if (strlen(d->el[i].def->ai) == len && memcmp(d->el[i].def->ai, ai, len) == 0)
			return &d->el[i];
	return NULL;
}

/* ------------------------------------------------------------------------ */
/* Values */

static bool
is_digit(unsigned char c)
{
	return c >= '0' && c <= '9';
}

/* "\"x\"" for a printable byte, else "byte 0xNN". */
static const char *
show_byte(unsigned char c, char buf[16])
{
	if (c > 0x20 && c < 0x7f)
		snprintf(buf, 16, "\"%c\"", c);
	else if (c == ' ')
		snprintf(buf, 16, "a space");
	else
		snprintf(buf, 16, "byte 0x%02X", c);
	return buf;
}

static bool
in_cset(char cset, unsigned char c)
{
	switch (cset)
	{
		case 'N':
			return is_digit(c);
		case 'X':
			return gs1_is_cset82(c);
		case 'Y':				/* GS1 AI encodable character set 39 */
			return is_digit(c) || (c >= 'A' && c <= 'Z') || c == '#' || c == '-' || c == '/';
		case 'Z':				/* file-safe base64 (RFC 4648 section 5) */
			return is_digit(c) || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
				c == '-' || c == '_' || c == '=';
	}
	return false;
}

static const char *
cset_name(char cset)
{
	switch (cset)
	{
		case 'N':
			return "digits only";
		case 'X':
			return "GS1 character set 82: letters, digits and !\"%&'()*+,-./:;<=>?_";
		case 'Y':
			return "GS1 character set 39: upper-case letters, digits and #-/";
	}
	return "base64url: letters, digits, - and _, with = padding at the end";
}

static int
num(const char *s, size_t n)
{
	int			v = 0;

	for (size_t i = 0; i < n; i++)
		v = v * 10 + (s[i] - '0');
	return v;
}

/* The 32 characters of a GMN check character pair (GenSpecs 7.9.5). */
static const char cset32[] = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ";

/* The order of GS1 AI encodable character set 82 (GenSpecs figure 7.11-1). */
static const char cset82[] =
"!\"%&'()*+,-./0123456789:;<=>?ABCDEFGHIJKLMNOPQRSTUVWXYZ_abcdefghijklmnopqrstuvwxyz";

#define FAIL_RULE(rule, ...) \
	do { \
		char		msg_[256]; \
		snprintf(msg_, sizeof(msg_), __VA_ARGS__); \
		return ocop_err_set_field(err, OCOP_E_SYNTAX, "ai", \
								  "AI (%s) %s, value \"%.*s\": %s (rule %s of format %s).", \
								  def->ai, def->title, (int) len, v, msg_, rule, def->spec); \
	} while (0)

/* The checks of one component c (clen bytes, characters already checked). */
static bool
check_linters(const Gs1Ai *def, const char *v, size_t len, const char *c, size_t clen,
			  uint64_t linters, OcopErr *err)
{
	if (linters & GS1_LINT_CSUM)
	{
		int			cd = gs1_check_digit(c, clen - 1);

		if (cd != c[clen - 1] - '0')
			FAIL_RULE("csum", "the check digit is %c, expected %d (GS1 mod-10)", c[clen - 1], cd);
	}
	if (linters & GS1_LINT_CSUMALPHA)
	{
		static const int primes[] = {2, 3, 5, 7, 11, 13, 17, 19, 23, 29, 31, 37, 41, 43, 47,
		53, 59, 61, 67, 71, 73, 79, 83, 89, 97};
		int			sum = 0;

		if (clen < 3 || clen - 2 > sizeof(primes) / sizeof(primes[0]))
			FAIL_RULE("csumalpha", "too short for a check character pair");
		for (size_t i = 0; i < clen - 2; i++)
		{
			const char *p = strchr(cset82, c[clen - 3 - i]);

			sum += (int) (p - cset82) * primes[i];
		}
		sum %= 1021;
		if (c[clen - 2] != cset32[sum >> 5] || c[clen - 1] != cset32[sum & 31])
			FAIL_RULE("csumalpha", "the check character pair is %c%c, expected %c%c",
					  c[clen - 2], c[clen - 1], cset32[sum >> 5], cset32[sum & 31]);
	}
	if (linters & (GS1_LINT_YYMMD0 | GS1_LINT_YYMMDD | GS1_LINT_YYYYMMDD))
	{
		size_t		ylen = (linters & GS1_LINT_YYYYMMDD) ? 4 : 2;
		int			y = num(c, ylen),
					m,
					d;
		const char *rule = (linters & GS1_LINT_YYMMD0) ? "yymmd0" :
			(linters & GS1_LINT_YYMMDD) ? "yymmdd" : "yyyymmdd";

		if (clen != ylen + 4)
			FAIL_RULE(rule, "a date has %zu digits", ylen + 4);
		m = num(c + ylen, 2);
		d = num(c + ylen + 2, 2);
		if (ylen == 2)
			y += 2000;			/* only the leap years matter: 00 is one */
		if (m < 1 || m > 12)
			FAIL_RULE(rule, "month %02d does not exist", m);
		if (d == 0 && (linters & GS1_LINT_YYMMD0))
			;					/* DD = 00: the last day of the month */
		else if (d < 1 || d > gs1_days_in_month(y, m))
			FAIL_RULE(rule, "day %02d does not exist in month %02d", d, m);
	}
	if (linters & GS1_LINT_HHMI)
	{
		if (num(c, 2) > 23 || num(c + 2, 2) > 59)
			FAIL_RULE("hhmi", "%.4s is not a time of day HHMI", c);
	}
	if ((linters & GS1_LINT_HH) && num(c, 2) > 23)
		FAIL_RULE("hh", "hour %.2s does not exist", c);
	if ((linters & GS1_LINT_MI) && num(c, 2) > 59)
		FAIL_RULE("mi", "minute %.2s does not exist", c);
	if ((linters & GS1_LINT_SS) && num(c, 2) > 59)
		FAIL_RULE("ss", "second %.2s does not exist", c);
	if (linters & GS1_LINT_NONZERO)
	{
		size_t		i;

		for (i = 0; i < clen && c[i] == '0'; i++)
			;
		if (i == clen)
			FAIL_RULE("nonzero", "the component %.*s must not be zero", (int) clen, c);
	}
	if ((linters & GS1_LINT_ZERO) && !(clen == 1 && c[0] == '0'))
		FAIL_RULE("zero", "the component must be 0");
	if ((linters & GS1_LINT_YESNO) && !(clen == 1 && (c[0] == '0' || c[0] == '1')))
		FAIL_RULE("yesno", "the component must be 0 or 1");
	if ((linters & GS1_LINT_HYPHEN) && !(clen == 1 && c[0] == '-'))
		FAIL_RULE("hyphen", "the component must be \"-\"");
	if ((linters & GS1_LINT_WINDING) && !(clen == 1 && (c[0] == '0' || c[0] == '1' || c[0] == '9')))
		FAIL_RULE("winding", "the winding direction must be 0, 1 or 9");
	if ((linters & GS1_LINT_ISO5218) &&
		!(clen == 1 && (c[0] == '0' || c[0] == '1' || c[0] == '2' || c[0] == '9')))
		FAIL_RULE("iso5218", "the sex code must be 0, 1, 2 or 9 (ISO/IEC 5218)");
	if (linters & GS1_LINT_PIECEOFTOTAL)
	{
		int			piece = num(c, 2),
					total = num(c + 2, 2);

		if (clen != 4 || piece < 1 || total < 1 || piece > total)
			FAIL_RULE("pieceoftotal", "piece %02d of %02d is not a piece of the total", piece, total);
	}
	if ((linters & GS1_LINT_NOZEROPREFIX) && clen > 1 && c[0] == '0')
		FAIL_RULE("nozeroprefix", "the component must not start with 0");
	if (linters & GS1_LINT_HASNONDIGIT)
	{
		size_t		i;

		for (i = 0; i < clen && is_digit((unsigned char) c[i]); i++)
			;
		if (i == clen)
			FAIL_RULE("hasnondigit", "the component must have a character that is not a digit");
	}
	if ((linters & (GS1_LINT_LATITUDE | GS1_LINT_LONGITUDE)) && clen == 10)
	{
		long long	x = 0;

		for (size_t i = 0; i < clen; i++)
			x = x * 10 + (c[i] - '0');
		if ((linters & GS1_LINT_LATITUDE) && x > 1800000000LL)
			FAIL_RULE("latitude", "the latitude %.10s is above 1800000000", c);
		if ((linters & GS1_LINT_LONGITUDE) && x > 3600000000LL)
			FAIL_RULE("longitude", "the longitude %.10s is above 3600000000", c);
	}
	if (linters & GS1_LINT_PCENC)
	{
		for (size_t i = 0; i < clen; i++)
			if (c[i] == '%' && (i + 2 >= clen || ocop_hex_value((unsigned char) c[i + 1]) < 0 ||
								ocop_hex_value((unsigned char) c[i + 2]) < 0))
				FAIL_RULE("pcenc", "\"%%\" at position %zu is not followed by two hexadecimal digits",
						  (size_t) (c - v) + i + 1);
	}
	if (linters & GS1_LINT_IBAN)
	{
		int			r = 0;

		if (clen < 5 || !(c[0] >= 'A' && c[0] <= 'Z') || !(c[1] >= 'A' && c[1] <= 'Z') ||
			!is_digit((unsigned char) c[2]) || !is_digit((unsigned char) c[3]))
			FAIL_RULE("iban", "an IBAN starts with two letters and two check digits");
		for (size_t k = 0; k < clen; k++)
		{
			unsigned char ch = (unsigned char) c[(k + 4) % clen];

			if (is_digit(ch))
				r = (r * 10 + (ch - '0')) % 97;
			else if (ch >= 'A' && ch <= 'Z')
				r = (r * 100 + (ch - 'A' + 10)) % 97;
			else
				FAIL_RULE("iban", "an IBAN has upper-case letters and digits only");
		}
		if (r != 1)
			FAIL_RULE("iban", "the IBAN check digits do not match (ISO 13616 mod 97)");
	}
	return true;
}

bool
gs1_ai_validate(const Gs1Ai *def, const char *v, size_t len, OcopErr *err)
{
	size_t		pos = 0,
				total_max = 0;

	for (int i = 0; i < def->ncomp; i++)
		total_max += def->comp[i].max;
	if (len == 0)
		return ocop_err_set_field(err, OCOP_E_SYNTAX, "ai",
								  "AI (%s) %s is empty (format %s).", def->ai, def->title, def->spec);
	if (len > total_max)
		return ocop_err_set_field(err, OCOP_E_SYNTAX, "ai",
								  "AI (%s) %s has %zu characters: at most %zu are allowed (format %s).",
								  def->ai, def->title, len, total_max, def->spec);
	for (int i = 0; i < def->ncomp; i++)
	{
		const Gs1AiComponent *c = &def->comp[i];
		size_t		clen;

		if (pos == len && c->optional)
			break;
		if (c->min == c->max)
		{
			if (len - pos < c->min)
				return ocop_err_set_field(err, OCOP_E_SYNTAX, "ai",
										  "AI (%s) %s has %zu characters: component %d needs %d more (format %s).",
										  def->ai, def->title, len, i + 1, (int) (c->min - (len - pos)), def->spec);
			clen = c->min;
		}
		else
			clen = len - pos;	/* the variable one is the last */
		if (clen > c->max)
			return ocop_err_set_field(err, OCOP_E_SYNTAX, "ai",
									  "AI (%s) %s has %zu characters: at most %zu are allowed (format %s).",
									  def->ai, def->title, len, pos + c->max, def->spec);
		for (size_t k = 0; k < clen; k++)
		{
			unsigned char ch = (unsigned char) v[pos + k];

			if (!in_cset(c->cset, ch) ||
				(c->cset == 'Z' && ch == '=' && strspn(v + pos + k, "=") != clen - k))
			{
				char		buf[16];

				return ocop_err_set_field(err, OCOP_E_SYNTAX, "ai",
										  "AI (%s) %s has %s at position %zu: component %d is %s (format %s).",
										  def->ai, def->title, show_byte(ch, buf), pos + k + 1, i + 1,
										  cset_name(c->cset), def->spec);
			}
		}
		if (!check_linters(def, v, len, v + pos, clen, c->linters & GS1_LINT_CHECKED, err))
			return false;
		pos += clen;
	}
	if (pos < len)
		return ocop_err_set_field(err, OCOP_E_SYNTAX, "ai",
								  "AI (%s) %s has %zu characters: at most %zu are allowed (format %s).",
								  def->ai, def->title, len, pos, def->spec);
	return true;
}

/* ------------------------------------------------------------------------ */
/* Digital Link path rules */

/*
 * true when q[0..nq) is a valid qualifier sequence of key: empty, or an
 * ordered subsequence of one alternative of its "dlpkey" attribute.
 */
static bool
qualifiers_valid(const Gs1Ai *key, const Gs1Ai *const *q, int nq)
{
	const char *p = key->dlpkey;

	if (p == NULL)
		return false;
	if (nq == 0)
		return true;
	while (*p)
	{
		int			k = 0;

		/* One alternative: tokens up to '|' or the end. */
		while (*p && *p != '|')
		{
			size_t		t = strcspn(p, ",|");

			if (k < nq && strlen(q[k]->ai) == t && memcmp(q[k]->ai, p, t) == 0)
				k++;
			p += t;
			if (*p == ',')
				p++;
		}
		if (k == nq)
			return true;
		if (*p == '|')
			p++;
	}
	return false;
}

/* The element of d with AI def (by pointer), from index from, or -1. */
static int
find_def(const Gs1Data *d, const Gs1Ai *def, int from)
{
	for (int i = from; i < d->n; i++)
		if (d->el[i].def == def)
			return i;
	return -1;
}

/* ------------------------------------------------------------------------ */
/* URIs */

static bool
is_uri_char(unsigned char c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || is_digit(c) ||
		(c != 0 && strchr("-._~:/?#[]@!$&'()*+,;=%", c) != NULL);
}

static bool
is_bad_domain_char(unsigned char c)
{
	return c != 0 && strchr("_~?#@!$&'()*+,;=%", c) != NULL;
}

/*
 * Percent-decode s[0..len) into out (at most max bytes kept; the full
 * decoded length is returned).  A "%" not followed by two hexadecimal digits
 * stays as written; in a query value "+" is a space.  *nul is set when a
 * byte 0 was decoded.
 */
static size_t
uri_decode(const char *s, size_t len, bool query, char *out, size_t max, bool *nul)
{
	size_t		n = 0;

	*nul = false;
	for (size_t i = 0; i < len; i++)
	{
		unsigned char c = (unsigned char) s[i];

		if (c == '%' && i + 2 < len + 0 && ocop_hex_value((unsigned char) s[i + 1]) >= 0 &&
			ocop_hex_value((unsigned char) s[i + 2]) >= 0)
		{
			c = (unsigned char) (ocop_hex_value((unsigned char) s[i + 1]) * 16 + ocop_hex_value((unsigned char) s[i + 2]));
			i += 2;
			if (c == 0)
				*nul = true;
		}
		else if (c == '+' && query)
			c = ' ';
		if (n < max)
			out[n] = (char) c;
		n++;
	}
	return n;
}

/* Copy s[0..len) into a message-safe buffer (printable ASCII, truncated). */
static const char *
show_text(const char *s, size_t len, char *buf, size_t size)
{
	size_t		k = len < size - 1 ? len : size - 1;

	for (size_t i = 0; i < k; i++)
		buf[i] = ((unsigned char) s[i] < 0x20 || (unsigned char) s[i] >= 0x7f) ? '?' : s[i];
	buf[k] = '\0';
	return buf;
}

/* The legacy DL 1.0 names gs1_digital_link_parse accepted. */
static const Gs1Ai *
legacy_alias(const char *s, size_t len)
{
	static const char *const names[][2] = {{"gtin", "01"}, {"cpv", "22"}, {"lot", "10"}, {"ser", "21"}};

	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (strlen(names[i][0]) == len && memcmp(names[i][0], s, len) == 0)
			return gs1_ai_lookup(names[i][1], 2);
	return NULL;
}

/*
 * Decode and check one value and append it to d.  where: "path" or "query".
 */
static bool
add_element(Gs1Data *d, const Gs1Ai *def, Gs1Role role, const char *raw, size_t rawlen,
			bool query, int flags, OcopErr *err)
{
	Gs1Element *e;
	bool		nul;
	size_t		n;

	if (d->n >= GS1_DL_MAX_AIS)
		return ocop_err_set_field(err, OCOP_E_LIMIT, "uri",
								  "The URI has more than %d AIs.", GS1_DL_MAX_AIS);
	if (rawlen == 0)
		return ocop_err_set_field(err, OCOP_E_SYNTAX, "ai",
								  "AI (%s) %s has an empty value in the %s.", def->ai, def->title,
								  query ? "query string" : "path");
	e = &d->el[d->n];
	n = uri_decode(raw, rawlen, query, e->value, GS1_AI_VALUE_MAX, &nul);
	if (nul)
		return ocop_err_set_field(err, OCOP_E_SYNTAX, "ai",
								  "AI (%s) %s has a percent-encoded NUL byte (%%00).", def->ai, def->title);
	if (n > GS1_AI_VALUE_MAX)
	{
		/* Longer than any AI allows: report with the real length. */
		return ocop_err_set_field(err, OCOP_E_SYNTAX, "ai",
								  "AI (%s) %s has %zu characters: at most %d are allowed (format %s).",
								  def->ai, def->title, n,
								  def->comp[def->ncomp - 1].max, def->spec);
	}
	/* Legacy: a zero-suppressed GTIN-8, -12 or -13 for AI 01. */
	if ((flags & GS1_DL_LEGACY) && strcmp(def->ai, "01") == 0 && (n == 8 || n == 12 || n == 13))
	{
		memmove(e->value + 14 - n, e->value, n);
		memset(e->value, '0', 14 - n);
		n = 14;
	}
	e->value[n] = '\0';
	e->len = n;
	e->def = def;
	e->role = role;
	if (!gs1_ai_validate(def, e->value, n, err))
		return false;
	d->n++;
	return true;
}

bool
gs1_dl_uri_parse(const char *uri, size_t len, int flags, Gs1Data *out, OcopErr *err)
{
	size_t		p,
				host,
				pstart,
				pend,
				qstart = 0,
				qend = 0,
				r,
				dp = 0;
	bool		has_query = false,
				found = false;
	const Gs1Ai *pathdefs[GS1_DL_MAX_AIS] = {0};	/* zeroed: gcc 14 cannot see that the loop fills out->n entries */

	memset(out, 0, offsetof(Gs1Data, el));
	out->n = 0;
	out->npath = 0;
	out->nparams = 0;
	out->base_len = 0;

	if (len > GS1_DL_URI_MAX)
		return ocop_err_set_field(err, OCOP_E_LIMIT, "uri",
								  "The URI has %zu bytes: at most %d are accepted.", len, GS1_DL_URI_MAX);
	for (size_t i = 0; i < len; i++)
		if (!is_uri_char((unsigned char) uri[i]))
		{
			char		buf[16];

			return ocop_err_set_field(err, OCOP_E_SYNTAX, "uri",
									  "The URI has %s at position %zu, which is not a URI character (percent-encode it).",
									  show_byte((unsigned char) uri[i], buf), i + 1);
		}
	/* The scheme: http or https, all lower or all upper case. */
	if (len >= 8 && (memcmp(uri, "https://", 8) == 0 || memcmp(uri, "HTTPS://", 8) == 0))
		p = 8;
	else if (len >= 7 && (memcmp(uri, "http://", 7) == 0 || memcmp(uri, "HTTP://", 7) == 0))
		p = 7;
	else
		return ocop_err_set_field(err, OCOP_E_SYNTAX, "uri",
								  "A GS1 Digital Link URI starts with \"https://\" or \"http://\" (or \"HTTPS://\", \"HTTP://\"; a mixed-case scheme is refused).");
	/* The host: up to the first "/". */
	for (host = p; host < len && uri[host] != '/'; host++)
		if (is_bad_domain_char((unsigned char) uri[host]))
			return ocop_err_set_field(err, OCOP_E_SYNTAX, "uri",
									  "The host name has \"%c\" at position %zu, which a host name cannot have.",
									  uri[host], host + 1);
	if (host == p)
		return ocop_err_set_field(err, OCOP_E_SYNTAX, "uri", "The URI has no host name.");
	if (host == len)
		return ocop_err_set_field(err, OCOP_E_SYNTAX, "uri",
								  "The URI has no path: a GS1 Digital Link has /{AI}/{value} after the host name.");
	pstart = host;
	/* Fragment, then query. */
	for (pend = pstart; pend < len && uri[pend] != '?' && uri[pend] != '#'; pend++)
		;
	if (pend < len && uri[pend] == '?')
	{
		has_query = true;
		qstart = pend + 1;
		for (qend = qstart; qend < len && uri[qend] != '#'; qend++)
			;
	}
	if ((flags & GS1_DL_LEGACY) && pend - pstart > 1 && uri[pend - 1] == '/')
		pend--;

	/*
	 * The primary key: walk the path backwards by /{AI}/{value} pairs while
	 * the AI is one of the dictionary; stop at the first primary key.
	 */
	r = pend;
	while (r > pstart)
	{
		const Gs1Ai *def;
		size_t		a;

		do
			r--;
		while (r > pstart && uri[r] != '/');
		if (r == pstart)
			break;
		a = r;
		do
			a--;
		while (a > pstart && uri[a] != '/');
		def = gs1_ai_lookup(uri + a + 1, r - a - 1);
		if (def == NULL && (flags & GS1_DL_LEGACY))
			def = legacy_alias(uri + a + 1, r - a - 1);
		if (def == NULL)
			break;
		if (def->dlpkey != NULL)
		{
			dp = a;
			found = true;
			break;
		}
		r = a;
	}
	if (!found)
		return ocop_err_set_field(err, OCOP_E_SYNTAX, "uri",
								  "The URI path has no GS1 Digital Link primary key: expected /{key AI}/{value}[/{qualifier AI}/{value}...] at its end, e.g. /01/{GTIN-14}.");
	out->base_len = dp;

	/* The path AIs, forwards. */
	for (size_t s = dp; s < pend;)
	{
		size_t		ai = s + 1,
					aiend,
					v,
					vend;
		const Gs1Ai *def;

		for (aiend = ai; aiend < pend && uri[aiend] != '/'; aiend++)
			;
		v = aiend < pend ? aiend + 1 : pend;
		for (vend = v; vend < pend && uri[vend] != '/'; vend++)
			;
		def = gs1_ai_lookup(uri + ai, aiend - ai);
		if (def == NULL)
			def = legacy_alias(uri + ai, aiend - ai);
		if (!add_element(out, def, out->n == 0 ? GS1_ROLE_KEY : GS1_ROLE_QUALIFIER,
						 uri + v, vend - v, false, flags, err))
			return false;
		pathdefs[out->n - 1] = def;
		s = vend;
	}
	out->npath = out->n;
	if (!qualifiers_valid(pathdefs[0], pathdefs + 1, out->npath - 1))
	{
		char		seq[128] = "";
		size_t		sl = 0;

		for (int i = 1; i < out->npath && sl + 8 < sizeof(seq); i++)
			sl += (size_t) snprintf(seq + sl, sizeof(seq) - sl, "%s%s", i > 1 ? ", " : "", pathdefs[i]->ai);
		if (pathdefs[0]->dlpkey[0] == '\0')
			return ocop_err_set_field(err, OCOP_E_SYNTAX, "uri",
									  "The primary key AI (%s) %s takes no key qualifiers, but the path has %s.",
									  pathdefs[0]->ai, pathdefs[0]->title, seq);
		return ocop_err_set_field(err, OCOP_E_SYNTAX, "uri",
								  "The key qualifiers %s are not a valid sequence for the primary key AI (%s) %s: GS1 order is %s (one alternative of those separated by |, each qualifier optional).",
								  seq, pathdefs[0]->ai, pathdefs[0]->title, pathdefs[0]->dlpkey);
	}

	/* The query string. */
	if (has_query)
	{
		for (size_t s = qstart; s < qend;)
		{
			size_t		e,
						eq;
			bool		digits = true;
			const Gs1Ai *def;

			if (uri[s] == '&')
			{
				s++;
				continue;
			}
			for (e = s; e < qend && uri[e] != '&'; e++)
				;
			for (eq = s; eq < e && uri[eq] != '='; eq++)
				if (!is_digit((unsigned char) uri[eq]))
					digits = false;
			if (eq < e && eq > s && digits)
			{
				char		buf[16];

				def = gs1_ai_lookup(uri + s, eq - s);
				if (def == NULL)
					return ocop_err_set_field(err, OCOP_E_SYNTAX, "ai",
											  "The query parameter %s is numeric but not a GS1 Application Identifier of the Syntax Dictionary (release %s).",
											  show_text(uri + s, eq - s, buf, sizeof(buf)), gs1_dictionary_release);
				if (!add_element(out, def, GS1_ROLE_ATTRIBUTE, uri + eq + 1, e - eq - 1, true, flags, err))
					return false;
			}
			else
			{
				Gs1Param   *pm;

				if (out->nparams >= GS1_DL_MAX_PARAMS)
					return ocop_err_set_field(err, OCOP_E_LIMIT, "uri",
											  "The URI has more than %d query parameters that are not AIs.",
											  GS1_DL_MAX_PARAMS);
				pm = &out->params[out->nparams++];
				pm->name_off = s;
				pm->name_len = eq - s;
				pm->has_value = eq < e;
				pm->value_off = eq < e ? eq + 1 : e;
				pm->value_len = eq < e ? e - eq - 1 : 0;
			}
			s = e;
		}
	}

	/* No AI twice. */
	for (int i = 0; i < out->n; i++)
		for (int j = i + 1; j < out->n; j++)
			if (out->el[i].def == out->el[j].def)
				return ocop_err_set_field(err, OCOP_E_SYNTAX, "ai",
										  "AI (%s) %s occurs more than once in the URI.",
										  out->el[i].def->ai, out->el[i].def->title);
	/* Data attributes: allowed as such, and not a qualifier of the path. */
	for (int i = out->npath; i < out->n; i++)
	{
		const Gs1Ai *def = out->el[i].def;
		const Gs1Ai *seq[GS1_DL_MAX_AIS + 1];

		if (!def->dl_attr)
			return ocop_err_set_field(err, OCOP_E_SYNTAX, "ai",
									  "AI (%s) %s is not a GS1 Digital Link data attribute: it cannot be in the query string.",
									  def->ai, def->title);
		for (int j = 1; j <= out->npath; j++)
		{
			int			k = 0;

			for (int m = 1; m < j; m++)
				seq[k++] = pathdefs[m];
			seq[k++] = def;
			for (int m = j; m < out->npath; m++)
				seq[k++] = pathdefs[m];
			if (qualifiers_valid(pathdefs[0], seq, k))
				return ocop_err_set_field(err, OCOP_E_SYNTAX, "ai",
										  "AI (%s) %s is a key qualifier of the primary key AI (%s): it belongs in the path, not in the query string.",
										  def->ai, def->title, pathdefs[0]->ai);
		}
	}
	return true;
}

/* ------------------------------------------------------------------------ */
/* Element strings */

bool
gs1_element_string_parse(const char *s, size_t len, Gs1Data *out, OcopErr *err)
{
	size_t		i = 0;
	bool		bracketed;

	memset(out, 0, offsetof(Gs1Data, el));
	if (len > GS1_DL_URI_MAX)
		return ocop_err_set_field(err, OCOP_E_LIMIT, "element string",
								  "The element string has %zu bytes: at most %d are accepted.",
								  len, GS1_DL_URI_MAX);
	if (len == 0 || (s[0] != '(' && s[0] != '^'))
		return ocop_err_set_field(err, OCOP_E_SYNTAX, "element string",
								  "A GS1 element string starts with \"(\" (bracketed, e.g. (01)09520123456788(10)ABC) or \"^\" (FNC1, e.g. ^010952012345678810ABC).");
	bracketed = s[0] == '(';
	while (i < len)
	{
		const Gs1Ai *def = NULL;
		Gs1Element *e;
		size_t		n = 0;
		char		buf[16];

		if (out->n >= GS1_DL_MAX_AIS)
			return ocop_err_set_field(err, OCOP_E_LIMIT, "element string",
									  "The element string has more than %d AIs.", GS1_DL_MAX_AIS);
		e = &out->el[out->n];
		if (bracketed)
		{
			size_t		a = i + 1,
						b;

			for (b = a; b < len && is_digit((unsigned char) s[b]); b++)
				;
			if (b == len || s[b] != ')' || b == a)
				return ocop_err_set_field(err, OCOP_E_SYNTAX, "element string",
										  "Expected \"(AI)\" at position %zu.", i + 1);
			def = gs1_ai_lookup(s + a, b - a);
			if (def == NULL)
				return ocop_err_set_field(err, OCOP_E_SYNTAX, "ai",
										  "(%s) is not a GS1 Application Identifier of the Syntax Dictionary (release %s).",
										  show_text(s + a, b - a, buf, sizeof(buf)), gs1_dictionary_release);
			for (i = b + 1; i < len && s[i] != '('; i++)
			{
				char		c = s[i];

				if (c == '\\' && i + 1 < len && s[i + 1] == '(')
					c = s[++i];
				if (n < GS1_AI_VALUE_MAX)
					e->value[n] = c;
				n++;
			}
		}
		else
		{
			size_t		k;

			while (i < len && s[i] == '^')
				i++;
			if (i == len)
				break;
			for (k = 2; k <= 4 && def == NULL; k++)
				if (i + k <= len)
					def = gs1_ai_lookup(s + i, k);
			if (def == NULL)
				return ocop_err_set_field(err, OCOP_E_SYNTAX, "ai",
										  "No GS1 Application Identifier of the Syntax Dictionary (release %s) starts at position %zu.",
										  gs1_dictionary_release, i + 1);
			i += strlen(def->ai);
			if (def->fixed)
			{
				size_t		want = 0;

				for (int c = 0; c < def->ncomp; c++)
					want += def->comp[c].max;
				for (; i < len && n < want && s[i] != '^'; i++, n++)
					e->value[n] = s[i];
			}
			else
				for (; i < len && s[i] != '^'; i++, n++)
					if (n < GS1_AI_VALUE_MAX)
						e->value[n] = s[i];
		}
		if (n > GS1_AI_VALUE_MAX)
			return ocop_err_set_field(err, OCOP_E_SYNTAX, "ai",
									  "AI (%s) %s has %zu characters: at most %d are allowed (format %s).",
									  def->ai, def->title, n, def->comp[def->ncomp - 1].max, def->spec);
		e->value[n] = '\0';
		e->len = n;
		e->def = def;
		e->role = GS1_ROLE_ATTRIBUTE;
		if (!gs1_ai_validate(def, e->value, n, err))
			return false;
		/* A repeated AI: the same value is kept once, another is refused. */
		{
			int			prev = find_def(out, def, 0);

			if (prev >= 0)
			{
				if (out->el[prev].len != n || memcmp(out->el[prev].value, e->value, n) != 0)
					return ocop_err_set_field(err, OCOP_E_SYNTAX, "ai",
											  "AI (%s) %s occurs twice with different values.",
											  def->ai, def->title);
				continue;
			}
		}
		out->n++;
	}
	if (out->n == 0)
		return ocop_err_set_field(err, OCOP_E_SYNTAX, "element string", "The element string has no AI.");
	return true;
}

/* Append s[0..n) to out at *w (bounded by size), counting the full length. */
static void
put(char *out, size_t size, size_t *w, const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++, (*w)++)
		if (*w + 1 < size)
			out[*w] = s[i];
}

size_t
gs1_element_string(const Gs1Data *d, bool bracketed, char *out, size_t outsize)
{
	size_t		w = 0;

	for (int i = 0; i < d->n; i++)
	{
		const Gs1Element *e = &d->el[i];

		if (bracketed)
		{
			put(out, outsize, &w, "(", 1);
			put(out, outsize, &w, e->def->ai, strlen(e->def->ai));
			put(out, outsize, &w, ")", 1);
			for (size_t k = 0; k < e->len; k++)
			{
				if (e->value[k] == '(')
					put(out, outsize, &w, "\\", 1);
				put(out, outsize, &w, e->value + k, 1);
			}
		}
		else
		{
			if (i == 0 || !d->el[i - 1].def->fixed)
				put(out, outsize, &w, "^", 1);
			put(out, outsize, &w, e->def->ai, strlen(e->def->ai));
			put(out, outsize, &w, e->value, e->len);
		}
	}
	if (outsize > 0)
		out[w < outsize ? w : outsize - 1] = '\0';
	return w;
}

/* ------------------------------------------------------------------------ */
/* Building URIs */

/* The qualifier sequence "01 22 10" of key for the elements present in d. */
static int
best_qualifiers(const Gs1Data *d, const Gs1Ai *key, const Gs1Ai **best)
{
	const char *p = key->dlpkey;
	int			nbest = 0;
	char		bestname[64] = "";

	while (*p)
	{
		const Gs1Ai *q[8];
		int			nq = 0;
		char		name[64] = "";

		while (*p && *p != '|')
		{
			size_t		t = strcspn(p, ",|");
			const Gs1Ai *def = gs1_ai_lookup(p, t);

			if (def && find_def(d, def, 0) >= 0 && nq < 8)
			{
				q[nq++] = def;
				strcat(name, " ");
				strcat(name, def->ai);
			}
			p += t;
			if (*p == ',')
				p++;
		}
		if (nq > nbest || (nq == nbest && nq > 0 && strcmp(name, bestname) < 0))
		{
			nbest = nq;
			memcpy(best, q, sizeof(q[0]) * nq);
			strcpy(bestname, name);
		}
		if (*p == '|')
			p++;
	}
	return nbest;
}

size_t
gs1_dl_uri_build_bound(const Gs1Data *d, size_t base_len)
{
	/* The default base, or the given one; "/AI/" or "&AI=" and each value
	 * percent-encoded (3 bytes a byte at most); the NUL. */
	size_t		n = (base_len > 18 ? base_len : 18) + 1;

	for (int i = 0; i < d->n; i++)
		n += 6 + 3 * d->el[i].len;
	return n;
}

long
gs1_dl_uri_build(const Gs1Data *d, const char *base, size_t base_len,
				 char *out, size_t outsize, OcopErr *err)
{
	const Gs1Ai *path[9];
	int			npath,
				keyi = -1;
	bool		used[GS1_DL_MAX_AIS] = {false};
	size_t		w;
	bool		first = true;

	if (base == NULL)
	{
		base = "https://id.gs1.org";
		base_len = strlen(base);
	}
	else if (!gs1_base_validate(base, base_len, &base_len, err))
		return -1;
	for (int i = 0; i < d->n && keyi < 0; i++)
		if (d->el[i].def->dlpkey != NULL)
			keyi = i;
	if (keyi < 0)
	{
		ocop_err_set_field(err, OCOP_E_SYNTAX, "element string",
						   "The element string has no GS1 Digital Link primary key AI (01 GTIN, 00 SSCC, 414 GLN, ...).");
		return -1;
	}
	if (outsize < gs1_dl_uri_build_bound(d, base_len))
	{
		ocop_err_set_field(err, OCOP_E_NOMEM, "uri", "The output buffer is too small.");
		return -1;
	}
	path[0] = d->el[keyi].def;
	npath = 1 + best_qualifiers(d, path[0], path + 1);

	memcpy(out, base, base_len);
	w = base_len;
	for (int k = 0; k < npath; k++)
	{
		int			i = find_def(d, path[k], 0);

		used[i] = true;
		w += (size_t) snprintf(out + w, outsize - w, "/%s/", d->el[i].def->ai);
		w += gs1_percent_encode(d->el[i].value, d->el[i].len, out + w, outsize - w);
	}
	/* Data attributes: predefined-length AIs first, each group in order. */
	for (int pass = 0; pass < 2; pass++)
		for (int i = 0; i < d->n; i++)
		{
			const Gs1Ai *def = d->el[i].def;

			if (used[i] || def->fixed != (pass == 0))
				continue;
			if (!def->dl_attr)
			{
				ocop_err_set_field(err, OCOP_E_SYNTAX, "ai",
								   "AI (%s) %s is not a GS1 Digital Link data attribute, and not a key qualifier on the path chosen for the primary key AI (%s) (the longest qualifier sequence the data has).",
								   def->ai, def->title, path[0]->ai);
				return -1;
			}
			used[i] = true;
			w += (size_t) snprintf(out + w, outsize - w, "%c%s=", first ? '?' : '&', def->ai);
			first = false;
			w += gs1_percent_encode(d->el[i].value, d->el[i].len, out + w, outsize - w);
		}
	out[w] = '\0';
	return (long) w;
}
