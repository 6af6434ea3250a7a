/*
 * test_admin_pip.c -- unit tests of the point-in-polygon core used by
 * ocop_commune_at (extension/ocop_admin_pip_core.c).
 */
#include <stdint.h>
#include <stdlib.h>

#include "ocop_admin_pip_core.h"
#include "unit.h"

typedef struct Buf
{
	unsigned char b[4096];
	size_t		n;
	int			big;
} Buf;

static void
put_u8(Buf *w, unsigned v)
{
	w->b[w->n++] = (unsigned char) v;
}

static void
put_u32(Buf *w, uint32_t v)
{
	int			i;

	for (i = 0; i < 4; i++)
		w->b[w->n++] = (unsigned char) (w->big ? v >> (8 * (3 - i)) : v >> (8 * i));
}

static void
put_f64(Buf *w, double d)
{
	uint64_t	u;
	int			i;

	memcpy(&u, &d, 8);
	for (i = 0; i < 8; i++)
		w->b[w->n++] = (unsigned char) (w->big ? u >> (8 * (7 - i)) : u >> (8 * i));
}

/* A polygon body: rings given as (x, y) pairs, counts in nring[]. */
static void
put_poly(Buf *w, int nrings, const int *npts, const double *xy)
{
	int			r, i, k = 0;

	put_u8(w, w->big ? 0 : 1);
	put_u32(w, 3);
	put_u32(w, (uint32_t) nrings);
	for (r = 0; r < nrings; r++)
	{
		put_u32(w, (uint32_t) npts[r]);
		for (i = 0; i < npts[r]; i++, k += 2)
		{
			put_f64(w, xy[k]);
			put_f64(w, xy[k + 1]);
		}
	}
}

/* 10x10 square at the origin with a 2x2 hole at (4,4)-(6,6). */
static const int sq_n[2] = {5, 5};
static const double sq_xy[] = {0, 0, 10, 0, 10, 10, 0, 10, 0, 0,
	4, 4, 6, 4, 6, 6, 4, 6, 4, 4};
/* the square next to it, sharing the edge x = 10 */
static const int nb_n[1] = {5};
static const double nb_xy[] = {10, 0, 20, 0, 20, 10, 10, 10, 10, 0};

static int
accept_odd(int i, void *arg)
{
	(void) arg;
	return i % 2 == 1;
}

/* Deterministic pseudo-random numbers in [0, 1). */
static double
lcg(uint64_t *st)
{
	*st = *st * 6364136223846793005ULL + 1442695040888963407ULL;
	return (double) (*st >> 11) / 9007199254740992.0;
}

/*
 * The bounding-box grid at national scale: NX x NY unit squares (numbered
 * row by row), then a large ring-shaped polygon whose box covers them all (like
 * Truong Sa's reefs, whose box spans 8 x 4 degrees of sea), then a copy of one
 * square (an overlap).  Every lookup must equal the brute-force answer: the
 * lowest-numbered polygon that contains the point.
 */
#define NX 120
#define NY 80
static void
test_grid(void)
{
	OcopPipSet *s = ocop_pip_new();
	OcopErr err;
	OcopPipStats st;
	Buf			w;
	int			i, j, n = 0, bad = 0, hits = 0;
	uint64_t	seed = 20250701;

	for (j = 0; j < NY; j++)
		for (i = 0; i < NX; i++)
		{
			int			np[1] = {5};
			double		xy[10] = {i, j, i + 1, j, i + 1, j + 1, i, j + 1, i, j};

			memset(&w, 0, sizeof(w));
			put_poly(&w, 1, np, xy);
			if (ocop_pip_add_wkb(s, w.b, w.n, &err) != n++)
				bad++;
		}
	CHECK_EQ_INT(bad, 0, "grid: squares added");
	{
		/* a frame around everything: outer ring and a hole, box = whole set */
		int			np[2] = {5, 5};
		double		xy[20] = {-5, -5, NX + 5, -5, NX + 5, NY + 5, -5, NY + 5, -5, -5,
			-1, -1, NX + 1, -1, NX + 1, NY + 1, -1, NY + 1, -1, -1};

		memset(&w, 0, sizeof(w));
		put_poly(&w, 2, np, xy);
		CHECK_EQ_INT(ocop_pip_add_wkb(s, w.b, w.n, &err), NX * NY, "grid: frame added");
	}
	{
		int			np[1] = {5};
		double		xy[10] = {7, 7, 8, 7, 8, 8, 7, 8, 7, 7};

		memset(&w, 0, sizeof(w));
		put_poly(&w, 1, np, xy);
		CHECK_EQ_INT(ocop_pip_add_wkb(s, w.b, w.n, &err), NX * NY + 1, "grid: overlapping copy added");
	}
	CHECK_EQ_INT(ocop_pip_build(s, &err), 0, "grid: build");
	ocop_pip_stats(s, &st);
	CHECK_EQ_INT(st.polygons, NX * NY + 2, "stats: polygons");
	CHECK_EQ_INT(st.edges, 4 * (NX * NY + 1) + 8, "stats: edges");
	CHECK((size_t) st.grid_x * st.grid_y >= (size_t) 15 * (NX * NY + 2) &&
		  (size_t) st.grid_x * st.grid_y <= (size_t) 16 * (NX * NY + 2),
		  "stats: about 16 grid cells per polygon");
	/* cells about square: the extent is 130 x 90 */
	CHECK(st.grid_x * 90 > st.grid_y * 130 * 0.9 && st.grid_x * 90 < st.grid_y * 130 * 1.1,
		  "stats: grid shaped like the extent");
	/*
	 * one 16-byte vertex an edge and the grid offsets at least; at most, in
	 * addition, a closing vertex and a separator a ring, a grid entry per cell
	 * for the frame and 512 bytes a polygon (its header, y buckets and grid
	 * entries)
	 */
	CHECK(st.bytes >= st.edges * 16 + ((size_t) st.grid_x * st.grid_y + 1) * 4 &&
		  st.bytes <= st.edges * 16 + ((size_t) st.grid_x * st.grid_y + 1) * 8 + (size_t) 512 * st.polygons,
		  "stats: bytes held");

	bad = 0;
	for (i = 0; i < 20000; i++)
	{
		double		x = -6 + lcg(&seed) * (NX + 12), y = -6 + lcg(&seed) * (NY + 12);
		int			want = -1, k;

		for (k = 0; k < NX * NY + 2 && want < 0; k++)
			if (ocop_pip_contains(s, k, x, y))
				want = k;
		if (ocop_pip_find(s, x, y, NULL, NULL) != want)
			bad++;
		if (want >= 0)
			hits++;
	}
	CHECK_EQ_INT(bad, 0, "grid: 20,000 random points equal the brute-force answer");
	CHECK(hits > 10000, "grid: most random points fall in a polygon");
	CHECK_EQ_INT(ocop_pip_find(s, 7.5, 7.5, NULL, NULL), 7 * NX + 7, "grid: overlap goes to the lowest number");
	CHECK_EQ_INT(ocop_pip_find(s, -3, 10, NULL, NULL), NX * NY, "grid: in the frame");
	CHECK_EQ_INT(ocop_pip_find(s, -0.5, 10, NULL, NULL), -1, "grid: in the frame's hole, outside the squares");
	/* grid edges: points exactly on cell and polygon borders */
	CHECK_EQ_INT(ocop_pip_find(s, 0, 0, NULL, NULL), 0, "grid: corner of the set");
	CHECK_EQ_INT(ocop_pip_find(s, NX - 0.5, NY - 0.5, NULL, NULL), NX * NY - 1, "grid: last square");
	ocop_pip_free(s);

	/* a flat set (zero height): one row of cells, no crash, no answer */
	s = ocop_pip_new();
	{
		int			np[1] = {4};
		double		xy[8] = {0, 1, 10, 1, 5, 1, 0, 1};

		memset(&w, 0, sizeof(w));
		put_poly(&w, 1, np, xy);
		CHECK_EQ_INT(ocop_pip_add_wkb(s, w.b, w.n, &err), 0, "flat: added");
	}
	CHECK_EQ_INT(ocop_pip_build(s, &err), 0, "flat: build");
	ocop_pip_stats(s, &st);
	CHECK_EQ_INT(st.grid_y, 1, "flat: one row");
	CHECK_EQ_INT(ocop_pip_find(s, 5, 1, NULL, NULL), -1, "flat: no area, no answer");
	ocop_pip_free(s);
}

/* The checks, in one scope of the tests' memory context (main, below). */
static int
unit_main(void)
{
	OcopPipSet *s = ocop_pip_new();
	OcopErr err;
	Buf			w;
	int			i, inside;

	CHECK(s != NULL, "new set");
	test_grid();

	/* 0: polygon with a hole, little-endian WKB */
	memset(&w, 0, sizeof(w));
	put_poly(&w, 2, sq_n, sq_xy);
	CHECK_EQ_INT(ocop_pip_add_wkb(s, w.b, w.n, &err), 0, "add square with hole");

	/* 1: neighbour as big-endian EWKB MultiPolygon with an SRID */
	memset(&w, 0, sizeof(w));
	w.big = 1;
	put_u8(&w, 0);
	put_u32(&w, 6 | 0x20000000u);
	put_u32(&w, 4326);
	put_u32(&w, 1);
	put_poly(&w, 1, nb_n, nb_xy);
	CHECK_EQ_INT(ocop_pip_add_wkb(s, w.b, w.n, &err), 1, "add EWKB multipolygon");

	/* 2: a copy of the neighbour (overlaps 1 completely) */
	memset(&w, 0, sizeof(w));
	put_poly(&w, 1, nb_n, nb_xy);
	CHECK_EQ_INT(ocop_pip_add_wkb(s, w.b, w.n, &err), 2, "add overlapping copy");

	CHECK_EQ_INT(ocop_pip_build(s, &err), 0, "build");
	CHECK_EQ_INT(ocop_pip_count(s), 3, "count");

	CHECK_EQ_INT(ocop_pip_find(s, 1, 1, NULL, NULL), 0, "inside the square");
	CHECK_EQ_INT(ocop_pip_find(s, 5, 5, NULL, NULL), -1, "in the hole");
	CHECK_EQ_INT(ocop_pip_find(s, 3.9, 5, NULL, NULL), 0, "just outside the hole");
	CHECK_EQ_INT(ocop_pip_find(s, 15, 5, NULL, NULL), 1, "lowest number of overlapping polygons");
	CHECK_EQ_INT(ocop_pip_find(s, 15, 5, accept_odd, NULL), 1, "accept filter keeps 1");
	CHECK_EQ_INT(ocop_pip_find(s, 25, 5, NULL, NULL), -1, "outside everything");
	CHECK_EQ_INT(ocop_pip_find(s, -1e300, 5, NULL, NULL), -1, "far away");
	CHECK_EQ_INT(ocop_pip_find(s, 0.0 / 0.0, 5, NULL, NULL), -1, "NaN");
	CHECK_EQ_INT(ocop_pip_find(s, 1.0 / 0.0, 5, NULL, NULL), -1, "infinity");
	/* a point on the shared edge x = 10 belongs to exactly one side */
	inside = ocop_pip_contains(s, 0, 10, 5) + ocop_pip_contains(s, 1, 10, 5);
	CHECK_EQ_INT(inside, 1, "shared edge: exactly one side");
	/*
	 * and which one is fixed by the half-open rule (a crossing counts when
	 * x < xi): a west edge is in, an east edge out, so x = 10 goes east.  A
	 * change of the rule must be deliberate (it moves boundary points from one
	 * commune to the next).
	 */
	CHECK_EQ_INT(ocop_pip_find(s, 10, 5, NULL, NULL), 1, "shared edge x = 10 goes to the east polygon");
	CHECK_EQ_INT(ocop_pip_contains(s, 0, 0, 5), 1, "west edge x = 0 is in");
	CHECK_EQ_INT(ocop_pip_contains(s, 1, 20, 5), 0, "east edge x = 20 is out");
	/* a dense scan agrees with the analytic answer */
	for (i = 0; i < 2000; i++)
	{
		double		x = -1 + (i % 50) * 0.4321, y = -1 + (i / 50) * 0.31;
		int			want = (x > 0 && x < 10 && y > 0 && y < 10 && !(x > 4 && x < 6 && y > 4 && y < 6)) ? 0
			: (x > 10 && x < 20 && y > 0 && y < 10) ? 1 : -1;

		if (ocop_pip_find(s, x, y, NULL, NULL) != want)
		{
			CHECK(0, "grid scan agrees with the analytic answer");
			break;
		}
	}
	CHECK(i == 2000, "grid scan complete");
	CHECK_EQ_INT(ocop_pip_add_wkb(s, w.b, w.n, &err), -1, "no adding after build");
	ocop_pip_free(s);

	/* malformed input is rejected with a detail */
	s = ocop_pip_new();
	memset(&w, 0, sizeof(w));
	put_poly(&w, 2, sq_n, sq_xy);
	for (i = 0; i < (int) w.n; i++)
		CHECK(ocop_pip_add_wkb(s, w.b, (size_t) i, &err) == -1, "truncated input rejected");
	CHECK(strstr(err.detail, "at byte") != NULL, "detail names the byte");
	w.b[0] = 7;
	CHECK_EQ_INT(ocop_pip_add_wkb(s, w.b, w.n, &err), -1, "bad byte order");
	w.b[0] = 1;
	w.b[1] = 2;					/* LineString */
	CHECK_EQ_INT(ocop_pip_add_wkb(s, w.b, w.n, &err), -1, "not a polygon");
	CHECK_EQ_STR(strncmp(err.detail, "geometry is not a polygon", 25) == 0 ? "y" : err.detail, "y", "detail text");
	w.b[1] = 3;
	w.b[4] = 0x80;				/* Z flag */
	CHECK_EQ_INT(ocop_pip_add_wkb(s, w.b, w.n, &err), -1, "Z rejected");
	w.b[4] = 0;
	w.b[5] = 0xFF;				/* ring count 255 */
	CHECK_EQ_INT(ocop_pip_add_wkb(s, w.b, w.n, &err), -1, "ring count too large");
	w.b[5] = 2;
	w.b[9] = 0xFF;				/* huge point count */
	w.b[12] = 0x7F;
	CHECK_EQ_INT(ocop_pip_add_wkb(s, w.b, w.n, &err), -1, "point count beyond input");
	w.b[9] = 5;
	w.b[12] = 0;
	CHECK_EQ_INT(ocop_pip_add_wkb(s, w.b, w.n, &err), 0, "restored input accepted");
	{
		unsigned char extra[4200];

		memcpy(extra, w.b, w.n);
		extra[w.n] = 0;
		CHECK_EQ_INT(ocop_pip_add_wkb(s, extra, w.n + 1, &err), -1, "trailing bytes rejected");
	}
	CHECK_EQ_INT(ocop_pip_add_wkb(s, NULL, 0, &err), -1, "NULL input");
	CHECK_EQ_INT(ocop_pip_build(s, &err), 0, "build after errors");
	CHECK_EQ_INT(ocop_pip_find(s, 1, 1, NULL, NULL), 0, "the good polygon still works");
	ocop_pip_free(s);

	/* an empty set finds nothing */
	s = ocop_pip_new();
	CHECK_EQ_INT(ocop_pip_build(s, &err), 0, "build empty");
	CHECK_EQ_INT(ocop_pip_find(s, 0, 0, NULL, NULL), -1, "empty set");
	ocop_pip_free(s);
	ocop_pip_free(NULL);
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
