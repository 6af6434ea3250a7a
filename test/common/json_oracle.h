/*
 * json_oracle.h -- the hand-written JSON parser and writer of commit 9d135a5
 * (extension/json_core.c before PostgreSQL's lexer replaced it), built from
 * the clone's history by test/common/json_oracle.sh into one object whose
 * only global symbol is json_oracle_parse, so that it links beside the
 * current cores.  The property test (test/unit/test_json_diff.c) and the
 * differential fuzzer (test/fuzz/fuzz_json_diff.c) compare the new parser
 * with it.  Plain C types only: the old headers stay inside the object.
 */
#ifndef OCOP_JSON_ORACLE_H
#define OCOP_JSON_ORACLE_H

#include <stddef.h>

typedef struct JsonOracleResult
{
	int			accepted;		/* 1: parsed; 0: refused */
	char		sqlstate[6];	/* refused: the SQLSTATE of the error code */
	char		detail[512];	/* refused: the message */
	char	   *canon;			/* accepted: the canonical form (malloc'd) */
	size_t		canonlen;
} JsonOracleResult;

/* Parse with the old parser; free(res->canon) afterwards. */
extern void json_oracle_parse(const char *text, size_t len, size_t max_input,
							  int max_depth, size_t max_string,
							  const char *path_root, JsonOracleResult *res);

#endif							/* OCOP_JSON_ORACLE_H */
