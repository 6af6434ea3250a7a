/*
 * json_parse_core.h -- the JSON parser on PostgreSQL's JSON lexer
 * (common/jsonapi.h), with the project's canonical-form rules (see
 * json_core.h and doc/json.md).  Temporary name while the hand-written
 * parser in json_core.c is still in use; it becomes ocop_json_parse.
 *
 * Same contract as ocop_json_parse: len bytes of text (never read past len),
 * limits, the root's name in error paths; returns the root value, palloc'd in
 * CurrentMemoryContext, or NULL with err set (OCOP_E_SYNTAX, OCOP_E_LIMIT,
 * OCOP_E_RANGE) with exactly the messages of the hand-written parser.
 */
#ifndef OCOP_JSON_PARSE_CORE_H
#define OCOP_JSON_PARSE_CORE_H

#include "json_core.h"

extern OcopJson *ocop_json_parse_pg(const char *text, size_t len,
									const OcopJsonLimits *limits,
									const char *path_root, OcopErr *err);

#endif							/* OCOP_JSON_PARSE_CORE_H */
