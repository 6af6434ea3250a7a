/*
 * ocop_error.h -- the one error description of the cores (no fmgr, no SQL,
 * no catalog access; built for the server and for frontend programs, as src/common is): what class of error, which field, a DETAIL sentence and an
 * optional HINT sentence.  The fmgr layers turn it into an ereport, or, for
 * the text input functions on PostgreSQL 16+, into a soft error
 * (include/ocop_fmgr.h, ocop_report), with the message naming the type and
 * the value; the cores never see a message, because the same core error is
 * reported under different messages ("invalid input syntax for type
 * ocop_code", "bigint ... is not a valid ocop_code value", ...).
 */
#ifndef OCOP_ERROR_H
#define OCOP_ERROR_H

#include <stdbool.h>

/*
 * Error classes, each with its SQLSTATE (the fmgr layer may report another
 * one where the context demands it, e.g. text input of ocop_code is always
 * 22P02, a field out of range included).
 */
typedef enum OcopErrCode
{
	OCOP_E_OK = 0,
	OCOP_E_SYNTAX,				/* 22P02 malformed text */
	OCOP_E_CHECK,				/* 22P02 a check digit does not match */
	OCOP_E_HASH,				/* 22P02 a given hash does not match */
	OCOP_E_VALUE,				/* 22023 wrong type or value of a field or parameter */
	OCOP_E_DATETIME,			/* 22007 bad date, timestamp or offset */
	OCOP_E_DATETIME_RANGE,		/* 22008 a date outside the supported window */
	OCOP_E_RANGE,				/* 22003 number out of range */
	OCOP_E_LIMIT,				/* 54000 a documented limit exceeded */
	OCOP_E_BINARY,				/* 22P03 malformed binary value */
	OCOP_E_NOMEM,				/* 53200 an allocation failed */
	OCOP_E_INTERNAL				/* XX000 a library failed otherwise */
} OcopErrCode;

typedef struct OcopErr
{
	OcopErrCode code;
	const char *field;			/* a static name ("province", "gtin", ...) or NULL */
	char		detail[512];	/* a full sentence for errdetail() */
	char		hint[256];		/* a sentence for errhint(), or "" */
} OcopErr;

/*
 * Fill err (when given: every core accepts err == NULL) with the class, no
 * field, the DETAIL from fmt and no hint; return false, so that a core can
 * "return ocop_err_set(...)".
 */
extern bool ocop_err_set(OcopErr *err, OcopErrCode code, const char *fmt,...)
			__attribute__((format(printf, 3, 4)));

/* The same, naming the field. */
extern bool ocop_err_set_field(OcopErr *err, OcopErrCode code, const char *field,
							   const char *fmt,...)
			__attribute__((format(printf, 4, 5)));

/* Set the HINT of an error already set (when err is given). */
extern void ocop_err_hint(OcopErr *err, const char *fmt,...)
			__attribute__((format(printf, 2, 3)));

#endif							/* OCOP_ERROR_H */
