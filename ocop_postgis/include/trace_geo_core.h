/*
 * trace_geo_core.h -- food miles (no fmgr, no SQL, no catalog access; built
 * for the server and for frontend programs, as src/common is): the located
 * events of a trace_chain, their geodesic length on the WGS 84 ellipsoid and
 * the path as EWKB, for trace_points, trace_path and trace_distance_km of
 * ocop_postgis (fmgr layer: extension/trace_geo.c).
 *
 * An event is located by its own lon/lat when it has both, else by the
 * representative point of its place code on the event's date in Viet Nam
 * (UTC+7), looked up by the caller (TraceGeoPlaces below, plus whatever
 * fallback the caller has); events with neither are skipped.
 *
 * The geodesic is PROJ's geodesic.h (C. F. F. Karney, "Algorithms for
 * geodesics", J. Geodesy 87 (2013) 43-55), the algorithm PostGIS's
 * ST_Length(geography) uses.
 */
#ifndef OCOP_TRACE_GEO_CORE_H
#define OCOP_TRACE_GEO_CORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ocop_error.h"
#include "trace_chain_core.h"

/* A place code is at most this many bytes (GSO codes are 2, 3 or 5 digits). */
#define TRACE_GEO_MAX_CODE 15

/* The location fields of one event. */
typedef struct TraceGeoEvent
{
	uint32_t	seq;			/* 1-based position in the chain */
	bool		has_time;
	int64_t		usec_unix;		/* eventTime, microseconds since 1970-01-01Z */
	bool		has_xy;			/* both lon and lat are numbers */
	double		x,
				y;
	const char *place_str;		/* place when it is a string (palloc'd,
								 * not NUL-terminated), else NULL */
	size_t		place_len;
	bool		has_code;		/* place is a string of at most
								 * TRACE_GEO_MAX_CODE bytes with no NUL,
								 * copied to code; a longer one is no code */
	char		code[TRACE_GEO_MAX_CODE + 1];
} TraceGeoEvent;

/*
 * Read the location fields of one stored event.  false with err (class
 * OCOP_E_BINARY or OCOP_E_SYNTAX) for a corrupt event.
 * place_str points into the stored event or into memory palloc'd in
 * CurrentMemoryContext (reset it after the last use).  A single pass over the stored text reads the four
 * members; anything unusual (escapes, duplicate keys, malformed text) goes
 * through the full JSON parse, trace_geo_read_dom.  On every text the full
 * parse accepts, the two give the same answer (unit tests and
 * fuzz_trace_geo); on text it rejects, which a stored chain never holds
 * (values are validated on input and binary receive), the single pass may
 * still answer.
 */
extern bool trace_geo_read(const TraceEntry *e, uint32_t seq, TraceGeoEvent *out,
						   OcopErr *err);
extern bool trace_geo_read_dom(const TraceEntry *e, uint32_t seq, TraceGeoEvent *out,
							   OcopErr *err);

/*
 * The date in Viet Nam (UTC+7) of an instant, as days since 2000-01-01 (the
 * PostgreSQL DateADT of timezone('+07:00', at)::date).
 */
extern int32_t trace_geo_vn_day(int64_t usec_unix);

/*
 * Representative points of administrative units valid over [from, to)
 * (days since 2000-01-01), looked up by code and day.  The array is
 * palloc'd in the CurrentMemoryContext of the first add (a cache that
 * outlives a call makes that a long-lived context) and repalloc'd there.
 */
typedef struct TraceGeoPlace
{
	char		code[TRACE_GEO_MAX_CODE + 1];
	int32_t		from,
				to;
	double		x,
				y;
} TraceGeoPlace;

typedef struct TraceGeoPlaces
{
	TraceGeoPlace *v;
	size_t		n,
				cap;
	bool		sorted;
} TraceGeoPlaces;

/* At most this many places (TRACE: 54000 beyond). */
#define TRACE_GEO_MAX_PLACES 1000000

extern void trace_geo_places_init(TraceGeoPlaces *p);
extern void trace_geo_places_free(TraceGeoPlaces *p);

/*
 * Add a place whose point is given as (E)WKB of a 2D Point.  false with err:
 * OCOP_E_VALUE (code empty or too long), OCOP_E_BINARY (not a 2D point),
 * OCOP_E_LIMIT (too many places).
 */
extern bool trace_geo_places_add(TraceGeoPlaces *p, const char *code, int32_t from,
								 int32_t to, const uint8_t *wkb, size_t len,
								 OcopErr *err);

/* Sort for lookups (after the last add). */
extern void trace_geo_places_sort(TraceGeoPlaces *p);

/*
 * The place with this code whose [from, to) holds day, the one with the
 * earliest from when several do; NULL when none.
 */
extern const TraceGeoPlace *trace_geo_places_find(const TraceGeoPlaces *p,
												  const char *code, int32_t day);

/*
 * Parse the (E)WKB of a 2D Point (either byte order, optional SRID).  false
 * with err (OCOP_E_BINARY) otherwise, or for an empty point (NaN
 * coordinates).
 */
extern bool trace_geo_wkb_point(const uint8_t *wkb, size_t len, double *x, double *y,
								OcopErr *err);

/*
 * Geodesic length in metres on the WGS 84 ellipsoid of the path through n
 * points xy[0..2n-1] (lon, lat in degrees): the sum of the geodesic distances
 * between consecutive points.  0 for n < 2.
 */
extern double trace_geo_length_m(const double *xy, size_t n);

/*
 * Append to out the EWKB (little-endian, SRID 4326) of the 2D LineString
 * through the n points xy[0..2n-1].
 */
extern void trace_geo_ewkb_linestring(StringInfo out, const double *xy, size_t n);

#endif							/* OCOP_TRACE_GEO_CORE_H */
