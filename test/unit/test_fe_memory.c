/*
 * test_fe_memory.c -- the frontend memory context of the tests
 * (test/common/fe_memory.c): what is allocated in a scope and still live is
 * freed at its end, what is freed or reallocated inside is forgotten, what
 * lives outside is never touched, and palloc/StringInfo (libpgcommon's
 * frontend builds) are tracked too.  A random workload is checked against a
 * plain list of the expected live blocks; ASan reports any double free or use
 * after free, LSan any block the scope failed to free.
 */
#include "postgres_fe.h"

#include "lib/stringinfo.h"

#include "fe_memory.h"
#include "unit.h"

#define NBLK 5000

int
main(void)
{
	static void *blk[NBLK];
	size_t		live = 0;
	char	   *outside = malloc(16);
	unsigned	seed = 12345;

	CHECK(outside != NULL, "malloc outside a scope");

	/* 1. A random workload: fe_memory_live() follows the expected count. */
	fe_memory_begin();
	for (int step = 0; step < 200000; step++)
	{
		int			k;

		seed = seed * 1103515245u + 12345u;
		k = (int) ((seed >> 8) % NBLK);
		switch ((seed >> 4) % 4)
		{
			case 0:
				if (!blk[k])
				{
					blk[k] = malloc(1 + (seed >> 20) % 64);
					live++;
				}
				break;
			case 1:
				if (!blk[k])
				{
					blk[k] = calloc(2, 8);
					live++;
				}
				break;
			case 2:
				if (blk[k])
					blk[k] = realloc(blk[k], 1 + (seed >> 18) % 300);
				break;
			default:
				if (blk[k])
				{
					free(blk[k]);
					blk[k] = NULL;
					live--;
				}
				break;
		}
		if (fe_memory_live() != live)
			break;
	}
	CHECK_EQ_INT(fe_memory_live(), live, "live blocks follow malloc/calloc/realloc/free");
	CHECK(live > 0, "the workload leaves blocks live");
	CHECK_EQ_INT(fe_memory_end(), live, "the scope's end frees every live block");
	CHECK_EQ_INT(fe_memory_live(), 0, "nothing live after the end");

	/* 2. palloc, pstrdup and StringInfo from libpgcommon are tracked. */
	fe_memory_begin();
	{
		StringInfoData s;
		char	   *d = pstrdup("Mỗi xã một sản phẩm");

		initStringInfo(&s);
		for (int i = 0; i < 1000; i++)
			appendStringInfo(&s, "%d,", i);	/* grows by repalloc */
		CHECK(s.len > 3000, "the StringInfo grew");
		CHECK_EQ_STR(d, "Mỗi xã một sản phẩm", "pstrdup copies");
		CHECK_EQ_INT(fe_memory_live(), 2, "the StringInfo and the copy are live");
		(void) palloc(10);
	}
	CHECK_EQ_INT(fe_memory_end(), 3, "palloc'd blocks are freed at the end");

	/* 3. A block from outside the scope is freed inside: untouched count. */
	fe_memory_begin();
	free(outside);
	CHECK_EQ_INT(fe_memory_live(), 0, "freeing an outside block changes nothing");
	CHECK_EQ_INT(fe_memory_end(), 0, "an empty scope frees nothing");

	return UNIT_DONE();
}
