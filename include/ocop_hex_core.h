/*
 * ocop_hex_core.h -- hexadecimal digits, the one copy for every core and
 * fmgr layer (chain hashes, EPCIS hash IDs, percent-encoding, JSON \u
 * escapes, the chain head of a product URL).  No fmgr, no SQL, no catalog
 * access; built for the server and for frontend programs, as src/common is.
 */
#ifndef OCOP_HEX_CORE_H
#define OCOP_HEX_CORE_H

#include <stddef.h>
#include <stdint.h>

/* The value of a hexadecimal digit (either case), or -1. */
extern int	ocop_hex_value(int c);

/* n bytes as 2n lower-case digits at out, then a NUL (out holds 2n + 1). */
extern void ocop_hex_encode(const uint8_t *bytes, size_t n, char *out);

#endif							/* OCOP_HEX_CORE_H */
