/*
 * ocop_scratch_core.c -- per-iteration scratch memory; see ocop_scratch_core.h.
 */

/* Built twice, as src/common is: see the Makefile, "Pure-C cores". */
#ifdef FRONTEND
#include "postgres_fe.h"
#else
#include "postgres.h"
#include "utils/memutils.h"
#endif

#include "ocop_scratch_core.h"

void
ocop_scratch_begin(OcopScratch *s)
{
#ifdef FRONTEND
	s->cxt = s->old = NULL;
#else
	MemoryContext cxt = AllocSetContextCreate(CurrentMemoryContext, "ocop core scratch",
											  ALLOCSET_DEFAULT_SIZES);

	s->cxt = cxt;
	s->old = MemoryContextSwitchTo(cxt);
#endif
}

void
ocop_scratch_reset(OcopScratch *s)
{
#ifdef FRONTEND
	(void) s;
#else
	MemoryContextReset((MemoryContext) s->cxt);
#endif
}

void
ocop_scratch_end(OcopScratch *s)
{
#ifdef FRONTEND
	(void) s;
#else
	MemoryContextSwitchTo((MemoryContext) s->old);
	MemoryContextDelete((MemoryContext) s->cxt);
#endif
}
