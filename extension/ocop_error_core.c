/*
 * ocop_error_core.c -- the cores' one error description (see ocop_error.h);
 * no fmgr, no SQL, no catalog access; built for the server and for frontend programs, as src/common is.
 */

/* Built twice, as src/common is: see the Makefile, "Pure-C cores". */
#ifdef FRONTEND
#include "postgres_fe.h"
#else
#include "postgres.h"
#endif

#include "ocop_error.h"

#include <stdarg.h>
#include <stdio.h>

static bool set_va(OcopErr *err, OcopErrCode code, const char *field,
				   const char *fmt, va_list ap)
			__attribute__((format(printf, 4, 0)));

static bool
set_va(OcopErr *err, OcopErrCode code, const char *field, const char *fmt,
	   va_list ap)
{
	err->code = code;
	err->field = field;
	err->hint[0] = '\0';
	vsnprintf(err->detail, sizeof(err->detail), fmt, ap);
	return false;
}

bool
ocop_err_set(OcopErr *err, OcopErrCode code, const char *fmt,...)
{
	if (err)
	{
		va_list		ap;

		va_start(ap, fmt);
		set_va(err, code, NULL, fmt, ap);
		va_end(ap);
	}
	return false;
}

bool
ocop_err_set_field(OcopErr *err, OcopErrCode code, const char *field,
				   const char *fmt,...)
{
	if (err)
	{
		va_list		ap;

		va_start(ap, fmt);
		set_va(err, code, field, fmt, ap);
		va_end(ap);
	}
	return false;
}

void
ocop_err_hint(OcopErr *err, const char *fmt,...)
{
	if (err)
	{
		va_list		ap;

		va_start(ap, fmt);
		vsnprintf(err->hint, sizeof(err->hint), fmt, ap);
		va_end(ap);
	}
}
