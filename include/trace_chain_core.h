/*
 * trace_chain_core.h -- traceability chains (no fmgr, no SQL, no catalog
 * access; built for the server and for frontend programs, as src/common is): event validation and
 * canonical encoding, the hash chain, the stored and binary forms, the JSON
 * text form, EPCIS 2.0 import/export and the GIN keys.  SHA-256 comes from
 * the caller (trace_sha256_hasher: PostgreSQL's cryptohash, in both builds).
 * See doc/trace_chain.md.
 *
 * Stored form (after the 4-byte varlena header) == binary send/recv form:
 *   byte 0      format version, TRACE_FORMAT_VERSION (1)
 *   byte 1      flags, 0
 *   bytes 2-3   reserved, 0
 *   bytes 4-7   number of events n, unsigned 32-bit big-endian
 *   n entries:  length L (u32 big-endian), hash (32 bytes), L bytes of the
 *               event's canonical JSON
 * hash[i] = SHA-256(hash[i-1] || canonical JSON of event i), hash[-1] = 32
 * zero bytes.  The head is hash[n-1].
 */
#ifndef OCOP_TRACE_CHAIN_CORE_H
#define OCOP_TRACE_CHAIN_CORE_H

#include "json_core.h"

#define TRACE_FORMAT_VERSION 1
#define TRACE_HEADER_BYTES 8
#define TRACE_ENTRY_OVERHEAD 36	/* length + hash */
#define TRACE_HASH_BYTES 32

/* Limits (documented in doc/trace_chain.md; exceeding one is SQLSTATE 54000). */
#define TRACE_MAX_EVENTS 10000			/* events per chain */
#define TRACE_MAX_EVENT_BYTES 65536		/* canonical JSON of one event */
#define TRACE_MAX_STRING_BYTES 8192		/* one JSON string or key */
#define TRACE_MAX_EVENT_DEPTH 20		/* nesting; the event object is level 1 */
#define TRACE_MAX_CHAIN_BYTES (64 * 1024 * 1024)	/* stored bytes */
#define TRACE_MAX_INPUT_BYTES (128 * 1024 * 1024)	/* text or EPCIS input */

/* JSON-LD prefix of the OCOP fields in EPCIS documents (provisional IRI). */
#define TRACE_EPCIS_OCOP_PREFIX "ocop"
#define TRACE_EPCIS_OCOP_IRI "urn:ocop:trace:"
#define TRACE_EPCIS_CONTEXT "https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld"

/* SHA-256(prev || data); returns false on failure. */
typedef bool (*TraceHashFn) (const uint8_t prev[TRACE_HASH_BYTES],
							 const uint8_t *data, size_t len,
							 uint8_t out[TRACE_HASH_BYTES], void *arg);

typedef struct TraceHasher
{
	TraceHashFn fn;
	void	   *arg;
} TraceHasher;

/*
 * The chain's SHA-256, PostgreSQL's cryptohash (common/cryptohash.h, the
 * server's in the module, libpgcommon's in the unit tests and fuzzers).  With
 * arg NULL, a TraceHashFn that makes one context per call
 * (trace_sha256_hasher); with a TraceSha256 begun by trace_sha256_begin, its
 * one context is reused for every event until trace_sha256_end.
 */
extern bool trace_sha256(const uint8_t prev[TRACE_HASH_BYTES], const uint8_t *data,
						 size_t len, uint8_t out[TRACE_HASH_BYTES], void *arg);
extern const TraceHasher trace_sha256_hasher;

typedef struct TraceSha256
{
	TraceHasher h;				/* {trace_sha256, this} */
	struct pg_cryptohash_ctx *ctx;	/* made at the first event */
} TraceSha256;

extern void trace_sha256_begin(TraceSha256 *s);
extern void trace_sha256_end(TraceSha256 *s);

/* A chain being built: the stored form (header + entries) in buf. */
typedef struct TraceBuilder
{
	StringInfoData buf;
	uint32_t	nevents;
	uint8_t		head[TRACE_HASH_BYTES];
	const TraceHasher *hasher;
} TraceBuilder;

/* A read-only view of a stored chain (no copy). */
typedef struct TraceView
{
	const uint8_t *data;		/* stored form: header + entries */
	size_t		len;
	uint32_t	nevents;
} TraceView;

typedef struct TraceEntry
{
	const char *json;			/* canonical JSON, not NUL-terminated */
	uint32_t	len;
	const uint8_t *hash;		/* 32 bytes */
} TraceEntry;

typedef struct TraceIter
{
	const TraceView *view;
	size_t		off;
	uint32_t	index;
} TraceIter;

/* Builder. */
extern void trace_builder_init(TraceBuilder *b, const TraceHasher *hasher);
/* Start from an existing (already validated) chain. */
extern bool trace_builder_copy(TraceBuilder *b, const TraceView *v, OcopErr *err);

/*
 * Validate and normalize one event object (in place, palloc'ing),
 * check its "hash" when given, compute its hash and append it.  path names the
 * event in messages (e.g. "$[2]").  The object's members need not be sorted.
 */
extern bool trace_builder_add(TraceBuilder *b, OcopJson *event, const char *path,
							  OcopErr *err);
extern void trace_builder_free(TraceBuilder *b);

/*
 * Text form: a JSON array of event objects.  Appends every event to b.
 */
extern bool trace_parse_text(TraceBuilder *b, const char *text, size_t len,
							 OcopErr *err);

/* One event given as JSON text (the jsonb form of trace_append). */
extern bool trace_parse_event(TraceBuilder *b, const char *text, size_t len,
							  OcopErr *err);

/*
 * EPCIS 2.0: import the eventList of an EPCISDocument or EPCISQueryDocument
 * (JSON text), in document order.  Not EPCIS -> OCOP_E_VALUE.
 */
extern bool trace_parse_epcis(TraceBuilder *b, const char *text, size_t len,
							  OcopErr *err);

/* Open a stored chain.  With full, validate everything (binary receive):
 * header, bounds, every event's JSON, its canonical form and every hash. */
extern bool trace_view_open(TraceView *v, const uint8_t *data, size_t len,
							bool full, const TraceHasher *hasher, OcopErr *err);

extern void trace_iter_init(TraceIter *it, const TraceView *v);
extern bool trace_iter_next(TraceIter *it, TraceEntry *e);

/* Entry i (0-based), or false. */
extern bool trace_view_entry(const TraceView *v, uint32_t i, TraceEntry *e);

/* Recompute every hash; true when all match the stored ones. */
extern bool trace_view_verify(const TraceView *v, const TraceHasher *hasher);

/* Text output: JSON array with each event's "hash" as hex. */
extern void trace_write_text(StringInfo out, const TraceView *v);

/* One event as a JSON object with its "hash" (trace_origin/trace_last). */
extern void trace_write_event(StringInfo out, const TraceEntry *e);

/* EPCIS 2.0 EPCISDocument; creation_date is an RFC 3339 string. */
extern bool trace_write_epcis(StringInfo out, const TraceView *v,
							  const char *creation_date, OcopErr *err);

/*
 * The one EPCIS writer behind trace_write_epcis and (epcis_hash_core.c)
 * trace_write_epcis_hash_ids.  Without event_id, each event is written with
 * its stored fields (OCOP fields as "ocop:<field>") and its hash as
 * "ocop:hash".  With event_id, the function is called first for each event
 * (index from 1) and must put a NUL-terminated eventID of less than
 * TRACE_EVENT_ID_MAX bytes into id, or set err and return false; the event
 * is written without any stored eventID and with that one last, and no
 * ocop:hash.
 */
#define TRACE_EVENT_ID_MAX 128
typedef bool (*TraceEventIdFn) (const TraceEntry *e, uint32_t index, char *id,
								void *arg, OcopErr *err);
extern bool trace_write_epcis_doc(StringInfo out, const TraceView *v,
								  const char *creation_date,
								  TraceEventIdFn event_id, void *arg, OcopErr *err);

/*
 * RFC 3339 date-time (as EPCIS uses it): YYYY-MM-DDTHH:MM:SS[.frac](Z|+HH:MM|-HH:MM).
 * Sets microseconds since 1970-01-01T00:00:00Z (fraction truncated to
 * microseconds) and the offset in seconds east of UTC.
 */
extern bool trace_parse_datetime(const char *s, size_t len, int64_t *usec_unix,
								 int *offset_sec);
/* "+HH:MM" / "-HH:MM" with |offset| <= 14:00. */
extern bool trace_parse_offset(const char *s, size_t len, int *offset_sec);

/*
 * GIN keys: calls emit(bytes, len) for every key of every event of a chain
 * (extract_chain), or of a query object (extract_query; returns false when
 * the query is not an object).  A chain contains a query only if every query
 * key is among the chain's keys.
 */
typedef void (*TraceKeyFn) (const char *key, size_t len, void *arg);
extern void trace_event_keys(const OcopJson *event, TraceKeyFn emit, void *arg,
							 StringInfo scratch);

/* Parse a stored event (canonical JSON) into a DOM. */
extern OcopJson *trace_entry_parse(const TraceEntry *e, OcopErr *err);

/* Parse a query (JSON text); it must be an object (else OCOP_E_VALUE). */
extern OcopJson *trace_query_parse(const char *text, size_t len, OcopErr *err);

/* Containment: one event of the chain contains all fields of query. */
extern bool trace_contains(const TraceView *v, const OcopJson *query, OcopErr *err);

/* True for the OCOP fields that trace_to_epcis writes as "ocop:<field>". */
extern bool trace_is_ocop_field(const char *key, size_t len);

#endif							/* OCOP_TRACE_CHAIN_CORE_H */
