/*
 * fe_memory.h -- a memory context for frontend builds of the cores.
 *
 * In the server the cores allocate with palloc in the caller's memory
 * context, which PostgreSQL resets after every call and on every error.  In
 * the frontend builds (unit tests and libFuzzer harnesses) palloc is
 * fe_memutils' malloc, which has no context.  These two calls give the tests
 * the server's guarantee: between fe_memory_begin() and fe_memory_end() every
 * malloc, calloc, realloc, strdup and strndup made by code linked into the
 * test (the cores, libpgcommon and libpgport, the test itself) is recorded,
 * and fe_memory_end() frees what is still live, as MemoryContextReset would.
 * Blocks freed inside the scope are forgotten; blocks allocated outside it
 * are never touched.
 *
 * It works by link-time wrapping (-Wl,--wrap=malloc and friends, see the
 * Makefile's FE_MEMORY_LDFLAGS), so the cores need no allocator parameter.
 * Not thread-safe; scopes do not nest.
 */
#ifndef OCOP_FE_MEMORY_H
#define OCOP_FE_MEMORY_H

#include <stddef.h>

extern void fe_memory_begin(void);
/* Frees every block allocated in the scope and still live; returns how many. */
extern size_t fe_memory_end(void);
/* Blocks allocated in the current scope and still live. */
extern size_t fe_memory_live(void);

#endif
