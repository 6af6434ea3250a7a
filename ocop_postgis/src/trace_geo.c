/*
 * trace_geo.c -- fmgr layer of food miles (trace_points, trace_path and
 * trace_distance_km of ocop_postgis); the pure part is trace_geo_core.c.
 *
 *   ocop_trace_points(chain, places regclass)    SETOF (seq, at, place, lon, lat)
 *   ocop_trace_path_ewkb(chain, places regclass) bytea: EWKB LineString, 4326
 *   ocop_trace_km(chain, places regclass)        float8: geodesic length, km
 *
 * places is ocop_postgis's ocop_admin_rep_point (code, valid_from, valid_to,
 * geom).  It is read once per backend into a sorted array in
 * TopMemoryContext and
 * dropped on a relcache invalidation of the table or when another table is
 * asked for, by the loader shared with ocop_commune_pip (geo_ref_table.c).  A place
 * code with no row there on the event's date (a pre-reform unit) goes,
 * once per (code, date) and backend, to ocop_admin_rep_geom(code, date) in
 * the same schema, which follows the succession table; its answer (a point
 * or none) is kept in a memo, dropped with the cache, when CURRENT_DATE
 * changes (ocop_admin_current resolves successions as of today) and when it
 * reaches TRACE_GEO_MEMO_MAX entries.  Plain INSERT/UPDATE/DELETE on the
 * extension-owned reference tables are seen by sessions started later.
 *
 * No PostGIS headers or library: geometries come in as EWKB through
 * PostGIS's geometry -> bytea cast, and go out as EWKB that the SQL wrapper
 * turns into a geometry.
 */
#include "postgres.h"

#include "catalog/pg_type.h"
#include "executor/spi.h"
#include "fmgr.h"
#include "funcapi.h"
#include "miscadmin.h"
#include "utils/builtins.h"
#include "utils/date.h"
#include "utils/hsearch.h"
#include "utils/lsyscache.h"
#include "utils/memutils.h"
#include "utils/timestamp.h"
#if PG_VERSION_NUM >= 160000
#include "varatt.h"
#endif

#include "geo_ref_table.h"
#include "ocop_fmgr.h"
#include "trace_geo_core.h"

#define TRACE_GEO_MEMO_MAX 100000

typedef struct MemoKey
{
	char		code[TRACE_GEO_MAX_CODE + 1];
	int32		day;
} MemoKey;

typedef struct MemoEntry
{
	MemoKey		key;
	bool		found;
	double		x,
				y;
} MemoEntry;

typedef struct GeoCache
{
	char	   *fallback_sql;	/* in TopMemoryContext */
	TraceGeoPlaces places;
	HTAB	   *memo;
	DateADT		memo_today;
} GeoCache;

static GeoCache geo_cache;
static TraceGeoPlaces geo_loading;	/* being built */

static void
geo_memo_reset(void)
{
	if (geo_cache.memo)
		hash_destroy(geo_cache.memo);
	geo_cache.memo = NULL;
}

static void
geo_begin(void *state, uint64 n, const char *nsp, const char *rel)
{
	trace_geo_places_free(&geo_loading);
}

static void
geo_row(void *state, uint64 i, const GeoRefRow *r, const char *rel)
{
	OcopErr		err;
	MemoryContext old;
	bool		ok;

	/* the array outlives the call (pfree'd by trace_geo_places_free) */
	old = MemoryContextSwitchTo(TopMemoryContext);
	ok = trace_geo_places_add(&geo_loading, r->code, r->valid_from, r->valid_to,
							  (const uint8_t *) r->ewkb, r->ewkb_len, &err);
	MemoryContextSwitchTo(old);
	if (!ok)
		ocop_report(NULL, &err, err.code == OCOP_E_BINARY ? ERRCODE_DATA_CORRUPTED : 0,
					"invalid representative point for code \"%s\" in %s", r->code, rel);
}

/* The new copy replaces the old one; the memo of fallbacks starts again. */
static void
geo_end(void *state, const char *nsp, const char *rel)
{
	char	   *fallback_sql;

	trace_geo_places_sort(&geo_loading);
	fallback_sql = MemoryContextStrdup(TopMemoryContext,
									   psprintf("SELECT CAST(%s.ocop_admin_rep_geom($1, $2) AS pg_catalog.bytea)",
												quote_identifier(nsp)));
	trace_geo_places_free(&geo_cache.places);
	geo_memo_reset();
	if (geo_cache.fallback_sql)
		pfree(geo_cache.fallback_sql);
	geo_cache.fallback_sql = fallback_sql;
	geo_cache.places = geo_loading;
	memset(&geo_loading, 0, sizeof(geo_loading));
}

static void
geo_discard(void *state)
{
	trace_geo_places_free(&geo_loading);
}

static GeoRefTable geo_table = {
	.function = "trace_points",
	.missing_detail = "The parameter places must name the table of representative points.",
	.rows_of = "the representative points of %s",
	.order_by_code = false,
	.begin = geo_begin,
	.row = geo_row,
	.end = geo_end,
	.discard = geo_discard,
};

static void
geo_prepare(Oid relid)
{
	geo_ref_table_prepare(&geo_table, relid);
}

/* ocop_admin_rep_geom(code, day) through the memo. */
static bool
geo_fallback(const char *code, int32 day, double *x, double *y)
{
	MemoKey		key;
	MemoEntry  *m;
	bool		found;
	DateADT		today = GetSQLCurrentDate();

	if (geo_cache.memo && (geo_cache.memo_today != today ||
						   hash_get_num_entries(geo_cache.memo) >= TRACE_GEO_MEMO_MAX))
		geo_memo_reset();
	if (geo_cache.memo == NULL)
	{
		HASHCTL		ctl;

		memset(&ctl, 0, sizeof(ctl));
		ctl.keysize = sizeof(MemoKey);
		ctl.entrysize = sizeof(MemoEntry);
		geo_cache.memo = hash_create("ocop trace_points fallback", 256, &ctl,
									 HASH_ELEM | HASH_BLOBS);
		geo_cache.memo_today = today;
	}
	memset(&key, 0, sizeof(key));
	strlcpy(key.code, code, sizeof(key.code));
	key.day = day;
	m = hash_search(geo_cache.memo, &key, HASH_FIND, NULL);
	if (m == NULL)
	{
		Oid			argtypes[2] = {TEXTOID, DATEOID};
		Datum		args[2];
		bool		ok = false;
		double		px = 0,
					py = 0;

		args[0] = CStringGetTextDatum(code);
		args[1] = DateADTGetDatum(day);
		if (SPI_connect() != SPI_OK_CONNECT)
			elog(ERROR, "SPI_connect failed");
		if (SPI_execute_with_args(geo_cache.fallback_sql, 2, argtypes, args, NULL, true, 1)
			!= SPI_OK_SELECT)
			elog(ERROR, "could not run %s", geo_cache.fallback_sql);
		if (SPI_processed == 1)
		{
			bool		isnull;
			Datum		g = SPI_getbinval(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 1, &isnull);

			if (!isnull)
			{
				bytea	   *wkb = DatumGetByteaPP(g);
				OcopErr		err;

				if (!trace_geo_wkb_point((const uint8_t *) VARDATA_ANY(wkb), VARSIZE_ANY_EXHDR(wkb),
										 &px, &py, &err))
					ocop_report(NULL, &err, ERRCODE_DATA_CORRUPTED,
								"invalid representative point for code \"%s\" from ocop_admin_rep_geom", code);
				ok = true;
			}
		}
		SPI_finish();
		/* the memo may have been dropped by an invalidation meanwhile */
		if (geo_cache.memo == NULL)
		{
			*x = px;
			*y = py;
			return ok;
		}
		m = hash_search(geo_cache.memo, &key, HASH_ENTER, &found);
		m->found = ok;
		m->x = px;
		m->y = py;
	}
	*x = m->x;
	*y = m->y;
	return m->found;
}

/* The point of an event (see trace_geo_core.h), or false. */
static bool
geo_locate(const TraceGeoEvent *ev, double *x, double *y)
{
	const TraceGeoPlace *p;
	int32		day;

	if (ev->has_xy)
	{
		*x = ev->x;
		*y = ev->y;
		return true;
	}
	if (!ev->has_code || !ev->has_time)
		return false;
	day = trace_geo_vn_day(ev->usec_unix);
	p = trace_geo_places_find(&geo_cache.places, ev->code, day);
	if (p)
	{
		*x = p->x;
		*y = p->y;
		return true;
	}
	return geo_fallback(ev->code, day, x, y);
}

static void
geo_open(Datum d, TraceView *v)
{
	struct varlena *p = PG_DETOAST_DATUM(d);
	OcopErr		err;

	if (!trace_view_open(v, (const uint8_t *) VARDATA(p), VARSIZE(p) - VARHDRSZ,
						 false, NULL, &err))
		ocop_report(NULL, &err, ERRCODE_DATA_CORRUPTED, "corrupt trace_chain value");
}

/* The located points of a chain, in order: xy[0..2n-1]; returns n. */
static size_t
geo_points(Datum chain, Oid relid, double **xy_out)
{
	TraceView	v;
	TraceIter	it;
	TraceEntry	e;
	double	   *xy;
	size_t		n = 0;
	MemoryContext work,
				old;

	geo_open(chain, &v);
	geo_prepare(relid);
	xy = palloc(sizeof(double) * 2 * (v.nevents ? v.nevents : 1));
	/* one event's parse at a time */
	work = AllocSetContextCreate(CurrentMemoryContext, "trace_geo event", ALLOCSET_DEFAULT_SIZES);
	old = MemoryContextSwitchTo(work);
	trace_iter_init(&it, &v);
	while (trace_iter_next(&it, &e))
	{
		OcopErr		err;
		TraceGeoEvent ev;

		CHECK_FOR_INTERRUPTS();
		if (!trace_geo_read(&e, it.index, &ev, &err))
			ocop_report(NULL, &err, ERRCODE_DATA_CORRUPTED, "corrupt trace_chain value");
		if (geo_locate(&ev, &xy[2 * n], &xy[2 * n + 1]))
			n++;
		MemoryContextReset(work);
	}
	MemoryContextSwitchTo(old);
	MemoryContextDelete(work);
	*xy_out = xy;
	return n;
}

PG_FUNCTION_INFO_V1(ocop_trace_points);
Datum
ocop_trace_points(PG_FUNCTION_ARGS)
{
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
	TraceView	v;
	TraceIter	it;
	TraceEntry	e;
	MemoryContext work,
				old;

	geo_open(PG_GETARG_DATUM(0), &v);
	geo_prepare(PG_GETARG_OID(1));
	InitMaterializedSRF(fcinfo, 0);
	/* one event's parse and row at a time: the tuplestore copies the values */
	work = AllocSetContextCreate(CurrentMemoryContext, "trace_geo event", ALLOCSET_DEFAULT_SIZES);
	old = MemoryContextSwitchTo(work);
	trace_iter_init(&it, &v);
	while (trace_iter_next(&it, &e))
	{
		OcopErr		err;
		TraceGeoEvent ev;
		double		x,
					y;

		CHECK_FOR_INTERRUPTS();
		if (!trace_geo_read(&e, it.index, &ev, &err))
			ocop_report(NULL, &err, ERRCODE_DATA_CORRUPTED, "corrupt trace_chain value");
		if (geo_locate(&ev, &x, &y))
		{
			Datum		values[5];
			bool		nulls[5] = {false, false, false, false, false};

			values[0] = Int32GetDatum((int32) ev.seq);
			if (ev.has_time)
				values[1] = TimestampTzGetDatum((TimestampTz)
												(ev.usec_unix - (int64) (POSTGRES_EPOCH_JDATE - UNIX_EPOCH_JDATE) * USECS_PER_DAY));
			else
				nulls[1] = true;
			if (ev.place_str)
				values[2] = PointerGetDatum(cstring_to_text_with_len(ev.place_str, (int) ev.place_len));
			else
				nulls[2] = true;
			values[3] = Float8GetDatum(x);
			values[4] = Float8GetDatum(y);
			tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, values, nulls);
		}
		MemoryContextReset(work);
	}
	MemoryContextSwitchTo(old);
	MemoryContextDelete(work);
	return (Datum) 0;
}

PG_FUNCTION_INFO_V1(ocop_trace_path_ewkb);
Datum
ocop_trace_path_ewkb(PG_FUNCTION_ARGS)
{
	double	   *xy;
	size_t		n = geo_points(PG_GETARG_DATUM(0), PG_GETARG_OID(1), &xy);
	StringInfoData out;
	bytea	   *result;

	if (n < 2)
		PG_RETURN_NULL();
	/* 16 bytes a point, at most TRACE_MAX_EVENTS points */
	initStringInfo(&out);
	trace_geo_ewkb_linestring(&out, xy, n);
	result = palloc(VARHDRSZ + out.len);
	SET_VARSIZE(result, VARHDRSZ + out.len);
	memcpy(VARDATA(result), out.data, out.len);
	PG_RETURN_BYTEA_P(result);
}

PG_FUNCTION_INFO_V1(ocop_trace_km);
Datum
ocop_trace_km(PG_FUNCTION_ARGS)
{
	double	   *xy;
	size_t		n = geo_points(PG_GETARG_DATUM(0), PG_GETARG_OID(1), &xy);

	if (n == 0)
		PG_RETURN_NULL();
	PG_RETURN_FLOAT8(trace_geo_length_m(xy, n) / 1000.0);
}
