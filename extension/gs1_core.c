/*
 * gs1_core.c -- GTIN check digits and GS1 Digital Link URIs (no fmgr, no SQL,
 * no catalog access; built for the server and for frontend programs, as src/common is); see
 * gs1_core.h for the rules and their sources.
 */

/* Built twice, as src/common is: see the Makefile, "Pure-C cores". */
#ifdef FRONTEND
#include "postgres_fe.h"
#else
#include "postgres.h"
#endif

#include "gs1_core.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

static bool
is_digit(unsigned char c)
{
	return c >= '0' && c <= '9';
}

/* Describe a byte for a message: "\"x\"" when printable, else "byte 0xNN". */
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

int
gs1_check_digit(const char *digits, size_t len)
{
	int			sum = 0;

	/* Weights 3, 1, 3, ... starting from the right-most data digit. */
	for (size_t i = 0; i < len; i++)
	{
		unsigned char c = (unsigned char) digits[len - 1 - i];

		if (!is_digit(c))
			return -1;
		sum += (c - '0') * ((i % 2 == 0) ? 3 : 1);
	}
	return (10 - sum % 10) % 10;
}

bool
gtin_normalize(const char *s, size_t len, char out[15], OcopErr *err)
{
	char		b[16];
	int			expected;

	if (len != 8 && len != 12 && len != 13 && len != 14)
	{
		if (len == 0)
			return ocop_err_set_field(err, OCOP_E_SYNTAX, "gtin", "The GTIN is empty.");
		return ocop_err_set_field(err, OCOP_E_SYNTAX, "gtin",
						 "A GTIN has 8, 12, 13 or 14 digits, not %zu characters.", len);
	}
	for (size_t i = 0; i < len; i++)
		if (!is_digit((unsigned char) s[i]))
		{
			char		buf[16];

			return ocop_err_set_field(err, OCOP_E_SYNTAX, "gtin",
							 "Unexpected %s at position %zu: a GTIN has digits only.",
							 show_byte((unsigned char) s[i], buf), i + 1);
		}
	expected = gs1_check_digit(s, len - 1);
	if (expected != s[len - 1] - '0')
	{
		memcpy(b, s, len);
		b[len] = '\0';
		return ocop_err_set_field(err, OCOP_E_CHECK, "gtin",
						 "The check digit of GTIN %s is %c, expected %d (GS1 mod-10).",
						 b, s[len - 1], expected);
	}
	if (out)
	{
		memset(out, '0', 14 - len);
		memcpy(out + 14 - len, s, len);
		out[14] = '\0';
	}
	return true;
}

bool
gtin_is_valid(const char *s, size_t len)
{
	return gtin_normalize(s, len, NULL, NULL);
}

bool
gs1_is_cset82(unsigned char c)
{
	if (c >= 'A' && c <= 'Z')
		return true;
	if (c >= 'a' && c <= 'z')
		return true;
	if (is_digit(c))
		return true;
	return c != 0 && strchr("!\"%&'()*+,-./:;<=>?_", c) != NULL;
}

static bool
is_unreserved(unsigned char c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || is_digit(c) ||
		c == '-' || c == '.' || c == '_' || c == '~';
}

size_t
gs1_percent_encode(const char *s, size_t len, char *out, size_t outsize)
{
	static const char hex[] = "0123456789ABCDEF";
	size_t		n = 0;			/* length of the full encoding */
	size_t		w = 0;			/* bytes written: whole pieces only */
	bool		full = false;

	for (size_t i = 0; i < len; i++)
	{
		unsigned char c = (unsigned char) s[i];
		size_t		piece = is_unreserved(c) ? 1 : 3;

		if (!full && w + piece < outsize)
		{
			if (piece == 1)
				out[w] = (char) c;
			else
			{
				out[w] = '%';
				out[w + 1] = hex[c >> 4];
				out[w + 2] = hex[c & 15];
			}
			w += piece;
		}
		else
			full = true;
		n += piece;
	}
	if (outsize > 0)
		out[w] = '\0';
	return n;
}

/* A lot, serial or CPV value: 1..max characters of set 82. */
static bool
check_ai_value(const char *v, size_t len, size_t max, const char *field,
			   const char *ai, OcopErr *err)
{
	if (len == 0)
		return ocop_err_set_field(err, OCOP_E_SYNTAX, field,
						 "The %s (AI %s) is empty: it must have 1 to %zu characters.",
						 field, ai, max);
	if (len > max)
		return ocop_err_set_field(err, OCOP_E_SYNTAX, field,
						 "The %s (AI %s) has %zu characters: at most %zu are allowed.",
						 field, ai, len, max);
	for (size_t i = 0; i < len; i++)
		if (!gs1_is_cset82((unsigned char) v[i]))
		{
			char		buf[16];

			return ocop_err_set_field(err, OCOP_E_SYNTAX, field,
							 "The %s (AI %s) has %s at position %zu, which is not in the GS1 AI encodable character set 82 (letters, digits and !\"%%&'()*+,-./:;<=>?_).",
							 field, ai, show_byte((unsigned char) v[i], buf), i + 1);
		}
	return true;
}

bool
gs1_base_validate(const char *base, size_t len, size_t *used_len, OcopErr *err)
{
	size_t		skip;
	size_t		host = 0;

	if (len >= 8 && strncasecmp(base, "https://", 8) == 0)
		skip = 8;
	else if (len >= 7 && strncasecmp(base, "http://", 7) == 0)
		skip = 7;
	else
		return ocop_err_set_field(err, OCOP_E_VALUE, "base",
						 "The base must be an absolute URI starting with \"https://\" or \"http://\".");
	if (len > GS1_BASE_MAX)
		return ocop_err_set_field(err, OCOP_E_VALUE, "base",
						 "The base has %zu bytes: at most %d are allowed.", len, GS1_BASE_MAX);
	for (size_t i = 0; i < len; i++)
	{
		unsigned char c = (unsigned char) base[i];

		if (c <= 0x20 || c >= 0x7f || c == '"' || c == '<' || c == '>' ||
			c == '\\' || c == '^' || c == '`' || c == '{' || c == '|' || c == '}')
		{
			char		buf[16];

			return ocop_err_set_field(err, OCOP_E_VALUE, "base",
							 "The base has %s at position %zu: only printable ASCII URI characters are allowed (percent-encode others).",
							 show_byte(c, buf), i + 1);
		}
		if (c == '?' || c == '#')
			return ocop_err_set_field(err, OCOP_E_VALUE, "base",
							 "The base must not have a query or fragment (\"%c\" at position %zu).",
							 c, i + 1);
	}
	while (skip + host < len && base[skip + host] != '/')
		host++;
	if (host == 0)
		return ocop_err_set_field(err, OCOP_E_VALUE, "base", "The base has no host name.");
	while (len > skip + host && base[len - 1] == '/')
		len--;
	*used_len = len;
	return true;
}

int
gs1_days_in_month(int year, int month)
{
	static const int days[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};

	if (month < 1 || month > 12)
		return 0;
	if (month == 2 && ((year % 4 == 0 && year % 100 != 0) || year % 400 == 0))
		return 29;
	return days[month - 1];
}

long
gs1_dl_build(const char *gtin, size_t gtin_len,
			 const char *lot, size_t lot_len,
			 const char *serial, size_t serial_len,
			 bool has_expiry, int year, int month, int day,
			 const char *base, size_t base_len,
			 char *out, size_t outsize, OcopErr *err)
{
	char		g14[15];
	size_t		n;

	if (!gtin_normalize(gtin, gtin_len, g14, err))
		return -1;
	if (lot && !check_ai_value(lot, lot_len, GS1_LOT_MAX, "lot", "10", err))
		return -1;
	if (serial && !check_ai_value(serial, serial_len, GS1_SERIAL_MAX, "serial", "21", err))
		return -1;
	if (has_expiry)
	{
		if (year < GS1_YEAR_MIN || year > GS1_YEAR_MAX)
		{
			ocop_err_set_field(err, OCOP_E_DATETIME_RANGE, "expiry",
					  "The expiry year %d cannot be written as GS1 YYMMDD here: years %d to %d are supported.",
					  year, GS1_YEAR_MIN, GS1_YEAR_MAX);
			return -1;
		}
		if (day < 1 || day > gs1_days_in_month(year, month))
		{
			ocop_err_set_field(err, OCOP_E_DATETIME, "expiry", "The expiry date is not a calendar date.");
			return -1;
		}
	}
	if (base == NULL)
	{
		base = "https://id.gs1.org";
		base_len = strlen(base);
	}
	else if (!gs1_base_validate(base, base_len, &base_len, err))
		return -1;
	if (outsize < GS1_DL_MAX_LEN(base_len))
	{
		ocop_err_set_field(err, OCOP_E_NOMEM, "uri", "The output buffer is too small.");
		return -1;
	}

	memcpy(out, base, base_len);
	n = base_len;
	n += (size_t) snprintf(out + n, outsize - n, "/01/%s", g14);
	if (lot)
	{
		memcpy(out + n, "/10/", 4);
		n += 4;
		n += gs1_percent_encode(lot, lot_len, out + n, outsize - n);
	}
	if (serial)
	{
		memcpy(out + n, "/21/", 4);
		n += 4;
		n += gs1_percent_encode(serial, serial_len, out + n, outsize - n);
	}
	if (has_expiry)
		n += (size_t) snprintf(out + n, outsize - n, "?17=%02d%02d%02d",
							   year % 100, month, day);
	out[n] = '\0';
	return (long) n;
}
