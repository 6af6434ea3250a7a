/* Unit tests of the pure-C ocop_code core: no server needed. */
#include "ocop_code_core.h"
#include "unit.h"

#include <stdio.h>
#include <stdlib.h>

static bool
parses(const char *s, OcopCode *out, OcopErr *err)
{
	return ocop_code_parse(s, strlen(s), out, err);
}

/*
 * An independent Damm implementation: the operation table typed again from
 * the published one (H. M. Damm's 2004 dissertation, as reproduced in the
 * "Damm algorithm" article of the English Wikipedia; row = interim digit,
 * column = next digit), written as digit strings, not copied from the core.
 * Note: a widely copied secondary transcription has 9 for the entry 8*9;
 * that is not a Latin square, which the properties below would catch.
 */
static const char *const damm_rows[10] = {
	"0317598642", "7092154863", "4206871359", "1750983426", "6123045978",
	"3674209581", "5869720134", "8945362017", "9438617205", "2581436790"
};
static int	damm_used[10][10];

static int
damm_step(int interim, int digit)
{
	damm_used[interim][digit]++;
	return damm_rows[interim][digit] - '0';
}

/* The check digit of a code from its fields, in the order they are written. */
static int
damm_of_fields(const OcopCode *a)
{
	char		digits[32];
	int			interim = 0;

	if (a->district > 0)
		snprintf(digits, sizeof(digits), "%02d%03d%05d%02d%04d%04d", a->province, a->district,
				 a->commune, a->product_set, a->year, a->serial);
	else
		snprintf(digits, sizeof(digits), "%02d%05d%02d%04d%04d", a->province, a->commune,
				 a->product_set, a->year, a->serial);
	for (const char *p = digits; *p; p++)
		interim = damm_step(interim, *p - '0');
	return interim;
}

static void
test_damm_independent(void)
{
	int			latin = 1,
				antisym = 1,
				mismatch = 0,
				wrong_accepted = 0,
				unused = 0,
				ncodes = 0;
	char		buf[OCOP_CODE_TEXT_MAX];

	/* the typed table is a Latin square with a zero diagonal, and weakly
	 * totally anti-symmetric from any interim digit (adjacent transpositions) */
	for (int r = 0; r < 10; r++)
	{
		int			rowseen = 0,
					colseen = 0;

		for (int c = 0; c < 10; c++)
		{
			rowseen |= 1 << (damm_rows[r][c] - '0');
			colseen |= 1 << (damm_rows[c][r] - '0');
		}
		if (rowseen != 0x3FF || colseen != 0x3FF || damm_rows[r][r] != '0')
			latin = 0;
		for (int x = 0; x < 10; x++)
			for (int y = 0; y < 10; y++)
				if (x != y &&
					damm_rows[damm_rows[r][x] - '0'][y] == damm_rows[damm_rows[r][y] - '0'][x])
					antisym = 0;
	}
	CHECK(latin, "typed Damm table: Latin square, zero diagonal");
	CHECK(antisym, "typed Damm table: every adjacent transposition changes the result");
	CHECK_EQ_INT(ocop_damm_digit("572", 3), 4, "worked example 572 -> 4 (core)");
	{
		int			i = 0;

		i = damm_step(i, 5);
		i = damm_step(i, 7);
		i = damm_step(i, 2);
		CHECK_EQ_INT(i, 4, "worked example 572 -> 4 (typed table)");
	}

	/*
	 * 2,000 codes: fields drawn at random (fixed seed), plus codes that walk
	 * every digit through every position so that all 100 entries are used.
	 */
	memset(damm_used, 0, sizeof(damm_used));
	srand(20041231);
	for (int i = 0; i < 2000; i++)
	{
		OcopCode	a;
		int			want,
					d;

		a.province = 1 + rand() % 99;
		a.district = (i % 3 == 0) ? 0 : 1 + rand() % 999;
		a.commune = 1 + rand() % 99999;
		a.product_set = rand() % 27;
		a.year = 2018 + rand() % 82;
		a.serial = 1 + rand() % 9999;
		if (i < 1000)
		{
			/* digit i%10 everywhere it can go */
			int			k = i % 10;

			a.commune = 11111 * k + (k == 0);
			a.serial = 1111 * k + (k == 0);
			a.district = a.district ? 111 * k + (k == 0) : 0;
		}
		want = damm_of_fields(&a);
		ncodes++;
		if (ocop_code_check_digit(&a) != want)
			mismatch++;
		ocop_code_format(&a, buf);
		if (buf[strlen(buf) - 1] - '0' != want)
			mismatch++;
		if (ocop_code_format_packed(ocop_code_pack(&a), buf) <= 0 || buf[strlen(buf) - 1] - '0' != want)
			mismatch++;
		/* the parser accepts exactly the independently computed digit */
		for (d = 0; d < 10; d++)
		{
			OcopErr		err;

			buf[strlen(buf) - 1] = (char) ('0' + d);
			if (parses(buf, NULL, &err) != (d == want))
				wrong_accepted++;
		}
	}
	for (int r = 0; r < 10; r++)
		for (int c = 0; c < 10; c++)
			if (damm_used[r][c] == 0)
				unused++;
	CHECK(ncodes >= 1000, "at least 1,000 codes");
	CHECK_EQ_INT(unused, 0, "Damm table entries no code used");
	CHECK_EQ_INT(mismatch, 0, "check digits that differ from the independent table's");
	CHECK_EQ_INT(wrong_accepted, 0, "parser verdicts that differ from the independent table's");
}

/* The checks, in one scope of the tests' memory context (main, below). */
static int
unit_main(void)
{
	OcopCode	c;
	OcopErr err;
	char		buf[OCOP_CODE_TEXT_MAX];
	int64_t		lo,
				hi;

	/* Damm: the published worked example 572 -> check digit 4. */
	CHECK_EQ_INT(ocop_damm_digit("572", 3), 4, "Damm(572)");
	CHECK_EQ_INT(ocop_damm_digit("5724", 4), 0, "Damm(5724) validates to 0");
	CHECK_EQ_INT(ocop_damm_digit("", 0), 0, "Damm of nothing");
	test_damm_independent();

	/* Canonical forms. */
	CHECK(parses("OCOP-01-00577-21-2025-0042-4", &c, &err), "two-level parses");
	CHECK_EQ_INT(c.district, 0, "two-level has no district");
	CHECK_EQ_INT(c.commune, 577, "commune");
	CHECK_EQ_INT(ocop_code_pack(&c), INT64_C(10000057721250042), "packed two-level");
	ocop_code_format(&c, buf);
	CHECK_EQ_STR(buf, "OCOP-01-00577-21-2025-0042-4", "format two-level");

	CHECK(parses(" ocop-01-018-00583-21-2023-0007-0\n", &c, &err), "three-level parses, padded, lower-case");
	CHECK_EQ_INT(ocop_code_pack(&c), INT64_C(10180058321230007), "packed three-level");
	ocop_code_format(&c, buf);
	CHECK_EQ_STR(buf, "OCOP-01-018-00583-21-2023-0007-0", "format three-level");

	CHECK(parses("83-832-28882-2-2022", &c, &err), "legacy parses");
	CHECK_EQ_INT(c.product_set, 0, "legacy product set 0");
	CHECK_EQ_INT(c.serial, 2, "legacy serial");
	CHECK_EQ_INT(c.year, 2022, "legacy year");

	/* Errors name their field. */
	CHECK(!parses("OCOP-01-00577-21-2025-0042-5", NULL, &err), "wrong check digit");
	CHECK_EQ_INT(err.code, OCOP_E_CHECK, "check status");
	CHECK_EQ_STR(err.detail, "Check digit is 5, expected 4.", "check detail");
	CHECK(!parses("OCOP-01-00577-27-2025-0042-4", NULL, &err), "product set 27");
	CHECK_EQ_STR(err.field, "product set", "range field");
	CHECK(!parses("OCOP-01-0577-21-2025-0042-4", NULL, &err), "short commune");
	CHECK_EQ_STR(err.field, "commune", "width field");
	CHECK(!parses("", NULL, &err), "empty");
	CHECK_EQ_STR(err.field, "format", "empty field");
	/* Embedded NUL: the parser takes a length, never reads past it. */
	CHECK(!ocop_code_parse("01-00577\0-21-2025-0042-4", 24, NULL, &err), "embedded NUL");

	/* Round trips of pack/unpack/format/parse over a sweep of valid codes. */
	{
		int			bad = 0;

		srand(12345);
		for (int i = 0; i < 200000; i++)
		{
			OcopCode	a,
						b;
			int64_t		p;

			a.province = 1 + rand() % 99;
			a.district = (rand() % 2) ? 0 : 1 + rand() % 999;
			a.commune = 1 + rand() % 99999;
			a.product_set = rand() % 27;
			a.year = 2018 + rand() % 82;
			a.serial = 1 + rand() % 9999;
			p = ocop_code_pack(&a);
			ocop_code_format(&a, buf);
			/* the fast formatter against a plain snprintf reference */
			{
				char		ref[64];

				if (a.district > 0)
					snprintf(ref, sizeof(ref), "OCOP-%02d-%03d-%05d-%02d-%04d-%04d-%d",
							 a.province, a.district, a.commune, a.product_set, a.year, a.serial,
							 ocop_code_check_digit(&a));
				else
					snprintf(ref, sizeof(ref), "OCOP-%02d-%05d-%02d-%04d-%04d-%d",
							 a.province, a.commune, a.product_set, a.year, a.serial,
							 ocop_code_check_digit(&a));
				if (strcmp(ref, buf) != 0)
					bad++;
			}
			if (!ocop_code_unpack(p, &b, NULL) || ocop_code_pack(&b) != p ||
				!parses(buf, &b, NULL) || ocop_code_pack(&b) != p)
				bad++;
		}
		CHECK_EQ_INT(bad, 0, "200000 random codes round-trip");
	}

	/* Unpack rejects what is not a code. */
	CHECK(!ocop_code_unpack(0, NULL, &err), "0 is not a code");
	CHECK(!ocop_code_unpack(-1, NULL, &err), "-1 is not a code");
	CHECK(!ocop_code_unpack(INT64_C(1000000000000000000), NULL, &err), "19 digits");
	CHECK(!ocop_code_unpack(INT64_C(10000057721170042), NULL, &err), "year 2017");

	/* Areas: bounds are valid codes and bracket exactly the area. */
	CHECK(ocop_area_parse("01-018", 6, &lo, &hi, &err), "district area");
	CHECK(ocop_code_unpack(lo, &c, NULL) && c.district == 18, "district lo valid");
	CHECK(ocop_code_unpack(hi, &c, NULL) && c.district == 18, "district hi valid");
	CHECK(ocop_area_parse("01-00577", 8, &lo, &hi, &err), "commune area");
	CHECK(INT64_C(10000057721250042) >= lo && INT64_C(10000057721250042) <= hi, "code in its commune");
	CHECK(!(INT64_C(10180058321230007) >= lo && INT64_C(10180058321230007) <= hi), "old commune not in new");
	CHECK(ocop_area_parse("01", 2, &lo, &hi, &err), "province area");
	CHECK(INT64_C(10180058321230007) >= lo && INT64_C(10180058321230007) <= hi, "three-level in province");
	CHECK(!ocop_area_parse("1", 1, &lo, &hi, &err), "one-digit province");
	CHECK(!ocop_area_parse("01-0577", 7, &lo, &hi, &err), "four-digit area part");

	return UNIT_DONE();
}

int
main(void)
{
	int			rc;

	fe_memory_begin();
	rc = unit_main();
	fe_memory_end();
	return rc;
}
