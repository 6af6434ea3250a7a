/*
 * ocop_star_core.h -- OCOP star tiers (1 to 5 stars): parsing and labels; no
 * fmgr, no SQL, no catalog access (built for the server and for frontend programs, as src/common is).
 *
 * Text input (see doc/ocop_star.md), surrounding ASCII white space ignored,
 * letters case-insensitive, the text in UTF-8:
 *   4   4*   4★   4-star   4 star   4 stars   4star   4 sao   4sao   4-sao
 *   ★★★★   ★★★★☆  (black stars, optionally padded with white stars to five)
 * Canonical output: "4-star".  Labels: en "4-star", vi "4 sao",
 * stars "★★★★☆".
 *
 * The stored value is the tier itself, 1..5, in one byte; the binary wire
 * form is that byte, and the hash is hashint4(tier).  Never change them.
 */
#ifndef OCOP_STAR_CORE_H
#define OCOP_STAR_CORE_H

#include <stddef.h>
#include <stdbool.h>

#include "ocop_error.h"

#define OCOP_STAR_MIN 1
#define OCOP_STAR_MAX 5

/* Longest label: five 3-byte stars, "★★★★★", plus the NUL. */
#define OCOP_STAR_TEXT_MAX 16

/*
 * Errors are an OcopErr (ocop_error.h): class OCOP_E_SYNTAX (not one of the
 * text forms) or OCOP_E_RANGE (a well-formed tier outside 1..5), field
 * "tier", and a DETAIL sentence in UTF-8.
 */

typedef enum OcopStarLabelStyle
{
	OCOP_STAR_LABEL_EN = 0,		/* "4-star" (the type's output) */
	OCOP_STAR_LABEL_VI,			/* "4 sao" */
	OCOP_STAR_LABEL_STARS		/* "★★★★☆" */
} OcopStarLabelStyle;

/* True when v is a tier, 1..5. */
extern bool ocop_star_is_valid(int v);

/*
 * Parse UTF-8 text (len bytes, need not be NUL-terminated; never reads past
 * len).  On success stores the tier in *out (when given) and returns true;
 * else fills err (when given) and returns false.
 */
extern bool ocop_star_parse(const char *str, size_t len, int *out,
							OcopErr *err);

/*
 * "en", "vi" or "stars" (exact, lower case) to a style.  Returns false for
 * anything else.
 */
extern bool ocop_star_label_style_parse(const char *str, size_t len,
										OcopStarLabelStyle *out);

/*
 * The label of tier v in UTF-8; buf must hold OCOP_STAR_TEXT_MAX bytes.
 * Returns the length, or -1 (and an empty buf) when v is not a tier.
 */
extern int	ocop_star_label(int v, OcopStarLabelStyle style, char *buf);

/* The canonical text, "4-star": ocop_star_label(v, OCOP_STAR_LABEL_EN, buf). */
extern int	ocop_star_format(int v, char *buf);

#endif							/* OCOP_STAR_CORE_H */
