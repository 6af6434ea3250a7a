/*
 * ocop_admin_pip.c -- fmgr layer of ocop_commune_at's point-in-polygon
 * lookup (the lookup itself is ocop_admin_pip_core.c).
 *
 * ocop_commune_pip(x, y, at, polygons regclass) reads the polygon table once
 * per backend (code, valid_from, valid_to, geom as EWKB) into a malloc'd
 * ocop_admin_pip_core set and answers every later call from memory.  The
 * cache is dropped on a relcache invalidation of the table (ALTER, TRUNCATE,
 * DROP, VACUUM FULL, CREATE INDEX ...) and when a different table is asked
 * for; plain INSERT/UPDATE/DELETE on the table (which is extension-owned
 * reference data users must not change) are seen by sessions started later.
 *
 * The function needs no PostGIS headers or library: the geometry reaches it
 * as EWKB through PostGIS's geometry -> bytea cast, run in the SQL query.
 */
#include "postgres.h"

#include "executor/spi.h"
#include "fmgr.h"
#include "utils/builtins.h"
#include "utils/date.h"
#include "utils/inval.h"
#include "utils/lsyscache.h"

#include "ocop_admin_pip_core.h"
#include "ocop_fmgr.h"

typedef struct PipCache
{
	bool		valid;
	Oid			relid;
	OcopPipSet *set;
	int			n;
	char	   (*codes)[8];
	DateADT    *from;
	DateADT    *to;
} PipCache;

static PipCache pip_cache;
static PipCache pip_loading;	/* being built; static so PG_CATCH sees it */
static bool pip_callback_registered = false;

static void
pip_cache_free(PipCache *c)
{
	ocop_pip_free(c->set);
	free(c->codes);
	free(c->from);
	free(c->to);
	memset(c, 0, sizeof(*c));
}

static void
pip_relcache_cb(Datum arg, Oid relid)
{
	if (relid == InvalidOid || relid == pip_cache.relid)
		pip_cache.valid = false;	/* freed at the next load */
}

static void
pip_load(Oid relid)
{
	char	   *nsp = get_namespace_name(get_rel_namespace(relid));
	char	   *rel = get_rel_name(relid);
	uint64		i;

	if (nsp == NULL || rel == NULL)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("invalid parameter for ocop_commune_pip: relation %u does not exist", relid)));

	pip_cache_free(&pip_loading);
	pip_loading.relid = relid;
	PG_TRY();
	{
		char	   *query = psprintf("SELECT code::pg_catalog.text, valid_from, valid_to, geom::pg_catalog.bytea"
									 " FROM %s ORDER BY 1, 2",
									 quote_qualified_identifier(nsp, rel));
		uint64		n;

		if (SPI_connect() != SPI_OK_CONNECT)
			elog(ERROR, "SPI_connect failed");
		if (SPI_execute(query, true, 0) != SPI_OK_SELECT)
			elog(ERROR, "could not read the polygons of %s", query);
		n = SPI_processed;
		if (n > OCOP_PIP_MAX_POLYGONS)
			ereport(ERROR,
					(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
					 errmsg("too many polygons in %s", rel)));
		pip_loading.set = ocop_pip_new();
		pip_loading.codes = malloc(sizeof(*pip_loading.codes) * (n ? n : 1));
		pip_loading.from = malloc(sizeof(DateADT) * (n ? n : 1));
		pip_loading.to = malloc(sizeof(DateADT) * (n ? n : 1));
		if (!pip_loading.set || !pip_loading.codes || !pip_loading.from || !pip_loading.to)
			ereport(ERROR, (errcode(ERRCODE_OUT_OF_MEMORY), errmsg("out of memory")));
		for (i = 0; i < n; i++)
		{
			HeapTuple	tup = SPI_tuptable->vals[i];
			TupleDesc	td = SPI_tuptable->tupdesc;
			bool		isnull[4];
			Datum		code = SPI_getbinval(tup, td, 1, &isnull[0]);
			Datum		vf = SPI_getbinval(tup, td, 2, &isnull[1]);
			Datum		vt = SPI_getbinval(tup, td, 3, &isnull[2]);
			Datum		g = SPI_getbinval(tup, td, 4, &isnull[3]);
			bytea	   *wkb;
			char	   *s;
			OcopErr err;

			if (isnull[0] || isnull[1] || isnull[2] || isnull[3])
				ereport(ERROR,
						(errcode(ERRCODE_DATA_CORRUPTED),
						 errmsg("NULL field in polygon table %s", rel)));
			s = TextDatumGetCString(code);
			if (strlen(s) >= sizeof(*pip_loading.codes))
				ereport(ERROR,
						(errcode(ERRCODE_DATA_CORRUPTED),
						 errmsg("code \"%s\" too long in polygon table %s", s, rel)));
			strcpy(pip_loading.codes[i], s);
			pip_loading.from[i] = DatumGetDateADT(vf);
			pip_loading.to[i] = DatumGetDateADT(vt);
			wkb = DatumGetByteaPP(g);
			if (ocop_pip_add_wkb(pip_loading.set, (const unsigned char *) VARDATA_ANY(wkb),
								 VARSIZE_ANY_EXHDR(wkb), &err) != (int) i)
				ocop_report(NULL, &err, ERRCODE_DATA_CORRUPTED,
							"invalid polygon for code \"%s\" in %s", s, rel);
			pip_loading.n++;
		}
		{
			OcopErr err;

			if (ocop_pip_build(pip_loading.set, &err) != 0)
				ocop_report(NULL, &err, ERRCODE_OUT_OF_MEMORY, "out of memory");
		}
		SPI_finish();
	}
	PG_CATCH();
	{
		pip_cache_free(&pip_loading);
		PG_RE_THROW();
	}
	PG_END_TRY();

	pip_cache_free(&pip_cache);
	pip_cache = pip_loading;
	memset(&pip_loading, 0, sizeof(pip_loading));
	pip_cache.valid = true;
	{
		OcopPipStats st;

		ocop_pip_stats(pip_cache.set, &st);
		/* what a backend holds (bench/geo.md reports it) */
		ereport(DEBUG1,
				(errmsg_internal("ocop_commune_pip: cached %d polygons of %s, %zu edges, grid %d x %d, %zu bytes",
								 st.polygons, get_rel_name(relid), st.edges, st.grid_x, st.grid_y,
								 st.bytes + (size_t) pip_cache.n * (sizeof(*pip_cache.codes) + 2 * sizeof(DateADT)))));
	}
}

static int
pip_accept_at(int i, void *arg)
{
	DateADT		at = *(DateADT *) arg;

	return pip_cache.from[i] <= at && at < pip_cache.to[i];
}

PG_FUNCTION_INFO_V1(ocop_commune_pip);
Datum
ocop_commune_pip(PG_FUNCTION_ARGS)
{
	float8		x = PG_GETARG_FLOAT8(0);
	float8		y = PG_GETARG_FLOAT8(1);
	DateADT		at = PG_GETARG_DATEADT(2);
	Oid			relid = PG_GETARG_OID(3);
	int			i;

	if (!pip_callback_registered)
	{
		CacheRegisterRelcacheCallback(pip_relcache_cb, (Datum) 0);
		pip_callback_registered = true;
	}
	if (!pip_cache.valid || pip_cache.relid != relid)
		pip_load(relid);
	i = ocop_pip_find(pip_cache.set, x, y, pip_accept_at, &at);
	if (i < 0)
		PG_RETURN_NULL();
	PG_RETURN_TEXT_P(cstring_to_text(pip_cache.codes[i]));
}
