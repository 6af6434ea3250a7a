/*
 * json_diff.h -- one differential check of the JSON parser on PostgreSQL's
 * lexer (ocop_json_parse, extension/json_parse_core.c) against the hand-written parser of commit 9d135a5 (json_oracle.h),
 * shared by the property test (test/unit/test_json_diff.c) and the fuzzer
 * (test/fuzz/fuzz_json_diff.c).  Accepted input must give byte-identical
 * canonical JSON; refused input the same SQLSTATE and the same message.
 */
#ifndef OCOP_JSON_DIFF_H
#define OCOP_JSON_DIFF_H

#include "postgres_fe.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "json_core.h"
#include "json_oracle.h"
#include "fe_memory.h"
#include "lib/stringinfo.h"

/* The limit sets every input is parsed with: the project's, and small ones. */
static const OcopJsonLimits json_diff_limits[] = {
	{128 * 1024 * 1024, 21, 8192},	/* trace_chain text: TRACE_MAX_* */
	{1 << 20, 100, 1 << 20},	/* above the hard depth maximum (64) */
	{300, 3, 6},				/* small: every limit within reach */
};

#define JSON_DIFF_NLIMITS (sizeof(json_diff_limits) / sizeof(json_diff_limits[0]))

static const char *
json_diff_sqlstate(OcopErrCode code)
{
	switch (code)
	{
		case OCOP_E_SYNTAX:
		case OCOP_E_CHECK:
		case OCOP_E_HASH:
			return "22P02";
		case OCOP_E_VALUE:
			return "22023";
		case OCOP_E_DATETIME:
			return "22007";
		case OCOP_E_DATETIME_RANGE:
			return "22008";
		case OCOP_E_RANGE:
			return "22003";
		case OCOP_E_LIMIT:
			return "54000";
		case OCOP_E_BINARY:
			return "22P03";
		case OCOP_E_NOMEM:
			return "53200";
		default:
			return "XX000";
	}
}

/* The input, escaped and cut, for a failure report. */
static void
json_diff_show(FILE *f, const char *text, size_t len)
{
	fputc('"', f);
	for (size_t i = 0; i < len && i < 300; i++)
	{
		unsigned char c = (unsigned char) text[i];

		if (c >= 0x20 && c < 0x7f && c != '\\' && c != '"')
			fputc(c, f);
		else
			fprintf(f, "\\x%02x", c);
	}
	fprintf(f, "\"%s (%zu bytes)", len > 300 ? "..." : "", len);
}

/*
 * Compare old and new on one input with one limit set; NULL when they agree,
 * else a static description of the difference (printed to stderr with the
 * input).
 */
static const char *
json_diff_one(const char *text, size_t len, const OcopJsonLimits *lim, const char *label)
{
	JsonOracleResult old;
	OcopErr		err;
	OcopJson   *v;
	const char *diff = NULL;
	static char why[1400];

	json_oracle_parse(text, len, lim->max_input, lim->max_depth, lim->max_string, "$", &old);
	memset(&err, 0, sizeof(err));
	fe_memory_begin();
	v = ocop_json_parse(text, len, lim, "$", &err);
	if (v != NULL)
	{
		StringInfoData buf;

		initStringInfo(&buf);
		ocop_json_write(&buf, v);
		if (!old.accepted)
		{
			snprintf(why, sizeof(why), "old refused (%s %s), new accepted", old.sqlstate, old.detail);
			diff = why;
		}
		else if ((size_t) buf.len != old.canonlen || memcmp(buf.data, old.canon, buf.len) != 0)
		{
			snprintf(why, sizeof(why), "canonical forms differ: old %.400s / new %.400s",
					 old.canon, buf.data);
			diff = why;
		}
	}
	else if (old.accepted)
	{
		snprintf(why, sizeof(why), "old accepted, new refused (%s %s)",
				 json_diff_sqlstate(err.code), err.detail);
		diff = why;
	}
	else if (strcmp(old.sqlstate, json_diff_sqlstate(err.code)) != 0 ||
			 strcmp(old.detail, err.detail) != 0)
	{
		snprintf(why, sizeof(why), "errors differ: old %s %s / new %s %s",
				 old.sqlstate, old.detail, json_diff_sqlstate(err.code), err.detail);
		diff = why;
	}
	fe_memory_end();
	free(old.canon);
	if (diff)
	{
		fprintf(stderr, "json diff [%s, limits %zu/%d/%zu]: %s\n  input: ", label,
				lim->max_input, lim->max_depth, lim->max_string, diff);
		json_diff_show(stderr, text, len);
		fputc('\n', stderr);
	}
	return diff;
}

#endif							/* OCOP_JSON_DIFF_H */
