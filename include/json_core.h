/*
 * json_core.h -- a small, strict, bounded JSON (RFC 8259) parser (on
 * PostgreSQL's JSON lexer, see doc/json.md) and canonical writer
 * (no fmgr, no SQL, no catalog access; built for the server and for frontend programs, as src/common is).
 * Used by trace_chain for
 * its text form, its canonical event encoding and EPCIS exchange; linked by
 * the extension, the unit tests and the libFuzzer harnesses.
 *
 * Strict: exactly RFC 8259 (no comments, no trailing commas, no NaN, no
 * leading zeros, no bare control characters in strings), UTF-8 validated
 * (no overlong forms, no surrogates, nothing above U+10FFFF), "\u0000" is
 * refused (PostgreSQL text cannot hold it), duplicate object keys are
 * refused.  Bounded: nesting depth, input size and string length have
 * limits given by the caller.
 *
 * Objects are returned with their members sorted by the UTF-8 bytes of their
 * keys (which is code point order).  Numbers are returned in the canonical
 * decimal form that PostgreSQL's numeric (and therefore jsonb) prints for
 * them: no exponent, no sign on zero, no leading zeros, and the number of
 * fraction digits max(0, fraction digits - exponent), e.g. 1.50 -> "1.50",
 * 1.5E+3 -> "1500", 1e-3 -> "0.001", -0 -> "0".
 *
 * Memory: everything is palloc'd in CurrentMemoryContext, so an error
 * anywhere leaks nothing once that context is reset or deleted (in the
 * frontend builds, once the test's fe_memory scope ends).  Running out of
 * memory is not a return value: palloc reports it (ERROR in the server, exit
 * in a frontend program, as in src/common).
 */
#ifndef OCOP_JSON_CORE_H
#define OCOP_JSON_CORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "lib/stringinfo.h"
#include "ocop_error.h"

/* The DOM. */
typedef enum OcopJsonKind
{
	OCOP_JSON_NULL,
	OCOP_JSON_FALSE,
	OCOP_JSON_TRUE,
	OCOP_JSON_NUMBER,
	OCOP_JSON_STRING,
	OCOP_JSON_ARRAY,
	OCOP_JSON_OBJECT
} OcopJsonKind;

typedef struct OcopJson OcopJson;

typedef struct OcopJsonMember
{
	const char *key;			/* decoded UTF-8, not NUL-terminated */
	size_t		keylen;
	OcopJson   *value;
} OcopJsonMember;

struct OcopJson
{
	OcopJsonKind kind;
	const char *str;			/* STRING: decoded UTF-8; NUMBER: canonical */
	size_t		len;
	size_t		count;			/* ARRAY items / OBJECT members */
	OcopJson  **items;
	OcopJsonMember *members;	/* sorted by key bytes after parsing */
};

typedef struct OcopJsonLimits
{
	size_t		max_input;		/* bytes of input text */
	int			max_depth;		/* nesting of arrays and objects */
	size_t		max_string;		/* bytes of one decoded string or key */
} OcopJsonLimits;

#define OCOP_JSON_DEPTH_HARD_MAX 64

/*
 * Parse len bytes of text (need not be NUL-terminated; never read past len),
 * on PostgreSQL's JSON lexer (json_parse_core.c; doc/json.md).
 * Returns the root value, or NULL with err set (OCOP_E_SYNTAX with the byte
 * position and JSON path, OCOP_E_LIMIT, OCOP_E_RANGE).
 * path_root is the name printed for the root in paths (e.g. "$").
 */
extern OcopJson *ocop_json_parse(const char *text, size_t len, const OcopJsonLimits *limits,
								 const char *path_root, OcopErr *err);	/* palloc'd in CurrentMemoryContext */

/*
 * Write compact JSON (no white space) with members in their array order and
 * the minimal escaping of the canonical form: \" \\ \b \f \n \r \t, other
 * bytes below 0x20 as \u00xx (lower-case hex), everything else as is.
 */
extern void ocop_json_write(StringInfo buf, const OcopJson *v);
extern void ocop_json_write_string(StringInfo buf, const char *s, size_t len);

/* Member lookup in a (sorted or not) object; NULL when absent. */
extern OcopJson *ocop_json_get(const OcopJson *obj, const char *key);

/* Sort members by key bytes; false when two keys are equal. */
extern bool ocop_json_sort_members(OcopJson *obj);

/*
 * jsonb-style containment: true when a contains b (objects: every member of b
 * is contained in the same member of a; arrays: every item of b is contained
 * in some item of a; scalars: equal, numbers by value).
 */
extern bool ocop_json_contains(const OcopJson *a, const OcopJson *b);

/*
 * The value-comparison form of a canonical number: trailing fraction zeros
 * (and a bare ".") removed, so that 26, 26.0 and 26.00 compare equal.
 * Returns the length of the prefix of str that is kept.
 */
extern size_t ocop_json_number_cmp_len(const char *str, size_t len);

/* The number as a double (for range checks); canonical text in, never fails. */
extern double ocop_json_number_double(const OcopJson *v);

#endif							/* OCOP_JSON_CORE_H */
