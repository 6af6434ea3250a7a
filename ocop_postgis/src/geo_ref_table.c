/*
 * geo_ref_table.c -- a dated EWKB reference table, read once per backend:
 * see ocop_postgis/include/geo_ref_table.h.
 *
 * No PostGIS headers or library: the geometry reaches the consumers as EWKB
 * through PostGIS's geometry -> bytea cast, run in the query.
 */
#include "postgres.h"

#include "executor/spi.h"
#include "fmgr.h"
#include "utils/builtins.h"
#include "utils/inval.h"
#include "utils/lsyscache.h"
#if PG_VERSION_NUM >= 160000
#include "varatt.h"
#endif

#include "geo_ref_table.h"

static void
geo_ref_relcache_cb(Datum arg, Oid relid)
{
	GeoRefTable *t = (GeoRefTable *) DatumGetPointer(arg);

	if (relid == InvalidOid || relid == t->relid)
		t->valid = false;		/* reloaded at the next use */
}

static void
geo_ref_table_load(GeoRefTable *t, Oid relid)
{
	char	   *nsp = get_namespace_name(get_rel_namespace(relid));
	char	   *rel = get_rel_name(relid);
	volatile bool begun = false;

	if (nsp == NULL || rel == NULL)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("invalid parameter for %s: relation %u does not exist", t->function, relid),
				 t->missing_detail ? errdetail_internal("%s", t->missing_detail) : 0));

	t->valid = false;
	PG_TRY();
	{
		char	   *query = psprintf("SELECT code::pg_catalog.text, valid_from, valid_to, geom::pg_catalog.bytea"
									 " FROM %s%s",
									 quote_qualified_identifier(nsp, rel),
									 t->order_by_code ? " ORDER BY 1, 2" : "");
		uint64		n,
					i;

		if (SPI_connect() != SPI_OK_CONNECT)
			elog(ERROR, "SPI_connect failed");
		if (SPI_execute(query, true, 0) != SPI_OK_SELECT)
			elog(ERROR, "could not read %s", query);
		n = SPI_processed;
		begun = true;
		t->begin(t->state, n, nsp, rel);
		for (i = 0; i < n; i++)
		{
			HeapTuple	tup = SPI_tuptable->vals[i];
			TupleDesc	td = SPI_tuptable->tupdesc;
			bool		isnull[4];
			Datum		code = SPI_getbinval(tup, td, 1, &isnull[0]);
			Datum		vf = SPI_getbinval(tup, td, 2, &isnull[1]);
			Datum		vt = SPI_getbinval(tup, td, 3, &isnull[2]);
			Datum		g = SPI_getbinval(tup, td, 4, &isnull[3]);
			GeoRefRow	r;
			bytea	   *wkb;

			if (isnull[0] || isnull[1] || isnull[2] || isnull[3])
				ereport(ERROR,
						(errcode(ERRCODE_DATA_CORRUPTED),
						 errmsg("NULL field in %s", psprintf(t->rows_of, rel))));
			wkb = DatumGetByteaPP(g);
			r.code = TextDatumGetCString(code);
			r.valid_from = DatumGetDateADT(vf);
			r.valid_to = DatumGetDateADT(vt);
			r.ewkb = (const unsigned char *) VARDATA_ANY(wkb);
			r.ewkb_len = VARSIZE_ANY_EXHDR(wkb);
			t->row(t->state, i, &r, rel);
		}
		t->end(t->state, nsp, rel);
		SPI_finish();
	}
	PG_CATCH();
	{
		if (begun)
			t->discard(t->state);
		PG_RE_THROW();
	}
	PG_END_TRY();
	t->relid = relid;
	t->valid = true;
}

void
geo_ref_table_prepare(GeoRefTable *t, Oid relid)
{
	if (!t->registered)
	{
		CacheRegisterRelcacheCallback(geo_ref_relcache_cb, PointerGetDatum(t));
		t->registered = true;
	}
	if (!t->valid || t->relid != relid)
		geo_ref_table_load(t, relid);
}
