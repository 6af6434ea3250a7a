/*
 * ocop_code_core.h -- OCOP product codes: parsing, formatting, packing and
 * the Damm check digit; no fmgr, no SQL, no catalog access (built for the server and for frontend programs, as src/common is).
 *
 * Text forms (see README, "ocop_code"):
 *   two-level   OCOP-PP-CCCCC-SS-YYYY-NNNN-C      (after the 1 July 2025 reform)
 *   three-level OCOP-PP-DDD-CCCCC-SS-YYYY-NNNN-C  (before the reform)
 *   legacy      PP-DDD-CCCCC-N-YYYY               (provincial form, e.g. Ben Tre)
 * PP province, DDD district, CCCCC commune: GSO codes of Decision
 * 124/2004/QD-TTg.  SS product set (bo san pham 1-26 of Decision 148/QD-TTg,
 * 0 = unspecified), YYYY year of first recognition, NNNN serial, C the Damm
 * check digit over the digits of PP, DDD (when present), CCCCC, SS, YYYY, NNNN.
 *
 * Packed form (the 8-byte on-disk value, and the value of code::bigint): the
 * decimal number PP DDD CCCCC SS YY NNNN (18 digits at most; DDD = 000 when
 * there is no district, YY = year - 2000).  Numeric order of the packed value
 * is the hierarchical order province, district (absent first), commune,
 * product set, year, serial.  This layout is the wire and hash format: never
 * change it.
 */
#ifndef OCOP_CODE_CORE_H
#define OCOP_CODE_CORE_H

#include <stddef.h>
#include <stdint.h>
#include <stdbool.h>

#include "ocop_error.h"

/* Field ranges. */
#define OCOP_PROVINCE_MIN 1
#define OCOP_PROVINCE_MAX 99
#define OCOP_DISTRICT_MIN 1
#define OCOP_DISTRICT_MAX 999
#define OCOP_COMMUNE_MIN 1
#define OCOP_COMMUNE_MAX 99999
#define OCOP_PRODUCT_SET_MIN 0
#define OCOP_PRODUCT_SET_MAX 26
#define OCOP_YEAR_MIN 2018
#define OCOP_YEAR_MAX 2099
#define OCOP_SERIAL_MIN 1
#define OCOP_SERIAL_MAX 9999

/* Longest canonical text: "OCOP-01-018-00583-21-2023-0007-C" is 32 bytes. */
#define OCOP_CODE_TEXT_MAX 33

/* Multipliers of the decimal packing. */
#define OCOP_PACK_SERIAL      INT64_C(1)
#define OCOP_PACK_YEAR        INT64_C(10000)
#define OCOP_PACK_PRODUCT_SET INT64_C(1000000)
#define OCOP_PACK_COMMUNE     INT64_C(100000000)
#define OCOP_PACK_DISTRICT    INT64_C(10000000000000)
#define OCOP_PACK_PROVINCE    INT64_C(10000000000000000)

typedef struct OcopCode
{
	int			province;		/* 1..99 */
	int			district;		/* 0 = absent (two-level code), else 1..999 */
	int			commune;		/* 1..99999 */
	int			product_set;	/* 0..26 */
	int			year;			/* 2018..2099 */
	int			serial;			/* 1..9999 */
} OcopCode;

/*
 * Errors are an OcopErr (ocop_error.h): class OCOP_E_SYNTAX (not one of the
 * text forms), OCOP_E_RANGE (a field outside its range) or OCOP_E_CHECK
 * (wrong check digit), the field ("province", "district", ... or "format")
 * and a DETAIL sentence.
 */

/* Damm check digit of a string of ASCII digits (others are ignored). */
extern int	ocop_damm_digit(const char *digits, size_t len);

/* The check digit of a code (over its canonical digits). */
extern int	ocop_code_check_digit(const OcopCode *code);

/*
 * Validate every field.  Returns true when valid; else fills err (if given)
 * with class OCOP_E_RANGE and the offending field.
 */
extern bool ocop_code_validate(const OcopCode *code, OcopErr *err);

/* Parse text (len bytes, need not be NUL-terminated).  Never reads past len. */
extern bool ocop_code_parse(const char *str, size_t len, OcopCode *out,
							OcopErr *err);

/* Canonical text; buf must hold OCOP_CODE_TEXT_MAX bytes.  Returns length. */
extern int	ocop_code_format(const OcopCode *code, char *buf);

/*
 * Canonical text straight from a packed value that is known to be valid (a
 * stored value); buf must hold OCOP_CODE_TEXT_MAX bytes.  Returns length.
 */
extern int	ocop_code_format_packed(int64_t packed, char *buf);

/* Packing.  ocop_code_unpack validates like ocop_code_validate. */
extern int64_t ocop_code_pack(const OcopCode *code);
extern bool ocop_code_unpack(int64_t packed, OcopCode *out, OcopErr *err);

/*
 * Areas: "PP", "PP-DDD", "PP-CCCCC" (a current, two-level commune) or
 * "PP-DDD-CCCCC" (a pre-reform commune).  Surrounding white space is ignored.
 * Sets [*lo, *hi] to the inclusive range of packed codes in that area.
 */
extern bool ocop_area_parse(const char *str, size_t len, int64_t *lo,
							int64_t *hi, OcopErr *err);

#endif							/* OCOP_CODE_CORE_H */
