/*
 * trace_geo_core.c -- food miles, with no fmgr: see include/trace_geo_core.h.
 */

/* Built twice, as src/common is: see the Makefile, "Pure-C cores". */
#ifdef FRONTEND
#include "postgres_fe.h"
#else
#include "postgres.h"
#endif

#include <geodesic.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "trace_geo_core.h"

/* WGS 84 (EPSG:7030): semi-major axis and inverse flattening. */
#define WGS84_A 6378137.0
#define WGS84_INV_F 298.257223563

#define USECS_PER_DAY INT64_C(86400000000)
#define UNIX_TO_PG_DAYS 10957	/* 1970-01-01 -> 2000-01-01 */
#define VN_OFFSET_USECS (INT64_C(7) * 3600 * 1000000)

/* ------------------------------------------------------------------------
 * Events
 */
static bool
number_member(const OcopJson *ev, const char *key, double *out)
{
	const OcopJson *v = ocop_json_get(ev, key);
	char		buf[64];

	if (v == NULL || v->kind != OCOP_JSON_NUMBER)
		return false;
	if (v->len == 0 || v->len >= sizeof(buf))
	{
		/* a long canonical number: only through a heap copy */
		char	   *s = palloc(v->len + 1);

		memcpy(s, v->str, v->len);
		s[v->len] = '\0';
		*out = strtod(s, NULL);
		pfree(s);
		return true;
	}
	memcpy(buf, v->str, v->len);
	buf[v->len] = '\0';
	/* as float8in: the same strtod of the same text */
	*out = strtod(buf, NULL);
	return true;
}

bool
trace_geo_read_dom(const TraceEntry *e, uint32_t seq, TraceGeoEvent *out,
				   OcopErr *err)
{
	OcopJson   *ev = trace_entry_parse(e, err);
	const OcopJson *t;
	double		x,
				y;

	memset(out, 0, sizeof(*out));
	out->seq = seq;
	if (ev == NULL)
		return false;
	if (ev->kind != OCOP_JSON_OBJECT)
		return ocop_err_set(err, OCOP_E_BINARY, "stored event %u is not an object", seq);
	t = ocop_json_get(ev, "eventTime");
	if (t && t->kind == OCOP_JSON_STRING &&
		trace_parse_datetime(t->str, t->len, &out->usec_unix, NULL))
		out->has_time = true;
	if (number_member(ev, "lon", &x) && number_member(ev, "lat", &y))
	{
		out->has_xy = true;
		out->x = x;
		out->y = y;
	}
	t = ocop_json_get(ev, "place");
	if (t && t->kind == OCOP_JSON_STRING)
	{
		out->place_str = t->str;
		out->place_len = t->len;
		if (t->len <= TRACE_GEO_MAX_CODE && memchr(t->str, '\0', t->len) == NULL)
		{
			memcpy(out->code, t->str, t->len);
			out->code[t->len] = '\0';
			out->has_code = true;
		}
	}
	return true;
}

/*
 * The fast path: one pass over the stored canonical JSON, reading only the
 * top-level members eventTime, place, lon and lat and skipping the others
 * without building a DOM.  Returns false (and the caller takes the DOM path,
 * which gives the same answer or the error) on anything it does not handle
 * plainly: an escape in a key or in a string it reads, a duplicate key, a
 * number strtod does not consume whole, malformed text.
 */
static const char *
ws(const char *p, const char *end)
{
	while (p < end && (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r'))
		p++;
	return p;
}

/* p at '"': the raw content [*s, *s + *len), escaped when it has a '\\'. */
static const char *
scan_string(const char *p, const char *end, const char **s, size_t *len, bool *escaped)
{
	const char *q = ++p;

	*escaped = false;
	while (q < end && *q != '"')
	{
		if (*q == '\\')
		{
			*escaped = true;
			q++;
		}
		q++;
	}
	if (q >= end)
		return NULL;
	*s = p;
	*len = (size_t) (q - p);
	return q + 1;
}

static const char *
skip_value(const char *p, const char *end, int depth)
{
	const char *s;
	size_t		len;
	bool		esc;

	if (p >= end || depth > 64)
		return NULL;
	if (*p == '"')
		return scan_string(p, end, &s, &len, &esc);
	if (*p == '{' || *p == '[')
	{
		char		close = *p == '{' ? '}' : ']';

		p = ws(p + 1, end);
		if (p < end && *p == close)
			return p + 1;
		for (;;)
		{
			if (close == '}')
			{
				if (p >= end || *p != '"' || (p = scan_string(p, end, &s, &len, &esc)) == NULL)
					return NULL;
				p = ws(p, end);
				if (p >= end || *p != ':')
					return NULL;
				p = ws(p + 1, end);
			}
			if ((p = skip_value(p, end, depth + 1)) == NULL)
				return NULL;
			p = ws(p, end);
			if (p < end && *p == ',')
			{
				p = ws(p + 1, end);
				continue;
			}
			if (p < end && *p == close)
				return p + 1;
			return NULL;
		}
	}
	/* a number or a literal */
	s = p;
	while (p < end && *p != ',' && *p != '}' && *p != ']' &&
		   *p != ' ' && *p != '\t' && *p != '\n' && *p != '\r')
		p++;
	return p > s ? p : NULL;
}

static bool
key_eq(const char *k, size_t len, const char *name)
{
	return len == strlen(name) && memcmp(k, name, len) == 0;
}

/* A JSON number token [s, s + len) as float8in reads it, or false. */
static bool
token_double(const char *s, size_t len, double *out)
{
	char		buf[64];
	char	   *endp;

	if (len == 0 || len >= sizeof(buf) || !(*s == '-' || (*s >= '0' && *s <= '9')))
		return false;
	memcpy(buf, s, len);
	buf[len] = '\0';
	*out = strtod(buf, &endp);
	return endp == buf + len;
}

static bool
read_fast(const TraceEntry *e, TraceGeoEvent *out)
{
	const char *p = e->json,
			   *end = e->json + e->len;
	bool		seen_time = false,
				seen_place = false,
				seen_lon = false,
				seen_lat = false;
	bool		lon_ok = false,
				lat_ok = false;
	double		x = 0,
				y = 0;

	p = ws(p, end);
	if (p >= end || *p != '{')
		return false;
	p = ws(p + 1, end);
	if (p < end && *p == '}')
		return ws(p + 1, end) == end;
	for (;;)
	{
		const char *k = NULL,
				   *v,
				   *s = NULL;
		size_t		klen = 0,
					len = 0;
		bool		esc = false;

		if (p >= end || *p != '"' || (p = scan_string(p, end, &k, &klen, &esc)) == NULL || esc)
			return false;
		p = ws(p, end);
		if (p >= end || *p != ':')
			return false;
		v = ws(p + 1, end);
		if ((p = skip_value(v, end, 1)) == NULL)
			return false;
		if (key_eq(k, klen, "eventTime") || key_eq(k, klen, "place"))
		{
			bool		is_time = klen == 9;

			if (is_time ? seen_time : seen_place)
				return false;
			if (is_time)
				seen_time = true;
			else
				seen_place = true;
			if (*v == '"')
			{
				if (scan_string(v, end, &s, &len, &esc) == NULL || esc)
					return false;
				if (is_time)
					out->has_time = trace_parse_datetime(s, len, &out->usec_unix, NULL);
				else
				{
					out->place_str = s;
					out->place_len = len;
					if (len <= TRACE_GEO_MAX_CODE && memchr(s, '\0', len) == NULL)
					{
						memcpy(out->code, s, len);
						out->code[len] = '\0';
						out->has_code = true;
					}
				}
			}
		}
		else if (key_eq(k, klen, "lon") || key_eq(k, klen, "lat"))
		{
			bool		is_lon = k[1] == 'o';

			if (is_lon ? seen_lon : seen_lat)
				return false;
			if (is_lon)
				seen_lon = true;
			else
				seen_lat = true;
			if (*v != '"' && *v != '{' && *v != '[' && *v != 't' && *v != 'f' && *v != 'n')
			{
				if (!token_double(v, (size_t) (p - v), is_lon ? &x : &y))
					return false;
				if (is_lon)
					lon_ok = true;
				else
					lat_ok = true;
			}
		}
		p = ws(p, end);
		if (p < end && *p == ',')
		{
			p = ws(p + 1, end);
			continue;
		}
		if (p < end && *p == '}')
			break;
		return false;
	}
	if (ws(p + 1, end) != end)
		return false;
	if (lon_ok && lat_ok)
	{
		out->has_xy = true;
		out->x = x;
		out->y = y;
	}
	return true;
}

bool
trace_geo_read(const TraceEntry *e, uint32_t seq, TraceGeoEvent *out,
			   OcopErr *err)
{
	memset(out, 0, sizeof(*out));
	out->seq = seq;
	if (read_fast(e, out))
		return true;
	return trace_geo_read_dom(e, seq, out, err);
}

int32_t
trace_geo_vn_day(int64_t usec_unix)
{
	int64_t		u = usec_unix + VN_OFFSET_USECS;
	int64_t		d = u / USECS_PER_DAY;

	if (u % USECS_PER_DAY < 0)
		d--;					/* floor */
	return (int32_t) (d - UNIX_TO_PG_DAYS);
}

/* ------------------------------------------------------------------------
 * (E)WKB points
 */
static bool
rd_u32(const uint8_t *p, bool big, uint32_t *v)
{
	*v = big ? ((uint32_t) p[0] << 24 | (uint32_t) p[1] << 16 | (uint32_t) p[2] << 8 | p[3])
		: ((uint32_t) p[3] << 24 | (uint32_t) p[2] << 16 | (uint32_t) p[1] << 8 | p[0]);
	return true;
}

static double
rd_f64(const uint8_t *p, bool big)
{
	uint64_t	u = 0;
	double		d;
	int			i;

	for (i = 0; i < 8; i++)
		u |= (uint64_t) p[big ? i : 7 - i] << (8 * (7 - i));
	memcpy(&d, &u, 8);
	return d;
}

bool
trace_geo_wkb_point(const uint8_t *wkb, size_t len, double *x, double *y, OcopErr *err)
{
	size_t		off = 0;
	bool		big;
	uint32_t	type;

	if (len < 5 || (wkb[0] != 0 && wkb[0] != 1))
		return ocop_err_set(err, OCOP_E_BINARY, "the point is not WKB: bad byte-order byte at offset 0");
	big = wkb[0] == 0;
	rd_u32(wkb + 1, big, &type);
	off = 5;
	if (type & 0x20000000u)
	{
		if (len < off + 4)
			return ocop_err_set(err, OCOP_E_BINARY, "the point's WKB ends at offset %zu, inside its SRID", len);
		off += 4;
	}
	if ((type & ~0x20000000u) != 1)
		return ocop_err_set(err, OCOP_E_BINARY, "the WKB at offset 0 is of type %u, not a 2D Point", type);
	if (len != off + 16)
		return ocop_err_set(err, OCOP_E_BINARY, "the point's WKB is %zu bytes, not %zu", len, off + 16);
	*x = rd_f64(wkb + off, big);
	*y = rd_f64(wkb + off + 8, big);
	if (!isfinite(*x) || !isfinite(*y))
		return ocop_err_set(err, OCOP_E_BINARY, "the point is empty or not finite");
	return true;
}

/* ------------------------------------------------------------------------
 * Places
 */
void
trace_geo_places_init(TraceGeoPlaces *p)
{
	memset(p, 0, sizeof(*p));
}

void
trace_geo_places_free(TraceGeoPlaces *p)
{
	if (p->v)
		pfree(p->v);
	memset(p, 0, sizeof(*p));
}

bool
trace_geo_places_add(TraceGeoPlaces *p, const char *code, int32_t from, int32_t to,
					 const uint8_t *wkb, size_t len, OcopErr *err)
{
	TraceGeoPlace *pl;
	size_t		n = strlen(code);
	double		x,
				y;

	if (n == 0 || n > TRACE_GEO_MAX_CODE)
		return ocop_err_set_field(err, OCOP_E_VALUE, "code",
								  "the code \"%.20s\" is empty or longer than %d bytes", code,
								  TRACE_GEO_MAX_CODE);
	if (!trace_geo_wkb_point(wkb, len, &x, &y, err))
		return false;
	if (p->n >= TRACE_GEO_MAX_PLACES)
		return ocop_err_set(err, OCOP_E_LIMIT, "more than %d places", TRACE_GEO_MAX_PLACES);
	if (p->n == p->cap)
	{
		size_t		cap = p->cap ? p->cap * 2 : 256;
		/* at most TRACE_GEO_MAX_PLACES (checked above): far below palloc's 1 GB */
		TraceGeoPlace *v = p->v ? repalloc(p->v, cap * sizeof(*v)) : palloc(cap * sizeof(*v));

		p->v = v;
		p->cap = cap;
	}
	pl = &p->v[p->n++];
	memset(pl, 0, sizeof(*pl));
	memcpy(pl->code, code, n);
	pl->from = from;
	pl->to = to;
	pl->x = x;
	pl->y = y;
	p->sorted = false;
	return true;
}

static int
place_cmp(const void *a, const void *b)
{
	const TraceGeoPlace *x = a,
			   *y = b;
	int			c = strcmp(x->code, y->code);

	if (c)
		return c;
	return x->from < y->from ? -1 : x->from > y->from;
}

void
trace_geo_places_sort(TraceGeoPlaces *p)
{
	if (p->n > 1)
		qsort(p->v, p->n, sizeof(*p->v), place_cmp);
	p->sorted = true;
}

const TraceGeoPlace *
trace_geo_places_find(const TraceGeoPlaces *p, const char *code, int32_t day)
{
	size_t		lo = 0,
				hi = p->n;

	if (!p->sorted)
		return NULL;
	/* first entry with code >= the code */
	while (lo < hi)
	{
		size_t		mid = lo + (hi - lo) / 2;

		if (strcmp(p->v[mid].code, code) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (; lo < p->n && strcmp(p->v[lo].code, code) == 0; lo++)
		if (p->v[lo].from <= day && day < p->v[lo].to)
			return &p->v[lo];
	return NULL;
}

/* ------------------------------------------------------------------------
 * Geodesic length and EWKB
 */
double
trace_geo_length_m(const double *xy, size_t n)
{
	static struct geod_geodesic g;
	static bool inited = false;
	double		sum = 0;
	size_t		i;

	if (!inited)
	{
		geod_init(&g, WGS84_A, 1 / WGS84_INV_F);
		inited = true;
	}
	for (i = 1; i < n; i++)
	{
		double		s12 = 0;

		geod_inverse(&g, xy[2 * i - 1], xy[2 * i - 2], xy[2 * i + 1], xy[2 * i],
					 &s12, NULL, NULL);
		sum += s12;
	}
	return sum;
}

static void
put_u32le(StringInfo out, uint32_t v)
{
	uint8_t		b[4] = {(uint8_t) v, (uint8_t) (v >> 8), (uint8_t) (v >> 16), (uint8_t) (v >> 24)};

	appendBinaryStringInfo(out, (const char *) b, 4);
}

static void
put_f64le(StringInfo out, double d)
{
	uint64_t	u;
	uint8_t		b[8];
	int			i;

	memcpy(&u, &d, 8);
	for (i = 0; i < 8; i++)
		b[i] = (uint8_t) (u >> (8 * i));
	appendBinaryStringInfo(out, (const char *) b, 8);
}

void
trace_geo_ewkb_linestring(StringInfo out, const double *xy, size_t n)
{
	size_t		i;

	appendStringInfoChar(out, 1);	/* little-endian */
	put_u32le(out, 0x20000002u);	/* LineString with SRID */
	put_u32le(out, 4326);
	put_u32le(out, (uint32_t) n);
	for (i = 0; i < 2 * n; i++)
		put_f64le(out, xy[i]);
}
