/*
 * ocop_fmgr.h -- helpers shared by the fmgr layers of the ocop types.
 *
 * OCOP_DEFINE_SCALAR_COMPARISONS(prefix, CTYPE, GETARG) defines, for a
 * pass-by-value type whose order is the order of a C integer:
 *   prefix_cmp, prefix_lt, prefix_le, prefix_eq, prefix_ne, prefix_ge,
 *   prefix_gt, prefix_smaller, prefix_larger and prefix_sortsupport.
 * For pass-by-value integer types abbreviated keys are pointless: a plain
 * sortsupport comparator is enough (see docs/CONVENTIONS.md, h3-pg).
 */
#ifndef OCOP_FMGR_H
#define OCOP_FMGR_H

#include "postgres.h"
#include "fmgr.h"
#include "utils/sortsupport.h"

/*
 * From PostgreSQL 15 the sort code has specialised (inlined) paths for the
 * built-in comparators of signed integer datums; using them makes sorting an
 * integer-backed type as fast as sorting the integer itself.  Before 15, a
 * plain comparator.
 */
#if PG_VERSION_NUM >= 150000 && SIZEOF_DATUM >= 8
#define OCOP_SSUP_COMPARATOR(CTYPE, fallback) \
	(sizeof(CTYPE) == 8 ? ssup_datum_signed_cmp : \
	 sizeof(CTYPE) <= 4 ? ssup_datum_int32_cmp : (fallback))
#else
#define OCOP_SSUP_COMPARATOR(CTYPE, fallback) (fallback)
#endif

#define OCOP_CMP3(a, b) ((a) < (b) ? -1 : ((a) > (b) ? 1 : 0))

#define OCOP_DEFINE_SCALAR_COMPARISONS(prefix, CTYPE, GETARG, FROMDATUM) \
PG_FUNCTION_INFO_V1(prefix##_cmp); \
Datum prefix##_cmp(PG_FUNCTION_ARGS) \
{ CTYPE a = GETARG(0), b = GETARG(1); PG_RETURN_INT32(OCOP_CMP3(a, b)); } \
PG_FUNCTION_INFO_V1(prefix##_lt); \
Datum prefix##_lt(PG_FUNCTION_ARGS) { PG_RETURN_BOOL(GETARG(0) < GETARG(1)); } \
PG_FUNCTION_INFO_V1(prefix##_le); \
Datum prefix##_le(PG_FUNCTION_ARGS) { PG_RETURN_BOOL(GETARG(0) <= GETARG(1)); } \
PG_FUNCTION_INFO_V1(prefix##_eq); \
Datum prefix##_eq(PG_FUNCTION_ARGS) { PG_RETURN_BOOL(GETARG(0) == GETARG(1)); } \
PG_FUNCTION_INFO_V1(prefix##_ne); \
Datum prefix##_ne(PG_FUNCTION_ARGS) { PG_RETURN_BOOL(GETARG(0) != GETARG(1)); } \
PG_FUNCTION_INFO_V1(prefix##_ge); \
Datum prefix##_ge(PG_FUNCTION_ARGS) { PG_RETURN_BOOL(GETARG(0) >= GETARG(1)); } \
PG_FUNCTION_INFO_V1(prefix##_gt); \
Datum prefix##_gt(PG_FUNCTION_ARGS) { PG_RETURN_BOOL(GETARG(0) > GETARG(1)); } \
PG_FUNCTION_INFO_V1(prefix##_smaller); \
Datum prefix##_smaller(PG_FUNCTION_ARGS) \
{ CTYPE a = GETARG(0), b = GETARG(1); PG_RETURN_DATUM(a <= b ? PG_GETARG_DATUM(0) : PG_GETARG_DATUM(1)); } \
PG_FUNCTION_INFO_V1(prefix##_larger); \
Datum prefix##_larger(PG_FUNCTION_ARGS) \
{ CTYPE a = GETARG(0), b = GETARG(1); PG_RETURN_DATUM(a >= b ? PG_GETARG_DATUM(0) : PG_GETARG_DATUM(1)); } \
static int pg_attribute_unused() \
prefix##_fastcmp(Datum x, Datum y, SortSupport ssup) \
{ CTYPE a = FROMDATUM(x), b = FROMDATUM(y); (void) ssup; return OCOP_CMP3(a, b); } \
PG_FUNCTION_INFO_V1(prefix##_sortsupport); \
Datum prefix##_sortsupport(PG_FUNCTION_ARGS) \
{ \
	SortSupport ssup = (SortSupport) PG_GETARG_POINTER(0); \
	ssup->comparator = OCOP_SSUP_COMPARATOR(CTYPE, prefix##_fastcmp); \
	PG_RETURN_VOID(); \
}

#endif							/* OCOP_FMGR_H */
