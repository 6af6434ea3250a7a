/*
 * ocop_code_core.c -- the core of the ocop_code type (no fmgr, no SQL, no
 * catalog access; built for the server and for frontend programs, as src/common is), linked by the
 * extension, the unit tests and the libFuzzer harness.
 */

/* Built twice, as src/common is: see the Makefile, "Pure-C cores". */
#ifdef FRONTEND
#include "postgres_fe.h"
#else
#include "postgres.h"
#endif

#include "ocop_code_core.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

/*
 * The Damm algorithm (H. M. Damm, 2004) with the order-10 weakly totally
 * anti-symmetric quasigroup published in his thesis: detects every
 * single-digit error and every adjacent transposition.
 */
static const unsigned char damm_table[10][10] = {
	{0, 3, 1, 7, 5, 9, 8, 6, 4, 2},
	{7, 0, 9, 2, 1, 5, 4, 8, 6, 3},
	{4, 2, 0, 6, 8, 7, 1, 3, 5, 9},
	{1, 7, 5, 0, 9, 8, 3, 4, 2, 6},
	{6, 1, 2, 3, 0, 4, 5, 9, 7, 8},
	{3, 6, 7, 4, 2, 0, 9, 5, 8, 1},
	{5, 8, 6, 9, 7, 2, 0, 1, 3, 4},
	{8, 9, 4, 5, 3, 6, 2, 0, 1, 7},
	{9, 4, 3, 8, 6, 1, 7, 2, 0, 5},
	{2, 5, 8, 1, 4, 3, 6, 7, 9, 0}
};

int
ocop_damm_digit(const char *digits, size_t len)
{
	int			interim = 0;

	for (size_t i = 0; i < len; i++)
	{
		if (digits[i] >= '0' && digits[i] <= '9')
			interim = damm_table[interim][digits[i] - '0'];
	}
	return interim;
}

/* Feed the width decimal digits of value (most significant first). */
static int
damm_feed(int interim, int value, int width)
{
	static const int pow10[] = {1, 10, 100, 1000, 10000, 100000};

	for (int w = width - 1; w >= 0; w--)
		interim = damm_table[interim][(value / pow10[w]) % 10];
	return interim;
}

int
ocop_code_check_digit(const OcopCode *code)
{
	int			interim = 0;

	interim = damm_feed(interim, code->province, 2);
	if (code->district > 0)
		interim = damm_feed(interim, code->district, 3);
	interim = damm_feed(interim, code->commune, 5);
	interim = damm_feed(interim, code->product_set, 2);
	interim = damm_feed(interim, code->year, 4);
	interim = damm_feed(interim, code->serial, 4);
	return interim;
}

bool
ocop_code_validate(const OcopCode *c, OcopErr *err)
{
	if (c->province < OCOP_PROVINCE_MIN || c->province > OCOP_PROVINCE_MAX)
		return ocop_err_set_field(err, OCOP_E_RANGE, "province",
						 "Province code %02d is out of range: it must be from %02d to %d.",
						 c->province, OCOP_PROVINCE_MIN, OCOP_PROVINCE_MAX);
	if (c->district != 0 &&
		(c->district < OCOP_DISTRICT_MIN || c->district > OCOP_DISTRICT_MAX))
		return ocop_err_set_field(err, OCOP_E_RANGE, "district",
						 "District code %03d is out of range: it must be from %03d to %d.",
						 c->district, OCOP_DISTRICT_MIN, OCOP_DISTRICT_MAX);
	if (c->commune < OCOP_COMMUNE_MIN || c->commune > OCOP_COMMUNE_MAX)
		return ocop_err_set_field(err, OCOP_E_RANGE, "commune",
						 "Commune code %05d is out of range: it must be from %05d to %d.",
						 c->commune, OCOP_COMMUNE_MIN, OCOP_COMMUNE_MAX);
	if (c->product_set < OCOP_PRODUCT_SET_MIN || c->product_set > OCOP_PRODUCT_SET_MAX)
		return ocop_err_set_field(err, OCOP_E_RANGE, "product set",
						 "Product set %02d is out of range: it must be from %02d to %d.",
						 c->product_set, OCOP_PRODUCT_SET_MIN, OCOP_PRODUCT_SET_MAX);
	if (c->year < OCOP_YEAR_MIN || c->year > OCOP_YEAR_MAX)
		return ocop_err_set_field(err, OCOP_E_RANGE, "year",
						 "Year %d is out of range: it must be from %d to %d.",
						 c->year, OCOP_YEAR_MIN, OCOP_YEAR_MAX);
	if (c->serial < OCOP_SERIAL_MIN || c->serial > OCOP_SERIAL_MAX)
		return ocop_err_set_field(err, OCOP_E_RANGE, "serial",
						 "Serial %04d is out of range: it must be from %04d to %d.",
						 c->serial, OCOP_SERIAL_MIN, OCOP_SERIAL_MAX);
	return true;
}

static bool
is_space(char ch)
{
	return ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r' ||
		ch == '\v' || ch == '\f';
}

/* Strip surrounding white space: adjusts *str and *len. */
static void
trim(const char **str, size_t *len)
{
	while (*len > 0 && is_space((*str)[0]))
	{
		(*str)++;
		(*len)--;
	}
	while (*len > 0 && is_space((*str)[*len - 1]))
		(*len)--;
}

#define MAX_GROUPS 7

typedef struct Groups
{
	int			n;
	const char *start[MAX_GROUPS];
	size_t		len[MAX_GROUPS];
} Groups;

/*
 * Split on '-' into groups of ASCII digits.  Fails on any other character,
 * an empty group or more than max groups.
 */
static bool
split_groups(const char *s, size_t len, size_t offset, int max, Groups *g,
			 OcopErr *err)
{
	size_t		i = 0;

	g->n = 0;
	if (len == 0)
		return ocop_err_set_field(err, OCOP_E_SYNTAX, "format",
						 "The value is empty.");
	for (;;)
	{
		size_t		begin = i;

		while (i < len && s[i] >= '0' && s[i] <= '9')
			i++;
		if (i < len && s[i] != '-')
		{
			unsigned char ch = (unsigned char) s[i];

			if (ch >= 0x20 && ch < 0x7f)
				return ocop_err_set_field(err, OCOP_E_SYNTAX, "format",
								 "Unexpected character \"%c\" at position %d: only digits and \"-\" separators are allowed.",
								 (int) ch, (int) (offset + i + 1));
			return ocop_err_set_field(err, OCOP_E_SYNTAX, "format",
							 "Unexpected byte 0x%02X at position %d: only digits and \"-\" separators are allowed.",
							 (int) ch, (int) (offset + i + 1));
		}
		if (i == begin)
			return ocop_err_set_field(err, OCOP_E_SYNTAX, "format",
							 "Empty field at position %d.",
							 (int) (offset + i + 1));
		if (g->n == max)
			return ocop_err_set_field(err, OCOP_E_SYNTAX, "format",
							 "Too many fields: at most %d \"-\"-separated groups are allowed.",
							 max);
		g->start[g->n] = s + begin;
		g->len[g->n] = i - begin;
		g->n++;
		if (i == len)
			return true;
		i++;					/* skip '-' */
		if (i == len)
			return ocop_err_set_field(err, OCOP_E_SYNTAX, "format",
							 "Trailing \"-\" at position %d.",
							 (int) (offset + i));
	}
}

static int
group_value(const Groups *g, int k)
{
	int			v = 0;

	for (size_t i = 0; i < g->len[k]; i++)
		v = v * 10 + (g->start[k][i] - '0');
	return v;
}

/* The group k must have between min and max digits. */
static bool
check_width(const Groups *g, int k, size_t min, size_t max, const char *field,
			OcopErr *err)
{
	if (g->len[k] >= min && g->len[k] <= max)
		return true;
	if (min == max)
		return ocop_err_set_field(err, OCOP_E_SYNTAX, field,
						 "Field %d (%s) must have exactly %d digits, not %d.",
						 k + 1, field, (int) min, (int) g->len[k]);
	return ocop_err_set_field(err, OCOP_E_SYNTAX, field,
					 "Field %d (%s) must have %d to %d digits, not %d.",
					 k + 1, field, (int) min, (int) max, (int) g->len[k]);
}

/*
 * Fast path for the canonical forms (after the prefix): "PP-CCCCC-SS-YYYY-NNNN-C"
 * (23 bytes) and "PP-DDD-CCCCC-SS-YYYY-NNNN-C" (27 bytes).  Their digits, in
 * order and without the last, are exactly the digits the check digit covers.
 * Returns false for anything else, valid or not: the general parser then
 * decides, and words the error.
 */
static bool
parse_canonical(const char *s, size_t n, OcopCode *out)
{
	/* widths of the groups of each form */
	static const unsigned char w2[] = {2, 5, 2, 4, 4, 1};
	static const unsigned char w3[] = {2, 3, 5, 2, 4, 4, 1};
	const unsigned char *w;
	int			ngroups;
	int			v[7];
	int			interim = 0;
	size_t		pos = 0;

	if (n == 23)
		w = w2, ngroups = 6;
	else if (n == 27)
		w = w3, ngroups = 7;
	else
		return false;
	for (int k = 0; k < ngroups; k++)
	{
		int			value = 0;

		if (k > 0 && s[pos++] != '-')
			return false;
		for (int i = 0; i < w[k]; i++, pos++)
		{
			int			digit = s[pos] - '0';

			if (digit < 0 || digit > 9)
				return false;
			value = value * 10 + digit;
			if (k < ngroups - 1)
				interim = damm_table[interim][digit];
		}
		v[k] = value;
	}
	if (ngroups == 7)
		*out = (OcopCode) {v[0], v[1], v[2], v[3], v[4], v[5]};
	else
		*out = (OcopCode) {v[0], 0, v[1], v[2], v[3], v[4]};
	if ((ngroups == 7 && out->district == 0) || !ocop_code_validate(out, NULL))
		return false;
	return v[ngroups - 1] == interim;
}

bool
ocop_code_parse(const char *str, size_t len, OcopCode *out, OcopErr *err)
{
	static const char *const names3[] = {"province", "district", "commune", "product set", "year", "serial", "check digit"};
	static const char *const names2[] = {"province", "commune", "product set", "year", "serial", "check digit"};
	static const size_t widths3[] = {2, 3, 5, 2, 4, 4, 1};
	static const size_t widths2[] = {2, 5, 2, 4, 4, 1};
	const char *s = str;
	size_t		n = len;
	size_t		offset;
	Groups		g;
	OcopCode	c;

	trim(&s, &n);
	offset = (size_t) (s - str);
	if (n >= 5 && (s[0] == 'O' || s[0] == 'o') && (s[1] == 'C' || s[1] == 'c') &&
		(s[2] == 'O' || s[2] == 'o') && (s[3] == 'P' || s[3] == 'p') && s[4] == '-')
	{
		s += 5;
		n -= 5;
		offset += 5;
	}
	if (parse_canonical(s, n, &c))
	{
		if (out)
			*out = c;
		return true;
	}
	if (!split_groups(s, n, offset, MAX_GROUPS, &g, err))
		return false;

	memset(&c, 0, sizeof(c));
	if (g.n == 6 || g.n == 7)
	{
		const char *const *names = g.n == 7 ? names3 : names2;
		const size_t *widths = g.n == 7 ? widths3 : widths2;
		int			k = 0;
		int			given,
					expected;

		for (int i = 0; i < g.n; i++)
			if (!check_width(&g, i, widths[i], widths[i], names[i], err))
				return false;
		c.province = group_value(&g, k++);
		c.district = g.n == 7 ? group_value(&g, k++) : 0;
		if (g.n == 7 && c.district == 0)
			return ocop_err_set_field(err, OCOP_E_RANGE, "district",
							 "District code %03d is out of range: it must be from %03d to %d.",
							 0, OCOP_DISTRICT_MIN, OCOP_DISTRICT_MAX);
		c.commune = group_value(&g, k++);
		c.product_set = group_value(&g, k++);
		c.year = group_value(&g, k++);
		c.serial = group_value(&g, k++);
		if (!ocop_code_validate(&c, err))
			return false;
		given = group_value(&g, k);
		expected = ocop_code_check_digit(&c);
		if (given != expected)
			return ocop_err_set_field(err, OCOP_E_CHECK, "check digit",
							 "Check digit is %d, expected %d.",
							 given, expected);
	}
	else if (g.n == 5)
	{
		/* Legacy provincial form PP-DDD-CCCCC-N-YYYY. */
		if (g.len[0] != 2 || g.len[1] != 3 || g.len[2] != 5 ||
			g.len[3] < 1 || g.len[3] > 4 || g.len[4] != 4)
			return ocop_err_set_field(err, OCOP_E_SYNTAX, "format",
							 "Found 5 fields, but not in the legacy provincial form PP-DDD-CCCCC-N-YYYY; a canonical code has 6 or 7 fields ending in the check digit.");
		c.province = group_value(&g, 0);
		c.district = group_value(&g, 1);
		if (c.district == 0)
			return ocop_err_set_field(err, OCOP_E_RANGE, "district",
							 "District code %03d is out of range: it must be from %03d to %d.",
							 0, OCOP_DISTRICT_MIN, OCOP_DISTRICT_MAX);
		c.commune = group_value(&g, 2);
		c.serial = group_value(&g, 3);
		c.year = group_value(&g, 4);
		c.product_set = 0;
		if (!ocop_code_validate(&c, err))
			return false;
	}
	else
		return ocop_err_set_field(err, OCOP_E_SYNTAX, "format",
						 "Found %d \"-\"-separated field(s); expected 6 (two-level), 7 (three-level) or 5 (legacy provincial form).",
						 g.n);

	if (out)
		*out = c;
	return true;
}

int
ocop_code_format(const OcopCode *c, char *buf)
{
	return ocop_code_format_packed(ocop_code_pack(c), buf);
}

/*
 * The packed value's 18 decimal digits are the fields in text order
 * (PP DDD CCCCC SS YY NNNN), so the text is those digits with separators, "20"
 * before the year and the Damm digit computed on the way.
 */
int
ocop_code_format_packed(int64_t packed, char *buf)
{
	char		d[18];
	char	   *p = buf;
	int			interim = 0;

#define PUT_DIGIT(ch) (*p++ = (ch), interim = damm_table[interim][(ch) - '0'])
	for (int i = 17; i >= 0; i--)
	{
		d[i] = (char) ('0' + packed % 10);
		packed /= 10;
	}
	memcpy(p, "OCOP-", 5);
	p += 5;
	PUT_DIGIT(d[0]);
	PUT_DIGIT(d[1]);
	*p++ = '-';
	if (d[2] != '0' || d[3] != '0' || d[4] != '0')
	{
		PUT_DIGIT(d[2]);
		PUT_DIGIT(d[3]);
		PUT_DIGIT(d[4]);
		*p++ = '-';
	}
	for (int i = 5; i < 10; i++)
		PUT_DIGIT(d[i]);
	*p++ = '-';
	PUT_DIGIT(d[10]);
	PUT_DIGIT(d[11]);
	*p++ = '-';
	PUT_DIGIT('2');
	PUT_DIGIT('0');
	PUT_DIGIT(d[12]);
	PUT_DIGIT(d[13]);
	*p++ = '-';
	for (int i = 14; i < 18; i++)
		PUT_DIGIT(d[i]);
	*p++ = '-';
	*p++ = (char) ('0' + interim);
	*p = '\0';
#undef PUT_DIGIT
	return (int) (p - buf);
}

int64_t
ocop_code_pack(const OcopCode *c)
{
	return c->province * OCOP_PACK_PROVINCE +
		c->district * OCOP_PACK_DISTRICT +
		c->commune * OCOP_PACK_COMMUNE +
		c->product_set * OCOP_PACK_PRODUCT_SET +
		(c->year - 2000) * OCOP_PACK_YEAR +
		c->serial * OCOP_PACK_SERIAL;
}

bool
ocop_code_unpack(int64_t v, OcopCode *out, OcopErr *err)
{
	OcopCode	c;

	if (v < 0 || v >= 100 * OCOP_PACK_PROVINCE)
		return ocop_err_set_field(err, OCOP_E_RANGE, "value",
						 "Packed value must be from 0 to 999999999999999999 (18 decimal digits).");
	c.serial = (int) (v % 10000);
	c.year = 2000 + (int) ((v / OCOP_PACK_YEAR) % 100);
	c.product_set = (int) ((v / OCOP_PACK_PRODUCT_SET) % 100);
	c.commune = (int) ((v / OCOP_PACK_COMMUNE) % 100000);
	c.district = (int) ((v / OCOP_PACK_DISTRICT) % 1000);
	c.province = (int) (v / OCOP_PACK_PROVINCE);
	if (!ocop_code_validate(&c, err))
		return false;
	if (out)
		*out = c;
	return true;
}

bool
ocop_area_parse(const char *str, size_t len, int64_t *lo, int64_t *hi,
				OcopErr *err)
{
	const char *s = str;
	size_t		n = len;
	Groups		g;
	int64_t		width;
	int			province,
				district = 0,
				commune = 0;

	trim(&s, &n);
	if (!split_groups(s, n, (size_t) (s - str), 3, &g, err))
		return false;
	if (!check_width(&g, 0, 2, 2, "province", err))
		return false;
	province = group_value(&g, 0);
	if (g.n == 1)
		width = OCOP_PACK_PROVINCE;
	else if (g.n == 2 && g.len[1] == 3)
	{
		district = group_value(&g, 1);
		width = OCOP_PACK_DISTRICT;
	}
	else if (g.n == 2 && g.len[1] == 5)
	{
		commune = group_value(&g, 1);
		width = OCOP_PACK_COMMUNE;
	}
	else if (g.n == 3)
	{
		if (!check_width(&g, 1, 3, 3, "district", err) ||
			!check_width(&g, 2, 5, 5, "commune", err))
			return false;
		district = group_value(&g, 1);
		commune = group_value(&g, 2);
		width = OCOP_PACK_COMMUNE;
	}
	else
		return ocop_err_set_field(err, OCOP_E_SYNTAX, "format",
						 "An area is \"PP\", \"PP-DDD\", \"PP-CCCCC\" or \"PP-DDD-CCCCC\".");
	if (province < OCOP_PROVINCE_MIN)
		return ocop_err_set_field(err, OCOP_E_RANGE, "province",
						 "Province code %02d is out of range: it must be from %02d to %d.",
						 province, OCOP_PROVINCE_MIN, OCOP_PROVINCE_MAX);
	if ((g.n == 3 || (g.n == 2 && g.len[1] == 3)) && district < OCOP_DISTRICT_MIN)
		return ocop_err_set_field(err, OCOP_E_RANGE, "district",
						 "District code %03d is out of range: it must be from %03d to %d.",
						 district, OCOP_DISTRICT_MIN, OCOP_DISTRICT_MAX);
	if ((g.n == 3 || (g.n == 2 && g.len[1] == 5)) && commune < OCOP_COMMUNE_MIN)
		return ocop_err_set_field(err, OCOP_E_RANGE, "commune",
						 "Commune code %05d is out of range: it must be from %05d to %d.",
						 commune, OCOP_COMMUNE_MIN, OCOP_COMMUNE_MAX);

	/*
	 * The bounds are the smallest and largest valid codes of the area (so
	 * that EXPLAIN can print them): the first unspecified field from its
	 * minimum (district absent = 0) or maximum, the rest likewise.
	 */
	{
		OcopCode	first = {province, district, commune ? commune : OCOP_COMMUNE_MIN,
		OCOP_PRODUCT_SET_MIN, OCOP_YEAR_MIN, OCOP_SERIAL_MIN};
		OcopCode	last = {province,
			width == OCOP_PACK_PROVINCE ? OCOP_DISTRICT_MAX : district,
			commune ? commune : OCOP_COMMUNE_MAX,
		OCOP_PRODUCT_SET_MAX, OCOP_YEAR_MAX, OCOP_SERIAL_MAX};

		*lo = ocop_code_pack(&first);
		*hi = ocop_code_pack(&last);
	}
	return true;
}
