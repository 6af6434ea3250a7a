/*
 * unit.h -- a tiny test harness for the pure-C cores (no server needed).
 *   CHECK(cond, "what")           one assertion
 *   CHECK_EQ_INT(a, b, "what")    integer equality, printing both sides
 *   CHECK_EQ_STR(a, b, "what")    string equality, printing both sides
 *   UNIT_RUN(test_fn);            runs test_fn() in a memory scope of the
 *                                 tests' memory context (fe_memory.h): what
 *                                 the cores palloc'd is freed at its end
 *   return UNIT_DONE();           prints "NAME: N passed, M failed"; exit
 *                                 status 1 when a check failed or none was made
 */
#ifndef OCOP_UNIT_H
#define OCOP_UNIT_H

#include <stdio.h>
#include <string.h>

#include "fe_memory.h"

static int	unit_passed = 0;
static int	unit_failed = 0;

#define CHECK(cond, what) do { \
	if (cond) unit_passed++; \
	else { unit_failed++; fprintf(stderr, "%s:%d: FAILED: %s\n", __FILE__, __LINE__, (what)); } \
} while (0)

#define CHECK_EQ_INT(a, b, what) do { \
	long long unit_a_ = (long long) (a), unit_b_ = (long long) (b); \
	if (unit_a_ == unit_b_) unit_passed++; \
	else { unit_failed++; fprintf(stderr, "%s:%d: FAILED: %s: %lld != %lld\n", \
								  __FILE__, __LINE__, (what), unit_a_, unit_b_); } \
} while (0)

#define CHECK_EQ_STR(a, b, what) do { \
	const char *unit_a_ = (a), *unit_b_ = (b); \
	if (unit_a_ && unit_b_ && strcmp(unit_a_, unit_b_) == 0) unit_passed++; \
	else { unit_failed++; fprintf(stderr, "%s:%d: FAILED: %s: \"%s\" != \"%s\"\n", \
								  __FILE__, __LINE__, (what), unit_a_ ? unit_a_ : "(null)", \
								  unit_b_ ? unit_b_ : "(null)"); } \
} while (0)

#define UNIT_RUN(fn) do { fe_memory_begin(); fn(); fe_memory_end(); } while (0)

/* A test that made no check at all fails: it cannot have tested anything. */
#define UNIT_DONE() \
	(printf("%s: %d passed, %d failed\n", __FILE__, unit_passed, unit_failed), \
	 (unit_passed + unit_failed == 0 \
	  ? (fprintf(stderr, "%s: FAILED: no check was made\n", __FILE__), 1) \
	  : unit_failed == 0 ? 0 : 1))

#endif
