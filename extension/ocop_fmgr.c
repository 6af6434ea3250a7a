/*
 * ocop_fmgr.c -- the one fmgr helper that reports a core's OcopErr, hard
 * (ereport) or soft (errsave, PostgreSQL 16+).  See include/ocop_fmgr.h.
 */
#include "postgres.h"

#include "lib/stringinfo.h"
#if PG_VERSION_NUM >= 160000
#include "nodes/miscnodes.h"
#endif

#include "ocop_fmgr.h"

int
ocop_err_sqlstate(OcopErrCode code)
{
	switch (code)
	{
		case OCOP_E_SYNTAX:
		case OCOP_E_CHECK:
		case OCOP_E_HASH:
			return ERRCODE_INVALID_TEXT_REPRESENTATION;
		case OCOP_E_VALUE:
			return ERRCODE_INVALID_PARAMETER_VALUE;
		case OCOP_E_DATETIME:
			return ERRCODE_INVALID_DATETIME_FORMAT;
		case OCOP_E_DATETIME_RANGE:
			return ERRCODE_DATETIME_VALUE_OUT_OF_RANGE;
		case OCOP_E_RANGE:
			return ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE;
		case OCOP_E_LIMIT:
			return ERRCODE_PROGRAM_LIMIT_EXCEEDED;
		case OCOP_E_BINARY:
			return ERRCODE_INVALID_BINARY_REPRESENTATION;
		case OCOP_E_NOMEM:
			return ERRCODE_OUT_OF_MEMORY;
		case OCOP_E_OK:
		case OCOP_E_INTERNAL:
			break;
	}
	return ERRCODE_INTERNAL_ERROR;
}

bool
ocop_report(Node *escontext, const OcopErr *err, int sqlstate, const char *fmt,...)
{
	StringInfoData msg;

	initStringInfo(&msg);
	for (;;)
	{
		va_list		ap;
		int			needed;

		va_start(ap, fmt);
		needed = appendStringInfoVA(&msg, fmt, ap);
		va_end(ap);
		if (needed == 0)
			break;
		enlargeStringInfo(&msg, needed);
	}
	if (sqlstate == 0)
		sqlstate = ocop_err_sqlstate(err->code);
	/* Running out of memory or a failing library is not bad input. */
	if (err->code == OCOP_E_NOMEM || err->code == OCOP_E_INTERNAL ||
		err->code == OCOP_E_OK)
		escontext = NULL;
#if PG_VERSION_NUM >= 160000
	errsave(escontext,
			(errcode(sqlstate),
			 errmsg("%s", msg.data),
			 errdetail("%s", err->detail),
			 err->hint[0] ? errhint("%s", err->hint) : 0));
#else
	(void) escontext;
	ereport(ERROR,
			(errcode(sqlstate),
			 errmsg("%s", msg.data),
			 errdetail("%s", err->detail),
			 err->hint[0] ? errhint("%s", err->hint) : 0));
#endif
	pfree(msg.data);
	return false;
}
