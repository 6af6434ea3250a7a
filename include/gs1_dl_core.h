/*
 * gs1_dl_core.h -- GS1 Digital Link URIs and GS1 element strings with every
 * Application Identifier of the GS1 Barcode Syntax Dictionary (the generated
 * table of gs1_ai_core.h); no fmgr, no SQL, no catalog access (built for the server and for frontend programs,
 * as src/common is: the extension, the unit tests and the fuzzer).
 *
 * Sources (rules, not code):
 *   GS1 Digital Link Standard: URI Syntax, release 1.2 (2021) and 1.3:
 *     the scheme is http or https, written in lower or upper case
 *     ("HtTp" is refused); the path ends in /{primary key AI}/{value}
 *     followed by the key's qualifiers in the order of the dictionary's
 *     "dlpkey" attribute (e.g. GTIN 01: 22, 10, 21, or 235 alone); data
 *     attributes (AIs with the dictionary's "?" flag) in the query string;
 *     other query parameters (linkType, ...) are not AIs and are kept aside;
 *     "+" in a query value is a space; a fragment is ignored.
 *   GS1 Barcode Syntax Dictionary (data/gs1/): each AI's components
 *     (character set N, X = set 82, Y = set 39, Z = base64url; length) and
 *     checks (csum, yymmd0, ...).
 *   GS1 General Specifications 7.9 (check digits, check character pair),
 *     7.12 (dates: DD = 00 allowed where the format says yymmd0).
 *   Behaviour cross-checked against the unit tests of GS1's own engine
 *     (github.com/gs1/gs1-syntax-engine, src/c-lib/dl.c): a query AI that
 *     would fit the path as a qualifier is refused, as is a duplicate AI, an
 *     unknown numeric parameter, an empty value, an AI that is not a data
 *     attribute; an invalid percent sequence is kept as written.
 */
#ifndef GS1_DL_CORE_H
#define GS1_DL_CORE_H

#include <stdbool.h>
#include <stddef.h>

#include "gs1_ai_core.h"
#include "ocop_error.h"

/* Limits (each refused with OCOP_E_LIMIT, 54000, when exceeded). */
#define GS1_DL_URI_MAX		8192	/* bytes of a URI or element string */
#define GS1_DL_MAX_AIS		64		/* AIs of one URI or element string */
#define GS1_DL_MAX_PARAMS	64		/* non-AI query parameters kept */
#define GS1_AI_VALUE_MAX	90		/* the longest AI value of the dictionary */

/* Parse flags. */
#define GS1_DL_STRICT	0
/*
 * What gs1_digital_link_parse accepted before 0.3.0 and still accepts: a
 * GTIN-8, -12 or -13 for AI 01 (padded to 14 digits, GS1's engine option
 * "permit zero-suppressed GTIN in DL URIs"), the DL 1.0 convenience names
 * gtin, cpv, lot and ser for 01, 22, 10 and 21, and one trailing "/".
 */
#define GS1_DL_LEGACY	1

/* Where an AI came from. */
typedef enum Gs1Role
{
	GS1_ROLE_KEY,				/* the primary key (first path AI) */
	GS1_ROLE_QUALIFIER,			/* a key qualifier (later path AIs) */
	GS1_ROLE_ATTRIBUTE			/* a data attribute (query string), or any
								 * AI of an element string */
} Gs1Role;

typedef struct Gs1Element
{
	const Gs1Ai *def;
	Gs1Role		role;
	size_t		len;
	char		value[GS1_AI_VALUE_MAX + 1];	/* decoded, NUL-terminated */
} Gs1Element;

/* A non-AI query parameter, as written in the URI (not decoded). */
typedef struct Gs1Param
{
	size_t		name_off;		/* offsets into the URI */
	size_t		name_len;
	size_t		value_off;
	size_t		value_len;
	bool		has_value;		/* false for "?singleton" */
} Gs1Param;

typedef struct Gs1Data
{
	int			n;				/* elements: path AIs first, in path order,
								 * then query AIs in query order */
	int			npath;
	Gs1Element	el[GS1_DL_MAX_AIS];
	int			nparams;
	Gs1Param	params[GS1_DL_MAX_PARAMS];
	size_t		base_len;		/* uri[0 .. base_len): scheme, host and
								 * path prefix before the primary key */
} Gs1Data;

/*
 * Check one AI value (len bytes, already percent-decoded) against its
 * dictionary entry: components, character sets, lengths and the checks of
 * GS1_LINT_CHECKED.  On failure err (OCOP_E_SYNTAX, field "ai") has a DETAIL
 * naming the AI and the rule.
 */
extern bool gs1_ai_validate(const Gs1Ai *def, const char *v, size_t len, OcopErr *err);

/*
 * Parse a GS1 Digital Link URI (len bytes, need not be NUL-terminated; never
 * read past len).  flags: GS1_DL_STRICT or GS1_DL_LEGACY.  On success fills
 * *out; on failure err: OCOP_E_SYNTAX (field "uri" or "ai") or OCOP_E_LIMIT.
 */
extern bool gs1_dl_uri_parse(const char *uri, size_t len, int flags, Gs1Data *out,
							 OcopErr *err);

/*
 * Parse a GS1 element string: bracketed "(01)09520123456788(10)ABC" (a
 * literal "(" in a value written "\(") or unbracketed with "^" for FNC1,
 * "^010952012345678810ABC".  Every value is validated; an AI repeated with
 * the same value is kept once, with another value refused.  Roles are all
 * GS1_ROLE_ATTRIBUTE.
 */
extern bool gs1_element_string_parse(const char *s, size_t len, Gs1Data *out,
									 OcopErr *err);

/*
 * Write the element string of d into out (outsize bytes, NUL-terminated,
 * truncated when too small); returns the length the whole string needs.
 * bracketed: "(01)...(10)..."; else GS1's unbracketed form, "^" before the
 * first AI and after every AI without a predefined length that is followed
 * by another AI.
 */
extern size_t gs1_element_string(const Gs1Data *d, bool bracketed, char *out, size_t outsize);

/*
 * Build a GS1 Digital Link URI from the AIs of d (as from
 * gs1_element_string_parse), as GS1's engine does: the primary key is the
 * first AI of d that is a DL primary key; its qualifiers the longest
 * qualifier sequence the data satisfies (ties: the first in text order); the
 * other AIs data attributes in the query, those with a predefined length
 * first, each group in element order.  base (base_len bytes; NULL for
 * "https://id.gs1.org") is kept, a trailing "/" dropped.  Writes the URI
 * and a NUL into out (outsize bytes, at least
 * gs1_dl_uri_build_bound(d, base_len)) and returns its length, or -1 with
 * err set (OCOP_E_SYNTAX: no primary key, an AI that cannot be a data
 * attribute; OCOP_E_VALUE: bad base; OCOP_E_NOMEM: out too small).
 */
extern long gs1_dl_uri_build(const Gs1Data *d, const char *base, size_t base_len,
							 char *out, size_t outsize, OcopErr *err);

/* Room gs1_dl_uri_build needs for d on a base of base_len bytes. */
extern size_t gs1_dl_uri_build_bound(const Gs1Data *d, size_t base_len);

/* The element of AI ai (len bytes) in d, or NULL. */
extern const Gs1Element *gs1_data_find(const Gs1Data *d, const char *ai, size_t len);

/* The name of a role: "primary key", "qualifier", "attribute". */
extern const char *gs1_role_name(Gs1Role role);

#endif							/* GS1_DL_CORE_H */
