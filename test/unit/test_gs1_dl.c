/*
 * test_gs1_dl.c -- unit tests of gs1_dl_core.c and the generated AI table:
 * the table's order and lookups, each checked rule ("linter"), optional
 * components and character sets, the valid key-qualifier sequences of GS1's
 * engine, element strings both ways, the URI builder's choices, limits, and
 * that a parse never reads past the given length.
 */
#include "gs1_dl_core.h"
#include "unit.h"

#include <stdlib.h>

static Gs1Data d;
static OcopErr err;

static bool
val(const char *ai, const char *v)
{
	const Gs1Ai *def = gs1_ai_lookup(ai, strlen(ai));

	return def != NULL && gs1_ai_validate(def, v, strlen(v), &err);
}

static bool
uri(const char *u)
{
	return gs1_dl_uri_parse(u, strlen(u), GS1_DL_STRICT, &d, &err);
}

/* The element string of a URI (bracketed), or "REFUSED". */
static const char *
es(const char *u)
{
	static char buf[1024];

	if (!uri(u))
		return "REFUSED";
	gs1_element_string(&d, true, buf, sizeof(buf));
	return buf;
}

/* The URI of an element string with a base, or "REFUSED". */
static const char *
build(const char *s, const char *base)
{
	static char buf[1024];
	long		n;

	if (!gs1_element_string_parse(s, strlen(s), &d, &err))
		return "REFUSED";
	if (gs1_dl_uri_build_bound(&d, base ? strlen(base) : 0) > sizeof(buf))
		return "TOO LONG";
	n = gs1_dl_uri_build(&d, base, base ? strlen(base) : 0, buf, sizeof(buf), &err);
	if (n < 0 || strlen(buf) != (size_t) n)
		return "REFUSED";
	return buf;
}

static void
test_table(void)
{
	int			sorted = 1,
				found = 0;

	CHECK_EQ_INT(gs1_n_ais, 541, "541 AIs in release 2026-01-27");
	CHECK_EQ_STR(gs1_dictionary_release, "2026-01-27", "release");
	for (int i = 0; i < gs1_n_ais; i++)
	{
		if (i > 0 && strcmp(gs1_ais[i - 1].ai, gs1_ais[i].ai) >= 0)
			sorted = 0;
		if (gs1_ai_lookup(gs1_ais[i].ai, strlen(gs1_ais[i].ai)) == &gs1_ais[i])
			found++;
	}
	CHECK(sorted, "sorted by AI");
	CHECK_EQ_INT(found, gs1_n_ais, "every AI found by lookup");
	CHECK(gs1_ai_lookup("0", 1) == NULL, "1 digit");
	CHECK(gs1_ai_lookup("01234", 5) == NULL, "5 digits");
	CHECK(gs1_ai_lookup("89", 2) == NULL, "89 unassigned");
	CHECK(gs1_ai_lookup("3106", 4) == NULL, "3106 outside 3100-3105");
	CHECK(gs1_ai_lookup("0a", 2) == NULL, "non-digit");
	CHECK(gs1_ai_lookup("3103", 4) != NULL && gs1_ai_lookup("3103", 4)->fixed, "3103 predefined length");
	CHECK(strcmp(gs1_ai_lookup("01", 2)->dlpkey, "22,10,21|235") == 0, "GTIN qualifiers");
}

static void
test_rules(void)
{
	/* csum */
	CHECK(val("01", "09520123456788"), "GTIN ok");
	CHECK(!val("01", "09520123456789"), "GTIN check digit");
	CHECK(!val("01", "0952012345678"), "GTIN-13 in AI 01");
	CHECK(!val("01", "0952012345678A"), "letter");
	/* csumalpha: the GMN example of the GS1 General Specifications */
	CHECK(val("8013", "1987654Ad4X4bL5ttr2310c2K"), "GMN ok");
	CHECK(!val("8013", "1987654Ad4X4bL5ttr2310c2L"), "GMN pair");
	CHECK(!val("8013", "1K"), "GMN too short");
	/* dates */
	CHECK(val("17", "261200"), "yymmd0 DD=00");
	CHECK(!val("17", "261300"), "month 13");
	CHECK(!val("17", "260230"), "Feb 30");
	CHECK(val("17", "280229"), "leap Feb 29");
	CHECK(!val("17", "270229"), "Feb 29 2027");
	CHECK(!val("7006", "261200"), "yymmdd DD=00");
	CHECK(val("7250", "20000229"), "yyyymmdd 2000-02-29");
	CHECK(!val("7250", "19000229"), "1900 not leap");
	CHECK(val("7003", "2612312359"), "yymmdd hhmi");
	CHECK(!val("7003", "2612312400"), "hour 24");
	CHECK(!val("7003", "2612312360"), "minute 60");
	/* 8008: N6,yymmdd N2,hh [N2],mi [N2],ss -- optional components */
	CHECK(val("8008", "26123123"), "8008 date and hour");
	CHECK(val("8008", "2612312359"), "with minutes");
	CHECK(val("8008", "261231235959"), "with seconds");
	CHECK(!val("8008", "26123123595"), "half a component");
	CHECK(!val("8008", "261231235960"), "second 60");
	CHECK(!val("8008", "2612312"), "hour missing a digit");
	/* 7007: N6,yymmdd [N6],yymmdd */
	CHECK(val("7007", "260101"), "harvest date");
	CHECK(val("7007", "260101260131"), "harvest range");
	CHECK(!val("7007", "260101261331"), "second date bad");
	/* 4330: N6 [X1],hyphen */
	CHECK(val("4330", "001234"), "temperature");
	CHECK(val("4330", "001234-"), "negative temperature");
	CHECK(!val("4330", "001234+"), "hyphen only");
	/* nonzero, winding: 8001 N4,nonzero N5,nonzero N3,nonzero N1,winding N1 */
	CHECK(val("8001", "00100020000319"), "dimensions");
	CHECK(!val("8001", "00000020000319"), "width 0");
	CHECK(!val("8001", "00100020000359"), "winding 5");
	/* zero: 8003 N1,zero N13,csum [X..16] */
	CHECK(val("8003", "04965031954585"), "GRAI");
	CHECK(!val("8003", "14965031954585"), "GRAI first digit");
	/* yesno, iso5218, nozeroprefix, hasnondigit */
	CHECK(val("4321", "1") && !val("4321", "2"), "yesno");
	CHECK(val("7252", "9") && !val("7252", "3"), "iso5218");
	CHECK(val("8011", "0") && val("8011", "10") && !val("8011", "01"), "nozeroprefix");
	CHECK(val("8014", "1987654Ad4X4bL5ttr2310c2K") && !val("8014", "1234567890123456787"), "hasnondigit");
	/* pieceoftotal */
	CHECK(val("8006", "054123450000130102"), "piece 1 of 2");
	CHECK(!val("8006", "054123450000130201"), "piece 2 of 1");
	CHECK(!val("8006", "054123450000130001"), "piece 0");
	/* latitude, longitude */
	CHECK(val("4309", "18000000003600000000"), "max coordinates");
	CHECK(!val("4309", "18000000013600000000"), "latitude");
	CHECK(!val("4309", "18000000003600000001"), "longitude");
	/* pcenc */
	CHECK(val("4300", "A%20B") && !val("4300", "A%2") && !val("4300", "A%ZZB"), "pcenc");
	/* iban */
	CHECK(val("8007", "GB82WEST12345698765432"), "IBAN");
	CHECK(!val("8007", "GB82WEST12345698765433"), "IBAN check");
	CHECK(!val("8007", "gb82WEST12345698765432"), "IBAN lower case");
	/* character sets: X (82), Y (39), Z (base64url) */
	CHECK(val("10", "!\"%&'()*+,-./:;<=>?_") && !val("10", "A B") && !val("10", "A~"), "set 82");
	CHECK(val("8010", "0541234537290A41#GH33") && !val("8010", "abc"), "set 39");
	CHECK(val("8030", "AZaz09-_==") && !val("8030", "A=B") && !val("8030", "A+B"), "base64url");
	/* lengths */
	CHECK(!val("10", ""), "empty");
	CHECK(val("10", "12345678901234567890") && !val("10", "123456789012345678901"), "X..20");
	CHECK(!val("3103", "12345") && !val("3103", "1234567"), "N6");
}

/* The valid sequences of test_dl_testValidateDLpathAIseq in GS1's engine. */
static void
test_sequences(void)
{
	static const char *const valid[] = {
		"00", "01", "01 21", "01 10", "01 10 21", "01 22", "01 22 21", "01 22 10", "01 22 10 21",
		"01 235", "253", "255", "401", "402", "414", "414 254", "414 7040", "417", "417 7040",
		"8003", "8004", "8004 7040", "8006", "8006 21", "8006 10", "8006 10 21", "8006 22",
		"8006 22 21", "8006 22 10", "8006 22 10 21", "8010", "8010 8011", "8013", "8017",
		"8017 8019", "8018", "8018 8019"
	};
	static const char *const sample[][2] = {
		{"00", "006141411234567890"}, {"01", "12312312312333"}, {"22", "TEST"}, {"10", "ABC"},
		{"21", "XYZ"}, {"235", "TPX"}, {"253", "1231231231232"}, {"255", "1231231231232"},
		{"401", "ABC123"}, {"402", "12345678901234560"}, {"414", "9520123456788"}, {"254", "ABC"},
		{"7040", "1ABC"}, {"417", "5060917510004"}, {"8003", "04965031954585"}, {"8004", "ABC"},
		{"8006", "054123450000130101"}, {"8010", "ABC"}, {"8011", "123"},
		{"8013", "1987654Ad4X4bL5ttr2310c2K"}, {"8017", "817019610850151481"},
		{"8018", "411369833821910265"}, {"8019", "4003812"}
	};
	int			ok = 0;

	for (size_t i = 0; i < sizeof(valid) / sizeof(valid[0]); i++)
	{
		char		u[512] = "https://a",
					seq[32];
		char	   *tok,
				   *save;

		snprintf(seq, sizeof(seq), "%s", valid[i]);
		for (tok = strtok_r(seq, " ", &save); tok; tok = strtok_r(NULL, " ", &save))
			for (size_t k = 0; k < sizeof(sample) / sizeof(sample[0]); k++)
				if (strcmp(sample[k][0], tok) == 0)
					snprintf(u + strlen(u), sizeof(u) - strlen(u), "/%s/%s", tok, sample[k][1]);
		if (uri(u))
			ok++;
		else
			fprintf(stderr, "sequence %s refused: %s\n", valid[i], err.detail);
	}
	CHECK_EQ_INT(ok, (int) (sizeof(valid) / sizeof(valid[0])), "every valid key-qualifier sequence");
	CHECK(!uri("https://a/01/12312312312333/10/ABC/22/TEST"), "bad order");
	CHECK(!uri("https://a/01/12312312312333/22/TEST/235/TPX"), "alternatives mixed");
	CHECK(!uri("https://a/414/9520123456788/254/ABC/7040/1ABC"), "414 alternatives mixed");
	CHECK(!uri("https://a/8013/1987654Ad4X4bL5ttr2310c2K/21/X"), "no qualifiers for 8013");
}

static void
test_uris(void)
{
	CHECK_EQ_STR(es("https://a/01/12312312312333?3103=000195&17=201225&linkType=all#x"),
				 "(01)12312312312333(3103)000195(17)201225", "attributes in URI order, parameter aside");
	CHECK_EQ_INT(d.nparams, 1, "one parameter");
	CHECK_EQ_INT(d.base_len, strlen("https://a"), "base");
	CHECK_EQ_STR(es("https://a/x/01/y/01/12312312312333"), "(01)12312312312333", "right-most key");
	CHECK_EQ_INT(d.base_len, strlen("https://a/x/01/y"), "base keeps the path prefix");
	CHECK_EQ_STR(es("https://a/01/12312312312333?02=12312312312333"), "(01)12312312312333(02)12312312312333",
				 "02 as attribute");
	CHECK_EQ_STR(es("https://a/00/006141411234567890?01=12312312312333&10=L"),
				 "(00)006141411234567890(01)12312312312333(10)L", "10 is an attribute of an SSCC");
	CHECK_EQ_STR(es("https://a/01/12312312312333/22/TEST?21=X"), "REFUSED", "21 not an attribute");
	CHECK_EQ_STR(es("https://a/01/12312312312333/22/TEST?10=X"), "REFUSED", "10 fits the path");
	CHECK_EQ_STR(es("https://a/01/12312312312333/235/T?22=X"), "REFUSED", "22 not an attribute");
	CHECK_EQ_STR(es("HTTP://A/01/12312312312333"), "(01)12312312312333", "upper-case scheme");
	CHECK_EQ_STR(es("Https://a/01/12312312312333"), "REFUSED", "mixed-case scheme");
	CHECK_EQ_STR(es("https://a/01/12312312312333?%31%30=A"), "(01)12312312312333", "encoded key is not an AI");
	CHECK_EQ_STR(es("https://a/01/12312312312333?99=a%26b%3Dc"), "(01)12312312312333(99)a&b=c", "decoded value");
	CHECK_EQ_STR(es("https://a/01/12312312312333?=x&&y=&99=Z"), "(01)12312312312333(99)Z", "odd parameters");
	/* Only len bytes are read. */
	CHECK(gs1_dl_uri_parse("https://a/01/12312312312333/10/AB", 27, GS1_DL_STRICT, &d, &err) && d.n == 1,
		  "len respected");
	/* Legacy mode only: GTIN-13, short names, trailing slash. */
	CHECK(!uri("https://a/gtin/9520123456788/"), "strict refuses legacy forms");
	CHECK(gs1_dl_uri_parse("https://a/gtin/9520123456788/lot/A/", 35, GS1_DL_LEGACY, &d, &err) &&
		  strcmp(d.el[0].value, "09520123456788") == 0 && d.n == 2, "legacy forms");
}

static void
test_element_strings(void)
{
	char		buf[256];

	CHECK(gs1_element_string_parse("^0112312312312333310300019539220299^17201225", 44, &d, &err), "unbracketed");
	gs1_element_string(&d, true, buf, sizeof(buf));
	CHECK_EQ_STR(buf, "(01)12312312312333(3103)000195(3922)0299(17)201225", "bracketed");
	gs1_element_string(&d, false, buf, sizeof(buf));
	CHECK_EQ_STR(buf, "^0112312312312333310300019539220299^17201225", "FNC1 after 3922 only");
	CHECK_EQ_INT(gs1_element_string(&d, false, buf, 5), 44, "length when truncated");
	CHECK_EQ_STR(buf, "^011", "truncated and terminated");
	CHECK(!gs1_element_string_parse("(01)1231231231233", 17, &d, &err), "short GTIN");
	CHECK(!gs1_element_string_parse("(01", 3, &d, &err), "unclosed");
	CHECK(!gs1_element_string_parse("()1", 3, &d, &err), "no AI");
	CHECK(!gs1_element_string_parse("^", 1, &d, &err), "nothing");
	CHECK(!gs1_element_string_parse("^0112312312312333^89X", 21, &d, &err), "unknown AI");
	CHECK(gs1_element_string_parse("(10)A\\(B", 8, &d, &err) && strcmp(d.el[0].value, "A(B") == 0, "escaped (");

	CHECK_EQ_STR(build("(01)12312312312326(21)abc123", NULL), "https://id.gs1.org/01/12312312312326/21/abc123",
				 "default base");
	CHECK_EQ_STR(build("(21)S(10)L(22)V(01)12312312312326", "https://b.example/x/"),
				 "https://b.example/x/01/12312312312326/22/V/10/L/21/S", "qualifiers in GS1 order");
	CHECK_EQ_STR(build("(01)12312312312326(235)T", "https://b"), "https://b/01/12312312312326/235/T",
				 "235 alone");
	CHECK_EQ_STR(build("(01)12312312312326(235)T(22)V", "https://b"), "REFUSED",
				 "tie: 22 chosen, 235 cannot be an attribute");
	CHECK_EQ_STR(build("(414)9520123456788(7040)1ABC(254)X", "https://b"), "REFUSED",
				 "tie: 254 chosen, 7040 cannot be an attribute");
	CHECK_EQ_STR(build("(99)A(17)261231(01)12312312312326(3103)000001", "https://b"),
				 "https://b/01/12312312312326?17=261231&3103=000001&99=A", "predefined length first");
	CHECK_EQ_STR(build("(10)A%B", "https://b"), "REFUSED", "no key");
	CHECK_EQ_STR(build("(01)12312312312326", "b"), "REFUSED", "relative base");
	CHECK_EQ_INT(err.code, OCOP_E_VALUE, "base is 22023");
	{
		char		tiny[40];

		CHECK(gs1_element_string_parse("(01)12312312312326(10)ABC", 25, &d, &err), "parse");
		CHECK(gs1_dl_uri_build(&d, NULL, 0, tiny, sizeof(tiny), &err) < 0 && err.code == OCOP_E_NOMEM,
			  "buffer below the bound refused");
	}
}

int
main(void)
{
	UNIT_RUN(test_table);
	UNIT_RUN(test_rules);
	UNIT_RUN(test_sequences);
	UNIT_RUN(test_uris);
	UNIT_RUN(test_element_strings);
	return UNIT_DONE();
}
