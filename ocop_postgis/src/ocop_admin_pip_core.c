/*
 * ocop_admin_pip_core.c -- point-in-polygon over a fixed polygon set; see
 * ocop_admin_pip_core.h.  No fmgr, no SQL, no catalog access; built for the server and for frontend programs
 * as src/common is.  malloc/free: a set is a per-backend cache that outlives
 * every call (see ocop_admin_pip_core.h).
 */

/* Built twice, as src/common is: see the Makefile, "Pure-C cores". */
#ifdef FRONTEND
#include "postgres_fe.h"
#else
#include "postgres.h"
#endif

#include "ocop_admin_pip_core.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/*
 * A polygon's rings are stored one after another as closed point sequences,
 * separated by a NaN point; edge e joins pts[e] and pts[e + 1] and exists when
 * neither is the separator.  16 bytes a vertex instead of 32 an edge: the
 * national layer's 1.24 million vertices take 20 MB a backend, not 40.
 */
typedef struct PipPt
{
	double		x, y;
} PipPt;

typedef struct PipPoly
{
	double		minx, miny, maxx, maxy;
	PipPt	   *pts;
	size_t		npts, cappts;
	size_t		nedges;
	int			nbuckets;
	double		bscale;			/* buckets per unit of y */
	uint32_t   *bstart;			/* nbuckets + 1 offsets into bidx */
	uint32_t   *bidx;
} PipPoly;

struct OcopPipSet
{
	PipPoly    *polys;
	int			n, cap;
	int			built;
	size_t		npoints;
	/* grid of polygon bounding boxes */
	double		gminx, gminy, gmaxx, gmaxy, gsx, gsy;
	int			gnx, gny;
	uint32_t   *gstart;
	int32_t    *gidx;
};

/*
 * The grid of polygon bounding boxes has about GRID_CELLS_PER_POLYGON cells
 * per polygon (at least GRID_MIN_CELLS), shaped like the set's extent: for
 * Viet Nam's 3,321 communes that is 161 x 165 cells of about 0.1 degree, so a
 * lookup meets one to a few candidate boxes (the 64 x 64 grid that served Ha
 * Noi's 126 communes would hold dozens in a delta).
 */
#define GRID_CELLS_PER_POLYGON 16
#define GRID_MIN_CELLS 4096
#define GRID_MAX_SIDE 4096

/* Index of the cell of v in n cells of size 1/scale from min, clamped to
 * [0, n-1]; safe for NaN and overflowing products. */
static int
cell_of(double v, double min, double scale, int n)
{
	double		t = (v - min) * scale;

	if (!(t >= 0))
		return 0;
	if (t >= (double) n)
		return n - 1;
	return (int) t;
}

/* cells per unit for n cells over [lo, hi]; 0 when the extent is empty or not finite */
static double
cell_scale(double lo, double hi, int n)
{
	double		h = hi - lo;

	return (isfinite(h) && h > 0) ? n / h : 0;
}

static void
set_err(OcopErr *err, OcopErrCode code, const char *msg, size_t off)
{
	ocop_err_set(err, code, "%s (at byte %zu)", msg, off);
}

OcopPipSet *
ocop_pip_new(void)
{
	return calloc(1, sizeof(OcopPipSet));
}

int
ocop_pip_count(const OcopPipSet *set)
{
	return set ? set->n : 0;
}

static void
poly_free(PipPoly *p)
{
	free(p->pts);
	free(p->bstart);
	free(p->bidx);
}

void
ocop_pip_free(OcopPipSet *set)
{
	int			i;

	if (!set)
		return;
	for (i = 0; i < set->n; i++)
		poly_free(&set->polys[i]);
	free(set->polys);
	free(set->gstart);
	free(set->gidx);
	free(set);
}

/* ---- WKB reading ------------------------------------------------------- */

typedef struct Reader
{
	const unsigned char *p;
	size_t		len, off;
} Reader;

static int
rd_u8(Reader *r, unsigned *v)
{
	if (r->len - r->off < 1)
		return 0;
	*v = r->p[r->off++];
	return 1;
}

static int
rd_u32(Reader *r, int little, uint32_t *v)
{
	const unsigned char *b;

	if (r->len - r->off < 4)
		return 0;
	b = r->p + r->off;
	r->off += 4;
	if (little)
		*v = (uint32_t) b[0] | (uint32_t) b[1] << 8 | (uint32_t) b[2] << 16 | (uint32_t) b[3] << 24;
	else
		*v = (uint32_t) b[3] | (uint32_t) b[2] << 8 | (uint32_t) b[1] << 16 | (uint32_t) b[0] << 24;
	return 1;
}

static int
rd_f64(Reader *r, int little, double *v)
{
	const unsigned char *b;
	unsigned char t[8];
	uint64_t	u = 0;
	int			i;

	if (r->len - r->off < 8)
		return 0;
	b = r->p + r->off;
	r->off += 8;
	for (i = 0; i < 8; i++)
		t[i] = little ? b[i] : b[7 - i];
	for (i = 7; i >= 0; i--)
		u = (u << 8) | t[i];
	memcpy(v, &u, sizeof(*v));
	return 1;
}

/* Byte order and type word of a (sub)geometry; 0 on error. */
static int
rd_header(Reader *r, int *little, uint32_t *base, OcopErr *err)
{
	unsigned	bo;
	uint32_t	type, srid;

	if (!rd_u8(r, &bo) || bo > 1)
	{
		set_err(err, OCOP_E_BINARY, "bad or missing WKB byte order", r->off);
		return 0;
	}
	*little = (bo == 1);
	if (!rd_u32(r, *little, &type))
	{
		set_err(err, OCOP_E_BINARY, "truncated WKB type", r->off);
		return 0;
	}
	if (type & 0xC0000000u)
	{
		set_err(err, OCOP_E_BINARY, "WKB with Z or M coordinates is not supported", r->off);
		return 0;
	}
	if (type & 0x20000000u)
	{
		if (!rd_u32(r, *little, &srid))
		{
			set_err(err, OCOP_E_BINARY, "truncated EWKB SRID", r->off);
			return 0;
		}
	}
	type &= 0x0FFFFFFFu;
	if (type >= 1000)
	{
		set_err(err, OCOP_E_BINARY, "WKB with Z or M coordinates is not supported", r->off);
		return 0;
	}
	*base = type;
	return 1;
}

static int
add_point(PipPoly *p, double x, double y)
{
	if (p->npts == p->cappts)
	{
		size_t		nc = p->cappts ? p->cappts * 2 : 64;
		PipPt	   *np = realloc(p->pts, nc * sizeof(PipPt));

		if (!np)
			return 0;
		p->pts = np;
		p->cappts = nc;
	}
	p->pts[p->npts].x = x;
	p->pts[p->npts].y = y;
	p->npts++;
	return 1;
}

/* Does edge e (pts[e] -> pts[e + 1]) exist, i.e. not cross a ring separator? */
static int
edge_exists(const PipPoly *p, size_t e)
{
	return e + 1 < p->npts && !isnan(p->pts[e].x) && !isnan(p->pts[e + 1].x);
}

static int
rd_polygon_body(Reader *r, int little, PipPoly *p, size_t *npoints, OcopErr *err)
{
	uint32_t	nrings, k, i, npts;

	if (!rd_u32(r, little, &nrings))
	{
		set_err(err, OCOP_E_BINARY, "truncated polygon ring count", r->off);
		return 0;
	}
	for (k = 0; k < nrings; k++)
	{
		double		fx = 0, fy = 0, px = 0, py = 0;

		if (!rd_u32(r, little, &npts))
		{
			set_err(err, OCOP_E_BINARY, "truncated ring point count", r->off);
			return 0;
		}
		if ((size_t) npts > (r->len - r->off) / 16)
		{
			set_err(err, OCOP_E_BINARY, "ring point count exceeds the input", r->off);
			return 0;
		}
		*npoints += npts;
		if (*npoints > OCOP_PIP_MAX_POINTS)
		{
			set_err(err, OCOP_E_LIMIT, "too many points", r->off);
			return 0;
		}
		/* separator before every ring but the first */
		if (p->npts > 0 && !add_point(p, NAN, NAN))
		{
			set_err(err, OCOP_E_NOMEM, "out of memory", r->off);
			return 0;
		}
		for (i = 0; i < npts; i++)
		{
			double		x, y;

			(void) rd_f64(r, little, &x);	/* length checked above */
			(void) rd_f64(r, little, &y);
			if (!isfinite(x) || !isfinite(y))
			{
				set_err(err, OCOP_E_BINARY, "non-finite coordinate", r->off);
				return 0;
			}
			if (i == 0)
			{
				fx = x;
				fy = y;
			}
			if (!add_point(p, x, y))
			{
				set_err(err, OCOP_E_NOMEM, "out of memory", r->off);
				return 0;
			}
			if (x < p->minx) p->minx = x;
			if (x > p->maxx) p->maxx = x;
			if (y < p->miny) p->miny = y;
			if (y > p->maxy) p->maxy = y;
			px = x;
			py = y;
		}
		/* close an unclosed ring */
		if (npts > 1 && (px != fx || py != fy) && !add_point(p, fx, fy))
		{
			set_err(err, OCOP_E_NOMEM, "out of memory", r->off);
			return 0;
		}
	}
	return 1;
}

/* The band cells [*b0, *b1] edge e's y extent covers (n cells from miny). */
static void
edge_cells(const PipPoly *p, size_t e, double miny, double scale, int n, int *b0, int *b1)
{
	double		y1 = p->pts[e].y,
				y2 = p->pts[e + 1].y;
	double		lo = y1 < y2 ? y1 : y2;
	double		hi = y1 < y2 ? y2 : y1;

	*b0 = cell_of(lo, miny, scale, n);
	*b1 = cell_of(hi, miny, scale, n);
}

static int
poly_index(PipPoly *p)
{
	size_t		e, total;
	int			nb;

	p->nedges = 0;
	for (e = 0; e < p->npts; e++)
		if (edge_exists(p, e))
			p->nedges++;
	nb = (int) (p->nedges / 4);
	if (nb < 1)
		nb = 1;
	if (nb > 4096)
		nb = 4096;
	for (;;)
	{
		double		scale = cell_scale(p->miny, p->maxy, nb);

		total = 0;
		for (e = 0; e < p->npts; e++)
		{
			int			b0, b1;

			if (!edge_exists(p, e))
				continue;
			edge_cells(p, e, p->miny, scale, nb, &b0, &b1);
			total += (size_t) (b1 - b0 + 1);
		}
		if (nb == 1 || total <= 32 * p->nedges + 1024)
		{
			p->bscale = scale;
			break;
		}
		nb /= 2;
	}
	if (total > UINT32_MAX)
		return 0;
	p->nbuckets = nb;
	p->bstart = calloc((size_t) nb + 1, sizeof(uint32_t));
	p->bidx = malloc((total ? total : 1) * sizeof(uint32_t));
	if (!p->bstart || !p->bidx)
		return 0;
	for (e = 0; e < p->npts; e++)
	{
		int			b0, b1, b;

		if (!edge_exists(p, e))
			continue;
		edge_cells(p, e, p->miny, p->bscale, p->nbuckets, &b0, &b1);
		for (b = b0; b <= b1; b++)
			p->bstart[b + 1]++;
	}
	for (nb = 0; nb < p->nbuckets; nb++)
		p->bstart[nb + 1] += p->bstart[nb];
	{
		uint32_t   *fill = malloc(((size_t) p->nbuckets + 1) * sizeof(uint32_t));

		if (!fill)
			return 0;
		memcpy(fill, p->bstart, ((size_t) p->nbuckets + 1) * sizeof(uint32_t));
		for (e = 0; e < p->npts; e++)
		{
			int			b0, b1, b;

			if (!edge_exists(p, e))
				continue;
			edge_cells(p, e, p->miny, p->bscale, p->nbuckets, &b0, &b1);
			for (b = b0; b <= b1; b++)
				p->bidx[fill[b]++] = (uint32_t) e;
		}
		free(fill);
	}
	return 1;
}

int
ocop_pip_add_wkb(OcopPipSet *set, const unsigned char *wkb, size_t len, OcopErr *err)
{
	Reader		r = {wkb, len, 0};
	PipPoly		p;
	int			little;
	uint32_t	base, nparts = 1, k;
	size_t		npoints = set->npoints;

	if (set->built)
	{
		set_err(err, OCOP_E_INTERNAL, "polygon set already built", 0);
		return -1;
	}
	if (set->n >= OCOP_PIP_MAX_POLYGONS)
	{
		set_err(err, OCOP_E_LIMIT, "too many polygons", 0);
		return -1;
	}
	memset(&p, 0, sizeof(p));
	p.minx = p.miny = INFINITY;
	p.maxx = p.maxy = -INFINITY;
	if (!wkb || !rd_header(&r, &little, &base, err))
		goto fail;
	if (base == 6)
	{
		if (!rd_u32(&r, little, &nparts))
		{
			set_err(err, OCOP_E_BINARY, "truncated multipolygon part count", r.off);
			goto fail;
		}
		for (k = 0; k < nparts; k++)
		{
			int			sub_little;
			uint32_t	sub;

			if (!rd_header(&r, &sub_little, &sub, err))
				goto fail;
			if (sub != 3)
			{
				set_err(err, OCOP_E_BINARY, "multipolygon part is not a polygon", r.off);
				goto fail;
			}
			if (!rd_polygon_body(&r, sub_little, &p, &npoints, err))
				goto fail;
		}
	}
	else if (base == 3)
	{
		if (!rd_polygon_body(&r, little, &p, &npoints, err))
			goto fail;
	}
	else
	{
		set_err(err, OCOP_E_BINARY, "geometry is not a polygon or multipolygon", r.off);
		goto fail;
	}
	if (r.off != r.len)
	{
		set_err(err, OCOP_E_BINARY, "trailing bytes after the geometry", r.off);
		goto fail;
	}
	if (p.cappts > p.npts && p.npts > 0)
	{
		/* give back the growth slack: the set lives as long as the backend */
		PipPt	   *np = realloc(p.pts, p.npts * sizeof(PipPt));

		if (np)
		{
			p.pts = np;
			p.cappts = p.npts;
		}
	}
	if (p.npts > UINT32_MAX)
	{
		set_err(err, OCOP_E_LIMIT, "too many points in one polygon", r.off);
		goto fail;
	}
	if (!poly_index(&p))
	{
		set_err(err, OCOP_E_NOMEM, "out of memory", r.off);
		goto fail;
	}
	if (set->n == set->cap)
	{
		int			nc = set->cap ? set->cap * 2 : 16;
		PipPoly    *np = realloc(set->polys, (size_t) nc * sizeof(PipPoly));

		if (!np)
		{
			set_err(err, OCOP_E_NOMEM, "out of memory", r.off);
			goto fail;
		}
		set->polys = np;
		set->cap = nc;
	}
	set->polys[set->n] = p;
	set->npoints = npoints;
	return set->n++;

fail:
	poly_free(&p);
	return -1;
}

static void
cell_range(const OcopPipSet *s, double lo, double hi, double gmin, double gs, int gn, int *c0, int *c1)
{
	*c0 = cell_of(lo, gmin, gs, gn);
	*c1 = cell_of(hi, gmin, gs, gn);
	(void) s;
}

int
ocop_pip_build(OcopPipSet *set, OcopErr *err)
{
	int			i, cx, cy, x0, x1, y0, y1;
	size_t		total = 0, ncell, c;
	uint32_t   *fill;

	set->gminx = set->gminy = INFINITY;
	set->gmaxx = set->gmaxy = -INFINITY;
	for (i = 0; i < set->n; i++)
	{
		PipPoly    *p = &set->polys[i];

		if (p->nedges == 0)
			continue;
		if (p->minx < set->gminx) set->gminx = p->minx;
		if (p->miny < set->gminy) set->gminy = p->miny;
		if (p->maxx > set->gmaxx) set->gmaxx = p->maxx;
		if (p->maxy > set->gmaxy) set->gmaxy = p->maxy;
	}
	{
		double		target = (double) set->n * GRID_CELLS_PER_POLYGON;
		double		w = set->gmaxx - set->gminx,
					h = set->gmaxy - set->gminy,
					nx;

		if (target < GRID_MIN_CELLS)
			target = GRID_MIN_CELLS;
		/* cells as square as the extent allows; one row or column when flat */
		nx = (isfinite(w) && isfinite(h) && w > 0 && h > 0) ? sqrt(target * w / h) :
			(isfinite(w) && w > 0) ? target : 1;
		set->gnx = nx < 1 ? 1 : nx > GRID_MAX_SIDE ? GRID_MAX_SIDE : (int) nx;
		nx = (isfinite(h) && h > 0) ? target / set->gnx : 1;
		set->gny = nx < 1 ? 1 : nx > GRID_MAX_SIDE ? GRID_MAX_SIDE : (int) nx;
	}
	set->gsx = cell_scale(set->gminx, set->gmaxx, set->gnx);
	set->gsy = cell_scale(set->gminy, set->gmaxy, set->gny);
	ncell = (size_t) set->gnx * set->gny;
	set->gstart = calloc(ncell + 1, sizeof(uint32_t));
	if (!set->gstart)
		goto oom;
	for (i = 0; i < set->n; i++)
	{
		PipPoly    *p = &set->polys[i];

		if (p->nedges == 0)
			continue;
		cell_range(set, p->minx, p->maxx, set->gminx, set->gsx, set->gnx, &x0, &x1);
		cell_range(set, p->miny, p->maxy, set->gminy, set->gsy, set->gny, &y0, &y1);
		for (cy = y0; cy <= y1; cy++)
			for (cx = x0; cx <= x1; cx++)
				set->gstart[(size_t) cy * set->gnx + cx + 1]++;
		total += (size_t) (x1 - x0 + 1) * (size_t) (y1 - y0 + 1);
	}
	if (total > UINT32_MAX)
	{
		set_err(err, OCOP_E_LIMIT, "too many grid entries (polygons with very large bounding boxes)", 0);
		return -1;
	}
	for (c = 0; c < ncell; c++)
		set->gstart[c + 1] += set->gstart[c];
	set->gidx = malloc((total ? total : 1) * sizeof(int32_t));
	fill = malloc(ncell * sizeof(uint32_t));
	if (!set->gidx || !fill)
	{
		free(fill);
		goto oom;
	}
	memcpy(fill, set->gstart, ncell * sizeof(uint32_t));
	for (i = 0; i < set->n; i++)	/* ascending: lists are sorted by number */
	{
		PipPoly    *p = &set->polys[i];

		if (p->nedges == 0)
			continue;
		cell_range(set, p->minx, p->maxx, set->gminx, set->gsx, set->gnx, &x0, &x1);
		cell_range(set, p->miny, p->maxy, set->gminy, set->gsy, set->gny, &y0, &y1);
		for (cy = y0; cy <= y1; cy++)
			for (cx = x0; cx <= x1; cx++)
				set->gidx[fill[(size_t) cy * set->gnx + cx]++] = i;
	}
	free(fill);
	set->built = 1;
	return 0;

oom:
	set_err(err, OCOP_E_NOMEM, "out of memory", 0);
	return -1;
}

int
ocop_pip_contains(const OcopPipSet *set, int i, double x, double y)
{
	const PipPoly *p;
	int			b, inside = 0;
	uint32_t	k;

	if (!set || i < 0 || i >= set->n || !isfinite(x) || !isfinite(y))
		return 0;
	p = &set->polys[i];
	if (p->nedges == 0 || !p->bstart || x < p->minx || x > p->maxx || y < p->miny || y > p->maxy)
		return 0;
	b = cell_of(y, p->miny, p->bscale, p->nbuckets);
	for (k = p->bstart[b]; k < p->bstart[b + 1]; k++)
	{
		const PipPt *a = &p->pts[p->bidx[k]],
				   *c = a + 1;

		if ((a->y > y) != (c->y > y))
		{
			double		xi = a->x + (y - a->y) * (c->x - a->x) / (c->y - a->y);

			if (x < xi)
				inside = !inside;
		}
	}
	return inside;
}

int
ocop_pip_find(const OcopPipSet *set, double x, double y,
			  int (*accept) (int i, void *arg), void *arg)
{
	int			cx, cy;
	size_t		c;
	uint32_t	k;

	if (!set || !set->built || !set->gidx || !isfinite(x) || !isfinite(y))
		return -1;
	if (x < set->gminx || x > set->gmaxx || y < set->gminy || y > set->gmaxy)
		return -1;
	cx = cell_of(x, set->gminx, set->gsx, set->gnx);
	cy = cell_of(y, set->gminy, set->gsy, set->gny);
	c = (size_t) cy * set->gnx + cx;
	for (k = set->gstart[c]; k < set->gstart[c + 1]; k++)
	{
		int			i = set->gidx[k];

		if (ocop_pip_contains(set, i, x, y) && (!accept || accept(i, arg)))
			return i;
	}
	return -1;
}

void
ocop_pip_stats(const OcopPipSet *set, OcopPipStats *st)
{
	int			i;

	memset(st, 0, sizeof(*st));
	if (!set)
		return;
	st->polygons = set->n;
	st->points = set->npoints;
	st->grid_x = set->gnx;
	st->grid_y = set->gny;
	st->bytes = sizeof(*set) + (size_t) set->cap * sizeof(PipPoly);
	if (set->built)
		st->bytes += ((size_t) set->gnx * set->gny + 1) * sizeof(uint32_t) +
			(size_t) set->gstart[(size_t) set->gnx * set->gny] * sizeof(int32_t);
	for (i = 0; i < set->n; i++)
	{
		const PipPoly *p = &set->polys[i];

		st->edges += p->nedges;
		st->bytes += p->cappts * sizeof(PipPt);
		if (p->bstart)
			st->bytes += ((size_t) p->nbuckets + 1) * sizeof(uint32_t) +
				(size_t) p->bstart[p->nbuckets] * sizeof(uint32_t);
	}
}
