/*
 * test_epcis_hash.c -- unit tests of the EPCIS event hash ID core
 * (extension/epcis_hash_core.c).
 *
 * The assertions of GS1's reference implementation (test/data/epcis-hash/,
 * README.md there gives the repository, commit, paths and licence):
 *   - every event of every JSON-LD example document has the hash ID of the
 *     example's .hashes file (fields the document lists under
 *     "<prefix>:ignoreFields" are left out first, as the reference does);
 *   - every event of expected_equal/ReferenceEventHashAlgorithm.json (the
 *     same event written differently) has the same hash ID;
 *   - every assertion of its Digital Link normaliser test
 *     (dl_normaliser_cases.tsv: input, expected output or \N for none).
 * Then the value rules on their own: numbers as Python prints them,
 * timestamps, refusals.
 */
/* The cores are built for the frontend (see the Makefile, "Pure-C cores"). */
#include "postgres_fe.h"

#include "fe_memory.h"
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "epcis_hash_core.h"
#include "unit.h"

#define DATA "test/data/epcis-hash/"

/* SHA-256 by PostgreSQL's cryptohash (libpgcommon), as in the module. */
static const EpcisHasher hasher = {epcis_sha256, NULL};
static const OcopJsonLimits lim = {EPCIS_HASH_MAX_INPUT, EPCIS_HASH_MAX_DEPTH + 5, EPCIS_HASH_MAX_STRING};

static char *
slurp(const char *path, size_t *len)
{
	FILE	   *f = fopen(path, "rb");
	char	   *b;
	long		n;

	if (f == NULL)
		return NULL;
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	fseek(f, 0, SEEK_SET);
	b = malloc((size_t) n + 1);
	if (b == NULL || fread(b, 1, (size_t) n, f) != (size_t) n)
	{
		fclose(f);
		free(b);
		return NULL;
	}
	b[n] = '\0';
	fclose(f);
	if (len)
		*len = (size_t) n;
	return b;
}

/* The event's hash ID, leaving out the listed top-level keys. */
static bool
event_id(const OcopJson *ev, const OcopJson *ctx, const OcopJson *ignore,
		 char *out, OcopErr *err)
{
	OcopJson	copy = *ev;
	OcopJsonMember *m = palloc((ev->count + 1) * sizeof(OcopJsonMember));
	StringInfoData pre;
	bool		ok;

	copy.count = 0;
	copy.members = m;
	for (size_t i = 0; i < ev->count; i++)
	{
		bool		skip = false;

		for (size_t k = 0; ignore && ignore->kind == OCOP_JSON_ARRAY && k < ignore->count; k++)
			if (ignore->items[k]->kind == OCOP_JSON_STRING && ignore->items[k]->len == ev->members[i].keylen &&
				memcmp(ignore->items[k]->str, ev->members[i].key, ev->members[i].keylen) == 0)
				skip = true;
		if (!skip)
			m[copy.count++] = ev->members[i];
	}
	initStringInfo(&pre);
	ok = epcis_prehash(&copy, ctx, &pre, err) &&
		epcis_hash_id_of_prehash(pre.data, pre.len, &hasher, out, err);
	pfree(pre.data);
	return ok;
}

/* ignoreFields: "<prefix>:ignoreFields" with the prefix of https://repository-x.example.com/ */
static const OcopJson *
ignore_fields(const OcopJson *holder, const OcopJson *ctx)
{
	for (size_t i = 0; ctx && ctx->kind == OCOP_JSON_ARRAY && i < ctx->count; i++)
	{
		const OcopJson *e = ctx->items[i];

		for (size_t j = 0; e->kind == OCOP_JSON_OBJECT && j < e->count; j++)
			if (e->members[j].value->kind == OCOP_JSON_STRING &&
				strncmp(e->members[j].value->str, "https://repository-x.example.com/", e->members[j].value->len) == 0 &&
				e->members[j].value->len == strlen("https://repository-x.example.com/"))
			{
				char		key[128];

				snprintf(key, sizeof(key), "%.*s:ignoreFields", (int) e->members[j].keylen, e->members[j].key);
				return holder ? ocop_json_get(holder, key) : NULL;
			}
	}
	return NULL;
}

static int	n_docs = 0,
			n_events = 0;

static void
check_document(const char *name)
{
	char		path[512];
	char	   *text,
			   *hashes;
	size_t		len;
	OcopErr		err;
	OcopJson   *doc;
	const OcopJson *ctx,
			   *body,
			   *list = NULL,
			   *ignore = NULL;
	char	   *line;
	size_t		i = 0;

	snprintf(path, sizeof(path), DATA "examples/%s", name);
	text = slurp(path, &len);
	snprintf(path + strlen(path) - 7, 16, ".hashes");
	hashes = slurp(path, NULL);
	CHECK(text != NULL && hashes != NULL, name);
	if (text == NULL || hashes == NULL)
		return;
	doc = ocop_json_parse(text, len, &lim, "$", &err);
	CHECK(doc != NULL, name);
	ctx = ocop_json_get(doc, "@context");
	body = ocop_json_get(doc, "epcisBody");
	if (ocop_json_get(body, "eventList"))
	{
		list = ocop_json_get(body, "eventList");
		ignore = ignore_fields(doc, ctx);
	}
	else if (ocop_json_get(body, "queryResults"))
	{
		const OcopJson *qr = ocop_json_get(body, "queryResults");

		list = ocop_json_get(ocop_json_get(qr, "resultsBody"), "eventList");
		ignore = ignore_fields(qr, ctx);
	}
	n_docs++;
	for (line = strtok(hashes, "\n"); line; line = strtok(NULL, "\n"), i++)
	{
		char		id[EPCIS_HASH_ID_LEN + 1] = "";
		char		what[600];
		const OcopJson *ev = list ? (i < list->count ? list->items[i] : NULL) : (i == 0 ? ocop_json_get(body, "event") : NULL);

		snprintf(what, sizeof(what), "%s event %zu", name, i);
		CHECK(ev != NULL, what);
		if (ev == NULL)
			continue;
		if (!event_id(ev, ctx, ignore, id, &err))
			fprintf(stderr, "%s: %s\n", what, err.detail);
		CHECK_EQ_STR(id, line, what);
		n_events++;
	}
	CHECK_EQ_INT(i, list ? list->count : 1, name);
	free(text);
	free(hashes);
}

static int
cmpstr(const void *a, const void *b)
{
	return strcmp(*(char *const *) a, *(char *const *) b);
}

static void
test_reference_examples(void)
{
	DIR		   *d = opendir(DATA "examples");
	struct dirent *e;
	char	   *names[256];
	size_t		n = 0;

	CHECK(d != NULL, "test/data/epcis-hash/examples");
	if (d == NULL)
		return;
	while ((e = readdir(d)) != NULL && n < 256)
		if (strlen(e->d_name) > 7 && strcmp(e->d_name + strlen(e->d_name) - 7, ".jsonld") == 0)
			names[n++] = strdup(e->d_name);
	closedir(d);
	qsort(names, n, sizeof(char *), cmpstr);
	for (size_t i = 0; i < n; i++)
	{
		check_document(names[i]);
		free(names[i]);
	}
	CHECK_EQ_INT(n_docs, 22, "JSON-LD example documents");
	CHECK_EQ_INT(n_events, 43, "events with an expected hash ID");
}

static void
test_expected_equal(void)
{
	size_t		len;
	char	   *text = slurp(DATA "expected_equal/ReferenceEventHashAlgorithm.json", &len);
	OcopErr		err;
	OcopJson   *doc;
	const OcopJson *list;
	char		first[EPCIS_HASH_ID_LEN + 1] = "";

	CHECK(text != NULL, "expected_equal file");
	if (text == NULL)
		return;
	doc = ocop_json_parse(text, len, &lim, "$", &err);
	list = ocop_json_get(ocop_json_get(doc, "epcisBody"), "eventList");
	CHECK(list != NULL && list->count >= 2, "expected_equal events");
	for (size_t i = 0; list && i < list->count; i++)
	{
		char		id[EPCIS_HASH_ID_LEN + 1] = "";

		CHECK(event_id(list->items[i], ocop_json_get(doc, "@context"), NULL, id, &err), "expected_equal hashed");
		if (i == 0)
			strcpy(first, id);
		else
			CHECK_EQ_STR(id, first, "expected_equal: same hash ID");
	}
	free(text);
}

static void
test_dl_normaliser_cases(void)
{
	char	   *text = slurp(DATA "dl_normaliser_cases.tsv", NULL);
	int			n = 0;

	CHECK(text != NULL, "dl_normaliser_cases.tsv");
	if (text == NULL)
		return;
	for (char *line = strtok(text, "\n"); line; line = strtok(NULL, "\n"))
	{
		char	   *tab = strchr(line, '\t');
		OcopErr		err;
		const char *got;

		if (tab == NULL)
			continue;
		*tab = '\0';
		err.code = OCOP_E_OK;
		got = epcis_dl_normalise(line, &err);
		if (strcmp(tab + 1, "\\N") == 0)
		{
			if (got != NULL)
				fprintf(stderr, "normaliser(%s) = %s, expected none\n", line, got);
			CHECK(got == NULL && err.code == OCOP_E_OK, line);
		}
		else
			CHECK_EQ_STR(got, tab + 1, line);
		n++;
	}
	CHECK_EQ_INT(n, 70, "normaliser assertions");
	free(text);
}

static const char *
fmt(const char *s, OcopErr *err)
{
	const char *r = epcis_format_number(s, err);

	return r ? r : "(refused)";
}

static void
test_values(void)
{
	OcopErr		err;

	/* numbers: float(text), then int() when integral, else repr() */
	CHECK_EQ_STR(fmt("26", &err), "26", "26");
	CHECK_EQ_STR(fmt("26.0", &err), "26", "26.0");
	CHECK_EQ_STR(fmt("+007.50", &err), "7.5", "+007.50");
	CHECK_EQ_STR(fmt("1_000", &err), "1000", "underscores");
	CHECK_EQ_STR(fmt("1__000", &err), "1__000", "double underscore: not a number");
	CHECK_EQ_STR(fmt("0.00001", &err), "1e-05", "repr exponent");
	CHECK_EQ_STR(fmt("0.0001", &err), "0.0001", "repr fixed");
	CHECK_EQ_STR(fmt("1e22", &err), "10000000000000000000000", "integral float");
	CHECK_EQ_STR(fmt("1e23", &err), "99999999999999991611392", "int() of the double");
	CHECK_EQ_STR(fmt("-0.0", &err), "0", "-0");
	CHECK_EQ_STR(fmt("0.1", &err), "0.1", "0.1");
	CHECK_EQ_STR(fmt("2.675", &err), "2.675", "shortest repr");
	CHECK_EQ_STR(fmt("NaN", &err), "NaN", "nan stays");
	CHECK_EQ_STR(fmt("abc", &err), "abc", "text stays");
	CHECK_EQ_STR(fmt("inf", &err), "(refused)", "inf: the reference fails");
	CHECK_EQ_INT(err.code, OCOP_E_VALUE, "inf refused with 22023");
	CHECK_EQ_STR(fmt("1e400", &err), "(refused)", "overflow to inf");
	CHECK_EQ_STR(fmt("\xd9\xa1\xd9\xa2", &err), "(refused)", "Arabic-Indic digits");
	CHECK_EQ_STR(fmt("caf\xc3\xa9", &err), "caf\xc3\xa9", "non-ASCII text stays");
	/* timestamps */
	CHECK_EQ_STR(epcis_fix_timestamp("2020-03-04T11:00:30.000+01:00", &err), "2020-03-04T10:00:30.000Z", "offset");
	CHECK_EQ_STR(epcis_fix_timestamp("2022-02-15T01:33:31.116000-06:00", &err), "2022-02-15T07:33:31.116Z", "microseconds");
	CHECK_EQ_STR(epcis_fix_timestamp("2020-01-01T00:00:00.0005Z", &err), "2020-01-01T00:00:00.000Z", "half to even (down)");
	CHECK_EQ_STR(epcis_fix_timestamp("2020-01-01T00:00:00.0015Z", &err), "2020-01-01T00:00:00.002Z", "half to even (up)");
	CHECK_EQ_STR(epcis_fix_timestamp("2020-01-01T00:00:00.1234569Z", &err), "2020-01-01T00:00:00.123Z", "fraction cut at microseconds");
	CHECK_EQ_STR(epcis_fix_timestamp("2020-12-31T23:30+0100", &err), "2020-12-31T22:30:00.000Z", "no seconds, +HHMM");
	CHECK_EQ_STR(epcis_fix_timestamp("2021-01-01T00:30:00-02", &err), "2021-01-01T02:30:00.000Z", "-HH");
	CHECK(epcis_fix_timestamp("2020-01-01T00:00:00.9996Z", &err) == NULL, "1,000 ms: the reference fails");
	CHECK(epcis_fix_timestamp("2020-01-01T00:00:00", &err) == NULL, "no offset: the machine's zone");
	CHECK(epcis_fix_timestamp("2021-02-29T00:00:00Z", &err) == NULL, "no such day");
	CHECK(epcis_fix_timestamp("March 4, 2020", &err) == NULL, "free text");
	CHECK_EQ_INT(err.code, OCOP_E_VALUE, "timestamp refused with 22023");
	/* canonical values */
	CHECK_EQ_STR(epcis_canonize_value("urn:epcglobal:cbv:bizstep:shipping", &err),
				 "https://ref.gs1.org/cbv/BizStep-shipping", "CBV URN");
	CHECK_EQ_STR(epcis_canonize_value("urn:epc:id:sgtin:4012345.011111.9876", &err),
				 "https://id.gs1.org/01/04012345111118/21/9876", "SGTIN");
	CHECK_EQ_STR(epcis_canonize_value("https://example.com/01/4012345111118/10/L1/21/9?x=1", &err),
				 "https://id.gs1.org/01/04012345111118/21/9", "Digital Link: domain, 14 digits, lot dropped, query dropped");
	CHECK(epcis_canonize_value("urn:epc:id:sgtin:\xd9\xa1\xd9\xa2.0.1", &err) == NULL, "non-ASCII EPC refused");
}

static void
test_events(void)
{
	char		id[EPCIS_HASH_ID_LEN + 1];
	char		id2[EPCIS_HASH_ID_LEN + 1];
	OcopErr		err;
	StringInfoData pre;
	const char *ev = "{\"type\":\"ObjectEvent\",\"action\":\"OBSERVE\",\"eventTime\":\"2020-03-04T11:00:30+01:00\","
		"\"eventTimeZoneOffset\":\"+01:00\",\"bizStep\":\"shipping\",\"epcList\":[\"b\",\"a\"],"
		"\"ex:f\":{\"ex:g\":\"1\"},\"recordTime\":\"2021-01-01T00:00:00Z\",\"eventID\":\"urn:uuid:1\"}";
	const char *ctx = "[\"https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld\",{\"ex\":\"https://ex.org/\"}]";

	initStringInfo(&pre);
	CHECK(epcis_prehash_text(ev, strlen(ev), ctx, strlen(ctx), &pre, &err), "prehash");
	CHECK_EQ_STR(pre.data, "eventType=ObjectEventeventTime=2020-03-04T10:00:30.000ZeventTimeZoneOffset=+01:00"
				 "epcListepc=aepc=baction=OBSERVEbizStep=https://ref.gs1.org/cbv/BizStep-shipping"
				 "{https://ex.org/}f{https://ex.org/}g=1", "pre-hash: order, sorted list, extension, ignored fields");
	pfree(pre.data);
	/* recordTime and eventID do not count */
	CHECK(epcis_hash_id_text(ev, strlen(ev), ctx, strlen(ctx), &hasher, id, &err), "hash id");
	{
		const char *ev2 = "{\"type\":\"ObjectEvent\",\"action\":\"OBSERVE\",\"eventTime\":\"2020-03-04T10:00:30.000Z\","
			"\"eventTimeZoneOffset\":\"+01:00\",\"bizStep\":\"https://ref.gs1.org/cbv/BizStep-shipping\",\"epcList\":[\"a\",\"b\"],"
			"\"ex:f\":{\"ex:g\":1}}";

		CHECK(epcis_hash_id_text(ev2, strlen(ev2), ctx, strlen(ctx), &hasher, id2, &err), "hash id 2");
		CHECK_EQ_STR(id, id2, "same event written differently");
	}
	CHECK(epcis_is_hash_id(id, strlen(id)), "is a hash id");
	CHECK(!epcis_is_hash_id("urn:uuid:1", 10), "urn:uuid is not");
	/* refusals */
	{
		const char *bad = "{\"type\":\"ObjectEvent\",\"eventTime\":\"2020-03-04T11:00:30\"}";
		const char *bt = "{\"type\":\"ObjectEvent\",\"action\":\"ADD\",\"bizTransactionList\":[{\"bizTransaction\":\"x\"}]}";

		CHECK(!epcis_hash_id_text(bad, strlen(bad), NULL, 0, &hasher, id, &err), "naive time refused");
		CHECK_EQ_INT(err.code, OCOP_E_VALUE, "22023");
		CHECK(!epcis_hash_id_text(bt, strlen(bt), NULL, 0, &hasher, id, &err), "bizTransaction without type refused");
		CHECK(!epcis_hash_id_text("[1]", 3, NULL, 0, &hasher, id, &err), "array refused");
		CHECK(!epcis_hash_id_text("{", 1, NULL, 0, &hasher, id, &err), "bad JSON refused");
		CHECK_EQ_INT(err.code, OCOP_E_SYNTAX, "22P02");
	}
	/* limits: more than 1,024 distinct vocabulary IRIs is 54000, not a quadratic wait */
	{
		StringInfoData big;

		initStringInfo(&big);
		appendStringInfoString(&big, "{\"type\":\"ObjectEvent\",\"ex:v\":[");
		for (int i = 0; i < 1100; i++)
		{
			char		item[64];

			snprintf(item, sizeof(item), "%s\"https://gs1.org/voc/T%d\"", i ? "," : "", i);
			appendStringInfoString(&big, item);
		}
		appendStringInfoString(&big, "]}");
		CHECK(!epcis_hash_id_text(big.data, big.len, NULL, 0, &hasher, id, &err), "too many IRIs");
		CHECK_EQ_INT(err.code, OCOP_E_LIMIT, "54000");
		pfree(big.data);
	}
}

int
main(void)
{
	UNIT_RUN(test_reference_examples);
	UNIT_RUN(test_expected_equal);
	UNIT_RUN(test_dl_normaliser_cases);
	UNIT_RUN(test_values);
	UNIT_RUN(test_events);
	return UNIT_DONE();
}
