/*
 * ocop_module.c -- the shared library ocop.so itself: its magic block
 * (PG_MODULE_MAGIC, which the server checks when it loads the library) and
 * _PG_init, which the server calls once per backend when it does.
 *
 * _PG_init defines the module's settings, each in the feature that uses it
 * (the initialisers are declared in ocop_fmgr.h), then reserves the "ocop."
 * prefix so that a misspelt ocop.* setting is an error, not a silent
 * placeholder.
 */
#include "postgres.h"

#include "fmgr.h"
#include "utils/guc.h"

#include "ocop_fmgr.h"

PG_MODULE_MAGIC;

void		_PG_init(void);

void
_PG_init(void)
{
	ocop_qr_init();
	MarkGUCPrefixReserved("ocop");
}
