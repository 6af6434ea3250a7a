/*
 * epcis_hash_core.h -- the GS1 CBV 2.0 (section 8.9) EPCIS event hash ID
 * (no fmgr, no SQL, no catalog access; built for the server and for frontend programs, as src/common is):
 * "ni:///sha-256;<64 hex>?ver=CBV2.0".
 *
 * The pre-hash string and the value normalisation follow GS1's reference
 * implementation (github.com/RalphTro/epcis-event-hash-generator, MIT), read
 * and re-implemented here (no code copied): field order, sorting of repeated
 * values, user extensions and their namespaces, timestamps to UTC with
 * milliseconds, numbers as Python prints them, CBV URNs to web URIs, EPC URIs
 * and GS1 Digital Link URIs to canonical https://id.gs1.org/ form, bare CBV
 * terms expanded as the EPCIS 2.0.0 JSON-LD context does.  Where the
 * reference's result cannot be reproduced exactly from one jsonb event (a
 * timestamp it parses with dateutil's free-form parser, a number spelled with
 * non-ASCII digits, an input that makes the reference itself fail), the
 * functions refuse (OCOP_E_VALUE) rather than return a different hash.  See
 * doc/trace_chain.md, "Event hash IDs".
 *
 * SHA-256 comes from the caller (pg_cryptohash in the server, a reference
 * implementation in the unit tests and fuzzers).
 */
#ifndef OCOP_EPCIS_HASH_CORE_H
#define OCOP_EPCIS_HASH_CORE_H

#include "json_core.h"

#define EPCIS_HASH_ID_PREFIX "ni:///sha-256;"
#define EPCIS_HASH_ID_SUFFIX "?ver=CBV2.0"
#define EPCIS_HASH_ID_LEN (14 + 64 + 11)

/* Input limits of the text entry points (exceeding one is OCOP_E_LIMIT). */
#define EPCIS_HASH_MAX_INPUT (16 * 1024 * 1024)
#define EPCIS_HASH_MAX_DEPTH 32
#define EPCIS_HASH_MAX_STRING (1024 * 1024)
/* Distinct CBV / GS1 vocabulary IRIs in one event, "...List" fields in one element. */
#define EPCIS_HASH_MAX_VOCAB 1024
#define EPCIS_HASH_MAX_LISTS 256

typedef bool (*EpcisSha256Fn) (const uint8_t *data, size_t len, uint8_t out[32],
							   void *arg);

typedef struct EpcisHasher
{
	EpcisSha256Fn fn;
	void	   *arg;
} EpcisHasher;

/*
 * SHA-256(data) by PostgreSQL's cryptohash (common/cryptohash.h), one context
 * per call (arg unused): epcis_sha256_hasher.
 */
extern bool epcis_sha256(const uint8_t *data, size_t len, uint8_t out[32], void *arg);
extern const EpcisHasher epcis_sha256_hasher;

/* One vocabulary term of the EPCIS JSON-LD context (include/epcis_terms_data.h). */
typedef enum EpcisTermGroup
{
	EPCIS_TERMS_bizStep = 1,
	EPCIS_TERMS_disposition,
	EPCIS_TERMS_bizTransactionType,
	EPCIS_TERMS_sourceDestType,
	EPCIS_TERMS_errorReason,
	EPCIS_TERMS_measurementType,
	EPCIS_TERMS_sensorException
} EpcisTermGroup;

typedef struct EpcisTerm
{
	int			group;
	const char *term;
	const char *iri;
} EpcisTerm;

/*
 * The pre-hash string of one event (a parsed JSON object).  context is the
 * "@context" of the event's document (array, object, string) or NULL; its
 * object entries declare the namespaces of user extensions ("ex": "https://..."),
 * as in the reference.  The string is appended to out (not NUL-terminated).
 */
extern bool epcis_prehash(const OcopJson *event, const OcopJson *context,
						  StringInfo out, OcopErr *err);

/* The hash ID of a pre-hash string: out gets EPCIS_HASH_ID_LEN chars and a NUL. */
extern bool epcis_hash_id_of_prehash(const char *prehash, size_t len,
									 const EpcisHasher *h, char *out, OcopErr *err);

/* Parse event (and context, may be NULL) JSON text and compute the hash ID. */
extern bool epcis_hash_id_text(const char *event, size_t len,
							   const char *context, size_t ctxlen,
							   const EpcisHasher *h, char *out, OcopErr *err);

/* Same, returning the pre-hash string in out (NUL-terminated). */
extern bool epcis_prehash_text(const char *event, size_t len,
							   const char *context, size_t ctxlen,
							   StringInfo out, OcopErr *err);

/*
 * The hash ID of a stored trace_chain event (canonical JSON): the hash ID of
 * the event as trace_to_epcis writes it (OCOP fields as "ocop:<field>" in the
 * namespace of TRACE_EPCIS_OCOP_IRI), without the chain's "ocop:hash".
 */
extern bool epcis_stored_event_hash_id(const char *json, size_t len,
									   const EpcisHasher *h, char *out, OcopErr *err);

/* True when s is a CBV 2.0 SHA-256 hash ID (hex in either case). */
extern bool epcis_is_hash_id(const char *s, size_t len);

/*
 * The building blocks, exposed for the unit tests and the fuzzer.  Each
 * returns a palloc'd NUL-terminated string, NULL when the
 * reference gives no result (the normaliser: "not a GS1 identifier") or, with
 * err set, when the value cannot be reproduced exactly.
 */
extern const char *epcis_dl_normalise(const char *s, OcopErr *err);
extern const char *epcis_fix_timestamp(const char *s, OcopErr *err);
extern const char *epcis_format_number(const char *s, OcopErr *err);
extern const char *epcis_canonize_value(const char *s, OcopErr *err);

/*
 * trace_chain and EPCIS documents (the fmgr layer is in trace_chain.c).
 */
#include "trace_chain_core.h"

/*
 * Check every event of an EPCIS document whose eventID is a hash ID against
 * the hash ID of the event (with the document's @context): a mismatch is
 * OCOP_E_HASH naming the event by its index; an event that cannot be hashed
 * exactly is OCOP_E_VALUE.  Other eventIDs (urn:uuid:...) are not looked at.
 */
extern bool epcis_check_event_ids(const char *doc, size_t len, const EpcisHasher *h,
								  OcopErr *err);

/* trace_write_epcis, with each event's hash ID as its eventID and no ocop:hash. */
extern bool trace_write_epcis_hash_ids(StringInfo out, const TraceView *v,
									   const char *creation_date, const EpcisHasher *h,
									   OcopErr *err);

/*
 * Append to out (a builder holding chain) the events of incoming whose hash
 * ID (epcis_stored_event_hash_id) is neither in chain nor earlier in
 * incoming; *added counts them.
 */
extern bool trace_append_new_events(TraceBuilder *out, const TraceView *chain,
									const TraceView *incoming, const EpcisHasher *h,
									uint32_t *added, OcopErr *err);

#endif							/* OCOP_EPCIS_HASH_CORE_H */
