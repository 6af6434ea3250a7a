/*
 * fe_memory.c -- see fe_memory.h.  The live blocks of the current scope are
 * kept in an open-addressing hash set of pointers (linear probing, deletion by
 * backward shift), itself allocated with the real allocator.
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fe_memory.h"

extern void *__real_malloc(size_t size);
extern void *__real_calloc(size_t n, size_t size);
extern void *__real_realloc(void *p, size_t size);
extern void __real_free(void *p);

void	   *__wrap_malloc(size_t size);
void	   *__wrap_calloc(size_t n, size_t size);
void	   *__wrap_realloc(void *p, size_t size);
void		__wrap_free(void *p);
char	   *__wrap_strdup(const char *s);
char	   *__wrap_strndup(const char *s, size_t n);

static bool scope_open = false;
static void **slots = NULL;
static size_t nslots = 0;		/* a power of two, or 0 */
static size_t nlive = 0;

static size_t
slot_of(const void *p)
{
	uintptr_t	h = (uintptr_t) p;

	h ^= h >> 33;
	h *= UINT64_C(0xff51afd7ed558ccd);
	h ^= h >> 33;
	return (size_t) h & (nslots - 1);
}

static void
set_add(void *p)
{
	size_t		i;

	if ((nlive + 1) * 2 > nslots)
	{
		void	  **old = slots;
		size_t		oldn = nslots;

		nslots = nslots ? nslots * 2 : 1024;
		slots = __real_calloc(nslots, sizeof(void *));
		if (!slots)
			abort();
		nlive = 0;
		for (size_t j = 0; j < oldn; j++)
			if (old[j])
				set_add(old[j]);
		__real_free(old);
	}
	for (i = slot_of(p); slots[i]; i = (i + 1) & (nslots - 1))
		if (slots[i] == p)
			return;
	slots[i] = p;
	nlive++;
}

static bool
set_remove(void *p)
{
	size_t		i,
				j;

	if (nslots == 0)
		return false;
	for (i = slot_of(p); slots[i] != p; i = (i + 1) & (nslots - 1))
		if (!slots[i])
			return false;
	slots[i] = NULL;
	nlive--;
	/* Backward-shift the cluster that follows, so that probing stays right. */
	for (j = (i + 1) & (nslots - 1); slots[j]; j = (j + 1) & (nslots - 1))
	{
		size_t		home = slot_of(slots[j]);

		/* It stays when its home lies cyclically in (i, j]; else fill i. */
		bool		stay = (i <= j) ? (i < home && home <= j) : (i < home || home <= j);

		if (!stay)
		{
			slots[i] = slots[j];
			slots[j] = NULL;
			i = j;
		}
	}
	return true;
}

void *
__wrap_malloc(size_t size)
{
	void	   *p = __real_malloc(size);

	if (p && scope_open)
		set_add(p);
	return p;
}

void *
__wrap_calloc(size_t n, size_t size)
{
	void	   *p = __real_calloc(n, size);

	if (p && scope_open)
		set_add(p);
	return p;
}

void *
__wrap_realloc(void *p, size_t size)
{
	bool		tracked = p && scope_open && set_remove(p);
	void	   *q = __real_realloc(p, size);

	if (q && scope_open)
		set_add(q);
	else if (!q && tracked && size != 0)
		set_add(p);				/* realloc failed: p is still live */
	return q;
}

void
__wrap_free(void *p)
{
	if (p && scope_open)
		set_remove(p);
	__real_free(p);
}

char *
__wrap_strdup(const char *s)
{
	size_t		n = strlen(s) + 1;
	char	   *p = __wrap_malloc(n);

	if (p)
		memcpy(p, s, n);
	return p;
}

char *
__wrap_strndup(const char *s, size_t n)
{
	size_t		len = strnlen(s, n);
	char	   *p = __wrap_malloc(len + 1);

	if (p)
	{
		memcpy(p, s, len);
		p[len] = '\0';
	}
	return p;
}

void
fe_memory_begin(void)
{
	if (scope_open)
		abort();				/* scopes do not nest */
	scope_open = true;
}

size_t
fe_memory_end(void)
{
	size_t		freed = nlive;

	if (!scope_open)
		abort();
	scope_open = false;
	for (size_t i = 0; i < nslots; i++)
		if (slots[i])
		{
			__real_free(slots[i]);
			slots[i] = NULL;
		}
	nlive = 0;
	return freed;
}

size_t
fe_memory_live(void)
{
	return nlive;
}
