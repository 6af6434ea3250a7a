/*
 * ocop_admin_pip_core.h -- point-in-polygon lookups over a fixed set of
 * (multi)polygons read from WKB/EWKB, for ocop_commune_at.  No fmgr, no SQL,
 * no catalog access (built for the server and for frontend programs, as src/common is); malloc/free
 * only, since a set is a per-backend cache that outlives calls; errors
 * returned with a detail string.
 *
 * A set holds polygons numbered 0..n-1 in the order they were added.  Each
 * polygon keeps its edges bucketed by y, and the set keeps a uniform grid of
 * polygon bounding boxes sized to the number of polygons (about 16 cells per
 * polygon, shaped like the extent), so a lookup tests only the edges that
 * cross the point's latitude in the few polygons whose box holds the point.
 *
 * Containment uses the even-odd (crossing number) rule over all rings of a
 * polygon with half-open edges: a point on an edge shared by two adjacent
 * polygons belongs to exactly one of them; points on the outer boundary may
 * fall either way.
 */
#ifndef OCOP_ADMIN_PIP_CORE_H
#define OCOP_ADMIN_PIP_CORE_H

#include <stddef.h>

#include "ocop_error.h"

/* Limits: inputs beyond them are rejected (not truncated). */
#define OCOP_PIP_MAX_POLYGONS	100000
#define OCOP_PIP_MAX_POINTS		50000000

typedef struct OcopPipSet OcopPipSet;

/*
 * Errors are an OcopErr (ocop_error.h): class OCOP_E_BINARY (malformed or
 * unsupported (E)WKB), OCOP_E_LIMIT (too many polygons or points),
 * OCOP_E_NOMEM or OCOP_E_INTERNAL (a set built twice); the DETAIL names
 * the byte offset.
 */

/* A new, empty set; NULL when out of memory. */
extern OcopPipSet *ocop_pip_new(void);

/*
 * Add one Polygon or MultiPolygon given as (E)WKB (2D; an SRID prefix is
 * accepted and ignored).  Returns its number, or -1 with err filled in for
 * malformed or unsupported input or when out of memory.  Must be called
 * before ocop_pip_build.
 */
extern int	ocop_pip_add_wkb(OcopPipSet *set, const unsigned char *wkb, size_t len,
							 OcopErr *err);

/* Build the lookup grid; 0 on success, -1 (out of memory) otherwise. */
extern int	ocop_pip_build(OcopPipSet *set, OcopErr *err);

/* Number of polygons in the set. */
extern int	ocop_pip_count(const OcopPipSet *set);

/* Does polygon i contain (x, y)?  0 or 1. */
extern int	ocop_pip_contains(const OcopPipSet *set, int i, double x, double y);

/*
 * The lowest-numbered polygon that contains (x, y) and for which accept(i,
 * arg) returns nonzero (accept may be NULL), or -1.  NaN or infinite
 * coordinates give -1.
 */
extern int	ocop_pip_find(const OcopPipSet *set, double x, double y,
						  int (*accept) (int i, void *arg), void *arg);

/* Size of a set: for the DEBUG1 line of the fmgr layer, tests and bench/. */
typedef struct OcopPipStats
{
	int			polygons;
	size_t		points;			/* vertices read, closing ones included */
	size_t		edges;
	int			grid_x, grid_y; /* cells of the bounding-box grid */
	size_t		bytes;			/* heap held by the set (malloc'd arrays) */
} OcopPipStats;

extern void ocop_pip_stats(const OcopPipSet *set, OcopPipStats *st);

extern void ocop_pip_free(OcopPipSet *set);

#endif							/* OCOP_ADMIN_PIP_CORE_H */
