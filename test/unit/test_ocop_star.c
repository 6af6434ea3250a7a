/*
 * test_ocop_star.c -- unit tests of the pure-C star tier core.
 */
#include "ocop_star_core.h"
#include "unit.h"

#include <stdlib.h>

static int
parse_ok(const char *s)
{
	int			v = -1;
	OcopErr err;

	if (!ocop_star_parse(s, strlen(s), &v, &err))
	{
		fprintf(stderr, "unexpected parse failure of \"%s\": %s\n", s, err.detail);
		return -1;
	}
	return v;
}

static OcopErrCode
parse_status(const char *s)
{
	OcopErr err;

	err.code = OCOP_E_OK;
	if (ocop_star_parse(s, strlen(s), NULL, &err))
		return OCOP_E_OK;
	return err.code;
}

/* The checks, in one scope of the tests' memory context (main, below). */
static int
unit_main(void)
{
	char		buf[OCOP_STAR_TEXT_MAX];
	static const char *const forms[] = {"%d", "%d*", "%d\xE2\x98\x85", "%d-star", "%d stars",
	"%d star", "%d sao", "%dsao", "%d-sao", "%dSTARS", " \t%d Sao\n"};

	/* Every form of every tier. */
	for (int v = 1; v <= 5; v++)
	{
		for (size_t f = 0; f < sizeof(forms) / sizeof(forms[0]); f++)
		{
			char		s[64];

			snprintf(s, sizeof(s), forms[f], v);
			CHECK_EQ_INT(parse_ok(s), v, s);
		}
		{
			char		marks[32] = "";
			char		padded[32] = "";

			for (int i = 0; i < v; i++)
				strcat(marks, "\xE2\x98\x85");
			CHECK_EQ_INT(parse_ok(marks), v, "black marks");
			CHECK_EQ_INT(ocop_star_label(v, OCOP_STAR_LABEL_STARS, padded), 15, "stars label length");
			CHECK_EQ_INT(parse_ok(padded), v, "stars label parses back");
		}
		CHECK_EQ_INT(ocop_star_format(v, buf), 6, "format length");
		CHECK_EQ_INT(parse_ok(buf), v, "format parses back");
		ocop_star_label(v, OCOP_STAR_LABEL_VI, buf);
		CHECK_EQ_INT(parse_ok(buf), v, "vi label parses back");
	}

	CHECK_EQ_STR((ocop_star_format(4, buf), buf), "4-star", "format 4");
	CHECK_EQ_STR((ocop_star_label(4, OCOP_STAR_LABEL_VI, buf), buf), "4 sao", "vi 4");
	CHECK_EQ_STR((ocop_star_label(4, OCOP_STAR_LABEL_STARS, buf), buf),
				 "\xE2\x98\x85\xE2\x98\x85\xE2\x98\x85\xE2\x98\x85\xE2\x98\x86", "stars 4");
	CHECK_EQ_INT(ocop_star_label(0, OCOP_STAR_LABEL_EN, buf), -1, "label of 0");
	CHECK_EQ_STR(buf, "", "label of 0 is empty");
	CHECK_EQ_INT(ocop_star_label(6, OCOP_STAR_LABEL_STARS, buf), -1, "label of 6");

	/* Range errors versus syntax errors. */
	CHECK_EQ_INT(parse_status("0"), OCOP_E_RANGE, "0");
	CHECK_EQ_INT(parse_status("6"), OCOP_E_RANGE, "6");
	CHECK_EQ_INT(parse_status("6-star"), OCOP_E_RANGE, "6-star");
	CHECK_EQ_INT(parse_status("99999999999999999999"), OCOP_E_RANGE, "huge");
	CHECK_EQ_INT(parse_status("\xE2\x98\x85\xE2\x98\x85\xE2\x98\x85\xE2\x98\x85\xE2\x98\x85\xE2\x98\x85"),
				 OCOP_E_RANGE, "six marks");
	CHECK_EQ_INT(parse_status("\xE2\x98\x86"), OCOP_E_RANGE, "white only");
	CHECK_EQ_INT(parse_status(""), OCOP_E_SYNTAX, "empty");
	CHECK_EQ_INT(parse_status(" \t "), OCOP_E_SYNTAX, "blank");
	CHECK_EQ_INT(parse_status("04"), OCOP_E_SYNTAX, "leading zero");
	CHECK_EQ_INT(parse_status("4 **"), OCOP_E_SYNTAX, "4 **");
	CHECK_EQ_INT(parse_status("4 star s"), OCOP_E_SYNTAX, "4 star s");
	CHECK_EQ_INT(parse_status("\xE2\x98\x85\xE2\x98\x86"), OCOP_E_SYNTAX, "1 + 1 marks");
	CHECK_EQ_INT(parse_status("\xE2\x98\x85\xE2\x98"), OCOP_E_SYNTAX, "truncated mark");
	CHECK_EQ_INT(parse_status("\xE2"), OCOP_E_SYNTAX, "lone lead byte");
	CHECK_EQ_INT(parse_status("4\xE2\x98"), OCOP_E_SYNTAX, "truncated suffix mark");
	CHECK_EQ_INT(parse_status("4-"), OCOP_E_SYNTAX, "dangling dash");
	CHECK_EQ_INT(parse_status("4 "), OCOP_E_OK, "trailing blank");

	/* Length-bounded: a longer buffer is read only up to len. */
	{
		int			v = 0;

		CHECK(ocop_star_parse("3xyz", 1, &v, NULL) && v == 3, "len bounds the input");
		CHECK(!ocop_star_parse("3xyz", 0, &v, NULL), "len 0");
		CHECK(!ocop_star_parse(NULL, 0, &v, NULL), "NULL text");
	}
	/* Embedded NUL is not white space. */
	CHECK(!ocop_star_parse("4\0", 2, NULL, NULL), "embedded NUL");

	/* Error details are full sentences and NUL-terminated. */
	{
		OcopErr err;

		CHECK(!ocop_star_parse("7", 1, NULL, &err), "7 fails");
		CHECK_EQ_STR(err.detail, "Tier 7 is out of range: a tier is from 1 to 5 stars.", "detail of 7");
	}

	/* Label styles. */
	{
		OcopStarLabelStyle st;

		CHECK(ocop_star_label_style_parse("en", 2, &st) && st == OCOP_STAR_LABEL_EN, "en");
		CHECK(ocop_star_label_style_parse("vi", 2, &st) && st == OCOP_STAR_LABEL_VI, "vi");
		CHECK(ocop_star_label_style_parse("stars", 5, &st) && st == OCOP_STAR_LABEL_STARS, "stars");
		CHECK(!ocop_star_label_style_parse("EN", 2, &st), "EN");
		CHECK(!ocop_star_label_style_parse("star", 4, &st), "star");
		CHECK(!ocop_star_label_style_parse("", 0, &st), "empty style");
	}

	/* Validity. */
	for (int v = -2; v <= 8; v++)
		CHECK_EQ_INT(ocop_star_is_valid(v), v >= 1 && v <= 5, "is_valid");

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
