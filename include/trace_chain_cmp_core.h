/*
 * trace_chain_cmp_core.h -- comparing and hashing trace_chain values (no
 * fmgr, no SQL, no catalog access; built for the server and for frontend programs, as src/common is):
 * equality, the btree order and the head-keyed hash.
 * See doc/trace_chain.md, "Comparing chains".
 *
 * Equality ("identical events in the same order"): two stored chains are
 * equal when they hold the same number of events and, event by event, the
 * same canonical JSON (the bytes the hashes cover) and the same stored hash.
 * On the stored form (trace_chain_core.h) that is: equal lengths and equal
 * bytes from byte 4 on (event count and entries).  Bytes 0-3 (format
 * version, flags, reserved) say nothing about the events and are ignored;
 * trace_view_open refuses any value whose header is not 01 00 00 00, so
 * today every stored chain has the same header and equal chains are also
 * bitwise equal (the btree equalimage support relies on that).
 *
 * Order: event by event in chain order; the first event where two chains
 * differ decides, by its canonical JSON compared as unsigned bytes (when one
 * JSON text is a prefix of the other, the shorter first), then by its stored
 * hash (which only differs for equal JSON when a chain does not verify); when
 * one chain is a prefix of the other, the shorter sorts first (so the empty
 * chain sorts first of all).
 *
 * Hash, keyed by the head H (the stored hash of the last event; 32 zero bytes
 * for the empty chain):
 *   hash(c)            = H[0..3] read as a big-endian signed 32-bit integer
 *   hash_extended(c,0) = H[4..7] . H[0..3] read as a big-endian signed 64-bit
 *                        integer (so its low 32 bits are hash(c))
 *   hash_extended(c,s) = hash_extended of the head D = SHA-256(H || s as 8
 *                        big-endian bytes), for s <> 0
 */
#ifndef OCOP_TRACE_CHAIN_CMP_CORE_H
#define OCOP_TRACE_CHAIN_CMP_CORE_H

#include "trace_chain_core.h"

/* Equality on two stored forms (after the varlena header). */
extern bool trace_stored_equal(const uint8_t *a, size_t alen,
							   const uint8_t *b, size_t blen);

/* The btree order of two opened chains: negative, 0 or positive. */
extern int	trace_view_compare(const TraceView *a, const TraceView *b);

/* The head (hash of the last event), 32 zero bytes for the empty chain. */
extern void trace_view_head(const TraceView *v, uint8_t out[TRACE_HASH_BYTES]);

/* The 32-bit and 64-bit hashes of a head (see above). */
extern uint32_t trace_head_hash32(const uint8_t head[TRACE_HASH_BYTES]);
/* false when the hasher fails (seed <> 0 only) */
extern bool trace_head_hash64(const uint8_t head[TRACE_HASH_BYTES], uint64_t seed,
							  const TraceHasher *hasher, uint64_t *out);

#endif							/* OCOP_TRACE_CHAIN_CMP_CORE_H */
