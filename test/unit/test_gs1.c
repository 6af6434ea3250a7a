/*
 * test_gs1.c -- unit tests of gs1_core.c (GTIN check digits, percent-
 * encoding, base validation, Digital Link building) and of the legacy mode
 * of gs1_dl_core.c's parser that gs1_digital_link_parse uses.
 */
#include "gs1_core.h"
#include "gs1_dl_core.h"
#include "unit.h"

#include <stdlib.h>

/*
 * The five parts gs1_digital_link_parse returns, read from the full parser
 * in its legacy mode as extension/gs1.c does (AI 17 with DD = 00 is the
 * last day of the month).
 */
typedef struct Gs1Link
{
	char		gtin[15];
	char		lot[GS1_LOT_MAX + 1];
	char		serial[GS1_SERIAL_MAX + 1];
	bool		has_lot;
	bool		has_serial;
	bool		has_expiry;
	int			year;
	int			month;
	int			day;
	size_t		base_len;
} Gs1Link;

static bool
parse_len(const char *uri, size_t len, Gs1Link *l, OcopErr *err)
{
	Gs1Data    *d = malloc(sizeof(Gs1Data));
	const Gs1Element *e;
	bool		ok = gs1_dl_uri_parse(uri, len, GS1_DL_LEGACY, d, err);

	memset(l, 0, sizeof(*l));
	if (ok)
	{
		if ((e = gs1_data_find(d, "01", 2)) != NULL)
			memcpy(l->gtin, e->value, e->len + 1);
		if ((e = gs1_data_find(d, "10", 2)) != NULL)
			memcpy(l->lot, e->value, e->len + 1), l->has_lot = true;
		if ((e = gs1_data_find(d, "21", 2)) != NULL)
			memcpy(l->serial, e->value, e->len + 1), l->has_serial = true;
		if ((e = gs1_data_find(d, "17", 2)) != NULL)
		{
			l->has_expiry = true;
			l->year = 2000 + (e->value[0] - '0') * 10 + (e->value[1] - '0');
			l->month = (e->value[2] - '0') * 10 + (e->value[3] - '0');
			l->day = (e->value[4] - '0') * 10 + (e->value[5] - '0');
			if (l->day == 0)
				l->day = gs1_days_in_month(l->year, l->month);
		}
		l->base_len = d->base_len;
	}
	free(d);
	return ok;
}

static bool
parse(const char *uri, Gs1Link *link, OcopErr *err)
{
	return parse_len(uri, strlen(uri), link, err);
}

static long
build(const char *gtin, const char *lot, const char *serial, int y, int m, int d,
	  const char *base, char *out, size_t outsize, OcopErr *err)
{
	return gs1_dl_build(gtin, strlen(gtin), lot, lot ? strlen(lot) : 0,
						serial, serial ? strlen(serial) : 0, y != 0, y, m, d,
						base, base ? strlen(base) : 0, out, outsize, err);
}

static void
test_check_digits(void)
{
	/* GS1 General Specifications 7.9.1 example: 629104150021 -> 3. */
	CHECK_EQ_INT(gs1_check_digit("629104150021", 12), 3, "GenSpecs example");
	CHECK_EQ_INT(gs1_check_digit("9638507", 7), 4, "GTIN-8 96385074");
	CHECK_EQ_INT(gs1_check_digit("03600029145", 11), 2, "UPC-A 036000291452");
	CHECK_EQ_INT(gs1_check_digit("893123456789", 12), 7, "GTIN-13 8931234567897");
	CHECK_EQ_INT(gs1_check_digit("0952123454321", 13), 3, "GTIN-14 09521234543213");
	CHECK_EQ_INT(gs1_check_digit("", 0), 0, "empty");
	CHECK_EQ_INT(gs1_check_digit("12a", 3), -1, "non-digit");

	CHECK(gtin_is_valid("96385074", 8), "GTIN-8 valid");
	CHECK(gtin_is_valid("036000291452", 12), "GTIN-12 valid");
	CHECK(gtin_is_valid("6291041500213", 13), "GTIN-13 valid");
	CHECK(gtin_is_valid("09521234543213", 14), "GTIN-14 valid");
	CHECK(!gtin_is_valid("09521234543214", 14), "GTIN-14 wrong check");
	CHECK(!gtin_is_valid("0952123454321", 13), "13-digit with wrong check");
	CHECK(!gtin_is_valid("123456789", 9), "9 digits");
	CHECK(!gtin_is_valid("12345678901", 11), "11 digits");
	CHECK(!gtin_is_valid("", 0), "empty");
	CHECK(!gtin_is_valid("9638507 4", 9), "space");
	/* Only len bytes are read. */
	CHECK(gtin_is_valid("96385074XYZ", 8), "reads only len bytes");

	/* Every single-digit change of a valid GTIN-13 is caught. */
	{
		char		g[] = "8931234567897";
		int			caught = 0,
					total = 0;

		for (int i = 0; i < 13; i++)
		{
			char		orig = g[i];

			for (char c = '0'; c <= '9'; c++)
			{
				if (c == orig)
					continue;
				g[i] = c;
				total++;
				caught += !gtin_is_valid(g, 13);
			}
			g[i] = orig;
		}
		CHECK_EQ_INT(caught, total, "all single-digit errors detected");
	}

	{
		char		out[15];
		OcopErr	err;

		CHECK(gtin_normalize("96385074", 8, out, &err), "normalize GTIN-8");
		CHECK_EQ_STR(out, "00000096385074", "GTIN-8 padded");
		CHECK(gtin_normalize("036000291452", 12, out, &err), "normalize GTIN-12");
		CHECK_EQ_STR(out, "00036000291452", "GTIN-12 padded");
		CHECK(!gtin_normalize("8931234567890", 13, out, &err), "bad check");
		CHECK_EQ_INT(err.code, OCOP_E_CHECK, "status check");
		CHECK(strstr(err.detail, "expected 7") != NULL, "detail names expected digit");
		CHECK(!gtin_normalize("89312x4567897", 13, out, &err), "letter");
		CHECK_EQ_INT(err.code, OCOP_E_SYNTAX, "status syntax");
		CHECK(strstr(err.detail, "position 6") != NULL, "detail names position");
	}
}

static void
test_percent_encoding(void)
{
	char		out[128];
	size_t		n;

	n = gs1_percent_encode("LOT1/A", 6, out, sizeof(out));
	CHECK_EQ_STR(out, "LOT1%2FA", "slash");
	CHECK_EQ_INT(n, 8, "length");
	gs1_percent_encode("!\"%&'()*+,-./:;<=>?_", 20, out, sizeof(out));
	CHECK_EQ_STR(out, "%21%22%25%26%27%28%29%2A%2B%2C-.%2F%3A%3B%3C%3D%3E%3F_",
				 "every set-82 symbol");
	gs1_percent_encode("azAZ09-._~", 10, out, sizeof(out));
	CHECK_EQ_STR(out, "azAZ09-._~", "unreserved untouched");
	gs1_percent_encode("a b\xc3\xa9", 5, out, sizeof(out));
	CHECK_EQ_STR(out, "a%20b%C3%A9", "space and UTF-8 bytes, upper-case hex");
	/* Like snprintf: truncates but returns the full length, never splits %XX. */
	n = gs1_percent_encode("a/b", 3, out, 4);
	CHECK_EQ_INT(n, 5, "full length returned");
	CHECK_EQ_STR(out, "a", "no partial escape");
	n = gs1_percent_encode("abc", 3, out, 0);
	CHECK_EQ_INT(n, 3, "outsize 0");
	for (int c = 1; c < 256; c++)
	{
		char		s[1] = {(char) c};
		bool		in = gs1_is_cset82((unsigned char) c);
		bool		expect = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
			(c >= '0' && c <= '9') || strchr("!\"%&'()*+,-./:;<=>?_", c) != NULL;

		(void) s;
		if (in != expect)
			CHECK(false, "cset82 membership");
	}
	CHECK(!gs1_is_cset82(' '), "space not in set 82");
	CHECK(!gs1_is_cset82('~'), "tilde not in set 82");
	CHECK(!gs1_is_cset82('#'), "hash not in set 82");
	CHECK(!gs1_is_cset82(0), "NUL not in set 82");
}

static void
test_base(void)
{
	size_t		used;
	OcopErr	err;

	CHECK(gs1_base_validate("https://id.gs1.org", 18, &used, &err), "plain");
	CHECK_EQ_INT(used, 18, "no change");
	CHECK(gs1_base_validate("https://example.com/dl///", 25, &used, &err), "trailing slashes");
	CHECK_EQ_INT(used, 22, "slashes dropped");
	CHECK(gs1_base_validate("HTTP://x", 8, &used, &err), "upper-case scheme");
	CHECK(!gs1_base_validate("https://", 8, &used, &err), "no host");
	CHECK(!gs1_base_validate("https:///x", 10, &used, &err), "empty host");
	CHECK(!gs1_base_validate("ftp://x", 7, &used, &err), "scheme");
	CHECK(!gs1_base_validate("https://x/a#b", 13, &used, &err), "fragment");
	CHECK(!gs1_base_validate("https://x/a\nb", 13, &used, &err), "newline");
	CHECK(!gs1_base_validate("https://x/\xc3\xa9", 12, &used, &err), "non-ASCII");
	CHECK_EQ_INT(err.code, OCOP_E_VALUE, "param status");
}

static void
test_build(void)
{
	char		out[512];
	OcopErr	err;
	long		n;

	n = build("8931234567897", "LOT1/A", NULL, 0, 0, 0, "https://id.gs1.org", out, sizeof(out), &err);
	CHECK_EQ_STR(out, "https://id.gs1.org/01/08931234567897/10/LOT1%2FA", "lot");
	CHECK_EQ_INT(n, (long) strlen(out), "length returned");
	build("96385074", "A", "B", 2026, 12, 31, NULL, out, sizeof(out), &err);
	CHECK_EQ_STR(out, "https://id.gs1.org/01/00000096385074/10/A/21/B?17=261231", "all parts, default base");
	build("09521234543213", NULL, "1", 2000, 1, 1, "https://e.com/x/", out, sizeof(out), &err);
	CHECK_EQ_STR(out, "https://e.com/x/01/09521234543213/21/1?17=000101", "serial only, year 2000");
	CHECK(build("8931234567897", "LOT 1/A", NULL, 0, 0, 0, NULL, out, sizeof(out), &err) < 0,
		  "space refused (not in set 82)");
	CHECK(strstr(err.detail, "a space at position 4") != NULL, "names the space");
	CHECK(build("8931234567897", "", NULL, 0, 0, 0, NULL, out, sizeof(out), &err) < 0, "empty lot");
	CHECK(build("8931234567897", NULL, "123456789012345678901", 0, 0, 0, NULL, out, sizeof(out), &err) < 0,
		  "21-character serial");
	CHECK(build("8931234567897", NULL, NULL, 2100, 1, 1, NULL, out, sizeof(out), &err) < 0, "2100");
	CHECK_EQ_INT(err.code, OCOP_E_DATETIME_RANGE, "date range status");
	CHECK(build("8931234567897", NULL, NULL, 2023, 2, 29, NULL, out, sizeof(out), &err) < 0, "2023-02-29");
	CHECK_EQ_INT(err.code, OCOP_E_DATETIME, "date status");
	CHECK(build("8931234567897", NULL, NULL, 2024, 2, 29, NULL, out, sizeof(out), &err) > 0, "2024-02-29");
	CHECK(build("8931234567897", NULL, NULL, 0, 0, 0, "id.gs1.org", out, sizeof(out), &err) < 0, "bad base");
	CHECK_EQ_INT(err.code, OCOP_E_VALUE, "base status");
	/* The buffer must have GS1_DL_MAX_LEN room: the longest link fits exactly. */
	{
		const char *base = "https://id.gs1.org";
		size_t		need = GS1_DL_MAX_LEN(strlen(base));
		char	   *tight = malloc(need);

		n = build("8931234567897", "////////////////////", "????????????????????", 2099, 12, 31,
				  base, tight, need, &err);
		CHECK_EQ_INT(n, (long) need - 1, "longest link fills the bound exactly");
		CHECK(build("8931234567897", NULL, NULL, 0, 0, 0, base, tight, need - 1, &err) < 0,
			  "buffer below the bound refused");
		free(tight);
	}
}

static void
test_parse(void)
{
	Gs1Link		l;
	OcopErr	err;

	CHECK(parse("https://id.gs1.org/01/08931234567897/10/LOT1%2FA", &l, &err), "parse lot");
	CHECK_EQ_STR(l.gtin, "08931234567897", "gtin");
	CHECK_EQ_STR(l.lot, "LOT1/A", "lot decoded");
	CHECK(l.has_lot && !l.has_serial && !l.has_expiry, "flags");
	CHECK_EQ_INT(l.base_len, 18, "base");

	CHECK(parse("https://example.com/a/b/01/96385074/22/X/10/L/21/S?x=1&17=280200#f", &l, &err), "full");
	CHECK_EQ_STR(l.gtin, "00000096385074", "padded");
	CHECK_EQ_STR(l.lot, "L", "lot");
	CHECK_EQ_STR(l.serial, "S", "serial");
	CHECK(l.has_expiry && l.year == 2028 && l.month == 2 && l.day == 29, "DD=00 in a leap February");
	CHECK_EQ_INT(l.base_len, strlen("https://example.com/a/b"), "base with a path");

	CHECK(parse("https://x/01/96385074?17=270200", &l, &err), "DD=00");
	CHECK(l.day == 28, "non-leap February");
	CHECK(parse("https://x/01/96385074?17=261231", &l, &err) && l.year == 2026, "year 20YY");
	CHECK(parse("https://x/01/96385074?17=99%3112%33%31", &l, &err) == false ||
		  (l.year == 2099), "percent-encoded digits");
	CHECK(parse("https://x/gtin/96385074/lot/A/ser/B", &l, &err), "short names");
	CHECK(parse("https://x/01/96385074/", &l, &err), "trailing slash");
	CHECK(parse("https://x/01/96385074?", &l, &err) && !l.has_expiry, "empty query");
	/* "17" without "=" is a parameter that is not an AI (as GS1's engine). */
	CHECK(parse("https://x/01/96385074?17", &l, &err) && !l.has_expiry, "17 without value");
	CHECK(!parse("https://x/01/96385074?17=", &l, &err), "17 with an empty value");
	CHECK(parse("https://x/01/01/01/96385074", &l, &err), "right-most 01 with a key after it");
	CHECK_EQ_INT(l.base_len, strlen("https://x/01/01"), "base keeps the other 01s");
	CHECK(parse("https://x/01/01/01/96385074/10/1", &l, &err), "right-most, with a lot");
	CHECK(l.has_lot && strcmp(l.lot, "1") == 0, "lot 1");
	CHECK(!parse("https://x/01/96385074/10", &l, &err), "qualifier without value");
	CHECK(parse("https://x/01/X/01/96385074", &l, &err), "right-most key");
	CHECK_EQ_INT(l.base_len, strlen("https://x/01/X"), "base keeps the first 01");

	CHECK(!parse("", &l, &err), "empty");
	CHECK(!parse("https://", &l, &err), "scheme only");
	CHECK(!parse("https://x", &l, &err), "no path");
	CHECK(!parse("https://x/01", &l, &err), "no gtin");
	CHECK(!parse("https://x/01/96385075", &l, &err), "bad check digit");
	CHECK_EQ_INT(err.code, OCOP_E_SYNTAX, "check status (22P02 naming AI 01 and rule csum)");
	CHECK(!parse("https://x/01/96385074/21/S/10/L", &l, &err), "order");
	CHECK(!parse("https://x/01/96385074/22/A/22/B", &l, &err), "repeat 22");
	/* A "%" not followed by two hex digits stays as written (GS1's engine). */
	CHECK(parse("https://x/01/96385074/10/%", &l, &err) && strcmp(l.lot, "%") == 0, "bare %");
	CHECK(parse("https://x/01/96385074/10/%4", &l, &err) && strcmp(l.lot, "%4") == 0, "short %");
	CHECK(parse("https://x/01/96385074/10/%G0", &l, &err) && strcmp(l.lot, "%G0") == 0, "bad hex");
	CHECK(!parse("https://x/01/96385074/10/%00", &l, &err), "NUL");
	CHECK(!parse("https://x/01/96385074/10/%7E", &l, &err), "tilde not in set 82");
	CHECK(!parse("https://x/01/96385074?17=261232", &l, &err), "day 32");
	CHECK_EQ_INT(err.code, OCOP_E_SYNTAX, "date status (22P02 naming AI 17 and rule yymmd0)");
	CHECK(!parse("https://x/01/96385074?17=260001", &l, &err), "month 0");
	CHECK(!parse("https://x/01/96385074?17=2612311", &l, &err), "7 digits");
	CHECK(!parse("https://x/01/96385074?17=26-231", &l, &err), "non-digit");
	CHECK(!parse("https://x/01/96385074?17=261231&17=261231", &l, &err), "two expiry");
	CHECK(!parse("https://h\x01st/01/96385074", &l, &err), "control in host");

	/* 20 characters is the maximum; 21 is refused, also when encoded. */
	CHECK(parse("https://x/01/96385074/10/%2F%2F%2F%2F%2F%2F%2F%2F%2F%2F%2F%2F%2F%2F%2F%2F%2F%2F%2F%2F", &l, &err),
		  "20 encoded characters");
	CHECK_EQ_INT(strlen(l.lot), 20, "20 decoded");
	CHECK(!parse("https://x/01/96385074/10/%2F%2F%2F%2F%2F%2F%2F%2F%2F%2F%2F%2F%2F%2F%2F%2F%2F%2F%2F%2F%2F", &l, &err),
		  "21 encoded characters");

	/* Only len bytes are read. */
	CHECK(parse_len("https://x/01/96385074/10/AB", 21, &l, &err), "len respected");
	CHECK(!l.has_lot, "lot beyond len not read");
}

static void
test_round_trip(void)
{
	/* Build and parse random set-82 lots and serials; they come back. */
	static const char set82[] = "ABCXYZabcxyz0189!\"%&'()*+,-./:;<=>?_";
	unsigned int seed = 12345;
	int			good = 0;

	for (int t = 0; t < 2000; t++)
	{
		char		lot[21],
					ser[21],
					out[512];
		int			nl = 1 + (int) ((seed = seed * 1103515245u + 12345u) >> 16) % 20;
		int			ns = 1 + (int) ((seed = seed * 1103515245u + 12345u) >> 16) % 20;
		OcopErr	err;
		Gs1Link		l;

		for (int i = 0; i < nl; i++)
			lot[i] = set82[((seed = seed * 1103515245u + 12345u) >> 16) % (sizeof(set82) - 1)];
		lot[nl] = '\0';
		for (int i = 0; i < ns; i++)
			ser[i] = set82[((seed = seed * 1103515245u + 12345u) >> 16) % (sizeof(set82) - 1)];
		ser[ns] = '\0';
		if (build("8931234567897", lot, ser, 2031, 7, 15, NULL, out, sizeof(out), &err) > 0 &&
			parse(out, &l, &err) && strcmp(l.lot, lot) == 0 && strcmp(l.serial, ser) == 0 &&
			l.year == 2031 && l.month == 7 && l.day == 15 &&
			strcmp(l.gtin, "08931234567897") == 0 && l.base_len == 18)
			good++;
		else
			fprintf(stderr, "round trip failed: lot [%s] serial [%s] -> %s\n", lot, ser, out);
	}
	CHECK_EQ_INT(good, 2000, "2000 random round trips");
}

int
main(void)
{
	UNIT_RUN(test_check_digits);
	UNIT_RUN(test_percent_encoding);
	UNIT_RUN(test_base);
	UNIT_RUN(test_build);
	UNIT_RUN(test_parse);
	UNIT_RUN(test_round_trip);
	return UNIT_DONE();
}
