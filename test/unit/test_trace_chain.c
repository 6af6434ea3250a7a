/*
 * test_trace_chain.c -- unit tests of the pure-C cores json_core.c and
 * trace_chain_core.c, with a reference SHA-256 instead of the server's.
 */
/* The cores are built for the frontend (see the Makefile, "Pure-C cores"). */
#include "postgres_fe.h"

#include "fe_memory.h"
#include <stdlib.h>

#include "json_core.h"
#include "ocop_hex_core.h"
#include "trace_chain_core.h"
#include "unit.h"
#include "epcis_hash_core.h"

static void
hex_of(const uint8_t *b, size_t n, char *out)
{
	ocop_hex_encode(b, n, out);
}

static void
test_sha256(void)
{
	static const struct
	{
		const char *msg;
		const char *hex;
	}			v[] = {
		{"", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"},
		{"abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"},
		{"abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
		"248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"},
	};

	for (size_t i = 0; i < sizeof(v) / sizeof(v[0]); i++)
	{
		uint8_t		out[32];
		char		hex[65];

		CHECK(epcis_sha256((const uint8_t *) v[i].msg, strlen(v[i].msg), out, NULL), "SHA-256 runs");
		hex_of(out, 32, hex);
		CHECK_EQ_STR(hex, v[i].hex, "FIPS 180-4 SHA-256 vector");
	}

	/*
	 * The chain's hash is SHA-256(prev || data), the same with one context
	 * per call and with one context reused across events.
	 */
	{
		uint8_t		cat[32 + 56],
					plain[32],
					once[32],
					reused[32];
		TraceSha256 s;

		for (int k = 0; k < 32; k++)
			cat[k] = (uint8_t) (k * 7 + 1);
		memcpy(cat + 32, v[2].msg, 56);
		CHECK(epcis_sha256(cat, sizeof(cat), plain, NULL), "SHA-256 of prev || data");
		CHECK(trace_sha256(cat, cat + 32, 56, once, NULL), "trace_sha256, one context");
		CHECK(memcmp(once, plain, 32) == 0, "trace_sha256 is SHA-256(prev || data)");
		trace_sha256_begin(&s);
		for (int round = 0; round < 3; round++)
		{
			memset(reused, 0, sizeof(reused));
			CHECK(s.h.fn(cat, cat + 32, 56, reused, s.h.arg), "trace_sha256, context reused");
			CHECK(memcmp(reused, plain, 32) == 0, "a reused context gives the same hash");
		}
		trace_sha256_end(&s);
	}
}

static const OcopJsonLimits test_limits = {1 << 20, 20, 8192};

static OcopJson *
pj(const char *s, OcopErr *err)
{
	return ocop_json_parse(s, strlen(s), &test_limits, "$", err);
}

/* Parse and write back; NULL on error (err filled). */
static char *
roundtrip(const char *in, OcopErr *err)
{
	StringInfoData out;
	OcopJson   *v;
	char	   *res = NULL;

	v = ocop_json_parse(in, strlen(in), &test_limits, "$", err);
	if (v)
	{
		initStringInfo(&out);
		ocop_json_write(&out, v);
		res = strdup(out.data);
		pfree(out.data);
	}
	return res;
}

static void
test_json(void)
{
	static const struct
	{
		const char *in;
		const char *out;
	}			good[] = {
		{"1.50", "1.50"}, {"1.5E+3", "1500"}, {"1e-3", "0.001"}, {"-0", "0"},
		{"-0.0", "0.0"}, {"0.000e5", "0"}, {"123e-5", "0.00123"}, {"-12.340e1", "-123.40"},
		{"1E2", "100"}, {"10e-1", "1.0"}, {"0", "0"}, {"-7", "-7"}, {"2.5e-1", "0.25"},
		{" { \"b\" : 1 , \"a\" : [ true , false , null ] } ", "{\"a\":[true,false,null],\"b\":1}"},
		{"{\"\\u00e9\":1,\"z\":2,\"A\":3}", "{\"A\":3,\"z\":2,\"\xc3\xa9\":1}"},
		{"\"\\u00e9\\ud83d\\ude00\\/\\t\\u001f\\\"\"", "\"\xc3\xa9\xf0\x9f\x98\x80/\\t\\u001f\\\"\""},
		{"\"\xe1\xbb\x97 \x7f\"", "\"\xe1\xbb\x97 \x7f\""},
		{"[]", "[]"}, {"{}", "{}"}, {"[[[]]]", "[[[]]]"},
	};
	static const struct
	{
		const char *in;
		OcopErrCode code;
	}			bad[] = {
		{"", OCOP_E_SYNTAX}, {"[1,]", OCOP_E_SYNTAX}, {"{\"a\":1,}", OCOP_E_SYNTAX},
		{"01", OCOP_E_SYNTAX}, {"1.", OCOP_E_SYNTAX}, {"-", OCOP_E_SYNTAX}, {".5", OCOP_E_SYNTAX},
		{"1e", OCOP_E_SYNTAX}, {"+1", OCOP_E_SYNTAX}, {"NaN", OCOP_E_SYNTAX},
		{"\"\\x\"", OCOP_E_SYNTAX}, {"\"\\ud800\"", OCOP_E_SYNTAX}, {"\"\\udc00\"", OCOP_E_SYNTAX},
		{"\"\\u0000\"", OCOP_E_SYNTAX}, {"\"\\u12\"", OCOP_E_SYNTAX}, {"\"a", OCOP_E_SYNTAX},
		{"\"\xc0\xaf\"", OCOP_E_SYNTAX}, {"\"\xed\xa0\x80\"", OCOP_E_SYNTAX},
		{"\"\xf4\x90\x80\x80\"", OCOP_E_SYNTAX}, {"\"\xff\"", OCOP_E_SYNTAX},
		{"\"\x01\"", OCOP_E_SYNTAX}, {"[1] 2", OCOP_E_SYNTAX}, {"/* c */ 1", OCOP_E_SYNTAX},
		{"{\"a\":1,\"a\":2}", OCOP_E_SYNTAX}, {"{1:2}", OCOP_E_SYNTAX}, {"tru", OCOP_E_SYNTAX},
		{"1e1001", OCOP_E_RANGE},
		{"[[[[[[[[[[[[[[[[[[[[[1]]]]]]]]]]]]]]]]]]]]]", OCOP_E_LIMIT},
		{"\"\\", OCOP_E_SYNTAX}, {"\"\\u", OCOP_E_SYNTAX},
	};

	for (size_t i = 0; i < sizeof(good) / sizeof(good[0]); i++)
	{
		OcopErr		err;
		char	   *out = roundtrip(good[i].in, &err);

		CHECK_EQ_STR(out, good[i].out, good[i].in);
		if (!out)
			fprintf(stderr, "  error: %s\n", err.detail);
		free(out);
	}
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
	{
		OcopErr		err;
		char	   *out = roundtrip(bad[i].in, &err);

		CHECK(out == NULL, bad[i].in);
		if (out == NULL)
			CHECK_EQ_INT(err.code, bad[i].code, bad[i].in);
		free(out);
	}

	/* the error names the path */
	{
		OcopErr		err;
		char	   *out = roundtrip("{\"a\":[1,{\"b c\":tru}]}", &err);

		CHECK(out == NULL && strstr(err.detail, "$.a[1][\"b c\"]") != NULL, err.detail);
		free(out);
	}
	/* containment and number equality */
	{
		OcopErr		err;
		OcopJson   *a,
				   *b;

		a = pj("{\"x\":[1,{\"y\":2.50,\"z\":3}],\"w\":\"s\"}", &err);
		b = pj("{\"x\":[{\"y\":2.5}]}", &err);
		CHECK(a && b && ocop_json_contains(a, b), "contains nested with 2.5 == 2.50");
		b = pj("{\"x\":[2]}", &err);
		CHECK(a && b && !ocop_json_contains(a, b), "does not contain missing item");
		b = pj("{\"w\":\"s\",\"x\":[]}", &err);
		CHECK(a && b && ocop_json_contains(a, b), "contains empty array");
	}
}

static void
test_datetime(void)
{
	int64_t		us;
	int			off;

	CHECK(trace_parse_datetime("1970-01-01T00:00:00Z", 20, &us, &off) && us == 0 && off == 0, "epoch");
	CHECK(trace_parse_datetime("2000-01-01T07:00:00+07:00", 25, &us, &off) &&
		  us == INT64_C(946684800000000) && off == 25200, "2000-01-01 +07:00");
	CHECK(trace_parse_datetime("2005-04-03T20:33:31.116000-06:00", 32, &us, &off) &&
		  us == INT64_C(1112582011116000) && off == -21600, "EPCIS example time");
	CHECK(trace_parse_datetime("2024-02-29T23:59:59.9999999Z", 28, &us, NULL), "leap day, 7 fraction digits");
	CHECK(!trace_parse_datetime("2023-02-29T00:00:00Z", 20, &us, NULL), "not a leap year");
	CHECK(!trace_parse_datetime("2024-01-01T24:00:00Z", 20, &us, NULL), "hour 24");
	CHECK(!trace_parse_datetime("2024-01-01T00:00:00", 19, &us, NULL), "no offset");
	CHECK(!trace_parse_datetime("2024-01-01T00:00:00+14:01", 25, &us, NULL), "offset too large");
	CHECK(!trace_parse_datetime("2024-01-01T00:00:00.Z", 21, &us, NULL), "empty fraction");
	CHECK(!trace_parse_datetime("0000-01-01T00:00:00Z", 20, &us, NULL), "year 0");
	CHECK(trace_parse_offset("-14:00", 6, &off) && off == -50400, "offset -14:00");
	CHECK(!trace_parse_offset("+7:00", 5, &off), "short offset");
}

static bool
build(TraceBuilder *b, const char *text, OcopErr *err)
{
	trace_builder_init(b, &trace_sha256_hasher);
	return trace_parse_text(b, text, strlen(text), err);
}

static const char *chain1 =
"[{\"bizStep\":\"harvesting\",\"eventTime\":\"2024-03-01T08:00:00+07:00\",\"actor\":\"HTX-123\",\"place\":\"00577\",\"lon\":105.9,\"lat\":21.0},"
" {\"bizStep\":\"shipping\",\"eventTime\":\"2024-03-02T08:00:00Z\",\"epcList\":[\"urn:epc:id:sgtin:0614141.107346.2017\"],\"readPoint\":{\"id\":\"urn:epc:id:sgln:0614141.00777.0\"}}]";

static OcopJson *
tq(const char *s, OcopErr *err)
{
	return trace_query_parse(s, strlen(s), err);
}

static void
test_chain(void)
{
	TraceBuilder b;
	TraceView	v;
	TraceEntry	e;
	OcopErr		err;
	char		hex[65];
	bool		ok;

	/* the vector computed with Python hashlib (doc/trace_chain.md) */
	ok = build(&b, "[{\"bizStep\":\"harvesting\",\"eventTime\":\"2024-03-01T08:00:00+07:00\",\"actor\":\"HTX-123\",\"place\":\"00577\",\"lon\":105.9,\"lat\":21.0}]", &err);
	CHECK(ok, err.detail);
	hex_of(b.head, 32, hex);
	CHECK_EQ_STR(hex, "363ae79a10e3ca938b52a81839a6cf3ad7a0492a057adac8f8d196b83c7dac66", "external head vector");
	CHECK_EQ_INT(b.nevents, 1, "one event");
	CHECK_EQ_INT((unsigned char) b.buf.data[0], TRACE_FORMAT_VERSION, "version byte");
	CHECK_EQ_INT(b.buf.data[7], 1, "count big-endian");
	trace_builder_free(&b);

	ok = build(&b, chain1, &err);
	CHECK(ok, err.detail);
	ok = trace_view_open(&v, (const uint8_t *) b.buf.data, b.buf.len, true, &trace_sha256_hasher,
						 &err);
	CHECK(ok, "full validation of a built chain");
	CHECK(trace_view_verify(&v, &trace_sha256_hasher), "verify");
	CHECK(trace_view_entry(&v, 1, &e) && memcmp(e.hash, b.head, 32) == 0, "last entry hash is head");

	/* text output parses back to the same bytes */
	{
		StringInfoData out;
		TraceBuilder b2;

		initStringInfo(&out);
		trace_write_text(&out, &v);
		ok = build(&b2, out.data, &err);
		CHECK(ok && b2.buf.len == b.buf.len && memcmp(b2.buf.data, b.buf.data, b.buf.len) == 0,
			  "text output is a fixpoint");
		trace_builder_free(&b2);
		pfree(out.data);
	}

	/* every single-bit flip and every truncation is refused by full validation */
	{
		uint8_t    *copy = malloc(b.buf.len);
		int			accepted = 0;

		for (size_t i = 0; i < (size_t) b.buf.len; i++)
			for (int bit = 0; bit < 8; bit++)
			{
				TraceView	v2;
				OcopErr		e2;

				memcpy(copy, b.buf.data, b.buf.len);
				copy[i] ^= (uint8_t) (1 << bit);
				if (trace_view_open(&v2, copy, b.buf.len, true, &trace_sha256_hasher, &e2))
					accepted++;
				else if (e2.code != OCOP_E_BINARY && e2.code != OCOP_E_LIMIT)
					accepted += 1000;
			}
		CHECK_EQ_INT(accepted, 0, "bit flips accepted (or wrong error kind)");
		accepted = 0;
		for (size_t n = 0; n < (size_t) b.buf.len; n++)
		{
			TraceView	v2;
			OcopErr		e2;

			if (trace_view_open(&v2, (const uint8_t *) b.buf.data, n, true, &trace_sha256_hasher, &e2))
				accepted++;
		}
		CHECK_EQ_INT(accepted, 0, "truncations accepted");
		free(copy);
	}

	/* containment */
	{
		OcopJson   *q;

		q = tq("{\"actor\":\"HTX-123\",\"place\":\"00577\"}", &err);
		CHECK(q && trace_contains(&v, q, &err), "contains same event");
		q = tq("{\"actor\":\"HTX-123\",\"bizStep\":\"shipping\"}", &err);
		CHECK(q && !trace_contains(&v, q, &err), "fields of different events");
		q = tq("{\"epcList\":[\"urn:epc:id:sgtin:0614141.107346.2017\"]}", &err);
		CHECK(q && trace_contains(&v, q, &err), "array member");
		q = tq("[1]", &err);
		CHECK(q == NULL && err.code == OCOP_E_VALUE, "query must be an object");
	}

	/* EPCIS export then import gives the same bytes */
	{
		StringInfoData out;
		TraceBuilder b2;

		initStringInfo(&out);
		ok = trace_write_epcis(&out, &v, "2026-01-01T00:00:00Z", &err);
		CHECK(ok && strstr(out.data, "\"ocop:actor\":\"HTX-123\"") != NULL, "export prefixes OCOP fields");
		trace_builder_init(&b2, &trace_sha256_hasher);
		ok = trace_parse_epcis(&b2, out.data, out.len, &err);
		CHECK(ok && b2.buf.len == b.buf.len && memcmp(b2.buf.data, b.buf.data, b.buf.len) == 0,
			  "EPCIS round trip");
		trace_builder_free(&b2);
		pfree(out.data);
	}
	trace_builder_free(&b);
}

static void
test_errors(void)
{
	static const struct
	{
		const char *in;
		OcopErrCode code;
		const char *path;
	}			bad[] = {
		{"{}", OCOP_E_SYNTAX, "array"},
		{"[1]", OCOP_E_VALUE, "$[0]"},
		{"[{\"bizStep\":\"a\"}]", OCOP_E_VALUE, "$[0].eventTime"},
		{"[{\"eventTime\":\"2024-01-01T00:00:00Z\"},{\"eventTime\":\"x\"}]", OCOP_E_DATETIME, "$[1].eventTime"},
		{"[{\"eventTime\":\"2024-01-01T00:00:00Z\",\"eventTimeZoneOffset\":\"07:00\"}]", OCOP_E_DATETIME, "eventTimeZoneOffset"},
		{"[{\"eventTime\":\"2024-01-01T00:00:00Z\",\"lat\":91,\"lon\":0}]", OCOP_E_RANGE, "$[0].lat"},
		{"[{\"eventTime\":\"2024-01-01T00:00:00Z\",\"uom\":\"kg\"}]", OCOP_E_VALUE, "$[0].uom"},
		{"[{\"eventTime\":\"2024-01-01T00:00:00Z\",\"action\":\"MOVE\"}]", OCOP_E_VALUE, "$[0].action"},
		{"[{\"eventTime\":\"2024-01-01T00:00:00Z\",\"quantityList\":[{\"quantity\":1}]}]", OCOP_E_VALUE, "quantityList[0].epcClass"},
		{"[{\"eventTime\":\"2024-01-01T00:00:00Z\",\"sourceList\":[{\"type\":\"x\"}]}]", OCOP_E_VALUE, "sourceList[0].source"},
		{"[{\"eventTime\":\"2024-01-01T00:00:00Z\",\"hash\":\"zz\"}]", OCOP_E_SYNTAX, "$[0].hash"},
		{"[{\"eventTime\":\"2024-01-01T00:00:00Z\",\"hash\":\"0000000000000000000000000000000000000000000000000000000000000000\"}]", OCOP_E_HASH, "$[0]"},
	};

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
	{
		TraceBuilder b;
		OcopErr		err;
		bool		ok = build(&b, bad[i].in, &err);

		CHECK(!ok, bad[i].in);
		if (!ok)
		{
			CHECK_EQ_INT(err.code, bad[i].code, bad[i].in);
			CHECK(strstr(err.detail, bad[i].path) != NULL, err.detail);
		}
		trace_builder_free(&b);
	}

	/* not EPCIS */
	{
		TraceBuilder b;
		OcopErr		err;

		trace_builder_init(&b, &trace_sha256_hasher);
		CHECK(!trace_parse_epcis(&b, "{\"type\":\"X\",\"epcisBody\":{}}", 27, &err) &&
			  err.code == OCOP_E_VALUE, "not EPCIS is a value error");
		trace_builder_free(&b);
	}

	/* the events-per-chain limit */
	{
		TraceBuilder b;
		OcopErr		err;
		const char *ev = "{\"eventTime\":\"2024-01-01T00:00:00Z\"}";
		bool		ok = true;
		int			n = 0;

		trace_builder_init(&b, &trace_sha256_hasher);
		while (ok && n <= TRACE_MAX_EVENTS)
		{
			ok = trace_parse_event(&b, ev, strlen(ev), &err);
			if (ok)
				n++;
		}
		CHECK_EQ_INT(n, TRACE_MAX_EVENTS, "events accepted up to the limit");
		CHECK_EQ_INT(err.code, OCOP_E_LIMIT, "limit error");
		trace_builder_free(&b);
	}
}

/*
 * The tamper check itself (trace_view_verify, which trace_verify calls on a
 * stored chain after only the bounds check of trace_view_open(full=false)):
 * every single-byte change of a stored chain, to each of the 255 other
 * values, must be refused by the bounds check or make verify return false.
 * A change inside an event's JSON (between its braces) or inside a stored
 * hash passes the bounds check, so verify alone must catch it.
 */
static void
test_verify_corruption(void)
{
	static const char *chain3 =
		"[{\"bizStep\":\"harvesting\",\"eventTime\":\"2024-03-01T08:00:00+07:00\",\"actor\":\"HTX-123\"},"
		" {\"bizStep\":\"processing\",\"eventTime\":\"2024-03-01T12:00:00Z\",\"lot\":\"L1\"},"
		" {\"bizStep\":\"shipping\",\"eventTime\":\"2024-03-02T08:00:00Z\",\"epcList\":[\"a\",\"b\"]}]";
	TraceBuilder b;
	TraceView	v;
	OcopErr		err;
	uint8_t    *copy;
	long		changes = 0,
				undetected = 0,
				by_verify = 0,
				in_payload = 0,
				payload_missed = 0;
	uint8_t		region[4096];	/* 1: event JSON between braces or a hash */

	CHECK(build(&b, chain3, &err), err.detail);
	CHECK((size_t) b.buf.len < sizeof(region), "chain fits the test's map");
	CHECK(trace_view_open(&v, (const uint8_t *) b.buf.data, b.buf.len, false, NULL, &err) &&
		  trace_view_verify(&v, &trace_sha256_hasher), "the intact chain verifies");

	/* map the bytes: hashes and the JSON strictly inside each event's braces */
	memset(region, 0, sizeof(region));
	{
		size_t		off = TRACE_HEADER_BYTES;
		int			n = 0;

		while (off + TRACE_ENTRY_OVERHEAD <= (size_t) b.buf.len)
		{
			uint32_t	len = (uint32_t) (uint8_t) b.buf.data[off] << 24 | (uint32_t) (uint8_t) b.buf.data[off + 1] << 16 |
				(uint32_t) (uint8_t) b.buf.data[off + 2] << 8 | (uint8_t) b.buf.data[off + 3];

			memset(region + off + 4, 1, TRACE_HASH_BYTES);
			memset(region + off + TRACE_ENTRY_OVERHEAD + 1, 1, len - 2);
			off += TRACE_ENTRY_OVERHEAD + len;
			n++;
		}
		CHECK_EQ_INT(n, 3, "three entries mapped");
		CHECK_EQ_INT(off, b.buf.len, "entries end with the value");
	}

	copy = malloc(b.buf.len);
	for (size_t i = 0; i < (size_t) b.buf.len; i++)
		for (int d = 1; d < 256; d++)
		{
			TraceView	v2;
			OcopErr		e2;
			bool		opened;

			memcpy(copy, b.buf.data, b.buf.len);
			copy[i] ^= (uint8_t) d;
			changes++;
			opened = trace_view_open(&v2, copy, b.buf.len, false, NULL, &e2);
			if (region[i])
			{
				in_payload++;
				/* the bounds check cannot see these: verify must */
				if (!opened || trace_view_verify(&v2, &trace_sha256_hasher))
					payload_missed++;
			}
			if (opened && trace_view_verify(&v2, &trace_sha256_hasher))
				undetected++;
			else if (opened)
				by_verify++;
		}
	free(copy);
	CHECK_EQ_INT(changes, (long) b.buf.len * 255, "every byte, every other value");
	CHECK_EQ_INT(undetected, 0, "single-byte changes that verify accepts");
	CHECK_EQ_INT(payload_missed, 0, "changes in an event or a hash not caught by verify itself");
	CHECK(in_payload >= (long) (3 * TRACE_HASH_BYTES + 100) * 255, "most bytes are event or hash bytes");
	CHECK(by_verify >= in_payload, "verify caught at least every event and hash change");

	/* a rewritten event whose own hash is recomputed: the next link fails */
	{
		TraceBuilder b2;
		TraceEntry	e0;
		uint8_t    *t = malloc(b.buf.len);
		TraceView	v2;
		uint8_t    *at = NULL;

		memcpy(t, b.buf.data, b.buf.len);
		for (size_t k = 0; at == NULL && k + 7 <= (size_t) b.buf.len; k++)
			if (memcmp(t + k, "HTX-123", 7) == 0)
				at = t + k;
		CHECK(at != NULL, "actor found in the stored bytes");
		if (at)
			at[6] = '4';
		CHECK(trace_view_open(&v2, t, b.buf.len, false, NULL, &err) &&
			  trace_view_entry(&v2, 0, &e0), "tampered chain opens");
		{
			uint8_t		zero[TRACE_HASH_BYTES] = {0};

			trace_sha256(zero, (const uint8_t *) e0.json, e0.len, (uint8_t *) e0.hash, NULL);
		}
		CHECK(!trace_view_verify(&v2, &trace_sha256_hasher), "first hash recomputed, second link breaks");
		/* rebuilt from the tampered events: verifies, but its head differs */
		CHECK(build(&b2, "[{\"bizStep\":\"harvesting\",\"eventTime\":\"2024-03-01T08:00:00+07:00\",\"actor\":\"HTX-124\"},"
					" {\"bizStep\":\"processing\",\"eventTime\":\"2024-03-01T12:00:00Z\",\"lot\":\"L1\"},"
					" {\"bizStep\":\"shipping\",\"eventTime\":\"2024-03-02T08:00:00Z\",\"epcList\":[\"a\",\"b\"]}]", &err), err.detail);
		CHECK(b2.buf.len == b.buf.len && memcmp(b2.buf.data + TRACE_HEADER_BYTES + TRACE_ENTRY_OVERHEAD,
												t + TRACE_HEADER_BYTES + TRACE_ENTRY_OVERHEAD, 10) == 0,
			  "same layout");
		CHECK(memcmp(b2.head, b.head, TRACE_HASH_BYTES) != 0, "a rebuilt chain has another head");
		trace_builder_free(&b2);
		free(t);
	}
	trace_builder_free(&b);
}

int
main(void)
{
	UNIT_RUN(test_sha256);
	UNIT_RUN(test_json);
	UNIT_RUN(test_datetime);
	UNIT_RUN(test_chain);
	UNIT_RUN(test_errors);
	UNIT_RUN(test_verify_corruption);
	return UNIT_DONE();
}
