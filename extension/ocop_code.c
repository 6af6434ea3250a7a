/*
 * ocop_code.c -- fmgr layer of the ocop_code type.  Parsing, formatting,
 * packing and the check digit live in ocop_code_core.c; this file only turns
 * their results into Datums and ereports.
 */
#include "postgres.h"

#include "access/hash.h"
#include "access/stratnum.h"
#include "catalog/pg_am.h"
#include "catalog/pg_type.h"
#include "commands/defrem.h"
#include "fmgr.h"
#include "funcapi.h"
#include "libpq/pqformat.h"
#include "nodes/makefuncs.h"
#include "nodes/nodeFuncs.h"
#include "nodes/supportnodes.h"
#include "nodes/pathnodes.h"
#include "utils/builtins.h"
#include "utils/lsyscache.h"

#include "ocop_code_core.h"
#include "ocop_fmgr.h"

#define DatumGetOcopCode(d)		DatumGetInt64(d)
#define OcopCodeGetDatum(v)		Int64GetDatum(v)
#define PG_GETARG_OCOP_CODE(n)	DatumGetOcopCode(PG_GETARG_DATUM(n))
#define PG_RETURN_OCOP_CODE(v)	return OcopCodeGetDatum(v)

/* Unpack a stored value; a stored value is always valid, so this is a bug. */
static void
unpack_stored(int64 packed, OcopCode *code)
{
	OcopErr err;

	if (!ocop_code_unpack(packed, code, &err))
		elog(ERROR, "corrupt ocop_code value " INT64_FORMAT ": %s",
			 packed, err.detail);
}

PG_FUNCTION_INFO_V1(ocop_code_in);
Datum
ocop_code_in(PG_FUNCTION_ARGS)
{
	const char *str = PG_GETARG_CSTRING(0);
	OcopCode	code;
	OcopErr		err;

	/* 22P02 whatever the field: the text is not an ocop_code. */
	if (!ocop_code_parse(str, strlen(str), &code, &err))
	{
		ocop_report(OCOP_ESCONTEXT(fcinfo), &err, ERRCODE_INVALID_TEXT_REPRESENTATION,
					"invalid input syntax for type %s: \"%s\"", "ocop_code", str);
		PG_RETURN_NULL();
	}
	PG_RETURN_OCOP_CODE(ocop_code_pack(&code));
}

PG_FUNCTION_INFO_V1(ocop_code_out);
Datum
ocop_code_out(PG_FUNCTION_ARGS)
{
	int64		packed = PG_GETARG_OCOP_CODE(0);
	char	   *buf = palloc(OCOP_CODE_TEXT_MAX);

	/* A stored value is valid; a negative or oversized one would be a bug. */
	if (packed < 0 || packed >= 100 * OCOP_PACK_PROVINCE)
		elog(ERROR, "corrupt ocop_code value " INT64_FORMAT, packed);
	ocop_code_format_packed(packed, buf);
	PG_RETURN_CSTRING(buf);
}

/* Binary form: the packed value as int8.  Receive validates every field. */
PG_FUNCTION_INFO_V1(ocop_code_recv);
Datum
ocop_code_recv(PG_FUNCTION_ARGS)
{
	StringInfo	buf = (StringInfo) PG_GETARG_POINTER(0);
	int64		packed;
	OcopErr err;

	if (buf->len - buf->cursor != 8)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_BINARY_REPRESENTATION),
				 errmsg("invalid external binary value for type %s", "ocop_code"),
				 errdetail("The binary form is 8 bytes (the packed value as int8), not %d.",
						   buf->len - buf->cursor)));
	packed = pq_getmsgint64(buf);

	if (!ocop_code_unpack(packed, NULL, &err))
		ocop_report(NULL, &err, ERRCODE_INVALID_BINARY_REPRESENTATION,
					"invalid external binary value for type %s: " INT64_FORMAT, "ocop_code", packed);
	PG_RETURN_OCOP_CODE(packed);
}

PG_FUNCTION_INFO_V1(ocop_code_send);
Datum
ocop_code_send(PG_FUNCTION_ARGS)
{
	StringInfoData buf;

	pq_begintypsend(&buf);
	pq_sendint64(&buf, PG_GETARG_OCOP_CODE(0));
	PG_RETURN_BYTEA_P(pq_endtypsend(&buf));
}

/* Comparison operators, min/max support and sortsupport. */
OCOP_DEFINE_SCALAR_COMPARISONS(ocop_code, int64, PG_GETARG_OCOP_CODE, DatumGetOcopCode)

/*
 * Hashing: exactly hashint8 of the packed value, so that hash values never
 * change across versions or architectures (hash partitioning, Citus).
 */
PG_FUNCTION_INFO_V1(ocop_code_hash);
Datum
ocop_code_hash(PG_FUNCTION_ARGS)
{
	return DirectFunctionCall1(hashint8, PG_GETARG_DATUM(0));
}

PG_FUNCTION_INFO_V1(ocop_code_hash_extended);
Datum
ocop_code_hash_extended(PG_FUNCTION_ARGS)
{
	return DirectFunctionCall2(hashint8extended, PG_GETARG_DATUM(0),
							   PG_GETARG_DATUM(1));
}

/* Casts to and from bigint.  From bigint validates every field. */
PG_FUNCTION_INFO_V1(ocop_code_to_bigint);
Datum
ocop_code_to_bigint(PG_FUNCTION_ARGS)
{
	PG_RETURN_INT64(PG_GETARG_OCOP_CODE(0));
}

PG_FUNCTION_INFO_V1(ocop_code_from_bigint);
Datum
ocop_code_from_bigint(PG_FUNCTION_ARGS)
{
	int64		packed = PG_GETARG_INT64(0);
	OcopErr err;

	if (!ocop_code_unpack(packed, NULL, &err))
		ocop_report(NULL, &err, ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE,
					"bigint " INT64_FORMAT " is not a valid %s value", packed, "ocop_code");
	PG_RETURN_OCOP_CODE(packed);
}

/*
 * ocop_code(province, commune, product_set, year, serial, district DEFAULT NULL)
 * Not STRICT, because a NULL district means a two-level code; any other NULL
 * argument gives NULL.
 */
PG_FUNCTION_INFO_V1(ocop_code_make);
Datum
ocop_code_make(PG_FUNCTION_ARGS)
{
	OcopCode	code;
	OcopErr err;

	for (int i = 0; i < 5; i++)
		if (PG_ARGISNULL(i))
			PG_RETURN_NULL();
	code.province = PG_GETARG_INT32(0);
	code.commune = PG_GETARG_INT32(1);
	code.product_set = PG_GETARG_INT32(2);
	code.year = PG_GETARG_INT32(3);
	code.serial = PG_GETARG_INT32(4);
	code.district = PG_ARGISNULL(5) ? 0 : PG_GETARG_INT32(5);
	if ((!PG_ARGISNULL(5) && code.district == 0) || !ocop_code_validate(&code, &err))
	{
		if (!PG_ARGISNULL(5) && code.district == 0)
			ocop_err_set_field(&err, OCOP_E_RANGE, "district",
							   "District code 000 is out of range: it must be from 001 to 999 (pass NULL for a two-level code).");
		ocop_report(NULL, &err, ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE,
					"%s argument out of range", "ocop_code");
	}
	PG_RETURN_OCOP_CODE(ocop_code_pack(&code));
}

/* Accessors. */
#define OCOP_CODE_ACCESSOR(name, expr) \
PG_FUNCTION_INFO_V1(name); \
Datum name(PG_FUNCTION_ARGS) \
{ \
	OcopCode	c; \
	unpack_stored(PG_GETARG_OCOP_CODE(0), &c); \
	PG_RETURN_INT32(expr); \
}

OCOP_CODE_ACCESSOR(ocop_code_province, c.province)
OCOP_CODE_ACCESSOR(ocop_code_product_set, c.product_set)
OCOP_CODE_ACCESSOR(ocop_code_year, c.year)
OCOP_CODE_ACCESSOR(ocop_code_serial, c.serial)
OCOP_CODE_ACCESSOR(ocop_code_check, ocop_code_check_digit(&c))

PG_FUNCTION_INFO_V1(ocop_code_district);
Datum
ocop_code_district(PG_FUNCTION_ARGS)
{
	OcopCode	c;

	unpack_stored(PG_GETARG_OCOP_CODE(0), &c);
	if (c.district == 0)
		PG_RETURN_NULL();
	PG_RETURN_INT32(c.district);
}

PG_FUNCTION_INFO_V1(ocop_code_commune);
Datum
ocop_code_commune(PG_FUNCTION_ARGS)
{
	OcopCode	c;

	unpack_stored(PG_GETARG_OCOP_CODE(0), &c);
	PG_RETURN_TEXT_P(cstring_to_text(psprintf("%05d", c.commune)));
}

PG_FUNCTION_INFO_V1(ocop_code_parts);
Datum
ocop_code_parts(PG_FUNCTION_ARGS)
{
	OcopCode	c;
	TupleDesc	tupdesc;
	Datum		values[8];
	bool		nulls[8] = {false};

	unpack_stored(PG_GETARG_OCOP_CODE(0), &c);
	if (get_call_result_type(fcinfo, NULL, &tupdesc) != TYPEFUNC_COMPOSITE)
		elog(ERROR, "return type must be a row type");
	values[0] = Int32GetDatum(c.province);
	values[1] = Int32GetDatum(c.district);
	nulls[1] = (c.district == 0);
	values[2] = PointerGetDatum(cstring_to_text(psprintf("%05d", c.commune)));
	values[3] = Int32GetDatum(c.product_set);
	values[4] = Int32GetDatum(c.year);
	values[5] = Int32GetDatum(c.serial);
	values[6] = Int32GetDatum(ocop_code_check_digit(&c));
	values[7] = BoolGetDatum(c.district != 0);
	PG_RETURN_DATUM(HeapTupleGetDatum(heap_form_tuple(BlessTupleDesc(tupdesc),
													  values, nulls)));
}

PG_FUNCTION_INFO_V1(ocop_code_is_valid);
Datum
ocop_code_is_valid(PG_FUNCTION_ARGS)
{
	text	   *t = PG_GETARG_TEXT_PP(0);

	PG_RETURN_BOOL(ocop_code_parse(VARDATA_ANY(t), VARSIZE_ANY_EXHDR(t), NULL, NULL));
}

/* Area queries. */
static void
area_or_error(text *area, int64 *lo, int64 *hi)
{
	OcopErr err;

	if (!ocop_area_parse(VARDATA_ANY(area), VARSIZE_ANY_EXHDR(area), lo, hi, &err))
	{
		ocop_err_hint(&err, "An area is \"PP\" (province), \"PP-DDD\" (pre-reform district), \"PP-CCCCC\" (current commune) or \"PP-DDD-CCCCC\" (pre-reform commune).");
		ocop_report(NULL, &err, ERRCODE_INVALID_PARAMETER_VALUE,
					"invalid area for %s: \"%s\"", "ocop_code_in_area", text_to_cstring(area));
	}
}

PG_FUNCTION_INFO_V1(ocop_code_in_area);
Datum
ocop_code_in_area(PG_FUNCTION_ARGS)
{
	int64		code = PG_GETARG_OCOP_CODE(0);
	int64		lo,
				hi;

	area_or_error(PG_GETARG_TEXT_PP(1), &lo, &hi);
	PG_RETURN_BOOL(code >= lo && code <= hi);
}

/*
 * Planner support for ocop_code_in_area(code, 'area'): with a constant area,
 * turn the call into "code >= lo AND code <= hi" on a btree index over the
 * code, exactly (not lossy), like LIKE 'prefix%' on text.
 */
PG_FUNCTION_INFO_V1(ocop_code_in_area_support);
Datum
ocop_code_in_area_support(PG_FUNCTION_ARGS)
{
	Node	   *rawreq = (Node *) PG_GETARG_POINTER(0);

	/*
	 * ocop_code_in_area(column, 'constant area') becomes "column >= lo AND
	 * column <= hi" everywhere, not only on an index: a range is cheaper than
	 * parsing the area for every row, is estimated from the column's
	 * histogram, and postgres_fdw ships it to a shard, whereas it never ships
	 * the call itself (its text argument carries a collation not derived from
	 * a foreign column; see doc/scaling.md).  A bad area is left for
	 * execution to report.
	 */
	if (IsA(rawreq, SupportRequestSimplify))
	{
		FuncExpr   *func = ((SupportRequestSimplify *) rawreq)->fcall;
		Node	   *codearg;
		Const	   *area;
		Oid			codetype,
					opfamily;
		Oid			geop,
					leop;
		int64		lo,
					hi;

		if (list_length(func->args) != 2 || !IsA(linitial(func->args), Var) ||
			!IsA(lsecond(func->args), Const) ||
			((Const *) lsecond(func->args))->constisnull)
			PG_RETURN_POINTER(NULL);
		codearg = linitial(func->args);
		area = (Const *) lsecond(func->args);
		codetype = exprType(codearg);
		opfamily = get_opclass_family(GetDefaultOpClass(codetype, BTREE_AM_OID));
		geop = get_opfamily_member(opfamily, codetype, codetype, BTGreaterEqualStrategyNumber);
		leop = get_opfamily_member(opfamily, codetype, codetype, BTLessEqualStrategyNumber);
		if (!OidIsValid(geop) || !OidIsValid(leop) ||
			!ocop_area_parse(VARDATA_ANY(DatumGetTextPP(area->constvalue)),
							 VARSIZE_ANY_EXHDR(DatumGetTextPP(area->constvalue)),
							 &lo, &hi, NULL))
			PG_RETURN_POINTER(NULL);
		PG_RETURN_POINTER(make_andclause(list_make2(
													make_opclause(geop, BOOLOID, false, (Expr *) codearg,
																  (Expr *) makeConst(codetype, -1, InvalidOid, 8,
																					 Int64GetDatum(lo), false, FLOAT8PASSBYVAL),
																  InvalidOid, InvalidOid),
													make_opclause(leop, BOOLOID, false, (Expr *) copyObject(codearg),
																  (Expr *) makeConst(codetype, -1, InvalidOid, 8,
																					 Int64GetDatum(hi), false, FLOAT8PASSBYVAL),
																  InvalidOid, InvalidOid))));
	}

	if (IsA(rawreq, SupportRequestIndexCondition))
	{
		SupportRequestIndexCondition *req = (SupportRequestIndexCondition *) rawreq;
		FuncExpr   *func;
		Node	   *areanode;
		Oid			codetype;
		Oid			geop,
					leop;
		int64		lo,
					hi;
		Const	   *area;

		if (!is_funcclause(req->node) || req->indexarg != 0)
			PG_RETURN_POINTER(NULL);
		func = (FuncExpr *) req->node;
		if (list_length(func->args) != 2)
			PG_RETURN_POINTER(NULL);
		areanode = lsecond(func->args);
		if (!IsA(areanode, Const) || ((Const *) areanode)->constisnull)
			PG_RETURN_POINTER(NULL);
		area = (Const *) areanode;
		codetype = exprType(linitial(func->args));
		if (req->index->relam != BTREE_AM_OID)
			PG_RETURN_POINTER(NULL);
		geop = get_opfamily_member(req->opfamily, codetype, codetype,
								   BTGreaterEqualStrategyNumber);
		leop = get_opfamily_member(req->opfamily, codetype, codetype,
								   BTLessEqualStrategyNumber);
		if (!OidIsValid(geop) || !OidIsValid(leop))
			PG_RETURN_POINTER(NULL);
		/* A bad area is left for execution to report. */
		if (!ocop_area_parse(VARDATA_ANY(DatumGetTextPP(area->constvalue)),
							 VARSIZE_ANY_EXHDR(DatumGetTextPP(area->constvalue)),
							 &lo, &hi, NULL))
			PG_RETURN_POINTER(NULL);
		req->lossy = false;
		PG_RETURN_POINTER(list_make2(
									 make_opclause(geop, BOOLOID, false,
												   (Expr *) linitial(func->args),
												   (Expr *) makeConst(codetype, -1, InvalidOid, 8,
																	  Int64GetDatum(lo), false, FLOAT8PASSBYVAL),
												   InvalidOid, InvalidOid),
									 make_opclause(leop, BOOLOID, false,
												   (Expr *) linitial(func->args),
												   (Expr *) makeConst(codetype, -1, InvalidOid, 8,
																	  Int64GetDatum(hi), false, FLOAT8PASSBYVAL),
												   InvalidOid, InvalidOid)));
	}
	PG_RETURN_POINTER(NULL);
}
