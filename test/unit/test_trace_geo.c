/*
 * test_trace_geo.c -- unit tests of the food-miles core
 * (extension/trace_geo_core.c): reading the location fields of stored
 * events, the Viet Nam date of an instant, representative points by code and
 * date, (E)WKB points in, EWKB LineStrings out, and the geodesic length.
 */
/* The cores are built for the frontend (see the Makefile, "Pure-C cores"). */
#include "postgres_fe.h"

#include "fe_memory.h"
#include <math.h>
#include <stdlib.h>

#include "trace_geo_core.h"
#include "unit.h"

static bool
build(TraceBuilder *b, const char *text, OcopErr *err)
{
	trace_builder_init(b, &trace_sha256_hasher);
	return trace_parse_text(b, text, strlen(text), err);
}

static void
test_read(void)
{
	/* own coordinates; a place code only; no location; a long place */
	static const char *text =
		"[{\"bizStep\":\"harvesting\",\"eventTime\":\"2025-06-30T16:59:59.999999Z\",\"place\":\"00577\",\"lon\":105.9,\"lat\":21.0},"
		" {\"bizStep\":\"shipping\",\"eventTime\":\"2025-07-01T00:00:00+07:00\",\"place\":\"00583\"},"
		" {\"bizStep\":\"inspecting\",\"eventTime\":\"2025-07-02T00:00:00Z\",\"actor\":\"LAB\"},"
		" {\"bizStep\":\"shipping\",\"eventTime\":\"2025-07-03T00:00:00Z\",\"lon\":-0.0,\"lat\":1059e-2}]";
	TraceBuilder b;
	TraceView	v;
	TraceIter	it;
	TraceEntry	e;
	OcopErr		err;
	TraceGeoEvent ev[4];
	int			n = 0;

	CHECK(build(&b, text, &err), "chain builds");
	if (err.code)
		fprintf(stderr, "%s\n", err.detail);
	CHECK(trace_view_open(&v, (const uint8_t *) b.buf.data, b.buf.len, false, NULL, &err),
		  "chain opens");
	trace_iter_init(&it, &v);
	while (n < 4 && trace_iter_next(&it, &e))
	{
		CHECK(trace_geo_read(&e, it.index, &ev[n], &err), "event reads");
		/* place_str points into the event or the parse's memory: check it now */
		if (n == 0)
			CHECK(ev[0].place_str && ev[0].place_len == 5 && memcmp(ev[0].place_str, "00577", 5) == 0,
				  "place string");
		ev[n].place_str = NULL;
		n++;
	}
	CHECK_EQ_INT(n, 4, "four events");
	CHECK_EQ_INT(ev[0].seq, 1, "seq 1");
	CHECK(ev[0].has_xy && ev[0].x == 105.9 && ev[0].y == 21.0, "own lon/lat");
	CHECK(ev[0].has_code && strcmp(ev[0].code, "00577") == 0, "place code kept beside lon/lat");
	CHECK(ev[0].has_time, "time");
	/* 2025-06-30T16:59:59.999999Z is 23:59:59.999999 on 30 June in Viet Nam;
	 * 2000-01-01 + 9313 days = 2025-07-01 */
	CHECK_EQ_INT(trace_geo_vn_day(ev[0].usec_unix), 9312, "last microsecond of 30 June (UTC+7)");
	CHECK(!ev[1].has_xy && ev[1].has_code && strcmp(ev[1].code, "00583") == 0, "place code only");
	CHECK_EQ_INT(trace_geo_vn_day(ev[1].usec_unix), 9313, "1 July 00:00 +07:00 is 1 July");
	CHECK(!ev[2].has_xy && !ev[2].has_code, "no location");
	CHECK_EQ_INT(ev[3].seq, 4, "seq 4");
	CHECK(ev[3].has_xy && ev[3].x == 0, "lon -0.0");
	CHECK(ev[3].y == 10.59, "lat 1059e-2 is 10.59");
	trace_builder_free(&b);

	/* days before 1970 and before 2000 floor, not truncate */
	CHECK_EQ_INT(trace_geo_vn_day(-INT64_C(25200000000) - 1), -10958, "1969-12-31T16:59:59.999999Z is 1969-12-31");
	CHECK_EQ_INT(trace_geo_vn_day(-INT64_C(25200000000)), -10957, "1969-12-31T17:00Z is 1970-01-01 in Viet Nam");
}

static size_t
wkb_point(uint8_t *w, int big, int srid, double x, double y)
{
	size_t		n = 0;
	uint32_t	type = srid ? 0x20000001u : 1u;
	uint64_t	u;
	int			i,
				k;
	double		d[2] = {x, y};

	w[n++] = big ? 0 : 1;
	for (i = 0; i < 4; i++)
		w[n++] = (uint8_t) (big ? type >> (8 * (3 - i)) : type >> (8 * i));
	if (srid)
		for (i = 0; i < 4; i++)
			w[n++] = (uint8_t) (big ? 4326u >> (8 * (3 - i)) : 4326u >> (8 * i));
	for (k = 0; k < 2; k++)
	{
		memcpy(&u, &d[k], 8);
		for (i = 0; i < 8; i++)
			w[n++] = (uint8_t) (big ? u >> (8 * (7 - i)) : u >> (8 * i));
	}
	return n;
}

static void
test_wkb_and_places(void)
{
	uint8_t		w[64];
	size_t		n;
	double		x,
				y;
	OcopErr		err;
	TraceGeoPlaces p;
	const TraceGeoPlace *f;

	n = wkb_point(w, 0, 1, 105.85, 21.03);
	CHECK(trace_geo_wkb_point(w, n, &x, &y, &err) && x == 105.85 && y == 21.03, "EWKB point, little-endian");
	n = wkb_point(w, 1, 0, -1.5, 2.25);
	CHECK(trace_geo_wkb_point(w, n, &x, &y, &err) && x == -1.5 && y == 2.25, "WKB point, big-endian");
	CHECK(!trace_geo_wkb_point(w, n - 1, &x, &y, &err) && err.code == OCOP_E_BINARY, "truncated point");
	w[0] = 7;
	CHECK(!trace_geo_wkb_point(w, n, &x, &y, &err) && err.code == OCOP_E_BINARY, "bad byte order");
	n = wkb_point(w, 0, 0, NAN, NAN);
	CHECK(!trace_geo_wkb_point(w, n, &x, &y, &err) && err.code == OCOP_E_BINARY, "empty point");
	n = wkb_point(w, 0, 0, 1, 2);
	w[1] = 2;					/* LineString */
	CHECK(!trace_geo_wkb_point(w, n, &x, &y, &err) && err.code == OCOP_E_BINARY, "not a point");

	trace_geo_places_init(&p);
	n = wkb_point(w, 0, 1, 105.0, 21.0);
	CHECK(trace_geo_places_add(&p, "00577", 9313, 2147483647, w, n, &err), "add 00577 (new)");
	n = wkb_point(w, 0, 1, 104.0, 20.0);
	CHECK(trace_geo_places_add(&p, "00577", -100000, 9313, w, n, &err), "add 00577 (old)");
	n = wkb_point(w, 0, 1, 106.0, 22.0);
	CHECK(trace_geo_places_add(&p, "01", 9313, 2147483647, w, n, &err), "add 01");
	CHECK(!trace_geo_places_add(&p, "", 0, 1, w, n, &err) && err.code == OCOP_E_VALUE, "empty code");
	CHECK(!trace_geo_places_add(&p, "0123456789012345", 0, 1, w, n, &err) && err.code == OCOP_E_VALUE,
		  "code too long");
	CHECK(!trace_geo_places_add(&p, "02", 0, 1, w, 3, &err) && err.code == OCOP_E_BINARY, "bad point");
	CHECK(trace_geo_places_find(&p, "00577", 9313) == NULL, "not sorted yet: nothing");
	trace_geo_places_sort(&p);
	f = trace_geo_places_find(&p, "00577", 9313);
	CHECK(f && f->x == 105.0, "the unit valid from its first day");
	f = trace_geo_places_find(&p, "00577", 9312);
	CHECK(f && f->x == 104.0, "the unit valid the day before");
	CHECK(trace_geo_places_find(&p, "00578", 9313) == NULL, "unknown code");
	CHECK(trace_geo_places_find(&p, "0057", 9313) == NULL, "prefix of a code");
	f = trace_geo_places_find(&p, "01", 10000);
	CHECK(f && f->y == 22.0, "province code");
	trace_geo_places_free(&p);
}

static uint32_t
le32(const uint8_t *b)
{
	return (uint32_t) b[0] | (uint32_t) b[1] << 8 | (uint32_t) b[2] << 16 | (uint32_t) b[3] << 24;
}

static void
test_ewkb_and_length(void)
{
	double		xy[6] = {105.8, 21.0, 105.9, 21.1, 106.0, 20.9};
	StringInfoData out;
	double		d;
	double		meridian[4] = {0, 0, 0, 90};
	double		equator[4] = {10, 0, 11, 0};
	double		same[4] = {105.8, 21.0, 105.8, 21.0};

	initStringInfo(&out);
	trace_geo_ewkb_linestring(&out, xy, 3);
	CHECK_EQ_INT(out.len, 1 + 4 + 4 + 4 + 3 * 16, "EWKB length");
	CHECK_EQ_INT((uint8_t) out.data[0], 1, "little-endian");
	CHECK_EQ_INT(le32((const uint8_t *) out.data + 1), 0x20000002, "LineString with SRID");
	CHECK_EQ_INT(le32((const uint8_t *) out.data + 5), 4326, "SRID 4326");
	CHECK_EQ_INT(le32((const uint8_t *) out.data + 9), 3, "three points");
	memcpy(&d, out.data + 13 + 2 * 16 + 8, 8);
	CHECK(d == 20.9, "last latitude");
	pfree(out.data);

	CHECK(trace_geo_length_m(xy, 1) == 0, "one point: 0");
	CHECK(trace_geo_length_m(xy, 0) == 0, "no point: 0");
	CHECK(trace_geo_length_m(same, 2) == 0, "the same point twice: 0");
	/* The WGS 84 quarter meridian, 10,001,965.729 m (NIMA TR8350.2, and
	 * Karney 2013, table 1 uses the same ellipsoid); 1 mm tolerance. */
	CHECK(fabs(trace_geo_length_m(meridian, 2) - 10001965.729) < 0.001, "quarter meridian");
	/* On the equator a short geodesic is the equator: a * pi / 180 per degree. */
	CHECK(fabs(trace_geo_length_m(equator, 2) - 6378137.0 * M_PI / 180) < 1e-6, "one degree of the equator");
	/* the sum of the legs */
	CHECK(fabs(trace_geo_length_m(xy, 3) - trace_geo_length_m(xy, 2) - trace_geo_length_m(xy + 2, 2)) < 1e-6,
		  "sum of the legs");
}

/* The single-pass reader and the full parse agree on every input. */
static void
test_fast_equals_dom(void)
{
	static const char *const events[] = {
		"{\"bizStep\":\"shipping\",\"eventTime\":\"2025-08-01T01:00:00Z\",\"lat\":21.03,\"lon\":105.85,\"place\":\"00577\"}",
		"{\"eventTime\":\"2025-08-01T01:00:00+07:00\",\"place\":\"00577\"}",
		"{\"epcList\":[\"a}\\\"]\",{\"x\":[1,2,{\"y\":\"]\"}]}],\"eventTime\":\"2025-08-01T01:00:00Z\",\"lat\":-1e-3,\"lon\":0}",
		"{\"eventTime\":\"2025-08-01T01:00:00Z\",\"lon\":105.85}",
		"{\"eventTime\":\"not a time\",\"lat\":\"21\",\"lon\":105.85,\"place\":7}",
		"{\"eventTime\":\"2025-08-01T01:00:00Z\",\"place\":\"00\\u0035\"}",
		"{\"eventTime\":\"2025-08-01T01:00:00Z\",\"place\":\"0123456789012345\",\"lat\":1,\"lon\":2}",
		"{\"eventTime\":\"2025-08-01T01:00:00Z\",\"lon\":1,\"lon\":2,\"lat\":3}",
		" { \"lat\" : 10.5 , \"lon\" : 106.25 , \"eventTime\" : \"2025-08-01T01:00:00Z\" } ",
		"{}",
		"[1]",
		"{\"lat\":1,",
		"{\"lat\":1.2.3,\"lon\":4}",
	};

	for (size_t i = 0; i < sizeof(events) / sizeof(events[0]); i++)
	{
		TraceEntry	e = {events[i], (uint32_t) strlen(events[i]), NULL};
		OcopErr		err1,
					err2;
		TraceGeoEvent f,
					d;
		bool		okf,
					okd;
		char		what[80];

		okf = trace_geo_read(&e, 3, &f, &err1);
		okd = trace_geo_read_dom(&e, 3, &d, &err2);
		snprintf(what, sizeof(what), "event %zu: fast and DOM agree", i);
		CHECK(okf == okd &&
			  (!okf ||
			   (f.seq == d.seq && f.has_time == d.has_time && (!f.has_time || f.usec_unix == d.usec_unix) &&
				f.has_xy == d.has_xy && (!f.has_xy || (f.x == d.x && f.y == d.y)) &&
				f.has_code == d.has_code && strcmp(f.code, d.code) == 0 &&
				(f.place_str == NULL) == (d.place_str == NULL) && f.place_len == d.place_len &&
				(f.place_str == NULL || memcmp(f.place_str, d.place_str, f.place_len) == 0))), what);
	}
}

int
main(void)
{
	UNIT_RUN(test_read);
	UNIT_RUN(test_fast_equals_dom);
	UNIT_RUN(test_wkb_and_places);
	UNIT_RUN(test_ewkb_and_length);
	return UNIT_DONE();
}
