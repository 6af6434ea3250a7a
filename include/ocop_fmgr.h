/*
 * ocop_fmgr.h -- helpers shared by the fmgr layers of the ocop types.
 *
 * OCOP_DEFINE_SCALAR_COMPARISONS(prefix, CTYPE, GETARG) defines, for a
 * pass-by-value type whose order is the order of a C integer:
 *   prefix_cmp, prefix_lt, prefix_le, prefix_eq, prefix_ne, prefix_ge,
 *   prefix_gt, prefix_smaller, prefix_larger and prefix_sortsupport.
 * For pass-by-value integer types abbreviated keys are pointless (the
 * Datum already is the whole key, so an abbreviation would cost a
 * conversion and save no comparison): a plain sortsupport comparator is
 * enough.
 *
 * ocop_report() turns a core's OcopErr (ocop_error.h) into an error, hard or
 * soft (see below); extension/ocop_fmgr.c.
 *
 * The module itself (PG_MODULE_MAGIC, _PG_init) is extension/ocop_module.c;
 * a feature with settings to define gives it an initialiser, declared at the
 * end of this file.
 */
#ifndef OCOP_FMGR_H
#define OCOP_FMGR_H

#include "postgres.h"
#include "fmgr.h"
#include "nodes/nodes.h"
#include "utils/sortsupport.h"

#include "ocop_error.h"

/*
 * The soft-error context of a type input function: on PostgreSQL 16+ the
 * ErrorSaveContext that pg_input_is_valid, pg_input_error_info and COPY ...
 * ON_ERROR pass in fcinfo->context (or whatever else is there, which
 * errsave treats as "raise"); on 15, which has no soft errors, NULL.
 */
#if PG_VERSION_NUM >= 160000
#define OCOP_ESCONTEXT(fcinfo)	((fcinfo)->context)
#else
#define OCOP_ESCONTEXT(fcinfo)	((Node *) NULL)
#endif

/* The SQLSTATE of an error class (OCOP_E_SYNTAX -> 22P02, ...). */
extern int	ocop_err_sqlstate(OcopErrCode code);

/*
 * Report err with the message printf(fmt, ...), err's DETAIL and HINT (when
 * it has one) and SQLSTATE sqlstate, or the class's when sqlstate is 0.
 * escontext NULL (and always on PostgreSQL 15): raised, like ereport(ERROR).
 * escontext a soft-error context (OCOP_ESCONTEXT(fcinfo) in a type input
 * function): saved there with exactly the same fields, and false returned;
 * the caller releases what it holds outside memory contexts and returns.
 * Out-of-memory and internal errors are always raised.
 */
extern bool ocop_report(Node *escontext, const OcopErr *err, int sqlstate,
						const char *fmt,...) pg_attribute_printf(4, 5);

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

/*
 * Initialisers _PG_init (extension/ocop_module.c) calls once, when the
 * module is loaded.
 */
extern void ocop_qr_init(void);	/* ocop.resolver_base_url (ocop_qr.c) */

#endif							/* OCOP_FMGR_H */
