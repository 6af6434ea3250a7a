/*
 * fuzz_trace_geo.c -- libFuzzer harness for the event reader of food miles
 * (trace_geo_core.c).  Input: any bytes, taken as one stored event's JSON.
 *
 * Independent anchor: the full JSON parse (trace_geo_read_dom, through
 * json_core.c's parser) is the reference; trace_geo_read, which reads the
 * stored text in a single pass and falls back to the full parse on anything
 * unusual, must succeed whenever the full parse does and then give the same
 * time, coordinates (bit for bit) and place.  On text the full parse rejects
 * (invalid UTF-8, bad escapes ...), which a stored chain never holds (every
 * value is validated on input and on binary receive), the single pass may
 * answer or fail, but never crashes or reads out of bounds (ASan).  Also:
 * the (E)WKB point reader never reads out of bounds, and the geodesic length
 * of the coordinates read is finite and non-negative.
 */
/* The cores are built for the frontend (see the Makefile, "Pure-C cores"). */
#include "postgres_fe.h"

#include "fe_memory.h"
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "trace_geo_core.h"


/* One input; everything the cores palloc is freed by the caller's scope. */
static int
fuzz_one(const uint8_t *data, size_t size)
{
	TraceEntry	e = {(const char *) data, (uint32_t) size, NULL};
	OcopErr		err;
	TraceGeoEvent f,
				d;
	bool		okf,
				okd;
	double		x,
				y;

	if (size > 1 << 16)
		return 0;
	okf = trace_geo_read(&e, 1, &f, &err);
	okd = trace_geo_read_dom(&e, 1, &d, &err);
	if (okd && !okf)
		abort();
	if (okd)
	{
		if (f.has_time != d.has_time || (f.has_time && f.usec_unix != d.usec_unix))
			abort();
		if (f.has_xy != d.has_xy ||
			(f.has_xy && (memcmp(&f.x, &d.x, sizeof(double)) != 0 || memcmp(&f.y, &d.y, sizeof(double)) != 0)))
			abort();
		if (f.has_code != d.has_code || strcmp(f.code, d.code) != 0)
			abort();
		if ((f.place_str == NULL) != (d.place_str == NULL) || f.place_len != d.place_len ||
			(f.place_str && memcmp(f.place_str, d.place_str, f.place_len) != 0))
			abort();
		if (f.has_xy && fabs(f.x) <= 180 && fabs(f.y) <= 90)
		{
			double		xy[4] = {f.x, f.y, 105.85, 21.03};
			double		m = trace_geo_length_m(xy, 2);

			if (!(m >= 0 && m < 2.1e7))
				abort();
		}
	}
	/* the same bytes as a WKB point: no out-of-bounds read (ASan) */
	(void) trace_geo_wkb_point(data, size, &x, &y, &err);
	return 0;
}

int			LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Each input in a scope of the tests' memory context (fe_memory.h). */
int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	int			rc;

	fe_memory_begin();
	rc = fuzz_one(data, size);
	fe_memory_end();
	return rc;
}
