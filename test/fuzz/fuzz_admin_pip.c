/*
 * fuzz_admin_pip.c -- libFuzzer harness for the WKB reader and the
 * point-in-polygon lookup of ocop_commune_at (ocop_admin_pip_core.c).
 * Input: bytes split at 0xFF 0xFF into up to 8 (E)WKB geometries; every
 * accepted set is queried at points derived from the input, at the middle of
 * the first edges of every polygon and at the middle of its bounding box.
 *
 * Independent anchor: the harness reads the same WKB itself (a second reader,
 * written here) and answers every query by brute force: the even-odd rule
 * over every edge of every ring, with the half-open edge rule the core
 * documents, no buckets and no grid.  ocop_pip_find must return the
 * lowest-numbered polygon that contains the point by that test, or -1 when
 * none does; ocop_pip_contains must agree for every polygon.
 */
#include "fe_memory.h"
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "ocop_admin_pip_core.h"


#define MAX_PARTS 8

typedef struct Poly
{
	double	   *xy;				/* edges: x1 y1 x2 y2 */
	size_t		nedges;
	double		minx, miny, maxx, maxy;
} Poly;

typedef struct Rd
{
	const uint8_t *p;
	size_t		len, off;
	int			little;
} Rd;

static int
u32(Rd *r, uint32_t *v)
{
	const uint8_t *b = r->p + r->off;

	if (r->len - r->off < 4)
		return 0;
	*v = r->little ? (uint32_t) b[0] | (uint32_t) b[1] << 8 | (uint32_t) b[2] << 16 | (uint32_t) b[3] << 24
		: (uint32_t) b[0] << 24 | (uint32_t) b[1] << 16 | (uint32_t) b[2] << 8 | (uint32_t) b[3];
	r->off += 4;
	return 1;
}

static int
f64(Rd *r, double *v)
{
	uint64_t	u = 0;

	if (r->len - r->off < 8)
		return 0;
	for (int i = 0; i < 8; i++)
		u |= (uint64_t) r->p[r->off + i] << (r->little ? 8 * i : 8 * (7 - i));
	r->off += 8;
	memcpy(v, &u, 8);
	return 1;
}

/* Byte order + type (+ EWKB SRID); the 2D type number, or 0. */
static uint32_t
header(Rd *r)
{
	uint32_t	t,
				srid;

	if (r->off >= r->len || r->p[r->off] > 1)
		return 0;
	r->little = r->p[r->off++];
	if (!u32(r, &t) || (t & 0xC0000000u))
		return 0;
	if ((t & 0x20000000u) && !u32(r, &srid))
		return 0;
	t &= 0x0FFFFFFFu;
	return t < 1000 ? t : 0;
}

static void
edge(Poly *p, double x1, double y1, double x2, double y2)
{
	if ((p->nedges & (p->nedges - 1)) == 0)
		p->xy = realloc(p->xy, (p->nedges ? 2 * p->nedges : 1) * 4 * sizeof(double));
	if (p->xy == NULL)
		abort();
	p->xy[4 * p->nedges] = x1;
	p->xy[4 * p->nedges + 1] = y1;
	p->xy[4 * p->nedges + 2] = x2;
	p->xy[4 * p->nedges + 3] = y2;
	p->nedges++;
}

static int
polygon(Rd *r, Poly *p)
{
	uint32_t	nrings,
				npts;

	if (!u32(r, &nrings))
		return 0;
	for (uint32_t k = 0; k < nrings; k++)
	{
		double		x0 = 0, y0 = 0, px = 0, py = 0, x, y;

		if (!u32(r, &npts) || npts > (r->len - r->off) / 16)
			return 0;
		for (uint32_t i = 0; i < npts; i++)
		{
			if (!f64(r, &x) || !f64(r, &y) || !isfinite(x) || !isfinite(y))
				return 0;
			if (i == 0)
				x0 = x, y0 = y;
			else
				edge(p, px, py, x, y);
			p->minx = fmin(p->minx, x);
			p->maxx = fmax(p->maxx, x);
			p->miny = fmin(p->miny, y);
			p->maxy = fmax(p->maxy, y);
			px = x, py = y;
		}
		if (npts > 1 && (px != x0 || py != y0))
			edge(p, px, py, x0, y0);
	}
	return 1;
}

static int
read_geometry(const uint8_t *wkb, size_t len, Poly *p)
{
	Rd			r = {wkb, len, 0, 0};
	uint32_t	t = header(&r),
				n;

	memset(p, 0, sizeof(*p));
	p->minx = p->miny = INFINITY;
	p->maxx = p->maxy = -INFINITY;
	if (t == 3)
	{
		if (!polygon(&r, p))
			return 0;
	}
	else if (t == 6)
	{
		if (!u32(&r, &n))
			return 0;
		for (uint32_t k = 0; k < n; k++)
			if (header(&r) != 3 || !polygon(&r, p))
				return 0;
	}
	else
		return 0;
	return r.off == r.len;
}

/* Even-odd rule over every edge, half-open in y; boxes as the core's. */
static int
brute_contains(const Poly *p, double x, double y)
{
	int			inside = 0;

	if (!isfinite(x) || !isfinite(y) || p->nedges == 0 ||
		x < p->minx || x > p->maxx || y < p->miny || y > p->maxy)
		return 0;
	for (size_t k = 0; k < p->nedges; k++)
	{
		const double *e = p->xy + 4 * k;

		if ((e[1] > y) != (e[3] > y))
		{
			double		xi = e[0] + (y - e[1]) * (e[2] - e[0]) / (e[3] - e[1]);

			if (x < xi)
				inside = !inside;
		}
	}
	return inside;
}

static void
query(const OcopPipSet *s, const Poly *polys, const int *have, int n, double x, double y)
{
	int			want = -1,
				got = ocop_pip_find(s, x, y, NULL, NULL);

	for (int i = 0; i < n; i++)
	{
		int			in = have[i] && brute_contains(&polys[i], x, y);

		if (in != ocop_pip_contains(s, i, x, y))
			abort();
		if (in && want < 0)
			want = i;
	}
	if (got != want)
		abort();
}

/* One input; everything the cores palloc is freed by the caller's scope. */
static int
fuzz_one(const uint8_t *data, size_t size)
{
	OcopPipSet *s = ocop_pip_new();
	OcopErr err;
	size_t		start = 0, i;
	int			parts = 0, n = 0;
	Poly		polys[MAX_PARTS];
	int			have[MAX_PARTS];

	if (!s)
		return 0;
	memset(polys, 0, sizeof(polys));
	memset(have, 0, sizeof(have));

	/* geometries separated by 0xFF 0xFF; the second reader must accept what the core accepts */
#define ADD(p, l) do { \
		int id_ = ocop_pip_add_wkb(s, (p), (l), &err); \
		if (id_ >= 0) { \
			if (id_ != n || !read_geometry((p), (l), &polys[n])) abort(); \
			have[n++] = 1; \
		} \
	} while (0)
	for (i = 0; i + 1 < size && parts < 7; i++)
	{
		if (data[i] == 0xFF && data[i + 1] == 0xFF)
		{
			ADD(data + start, i - start);
			parts++;
			start = i + 2;
			i++;
		}
	}
	if (start <= size)
		ADD(data + start, size - start);
	if (ocop_pip_count(s) != n)
		abort();
	if (ocop_pip_build(s, &err) == 0)
	{
		for (i = 0; i + 16 <= size && i < 256; i += 16)
		{
			double		x, y;

			memcpy(&x, data + i, 8);
			memcpy(&y, data + i + 8, 8);
			query(s, polys, have, n, x, y);
		}
		query(s, polys, have, n, 0.5, 0.5);
		query(s, polys, have, n, 105.9, 21.0);
		for (int k = 0; k < n; k++)
		{
			const Poly *p = &polys[k];

			query(s, polys, have, n, p->minx / 2 + p->maxx / 2, p->miny / 2 + p->maxy / 2);
			for (size_t e = 0; e < p->nedges && e < 8; e++)
			{
				const double *xy = p->xy + 4 * e;

				query(s, polys, have, n, xy[0] / 2 + xy[2] / 2, xy[1] / 2 + xy[3] / 2);
				query(s, polys, have, n, xy[0], xy[1]);
			}
		}
	}
	for (int k = 0; k < n; k++)
		free(polys[k].xy);
	ocop_pip_free(s);
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
