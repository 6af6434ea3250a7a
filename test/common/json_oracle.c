/*
 * json_oracle.c -- the adapter of the old JSON parser (json_oracle.h).  It is
 * compiled against the headers of commit 9d135a5, extracted beside the old
 * sources by json_oracle.sh; nothing here may include a current core header.
 */
#include "postgres_fe.h"

#include <stdlib.h>
#include <string.h>

#include "json_core.h"			/* the old one: json_oracle.sh puts it first */
#include "json_oracle.h"

static const char *
oracle_sqlstate(OcopErrCode code)
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

void
json_oracle_parse(const char *text, size_t len, size_t max_input, int max_depth,
				  size_t max_string, const char *path_root, JsonOracleResult *res)
{
	OcopArena	arena;
	OcopErr		err;
	OcopJson   *v;
	OcopJsonLimits lim;

	memset(res, 0, sizeof(*res));
	memset(&err, 0, sizeof(err));
	lim.max_input = max_input;
	lim.max_depth = max_depth;
	lim.max_string = max_string;
	ocop_arena_init(&arena, &ocop_alloc_malloc);
	v = ocop_json_parse(text, len, &lim, &arena, path_root, &err);
	if (v == NULL)
	{
		res->accepted = 0;
		memcpy(res->sqlstate, oracle_sqlstate(err.code), 6);
		strncpy(res->detail, err.detail, sizeof(res->detail) - 1);
	}
	else
	{
		OcopBuf		buf;

		ocop_buf_init(&buf, &ocop_alloc_malloc);
		ocop_json_write(&buf, v);
		if (buf.oom)
			abort();
		res->accepted = 1;
		res->canonlen = buf.len;
		res->canon = malloc(buf.len + 1);
		if (res->canon == NULL)
			abort();
		memcpy(res->canon, buf.data ? buf.data : "", buf.len);
		res->canon[buf.len] = '\0';
		ocop_buf_free(&buf);
	}
	ocop_arena_free(&arena);
}
