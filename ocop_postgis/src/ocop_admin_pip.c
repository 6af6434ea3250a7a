/*
 * ocop_admin_pip.c -- fmgr layer of ocop_commune_at's point-in-polygon
 * lookup (the lookup itself is ocop_admin_pip_core.c).
 *
 * ocop_commune_pip(x, y, at, polygons regclass) reads the polygon table once
 * per backend (code, valid_from, valid_to, geom as EWKB) into a malloc'd
 * ocop_admin_pip_core set and answers every later call from memory.  The
 * reading, the NULL check and the dropping of the copy on a relcache
 * invalidation of the table or when a different table is asked for are
 * geo_ref_table.c's, shared with the food-miles functions (trace_geo.c).
 *
 * The function needs no PostGIS headers or library: the geometry reaches it
 * as EWKB through PostGIS's geometry -> bytea cast, run in the SQL query.
 */
#include "postgres.h"

#include "fmgr.h"
#include "utils/builtins.h"
#include "utils/date.h"

#include "geo_ref_table.h"
#include "ocop_admin_pip_core.h"
#include "ocop_fmgr.h"

typedef struct PipCache
{
	OcopPipSet *set;
	int			n;
	char	   (*codes)[8];
	DateADT    *from;
	DateADT    *to;
} PipCache;

static PipCache pip_cache;
static PipCache pip_loading;	/* being built */

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
pip_begin(void *state, uint64 n, const char *nsp, const char *rel)
{
	pip_cache_free(&pip_loading);
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
}

static void
pip_row(void *state, uint64 i, const GeoRefRow *r, const char *rel)
{
	OcopErr		err;

	if (strlen(r->code) >= sizeof(*pip_loading.codes))
		ereport(ERROR,
				(errcode(ERRCODE_DATA_CORRUPTED),
				 errmsg("code \"%s\" too long in polygon table %s", r->code, rel)));
	strcpy(pip_loading.codes[i], r->code);
	pip_loading.from[i] = r->valid_from;
	pip_loading.to[i] = r->valid_to;
	if (ocop_pip_add_wkb(pip_loading.set, r->ewkb, r->ewkb_len, &err) != (int) i)
		ocop_report(NULL, &err, ERRCODE_DATA_CORRUPTED,
					"invalid polygon for code \"%s\" in %s", r->code, rel);
	pip_loading.n++;
}

static void
pip_end(void *state, const char *nsp, const char *rel)
{
	OcopErr		err;
	OcopPipStats st;

	if (ocop_pip_build(pip_loading.set, &err) != 0)
		ocop_report(NULL, &err, ERRCODE_OUT_OF_MEMORY, "out of memory");
	pip_cache_free(&pip_cache);
	pip_cache = pip_loading;
	memset(&pip_loading, 0, sizeof(pip_loading));
	ocop_pip_stats(pip_cache.set, &st);
	/* what a backend holds (bench/geo.md reports it) */
	ereport(DEBUG1,
			(errmsg_internal("ocop_commune_pip: cached %d polygons of %s, %zu edges, grid %d x %d, %zu bytes",
							 st.polygons, rel, st.edges, st.grid_x, st.grid_y,
							 st.bytes + (size_t) pip_cache.n * (sizeof(*pip_cache.codes) + 2 * sizeof(DateADT)))));
}

static void
pip_discard(void *state)
{
	pip_cache_free(&pip_loading);
}

static GeoRefTable pip_table = {
	.function = "ocop_commune_pip",
	.missing_detail = NULL,
	.rows_of = "polygon table %s",
	.order_by_code = true,
	.begin = pip_begin,
	.row = pip_row,
	.end = pip_end,
	.discard = pip_discard,
};

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

	geo_ref_table_prepare(&pip_table, relid);
	i = ocop_pip_find(pip_cache.set, x, y, pip_accept_at, &at);
	if (i < 0)
		PG_RETURN_NULL();
	PG_RETURN_TEXT_P(cstring_to_text(pip_cache.codes[i]));
}
