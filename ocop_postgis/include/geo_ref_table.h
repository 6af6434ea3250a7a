/*
 * geo_ref_table.h -- a dated EWKB reference table, read once per backend
 * (fmgr helper of ocop_postgis; ocop_postgis/src/geo_ref_table.c).
 *
 * ocop_commune_pip (polygons) and the food-miles functions (representative
 * points) both keep a per-backend copy of a table of rows
 *   (code text, valid_from date, valid_to date, geom as EWKB)
 * that they read with one SPI query and drop on a relcache invalidation of
 * the table (ALTER, TRUNCATE, DROP, VACUUM FULL, CREATE INDEX ...) or when
 * another table is asked for.  Plain INSERT/UPDATE/DELETE on the table
 * (extension-owned reference data users must not change) are seen by
 * sessions started later.  This helper owns that loop, the NULL check and
 * the invalidation; each consumer gives callbacks that build its own copy:
 *
 *   begin(state, nrows, nsp, rel)   the query returned nrows rows: start a
 *                                   new copy (beside the live one)
 *   row(state, i, row, rel)         add row i (no field is NULL)
 *   end(state, nsp, rel)            finish the new copy and make it the live
 *                                   one, freeing the old
 *   discard(state)                  an error was raised after begin: free the
 *                                   new copy (the live one is kept)
 * Each callback may raise; discard must not.  Rows come in the order of
 * "code, valid_from" when order_by_code is set, else in any order.
 */
#ifndef GEO_REF_TABLE_H
#define GEO_REF_TABLE_H

#include "postgres.h"

#include "utils/date.h"

typedef struct GeoRefRow
{
	const char *code;			/* palloc'd in the SPI context */
	DateADT		valid_from;
	DateADT		valid_to;
	const unsigned char *ewkb;
	size_t		ewkb_len;
} GeoRefRow;

typedef struct GeoRefTable
{
	/* set by the consumer */
	const char *function;		/* named in "invalid parameter for %s" */
	const char *missing_detail; /* DETAIL when the relation is gone, or NULL */
	const char *rows_of;		/* "polygon table %s": names the rows of rel */
	bool		order_by_code;
	void	   *state;
	void		(*begin) (void *state, uint64 nrows, const char *nsp, const char *rel);
	void		(*row) (void *state, uint64 i, const GeoRefRow *row, const char *rel);
	void		(*end) (void *state, const char *nsp, const char *rel);
	void		(*discard) (void *state);
	/* the helper's */
	bool		valid;
	bool		registered;
	Oid			relid;
} GeoRefTable;

/*
 * Make t's copy the one of table relid: nothing when it is already loaded
 * and valid, else read the table through the callbacks.  Raises 22023 when
 * relid names no relation, XX001 (data corrupted) on a NULL field.
 */
extern void geo_ref_table_prepare(GeoRefTable *t, Oid relid);

#endif							/* GEO_REF_TABLE_H */
