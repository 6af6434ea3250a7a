/*
 * ocop_postgis_module.c -- the shared library ocop_postgis.so itself: its
 * magic block (PG_MODULE_MAGIC, which the server checks when it loads the
 * library).  The library needs no _PG_init: its caches are set up at their
 * first use (ocop_postgis/src/ocop_admin_pip.c, trace_geo.c).
 */
#include "postgres.h"

#include "fmgr.h"

PG_MODULE_MAGIC;
