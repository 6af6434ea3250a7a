/*
 * gs1_core.h -- GTIN check digits and the GTIN Digital Link builder; no fmgr,
 * no SQL, no catalog access (built for the server and for frontend programs, as src/common is: the
 * extension, the unit tests and the fuzzer).
 *
 * Sources:
 *   GS1 General Specifications (release 24.0), 7.9 "Check digit calculation"
 *     (the mod-10 algorithm with weights 3 and 1 from the right), 3 (AI 01
 *     GTIN N14, AI 10 batch/lot X..20, AI 21 serial X..20, AI 17 expiration
 *     date N6 YYMMDD, "DD = 00" meaning the last day of the month), 7.11
 *     Figure 7.11-1 (GS1 AI encodable character set 82).
 *   GS1 Digital Link Standard: URI Syntax (release 1.2) and its ABNF
 *     grammar: the primary key and its key qualifiers as path elements in
 *     the order 22, 10, 21 after /01/{gtin}; data attributes in the query
 *     string; the symbols of set 82 other than - . _ percent-encoded.
 */
#ifndef GS1_CORE_H
#define GS1_CORE_H

#include <stdbool.h>
#include <stddef.h>

#include "ocop_error.h"

/* Longest lot and serial (AI 10 and 21 are X..20). */
#define GS1_LOT_MAX 20
#define GS1_SERIAL_MAX 20

/* Longest resolver base we accept, in bytes (before the /01/ path). */
#define GS1_BASE_MAX 1024

/* Expiry dates: years 2000..2099 (see gs1_dl_build). */
#define GS1_YEAR_MIN 2000
#define GS1_YEAR_MAX 2099

/*
 * Errors are an OcopErr (ocop_error.h): class OCOP_E_SYNTAX (malformed
 * value, 22P02), OCOP_E_CHECK (GTIN check digit wrong, 22P02), OCOP_E_VALUE
 * (bad base URL, 22023), OCOP_E_DATETIME (malformed YYMMDD, 22007),
 * OCOP_E_DATETIME_RANGE (date outside the YYMMDD window, 22008) or
 * OCOP_E_NOMEM (output buffer too small); field "gtin", "lot", "serial",
 * "expiry", "base" or "uri"; a DETAIL sentence.
 */

/*
 * The GS1 mod-10 check digit of the first len ASCII digits (the data digits,
 * without the check digit).  Returns -1 when a byte is not a digit.
 */
extern int	gs1_check_digit(const char *digits, size_t len);

/* true when s (len bytes) is a GTIN-8, -12, -13 or -14 with a valid check digit. */
extern bool gtin_is_valid(const char *s, size_t len);

/*
 * Validate a GTIN and write it zero-padded to 14 digits into out[15]
 * (NUL-terminated).  On failure fills err (OCOP_E_SYNTAX or OCOP_E_CHECK).
 */
extern bool gtin_normalize(const char *s, size_t len, char out[15], OcopErr *err);

/* true when c is in the GS1 AI encodable character set 82. */
extern bool gs1_is_cset82(unsigned char c);

/*
 * Percent-encode len bytes of s for a URI path segment or query value: every
 * byte outside RFC 3986 "unreserved" (A-Z a-z 0-9 - . _ ~) becomes %XX with
 * upper-case hex.  Writes at most outsize - 1 bytes and a NUL; returns the
 * length the full encoding needs (like snprintf), so outsize >= 3 * len + 1
 * always suffices.
 */
extern size_t gs1_percent_encode(const char *s, size_t len, char *out, size_t outsize);

/*
 * Validate a resolver base ("https://id.gs1.org", "https://example.com/dl/"):
 * an absolute http or https URI with a host, at most GS1_BASE_MAX bytes,
 * printable ASCII, no white space, no query or fragment.  A trailing "/" is
 * dropped: *used_len receives the length to use.
 */
extern bool gs1_base_validate(const char *base, size_t len, size_t *used_len, OcopErr *err);

/*
 * Room a built link needs for a base of base_len bytes: /01/ and 14 digits,
 * /10/ and /21/ with up to 20 characters each percent-encoded (3 bytes
 * each), ?17= and 6 digits, and the NUL.
 */
#define GS1_DL_MAX_LEN(base_len) ((base_len) + 18 + 2 * (4 + 3 * 20) + 10 + 1)

/*
 * Build an uncompressed Digital Link into out (outsize bytes, at least
 * GS1_DL_MAX_LEN(base_len); NUL-terminated):
 *   {base}/01/{gtin14}[/10/{lot}][/21/{serial}][?17={YYMMDD}]
 * gtin: GTIN-8/12/13/14 text; lot, serial: NULL for absent, else 1 to 20
 * characters of set 82; expiry: has_expiry with year in 2000..2099 (the
 * sliding century window of GenSpecs 7.12 depends on today's date, which an
 * IMMUTABLE function cannot read; a fixed 2000..2099 window is what every
 * reader agrees on until 2049).  base NULL means "https://id.gs1.org".
 * Returns the length, or -1 with err set.
 */
extern long gs1_dl_build(const char *gtin, size_t gtin_len,
						 const char *lot, size_t lot_len,
						 const char *serial, size_t serial_len,
						 bool has_expiry, int year, int month, int day,
						 const char *base, size_t base_len,
						 char *out, size_t outsize, OcopErr *err);

/*
 * Digital Link URIs are parsed by gs1_dl_uri_parse (gs1_dl_core.h), which
 * knows every AI of the GS1 Barcode Syntax Dictionary.
 */

/* Days in a month of the Gregorian calendar. */
extern int	gs1_days_in_month(int year, int month);

#endif							/* GS1_CORE_H */
