/*
 * trace_chain_cmp.c -- fmgr layer of trace_chain comparison: = and <>, the
 * btree order (< <= >= >, cmp, sortsupport) and the head-keyed hash
 * (hash, hash_extended).  The logic is in trace_chain_cmp_core.c (no fmgr);
 * definitions in trace_chain_cmp_core.h and doc/trace_chain.md.
 */
#include "postgres.h"
#if PG_VERSION_NUM >= 160000
#include "varatt.h"			/* VARDATA_ANY and friends moved out of postgres.h in 16 */
#endif

#include "access/detoast.h"
#include "fmgr.h"
#include "utils/sortsupport.h"

#include "trace_chain_cmp_core.h"
#include "ocop_fmgr.h"

/* Open a stored chain (trusted: only bounds are checked, as in trace_chain.c). */
static void
open_view(struct varlena *p, TraceView *v)
{
	OcopErr		err;

	if (!trace_view_open(v, (const uint8_t *) VARDATA_ANY(p), VARSIZE_ANY_EXHDR(p),
						 false, NULL, &err))
		ocop_report(NULL, &err, ERRCODE_DATA_CORRUPTED,
					"corrupt trace_chain value");
}

static int
compare_datums(Datum x, Datum y)
{
	struct varlena *a = PG_DETOAST_DATUM_PACKED(x);
	struct varlena *b = PG_DETOAST_DATUM_PACKED(y);
	TraceView	va,
				vb;
	int			c;

	open_view(a, &va);
	open_view(b, &vb);
	c = trace_view_compare(&va, &vb);
	if ((Pointer) a != DatumGetPointer(x))
		pfree(a);
	if ((Pointer) b != DatumGetPointer(y))
		pfree(b);
	return c;
}

/* Equality needs no parsing (and raises no error): see the core header. */
static bool
equal_datums(Datum x, Datum y)
{
	struct varlena *a;
	struct varlena *b;
	bool		eq;

	/* different stored lengths: unequal without detoasting */
	if (toast_raw_datum_size(x) != toast_raw_datum_size(y))
		return false;
	a = PG_DETOAST_DATUM_PACKED(x);
	b = PG_DETOAST_DATUM_PACKED(y);
	eq = trace_stored_equal((const uint8_t *) VARDATA_ANY(a), VARSIZE_ANY_EXHDR(a),
							(const uint8_t *) VARDATA_ANY(b), VARSIZE_ANY_EXHDR(b));
	if ((Pointer) a != DatumGetPointer(x))
		pfree(a);
	if ((Pointer) b != DatumGetPointer(y))
		pfree(b);
	return eq;
}

PG_FUNCTION_INFO_V1(trace_chain_eq);
Datum
trace_chain_eq(PG_FUNCTION_ARGS)
{
	PG_RETURN_BOOL(equal_datums(PG_GETARG_DATUM(0), PG_GETARG_DATUM(1)));
}

PG_FUNCTION_INFO_V1(trace_chain_ne);
Datum
trace_chain_ne(PG_FUNCTION_ARGS)
{
	PG_RETURN_BOOL(!equal_datums(PG_GETARG_DATUM(0), PG_GETARG_DATUM(1)));
}

PG_FUNCTION_INFO_V1(trace_chain_cmp);
Datum
trace_chain_cmp(PG_FUNCTION_ARGS)
{
	PG_RETURN_INT32(compare_datums(PG_GETARG_DATUM(0), PG_GETARG_DATUM(1)));
}

PG_FUNCTION_INFO_V1(trace_chain_lt);
Datum
trace_chain_lt(PG_FUNCTION_ARGS)
{
	PG_RETURN_BOOL(compare_datums(PG_GETARG_DATUM(0), PG_GETARG_DATUM(1)) < 0);
}

PG_FUNCTION_INFO_V1(trace_chain_le);
Datum
trace_chain_le(PG_FUNCTION_ARGS)
{
	PG_RETURN_BOOL(compare_datums(PG_GETARG_DATUM(0), PG_GETARG_DATUM(1)) <= 0);
}

PG_FUNCTION_INFO_V1(trace_chain_ge);
Datum
trace_chain_ge(PG_FUNCTION_ARGS)
{
	PG_RETURN_BOOL(compare_datums(PG_GETARG_DATUM(0), PG_GETARG_DATUM(1)) >= 0);
}

PG_FUNCTION_INFO_V1(trace_chain_gt);
Datum
trace_chain_gt(PG_FUNCTION_ARGS)
{
	PG_RETURN_BOOL(compare_datums(PG_GETARG_DATUM(0), PG_GETARG_DATUM(1)) > 0);
}

static int
trace_chain_fastcmp(Datum x, Datum y, SortSupport ssup)
{
	(void) ssup;
	return compare_datums(x, y);
}

/* No abbreviated keys: chains usually begin with the same JSON bytes. */
PG_FUNCTION_INFO_V1(trace_chain_sortsupport);
Datum
trace_chain_sortsupport(PG_FUNCTION_ARGS)
{
	SortSupport ssup = (SortSupport) PG_GETARG_POINTER(0);

	ssup->comparator = trace_chain_fastcmp;
	PG_RETURN_VOID();
}

/* ------------------------------------------------------------------------
 * Hash, keyed by the head
 */
static void
head_of(Datum d, uint8_t head[TRACE_HASH_BYTES])
{
	struct varlena *p = PG_DETOAST_DATUM_PACKED(d);
	TraceView	v;

	open_view(p, &v);
	trace_view_head(&v, head);
	if ((Pointer) p != DatumGetPointer(d))
		pfree(p);
}

PG_FUNCTION_INFO_V1(trace_chain_hash);
Datum
trace_chain_hash(PG_FUNCTION_ARGS)
{
	uint8_t		head[TRACE_HASH_BYTES];

	head_of(PG_GETARG_DATUM(0), head);
	PG_RETURN_INT32((int32) trace_head_hash32(head));
}

PG_FUNCTION_INFO_V1(trace_chain_hash_extended);
Datum
trace_chain_hash_extended(PG_FUNCTION_ARGS)
{
	uint8_t		head[TRACE_HASH_BYTES];
	const TraceHasher *hasher = &trace_sha256_hasher;
	uint64_t	h;

	head_of(PG_GETARG_DATUM(0), head);
	if (!trace_head_hash64(head, (uint64_t) PG_GETARG_INT64(1), hasher, &h))
		ereport(ERROR,
				(errcode(ERRCODE_INTERNAL_ERROR),
				 errmsg("could not compute SHA-256 for a trace_chain hash")));
	PG_RETURN_INT64((int64) h);
}
