/*
 * fuzz_json_diff.c -- libFuzzer harness: the JSON parser on PostgreSQL's
 * lexer (extension/json_parse_core.c) against the hand-written parser of
 * commit 9d135a5 (test/common/json_oracle.h, built from the clone's
 * history).  Each input is parsed by both with every limit set of
 * json_diff.h; abort when the canonical forms of an accepted input, or the
 * SQLSTATE or message of a refused one, differ.  Seeds: the JSON harnesses'
 * corpora (test/fuzz/corpus/fuzz_json_diff/).
 */
#include <stdint.h>

#include "json_diff.h"

int			LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	for (size_t i = 0; i < JSON_DIFF_NLIMITS; i++)
		if (json_diff_one((const char *) data, size, &json_diff_limits[i], "fuzz") != NULL)
			abort();
	return 0;
}
