/*
 * ocop_scratch_core.h -- a per-iteration scratch memory context for the
 * cores' loops over the events of a chain or document.
 *
 * The cores palloc in CurrentMemoryContext.  A loop that parses one stored
 * event after another (verifying a chain, writing its EPCIS form, testing
 * containment) would keep every event's parse tree until the caller's
 * context is reset; with a scratch it keeps one.  In the server the scratch
 * is a child memory context of CurrentMemoryContext, switched to by
 * ocop_scratch_begin, reset by ocop_scratch_reset and deleted (switching
 * back) by ocop_scratch_end; an ERROR in between frees it with its parent.
 * In the frontend builds (unit tests, fuzzers) there are no memory contexts:
 * the three calls do nothing and the test's fe_memory scope frees it all.
 *
 * Anything that must outlive an iteration is allocated before
 * ocop_scratch_begin (repalloc keeps a block in its own context, so a
 * StringInfo made outside the scratch may grow inside it).
 */
#ifndef OCOP_SCRATCH_CORE_H
#define OCOP_SCRATCH_CORE_H

typedef struct OcopScratch
{
	void	   *cxt;			/* the scratch context (server only) */
	void	   *old;			/* the context current at begin */
} OcopScratch;

extern void ocop_scratch_begin(OcopScratch *s);
extern void ocop_scratch_reset(OcopScratch *s);
extern void ocop_scratch_end(OcopScratch *s);

#endif							/* OCOP_SCRATCH_CORE_H */
