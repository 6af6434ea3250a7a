/*
 * trace_chain.c -- fmgr layer of the trace_chain type.  Validation, the
 * canonical encoding, the stored form, EPCIS mapping and GIN keys live in
 * trace_chain_core.c (with the SHA-256, on PostgreSQL's cryptohash); this
 * file gives each call its working memory context and turns results into
 * Datums and ereports.
 */
#include "postgres.h"

#include <math.h>

#include "access/gin.h"
#include "access/htup_details.h"
#include "catalog/pg_type.h"
#include "commands/trigger.h"
#include "common/hashfn.h"
#include "executor/spi.h"
#include "fmgr.h"
#include "funcapi.h"
#include "libpq/pqformat.h"
#include "utils/builtins.h"
#include "utils/datetime.h"
#include "utils/float.h"
#include "utils/fmgrprotos.h"
#include "mb/pg_wchar.h"
#include "utils/jsonb.h"
#include "utils/lsyscache.h"
#include "utils/numeric.h"
#include "utils/memutils.h"
#include "utils/syscache.h"
#include "utils/timestamp.h"

#include "trace_chain_core.h"
#include "epcis_hash_core.h"
#include "ocop_fmgr.h"

/* ------------------------------------------------------------------------
 * Glue: working memory, hasher, errors, Datums
 */

/*
 * A call's working memory: the cores palloc their parse trees and buffers in
 * CurrentMemoryContext, so a call that parses (a document, an event, a
 * query) does it in a child context of the caller's, deleted when the result
 * has been copied out.  A long loop (trace_append in a plpgsql loop, the
 * import of a big EPCIS document) so keeps no more than one call's results.
 * An ERROR needs no cleanup: the caller's context is reset, and the child
 * with it.  A soft error is saved in the caller's context (work_end first).
 */
typedef struct Work
{
	MemoryContext cxt;
	MemoryContext old;
} Work;

static void
work_begin(Work *w)
{
	w->cxt = AllocSetContextCreate(CurrentMemoryContext, "trace_chain work",
								   ALLOCSET_DEFAULT_SIZES);
	w->old = MemoryContextSwitchTo(w->cxt);
}

static void
work_end(Work *w)
{
	MemoryContextSwitchTo(w->old);
	MemoryContextDelete(w->cxt);
}

/* Input text shown in messages: at most 60 bytes, cut on a UTF-8 boundary. */
static char *
shorten(const char *s)
{
	size_t		n = strlen(s);

	if (n <= 60)
		return pstrdup(s);
	n = 60;
	while (n > 0 && ((unsigned char) s[n] & 0xC0) == 0x80)
		n--;
	return psprintf("%.*s...", (int) n, s);
}

/* Bad text input: raised, or saved in escontext (see ocop_report). */
static bool
report_input(Node *escontext, const OcopErr *err, const char *input)
{
	return ocop_report(escontext, err, 0,
					   "invalid input syntax for type %s: \"%s\"", "trace_chain", shorten(input));
}

static void
raise_msg(const OcopErr *err, const char *msg)
{
	ocop_report(NULL, err, 0, "%s", msg);
}

/*
 * An event trace_append refused: the message names the type and quotes the
 * event (shortened), the DETAIL names the field or the limit.
 */
static void
raise_event(const OcopErr *err, const char *event, size_t len)
{
	char	   *shown = shorten(pnstrdup(event, len));

	if (err->code == OCOP_E_LIMIT)
		ocop_report(NULL, err, 0, "trace_chain limit exceeded by event: \"%s\"", shown);
	ocop_report(NULL, err, 0, "invalid event for trace_chain: \"%s\"", shown);
}

/* Builder result -> varlena, in the caller's context; ends the work. */
static bytea *
builder_to_datum(Work *w, TraceBuilder *b)
{
	bytea	   *res = MemoryContextAlloc(w->old, VARHDRSZ + b->buf.len);

	SET_VARSIZE(res, VARHDRSZ + b->buf.len);
	memcpy(VARDATA(res), b->buf.data, b->buf.len);
	work_end(w);
	return res;
}

/* Open a stored chain (trusted: only bounds are checked). */
static void
open_stored(Datum d, TraceView *v)
{
	struct varlena *p = PG_DETOAST_DATUM(d);
	OcopErr		err;

	if (!trace_view_open(v, (const uint8_t *) VARDATA(p), VARSIZE(p) - VARHDRSZ,
						 false, NULL, &err))
		ocop_report(NULL, &err, ERRCODE_DATA_CORRUPTED,
					"corrupt trace_chain value");
}

#define PG_GETARG_TRACE_VIEW(n, v) open_stored(PG_GETARG_DATUM(n), (v))

static char *
jsonb_to_cstring(Jsonb *jb)
{
	return JsonbToCString(NULL, &jb->root, VARSIZE(jb));
}

static Datum
cstring_to_jsonb(const char *s)
{
	return DirectFunctionCall1(jsonb_in, CStringGetDatum(s));
}

/* RFC 3339 UTC text of a timestamptz ("...Z"), or ereport 22007/22008. */
static char *
timestamptz_to_rfc3339(TimestampTz ts)
{
	struct pg_tm tm;
	fsec_t		fsec;

	if (TIMESTAMP_NOT_FINITE(ts) ||
		timestamp2tm(ts, NULL, &tm, &fsec, NULL, NULL) != 0 ||
		tm.tm_year < 1 || tm.tm_year > 9999)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_DATETIME_FORMAT),
				 errmsg("timestamp out of range for an event time"),
				 errdetail("Event times are finite timestamps from year 1 to 9999.")));
	if (fsec == 0)
		return psprintf("%04d-%02d-%02dT%02d:%02d:%02dZ", tm.tm_year, tm.tm_mon,
						tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec);
	else
	{
		char		frac[8];
		int			n;

		snprintf(frac, sizeof(frac), "%06d", (int) fsec);
		for (n = 6; n > 1 && frac[n - 1] == '0'; n--)
			frac[n - 1] = '\0';
		return psprintf("%04d-%02d-%02dT%02d:%02d:%02d.%sZ", tm.tm_year, tm.tm_mon,
						tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, frac);
	}
}

/* ------------------------------------------------------------------------
 * I/O
 */
PG_FUNCTION_INFO_V1(trace_chain_in);
Datum
trace_chain_in(PG_FUNCTION_ARGS)
{
	char	   *s = PG_GETARG_CSTRING(0);
	TraceBuilder b;
	TraceSha256	h;
	OcopErr		err;
	Work		w;

	work_begin(&w);
	trace_sha256_begin(&h);
	trace_builder_init(&b, &h.h);
	if (!trace_parse_text(&b, s, strlen(s), &err))
	{
		/* Soft: the SHA-256 context is not memory; free it before returning. */
		trace_sha256_end(&h);
		work_end(&w);
		report_input(OCOP_ESCONTEXT(fcinfo), &err, s);
		PG_RETURN_NULL();
	}
	trace_sha256_end(&h);
	PG_RETURN_POINTER(builder_to_datum(&w, &b));
}

PG_FUNCTION_INFO_V1(trace_chain_out);
Datum
trace_chain_out(PG_FUNCTION_ARGS)
{
	TraceView	v;
	StringInfoData out;

	PG_GETARG_TRACE_VIEW(0, &v);
	/* at most TRACE_MAX_CHAIN_BYTES of events and 10,000 hashes: far below 1 GB */
	initStringInfo(&out);
	trace_write_text(&out, &v);
	PG_RETURN_CSTRING(out.data);
}

/* Binary: the stored form, whose first byte is the format version. */
PG_FUNCTION_INFO_V1(trace_chain_recv);
Datum
trace_chain_recv(PG_FUNCTION_ARGS)
{
	StringInfo	buf = (StringInfo) PG_GETARG_POINTER(0);
	const uint8_t *data = (const uint8_t *) buf->data + buf->cursor;
	size_t		len = (size_t) (buf->len - buf->cursor);
	TraceView	v;
	TraceSha256	h;
	OcopErr		err;
	bytea	   *res;

	trace_sha256_begin(&h);
	if (!trace_view_open(&v, data, len, true, &h.h, &err))
		ocop_report(NULL, &err, 0,
					"invalid external binary value for type %s", "trace_chain");
	trace_sha256_end(&h);
	res = palloc(VARHDRSZ + len);
	SET_VARSIZE(res, VARHDRSZ + len);
	memcpy(VARDATA(res), data, len);
	buf->cursor = buf->len;
	PG_RETURN_POINTER(res);
}

PG_FUNCTION_INFO_V1(trace_chain_send);
Datum
trace_chain_send(PG_FUNCTION_ARGS)
{
	TraceView	v;
	StringInfoData buf;

	PG_GETARG_TRACE_VIEW(0, &v);
	pq_begintypsend(&buf);
	pq_sendbytes(&buf, (const char *) v.data, (int) v.len);
	PG_RETURN_BYTEA_P(pq_endtypsend(&buf));
}

/* ------------------------------------------------------------------------
 * Appending
 */
static void
start_builder(FunctionCallInfo fcinfo, TraceBuilder *b, TraceSha256 *h)
{
	OcopErr		err;

	trace_sha256_begin(h);
	trace_builder_init(b, &h->h);
	if (!PG_ARGISNULL(0))
	{
		TraceView	v;

		PG_GETARG_TRACE_VIEW(0, &v);
		if (!trace_builder_copy(b, &v, &err))
			raise_msg(&err, "could not copy trace_chain");
	}
}

static void
add_string_member(StringInfo j, const char *key, const char *val)
{
	appendStringInfoChar(j, ',');
	ocop_json_write_string(j, key, strlen(key));
	appendStringInfoChar(j, ':');
	ocop_json_write_string(j, val, strlen(val));
}

static void
add_text_arg(FunctionCallInfo fcinfo, StringInfo j, int argno, const char *key)
{
	if (!PG_ARGISNULL(argno))
		add_string_member(j, key, text_to_cstring(PG_GETARG_TEXT_PP(argno)));
}

static void
add_float_arg(FunctionCallInfo fcinfo, StringInfo j, int argno, const char *key)
{
	float8		f;

	if (PG_ARGISNULL(argno))
		return;
	f = PG_GETARG_FLOAT8(argno);
	if (isnan(f) || isinf(f))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("%s must be a finite number", key)));
	appendStringInfoString(j, ",\"");
	appendStringInfoString(j, key);
	appendStringInfoString(j, "\":");
	appendStringInfoString(j, float8out_internal(f));
}

/*
 * trace_append(chain, bizstep, at, actor, place, lot, quantity, uom, lon, lat,
 * disposition): not STRICT, since a NULL chain is the empty chain and the
 * optional fields may be NULL.  A NULL bizstep or at is an error (22004)
 * rather than a NULL result, which would silently erase the history in
 * UPDATE t SET chain = trace_append(chain, ...).
 */
PG_FUNCTION_INFO_V1(trace_append);
Datum
trace_append(PG_FUNCTION_ARGS)
{
	TraceBuilder b;
	TraceSha256	h;
	OcopErr		err;
	StringInfoData j;
	Work		w;

	if (PG_ARGISNULL(1) || PG_ARGISNULL(2))
		ereport(ERROR,
				(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
				 errmsg("bizstep and at of a trace event must not be NULL")));
	work_begin(&w);
	initStringInfo(&j);
	appendStringInfoString(&j, "{\"type\":\"ObjectEvent\",\"action\":\"OBSERVE\"");
	add_text_arg(fcinfo, &j, 1, "bizStep");
	add_string_member(&j, "eventTime", timestamptz_to_rfc3339(PG_GETARG_TIMESTAMPTZ(2)));
	add_string_member(&j, "eventTimeZoneOffset", "+00:00");
	add_text_arg(fcinfo, &j, 3, "actor");
	add_text_arg(fcinfo, &j, 4, "place");
	add_text_arg(fcinfo, &j, 5, "lot");
	if (!PG_ARGISNULL(6))
	{
		Numeric		q = PG_GETARG_NUMERIC(6);

		if (numeric_is_nan(q) || numeric_is_inf(q))
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("quantity must be a finite number")));
		appendStringInfoString(&j, ",\"quantity\":");
		appendStringInfoString(&j, DatumGetCString(DirectFunctionCall1(numeric_out, NumericGetDatum(q))));
	}
	add_text_arg(fcinfo, &j, 7, "uom");
	add_float_arg(fcinfo, &j, 8, "lon");
	add_float_arg(fcinfo, &j, 9, "lat");
	add_text_arg(fcinfo, &j, 10, "disposition");
	appendStringInfoChar(&j, '}');

	start_builder(fcinfo, &b, &h);
	if (!trace_parse_event(&b, j.data, j.len, &err))
		raise_event(&err, j.data, j.len);
	trace_sha256_end(&h);
	PG_RETURN_POINTER(builder_to_datum(&w, &b));
}

/*
 * The event of trace_append(chain, jsonb) read from the jsonb itself, as the
 * JSON parser (json_core.c) would have returned it from the jsonb's text:
 * members sorted by key bytes, numbers in the parser's canonical form (each
 * number's numeric_out text, which is what the text shows, put through the
 * parser), strings as they are (the text would escape them and the parser
 * unescape them again).  Returns NULL whenever the parser might have answered
 * otherwise -- a root that is not an object, a database encoding other than
 * UTF8 (the parser checks UTF-8), a string, nesting or number at or past the
 * parser's limits, a text that could exceed the input limit -- and then the
 * caller takes the text path, which gives the parser's own error.  So the
 * event, its canonical bytes and every error are the text path's.
 */
typedef struct JbWalk
{
	size_t		text_bound;		/* an upper bound on the text's length */
} JbWalk;

static OcopJson *jb_node(JbWalk *w, JsonbIterator **it, JsonbIteratorToken tok,
						 JsonbValue *v, int depth);

static bool
jb_string(JbWalk *w, const char *s, int len, const char **out, size_t *outlen)
{
	char	   *copy;

	if (len < 0 || (size_t) len > TRACE_MAX_STRING_BYTES ||
		!pg_verify_mbstr(PG_UTF8, s, len, true))
		return false;
	copy = palloc((size_t) len + 1);
	memcpy(copy, s, len);
	copy[len] = '\0';
	*out = copy;
	*outlen = (size_t) len;
	w->text_bound += 6 * (size_t) len + 4;	/* every byte escaped, quotes, ", " */
	return true;
}

static OcopJson *
jb_scalar(JbWalk *w, JsonbValue *v)
{
	OcopJson   *node = palloc0(sizeof(OcopJson));

	switch (v->type)
	{
		case jbvNull:
			node->kind = OCOP_JSON_NULL;
			w->text_bound += 6;
			return node;
		case jbvBool:
			node->kind = v->val.boolean ? OCOP_JSON_TRUE : OCOP_JSON_FALSE;
			w->text_bound += 7;
			return node;
		case jbvString:
			node->kind = OCOP_JSON_STRING;
			return jb_string(w, v->val.string.val, v->val.string.len, &node->str, &node->len) ? node : NULL;
		case jbvNumeric:
			{
				char	   *txt = DatumGetCString(DirectFunctionCall1(numeric_out,
																	  NumericGetDatum(v->val.numeric)));
				size_t		n = strlen(txt);
				OcopErr		err;
				OcopJson   *num;
				static const OcopJsonLimits lim = {TRACE_MAX_INPUT_BYTES, 1, TRACE_MAX_STRING_BYTES};

				w->text_bound += n + 2;
				num = ocop_json_parse(txt, n, &lim, "$", &err);
				pfree(txt);
				return num != NULL && num->kind == OCOP_JSON_NUMBER ? num : NULL;
			}
		default:
			return NULL;
	}
}

static OcopJson *
jb_node(JbWalk *w, JsonbIterator **it, JsonbIteratorToken tok, JsonbValue *v, int depth)
{
	OcopJson   *node;
	bool		object = tok == WJB_BEGIN_OBJECT;
	size_t		n,
				i = 0;

	if (tok != WJB_BEGIN_OBJECT && tok != WJB_BEGIN_ARRAY)
		return jb_scalar(w, v);
	/* the parser refuses a container entered at this depth */
	if (depth >= TRACE_MAX_EVENT_DEPTH || depth >= OCOP_JSON_DEPTH_HARD_MAX)
		return NULL;
	if (!object && v->val.array.rawScalar)
		return NULL;
	node = palloc0(sizeof(OcopJson));
	node->kind = object ? OCOP_JSON_OBJECT : OCOP_JSON_ARRAY;
	n = object ? (size_t) v->val.object.nPairs : (size_t) v->val.array.nElems;
	w->text_bound += 2;
	if (n > 0)
	{
		if (object)
			node->members = palloc(n * sizeof(OcopJsonMember));
		else
			node->items = palloc(n * sizeof(OcopJson *));
	}
	for (;;)
	{
		JsonbValue	k;
		OcopJson   *child;

		tok = JsonbIteratorNext(it, &k, false);
		if (tok == WJB_END_OBJECT || tok == WJB_END_ARRAY)
			break;
		if (i >= n)
			return NULL;
		if (object)
		{
			if (tok != WJB_KEY ||
				!jb_string(w, k.val.string.val, k.val.string.len,
						   &node->members[i].key, &node->members[i].keylen))
				return NULL;
			tok = JsonbIteratorNext(it, &k, false);
		}
		child = jb_node(w, it, tok, &k, depth + 1);
		if (child == NULL)
			return NULL;
		if (object)
			node->members[i].value = child;
		else
			node->items[i] = child;
		i++;
	}
	if (i != n)
		return NULL;
	node->count = n;
	/* the parser's order (jsonb's is shorter keys first); jsonb has no duplicates */
	if (object && !ocop_json_sort_members(node))
		return NULL;
	return node;
}

static OcopJson *
jsonb_event(Jsonb *jb)
{
	JbWalk		w = {0};
	JsonbIterator *it;
	JsonbValue	v;
	JsonbIteratorToken tok;
	OcopJson   *root;

	if (GetDatabaseEncoding() != PG_UTF8 || !JB_ROOT_IS_OBJECT(jb))
		return NULL;
	it = JsonbIteratorInit(&jb->root);
	tok = JsonbIteratorNext(&it, &v, false);
	root = jb_node(&w, &it, tok, &v, 0);
	if (root == NULL || w.text_bound >= TRACE_MAX_INPUT_BYTES)
		return NULL;
	return root;
}

/* trace_append(chain, event jsonb) */
PG_FUNCTION_INFO_V1(trace_append_jsonb);
Datum
trace_append_jsonb(PG_FUNCTION_ARGS)
{
	TraceBuilder b;
	TraceSha256	h;
	OcopErr		err;
	Jsonb	   *jb;
	Work		w;
	OcopJson   *ev;
	bool		ok;

	if (PG_ARGISNULL(1))
		ereport(ERROR,
				(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
				 errmsg("the event of trace_append must not be NULL")));
	jb = PG_GETARG_JSONB_P(1);
	work_begin(&w);
	start_builder(fcinfo, &b, &h);
	ev = jsonb_event(jb);
	if (ev != NULL)
		ok = trace_builder_add(&b, ev, "$", &err);
	else
	{
		/* the text path: the parser's own answer, errors included */
		char	   *s = jsonb_to_cstring(jb);

		ok = trace_parse_event(&b, s, strlen(s), &err);
	}
	if (!ok)
	{
		char	   *s = jsonb_to_cstring(jb);

		raise_event(&err, s, strlen(s));
	}
	trace_sha256_end(&h);
	PG_RETURN_POINTER(builder_to_datum(&w, &b));
}

/* ------------------------------------------------------------------------
 * Accessors
 */
PG_FUNCTION_INFO_V1(trace_head);
Datum
trace_head(PG_FUNCTION_ARGS)
{
	TraceView	v;
	TraceEntry	e;
	bytea	   *res;

	PG_GETARG_TRACE_VIEW(0, &v);
	if (v.nevents == 0 || !trace_view_entry(&v, v.nevents - 1, &e))
		PG_RETURN_NULL();
	res = palloc(VARHDRSZ + TRACE_HASH_BYTES);
	SET_VARSIZE(res, VARHDRSZ + TRACE_HASH_BYTES);
	memcpy(VARDATA(res), e.hash, TRACE_HASH_BYTES);
	PG_RETURN_BYTEA_P(res);
}

PG_FUNCTION_INFO_V1(trace_length);
Datum
trace_length(PG_FUNCTION_ARGS)
{
	TraceView	v;

	PG_GETARG_TRACE_VIEW(0, &v);
	PG_RETURN_INT32((int32) v.nevents);
}

static bool
verify_view(const TraceView *v)
{
	TraceSha256	h;
	bool		ok;

	trace_sha256_begin(&h);
	ok = trace_view_verify(v, &h.h);
	trace_sha256_end(&h);
	return ok;
}

/* trace_verify(chain, expected_head): every hash recomputed, head as expected. */
PG_FUNCTION_INFO_V1(trace_verify);
Datum
trace_verify(PG_FUNCTION_ARGS)
{
	TraceView	v;
	TraceEntry	e;
	bytea	   *expected = PG_GETARG_BYTEA_PP(1);

	PG_GETARG_TRACE_VIEW(0, &v);
	if (v.nevents == 0 || VARSIZE_ANY_EXHDR(expected) != TRACE_HASH_BYTES ||
		!trace_view_entry(&v, v.nevents - 1, &e) ||
		memcmp(e.hash, VARDATA_ANY(expected), TRACE_HASH_BYTES) != 0)
		PG_RETURN_BOOL(false);
	PG_RETURN_BOOL(verify_view(&v));
}

/* trace_verify(chain): every stored hash recomputed from the events. */
PG_FUNCTION_INFO_V1(trace_verify_self);
Datum
trace_verify_self(PG_FUNCTION_ARGS)
{
	TraceView	v;

	PG_GETARG_TRACE_VIEW(0, &v);
	PG_RETURN_BOOL(verify_view(&v));
}

static bool
view_is_prefix(const TraceView *a, const TraceView *b)
{
	TraceEntry	ea,
				eb;

	if (a->nevents == 0)
		return true;
	if (a->nevents > b->nevents)
		return false;
	/* hashes chain every earlier event, so the last one decides */
	if (!trace_view_entry(a, a->nevents - 1, &ea) ||
		!trace_view_entry(b, a->nevents - 1, &eb))
		return false;
	return memcmp(ea.hash, eb.hash, TRACE_HASH_BYTES) == 0 &&
		ea.len == eb.len && memcmp(ea.json, eb.json, ea.len) == 0;
}

PG_FUNCTION_INFO_V1(trace_is_prefix);
Datum
trace_is_prefix(PG_FUNCTION_ARGS)
{
	TraceView	a,
				b;

	PG_GETARG_TRACE_VIEW(0, &a);
	PG_GETARG_TRACE_VIEW(1, &b);
	PG_RETURN_BOOL(view_is_prefix(&a, &b));
}

static Datum
event_jsonb(const TraceEntry *e)
{
	StringInfoData out;

	/* one stored event (at most TRACE_MAX_EVENT_BYTES) and its hash */
	initStringInfo(&out);
	trace_write_event(&out, e);
	return cstring_to_jsonb(out.data);
}

PG_FUNCTION_INFO_V1(trace_origin);
Datum
trace_origin(PG_FUNCTION_ARGS)
{
	TraceView	v;
	TraceEntry	e;

	PG_GETARG_TRACE_VIEW(0, &v);
	if (v.nevents == 0 || !trace_view_entry(&v, 0, &e))
		PG_RETURN_NULL();
	PG_RETURN_DATUM(event_jsonb(&e));
}

PG_FUNCTION_INFO_V1(trace_last);
Datum
trace_last(PG_FUNCTION_ARGS)
{
	TraceView	v;
	TraceEntry	e;

	PG_GETARG_TRACE_VIEW(0, &v);
	if (v.nevents == 0 || !trace_view_entry(&v, v.nevents - 1, &e))
		PG_RETURN_NULL();
	PG_RETURN_DATUM(event_jsonb(&e));
}

/* A string member as text, or NULL. */
static bool
member_text(const OcopJson *ev, const char *key, Datum *out)
{
	const OcopJson *v = ocop_json_get(ev, key);

	if (v == NULL || v->kind != OCOP_JSON_STRING)
		return false;
	*out = PointerGetDatum(cstring_to_text_with_len(v->str, (int) v->len));
	return true;
}

static bool
member_id(const OcopJson *ev, const char *key, Datum *out)
{
	const OcopJson *v = ocop_json_get(ev, key);

	return v != NULL && member_text(v, "id", out);
}

static bool
member_number(const OcopJson *ev, const char *key, bool as_float, Datum *out)
{
	const OcopJson *v = ocop_json_get(ev, key);
	char	   *s;

	if (v == NULL || v->kind != OCOP_JSON_NUMBER)
		return false;
	s = pnstrdup(v->str, v->len);
	if (as_float)
		*out = DirectFunctionCall1(float8in, CStringGetDatum(s));
	else
		*out = DirectFunctionCall3(numeric_in, CStringGetDatum(s),
								   ObjectIdGetDatum(InvalidOid), Int32GetDatum(-1));
	return true;
}

/*
 * 19 columns up to 0.2.0, 20 with hash_id since 0.3.0; a function still
 * declared with 19 (the 0.2.0 definition, between the updates of ocop and
 * ocop_postgis) gets 19.
 */
#define TRACE_EVENTS_COLS 20

PG_FUNCTION_INFO_V1(trace_events);
Datum
trace_events(PG_FUNCTION_ARGS)
{
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
	TraceView	v;
	TraceIter	it;
	TraceEntry	e;
	Work		w;

	PG_GETARG_TRACE_VIEW(0, &v);
	InitMaterializedSRF(fcinfo, 0);
	/* one row's memory at a time: the tuplestore copies the values */
	work_begin(&w);
	trace_iter_init(&it, &v);
	while (trace_iter_next(&it, &e))
	{
		Datum		values[TRACE_EVENTS_COLS];
		bool		nulls[TRACE_EVENTS_COLS];
		OcopErr		err;
		OcopJson   *ev;
		const OcopJson *t;
		bytea	   *hash;
		int			c = 0;

		memset(nulls, true, sizeof(nulls));
		ev = trace_entry_parse(&e, &err);
		if (ev == NULL)
			ocop_report(NULL, &err, ERRCODE_DATA_CORRUPTED,
					"corrupt trace_chain value");
		values[c] = Int32GetDatum((int32) it.index);
		nulls[c++] = false;
		nulls[c] = !member_text(ev, "bizStep", &values[c]);
		c++;
		t = ocop_json_get(ev, "eventTime");
		{
			int64_t		usec;
			int			off;

			if (t && t->kind == OCOP_JSON_STRING &&
				trace_parse_datetime(t->str, t->len, &usec, &off))
			{
				values[c] = TimestampTzGetDatum((TimestampTz)
												(usec - (int64) (POSTGRES_EPOCH_JDATE - UNIX_EPOCH_JDATE) * USECS_PER_DAY));
				nulls[c] = false;
			}
			c++;
		}
		nulls[c] = !member_text(ev, "actor", &values[c]);
		c++;
		nulls[c] = !member_text(ev, "place", &values[c]);
		c++;
		nulls[c] = !member_text(ev, "lot", &values[c]);
		c++;
		nulls[c] = !member_number(ev, "quantity", false, &values[c]);
		c++;
		nulls[c] = !member_text(ev, "uom", &values[c]);
		c++;
		nulls[c] = !member_number(ev, "lon", true, &values[c]);
		c++;
		nulls[c] = !member_number(ev, "lat", true, &values[c]);
		c++;
		nulls[c] = !member_text(ev, "disposition", &values[c]);
		c++;
		hash = palloc(VARHDRSZ + TRACE_HASH_BYTES);
		SET_VARSIZE(hash, VARHDRSZ + TRACE_HASH_BYTES);
		memcpy(VARDATA(hash), e.hash, TRACE_HASH_BYTES);
		values[c] = PointerGetDatum(hash);
		nulls[c++] = false;
		nulls[c] = !member_text(ev, "type", &values[c]);
		c++;
		nulls[c] = !member_text(ev, "action", &values[c]);
		c++;
		nulls[c] = !member_text(ev, "eventID", &values[c]);
		c++;
		nulls[c] = !member_text(ev, "eventTimeZoneOffset", &values[c]);
		c++;
		nulls[c] = !member_id(ev, "readPoint", &values[c]);
		c++;
		nulls[c] = !member_id(ev, "bizLocation", &values[c]);
		c++;
		values[c] = cstring_to_jsonb(pnstrdup(e.json, e.len));
		nulls[c++] = false;
		if (rsinfo->setDesc->natts > c)
		{
			/* the event hash ID; NULL when the event cannot be hashed exactly */
			char		id[EPCIS_HASH_ID_LEN + 1];

			if (epcis_stored_event_hash_id(e.json, e.len, &epcis_sha256_hasher, id, &err))
			{
				values[c] = CStringGetTextDatum(id);
				nulls[c] = false;
			}
			else if (err.code != OCOP_E_VALUE)
				raise_msg(&err, "could not compute an event hash ID");
			c++;
		}
		Assert(c == rsinfo->setDesc->natts);
		tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, values, nulls);
		MemoryContextReset(w.cxt);
	}
	work_end(&w);
	return (Datum) 0;
}

/* ------------------------------------------------------------------------
 * The append-only trigger
 */
PG_FUNCTION_INFO_V1(trace_append_only);
Datum
trace_append_only(PG_FUNCTION_ARGS)
{
	TriggerData *td = (TriggerData *) fcinfo->context;
	TupleDesc	tupdesc;
	const char *colname;
	int			attnum;
	Oid			nsp,
				chain_type;
	Datum		oldd,
				newd;
	bool		oldnull,
				newnull;
	TraceView	a,
				b;

	if (!CALLED_AS_TRIGGER(fcinfo))
		ereport(ERROR,
				(errcode(ERRCODE_E_R_I_E_TRIGGER_PROTOCOL_VIOLATED),
				 errmsg("trace_append_only: must be called as a trigger")));
	if (!TRIGGER_FIRED_BEFORE(td->tg_event) || !TRIGGER_FIRED_FOR_ROW(td->tg_event))
		ereport(ERROR,
				(errcode(ERRCODE_E_R_I_E_TRIGGER_PROTOCOL_VIOLATED),
				 errmsg("trace_append_only: must be a BEFORE ... FOR EACH ROW trigger")));
	if (!TRIGGER_FIRED_BY_UPDATE(td->tg_event))
		return PointerGetDatum(td->tg_trigtuple);	/* INSERT and DELETE pass */
	if (td->tg_trigger->tgnargs != 1)
		ereport(ERROR,
				(errcode(ERRCODE_E_R_I_E_TRIGGER_PROTOCOL_VIOLATED),
				 errmsg("trace_append_only: expected one argument, the name of the trace_chain column")));
	colname = td->tg_trigger->tgargs[0];
	tupdesc = td->tg_relation->rd_att;
	attnum = SPI_fnumber(tupdesc, colname);
	if (attnum <= 0)
		ereport(ERROR,
				(errcode(ERRCODE_UNDEFINED_COLUMN),
				 errmsg("trace_append_only: column \"%s\" of relation \"%s\" does not exist",
						colname, RelationGetRelationName(td->tg_relation))));
	nsp = get_func_namespace(fcinfo->flinfo->fn_oid);
	chain_type = GetSysCacheOid2(TYPENAMENSP, Anum_pg_type_oid,
								 CStringGetDatum("trace_chain"), ObjectIdGetDatum(nsp));
	if (TupleDescAttr(tupdesc, attnum - 1)->atttypid != chain_type)
		ereport(ERROR,
				(errcode(ERRCODE_DATATYPE_MISMATCH),
				 errmsg("trace_append_only: column \"%s\" is not of type trace_chain", colname)));
	oldd = heap_getattr(td->tg_trigtuple, attnum, tupdesc, &oldnull);
	newd = heap_getattr(td->tg_newtuple, attnum, tupdesc, &newnull);
	if (oldnull)
		return PointerGetDatum(td->tg_newtuple);
	if (newnull)
		ereport(ERROR,
				(errcode(ERRCODE_INTEGRITY_CONSTRAINT_VIOLATION),
				 errmsg("trace chain \"%s\" of relation \"%s\" is append-only",
						colname, RelationGetRelationName(td->tg_relation)),
				 errdetail("The update would set it to NULL.")));
	open_stored(oldd, &a);
	open_stored(newd, &b);
	if (!view_is_prefix(&a, &b))
		ereport(ERROR,
				(errcode(ERRCODE_INTEGRITY_CONSTRAINT_VIOLATION),
				 errmsg("trace chain \"%s\" of relation \"%s\" is append-only",
						colname, RelationGetRelationName(td->tg_relation)),
				 errdetail("The new chain (%u events) does not extend the old one (%u events) without rewriting it.",
						   b.nevents, a.nevents),
				 errhint("Use trace_append() to add events.")));
	return PointerGetDatum(td->tg_newtuple);
}

/* ------------------------------------------------------------------------
 * Containment and GIN
 */
static OcopJson *
query_from_jsonb(Jsonb *jb)
{
	char	   *s = jsonb_to_cstring(jb);
	OcopErr		err;
	OcopJson   *q = trace_query_parse(s, strlen(s), &err);

	if (q == NULL)
		raise_msg(&err, "invalid trace_chain containment query");
	return q;
}

PG_FUNCTION_INFO_V1(trace_contains_jsonb);
Datum
trace_contains_jsonb(PG_FUNCTION_ARGS)
{
	TraceView	v;
	Work		w;
	OcopJson   *q;
	OcopErr		err;
	bool		res;

	PG_GETARG_TRACE_VIEW(0, &v);
	work_begin(&w);
	q = query_from_jsonb(PG_GETARG_JSONB_P(1));
	res = trace_contains(&v, q, &err);
	if (err.code != OCOP_E_OK)
		raise_msg(&err, "corrupt trace_chain value");
	work_end(&w);
	PG_RETURN_BOOL(res);
}

typedef struct KeyCollector
{
	Datum	   *keys;			/* in cxt, the caller's context */
	int32		n;
	int32		cap;
	MemoryContext cxt;
} KeyCollector;

static void
collect_key(const char *key, size_t len, void *arg)
{
	KeyCollector *kc = (KeyCollector *) arg;

	if (kc->n == kc->cap)
	{
		kc->cap = kc->cap ? kc->cap * 2 : 32;
		kc->keys = kc->keys ? repalloc(kc->keys, sizeof(Datum) * kc->cap)
			: MemoryContextAlloc(kc->cxt, sizeof(Datum) * kc->cap);
	}
	kc->keys[kc->n++] = Int32GetDatum((int32) hash_bytes((const unsigned char *) key, (int) len));
}

PG_FUNCTION_INFO_V1(trace_gin_extract_value);
Datum
trace_gin_extract_value(PG_FUNCTION_ARGS)
{
	int32	   *nkeys = (int32 *) PG_GETARG_POINTER(1);
	TraceView	v;
	TraceIter	it;
	TraceEntry	e;
	KeyCollector kc = {NULL, 0, 0, CurrentMemoryContext};
	StringInfoData scratch;
	Work		w;

	PG_GETARG_TRACE_VIEW(0, &v);
	initStringInfo(&scratch);
	work_begin(&w);
	trace_iter_init(&it, &v);
	while (trace_iter_next(&it, &e))
	{
		OcopErr		err;
		OcopJson   *ev;

		ev = trace_entry_parse(&e, &err);
		if (ev == NULL)
			raise_msg(&err, "corrupt trace_chain value");
		trace_event_keys(ev, collect_key, &kc, &scratch);
		MemoryContextReset(w.cxt);
	}
	work_end(&w);
	pfree(scratch.data);
	*nkeys = kc.n;
	PG_RETURN_POINTER(kc.keys);
}

PG_FUNCTION_INFO_V1(trace_gin_extract_query);
Datum
trace_gin_extract_query(PG_FUNCTION_ARGS)
{
	int32	   *nkeys = (int32 *) PG_GETARG_POINTER(1);
	int32	   *searchMode = (int32 *) PG_GETARG_POINTER(6);
	Work		w;
	OcopJson   *q;
	KeyCollector kc = {NULL, 0, 0, CurrentMemoryContext};
	StringInfoData scratch;

	work_begin(&w);
	q = query_from_jsonb(PG_GETARG_JSONB_P(0));
	initStringInfo(&scratch);
	trace_event_keys(q, collect_key, &kc, &scratch);
	work_end(&w);
	*nkeys = kc.n;
	if (kc.n == 0)
		*searchMode = GIN_SEARCH_MODE_ALL;
	PG_RETURN_POINTER(kc.keys);
}

PG_FUNCTION_INFO_V1(trace_gin_consistent);
Datum
trace_gin_consistent(PG_FUNCTION_ARGS)
{
	bool	   *check = (bool *) PG_GETARG_POINTER(0);
	int32		nkeys = PG_GETARG_INT32(3);
	bool	   *recheck = (bool *) PG_GETARG_POINTER(5);

	/* keys are hashed and may come from different events: always recheck */
	*recheck = true;
	for (int32 i = 0; i < nkeys; i++)
		if (!check[i])
			PG_RETURN_BOOL(false);
	PG_RETURN_BOOL(true);
}

/* ------------------------------------------------------------------------
 * EPCIS 2.0
 */
PG_FUNCTION_INFO_V1(trace_to_epcis);
Datum
trace_to_epcis(PG_FUNCTION_ARGS)
{
	TraceView	v;
	StringInfoData out;
	OcopErr		err;
	char	   *created = timestamptz_to_rfc3339(PG_GETARG_TIMESTAMPTZ(1));

	PG_GETARG_TRACE_VIEW(0, &v);
	/* the chain's events with their ocop: names and hashes: far below 1 GB */
	initStringInfo(&out);
	if (PG_NARGS() > 2 && PG_GETARG_BOOL(2))
	{

		if (!trace_write_epcis_hash_ids(&out, &v, created, &epcis_sha256_hasher, &err))
			raise_msg(&err, "could not export trace_chain as EPCIS with event hash IDs");
	}
	else if (!trace_write_epcis(&out, &v, created, &err))
		raise_msg(&err, "could not export trace_chain as EPCIS");
	PG_RETURN_DATUM(cstring_to_jsonb(out.data));
}

PG_FUNCTION_INFO_V1(trace_from_epcis);
Datum
trace_from_epcis(PG_FUNCTION_ARGS)
{
	char	   *s;
	TraceBuilder b;
	TraceSha256	h;
	OcopErr		err;
	Work		w;

	work_begin(&w);
	s = jsonb_to_cstring(PG_GETARG_JSONB_P(0));
	trace_sha256_begin(&h);
	trace_builder_init(&b, &h.h);
	if (!epcis_check_event_ids(s, strlen(s), &epcis_sha256_hasher, &err))
		raise_msg(&err, "invalid EPCIS document for trace_from_epcis");
	if (!trace_parse_epcis(&b, s, strlen(s), &err))
		raise_msg(&err, "invalid EPCIS document for trace_from_epcis");
	trace_sha256_end(&h);
	PG_RETURN_POINTER(builder_to_datum(&w, &b));
}

/* ------------------------------------------------------------------------
 * EPCIS event hash IDs (GS1 CBV 2.0 section 8.9); the algorithm is in
 * epcis_hash_core.c.
 */

/* An event trace_event_hash_id / trace_event_prehash refused. */
static void
raise_hash_event(const OcopErr *err, const char *event)
{
	if (err->code == OCOP_E_LIMIT)
		ocop_report(NULL, err, 0, "EPCIS event too large for a hash ID: \"%s\"", shorten(event));
	ocop_report(NULL, err, 0, "EPCIS event has no hash ID: \"%s\"", shorten(event));
}

static text *
event_prehash(FunctionCallInfo fcinfo, bool id)
{
	char	   *ev = jsonb_to_cstring(PG_GETARG_JSONB_P(0));
	char	   *ctx = (PG_NARGS() > 1 && !PG_ARGISNULL(1)) ? jsonb_to_cstring(PG_GETARG_JSONB_P(1)) : NULL;
	OcopErr		err;
	Work		w;
	text	   *res;

	work_begin(&w);
	if (id)
	{
		char		out[EPCIS_HASH_ID_LEN + 1];

		if (!epcis_hash_id_text(ev, strlen(ev), ctx, ctx ? strlen(ctx) : 0, &epcis_sha256_hasher, out, &err))
			raise_hash_event(&err, ev);
		MemoryContextSwitchTo(w.old);
		res = cstring_to_text(out);
	}
	else
	{
		StringInfoData out;

		/*
		 * The pre-hash string of an event of at most EPCIS_HASH_MAX_INPUT
		 * bytes; a longer one than a StringInfo holds (1 GB) is ERROR 54000.
		 */
		initStringInfo(&out);
		if (!epcis_prehash_text(ev, strlen(ev), ctx, ctx ? strlen(ctx) : 0, &out, &err))
			raise_hash_event(&err, ev);
		MemoryContextSwitchTo(w.old);
		res = cstring_to_text_with_len(out.data, out.len);
	}
	work_end(&w);
	return res;
}

PG_FUNCTION_INFO_V1(trace_event_hash_id);
Datum
trace_event_hash_id(PG_FUNCTION_ARGS)
{
	if (PG_ARGISNULL(0))
		PG_RETURN_NULL();
	PG_RETURN_TEXT_P(event_prehash(fcinfo, true));
}

PG_FUNCTION_INFO_V1(trace_event_prehash);
Datum
trace_event_prehash(PG_FUNCTION_ARGS)
{
	if (PG_ARGISNULL(0))
		PG_RETURN_NULL();
	PG_RETURN_TEXT_P(event_prehash(fcinfo, false));
}

/*
 * trace_append_epcis(chain, document): the chain with the document's events
 * whose hash ID it does not hold yet, so that importing the same document
 * again changes nothing.
 */
PG_FUNCTION_INFO_V1(trace_append_epcis);
Datum
trace_append_epcis(PG_FUNCTION_ARGS)
{
	TraceView	chain,
				incoming;
	TraceBuilder b,
				out;
	TraceSha256	hb,
				ho;
	OcopErr		err;
	char	   *s;
	uint32_t	added;
	Work		w;
	static const uint8_t empty[TRACE_HEADER_BYTES] = {TRACE_FORMAT_VERSION, 0, 0, 0, 0, 0, 0, 0};

	if (PG_ARGISNULL(1))
	{
		if (PG_ARGISNULL(0))
			PG_RETURN_NULL();
		PG_RETURN_DATUM(PG_GETARG_DATUM(0));
	}
	work_begin(&w);
	s = jsonb_to_cstring(PG_GETARG_JSONB_P(1));
	if (!epcis_check_event_ids(s, strlen(s), &epcis_sha256_hasher, &err))
		raise_msg(&err, "invalid EPCIS document for trace_append_epcis");
	trace_sha256_begin(&hb);
	trace_builder_init(&b, &hb.h);
	if (!trace_parse_epcis(&b, s, strlen(s), &err))
		raise_msg(&err, "invalid EPCIS document for trace_append_epcis");
	trace_sha256_end(&hb);
	if (!trace_view_open(&incoming, (const uint8_t *) b.buf.data, b.buf.len, false, NULL, &err))
		raise_msg(&err, "could not read the imported events");
	if (PG_ARGISNULL(0))
	{
		if (!trace_view_open(&chain, empty, sizeof(empty), false, NULL, &err))
			raise_msg(&err, "could not start an empty chain");
	}
	else
		PG_GETARG_TRACE_VIEW(0, &chain);
	trace_sha256_begin(&ho);
	trace_builder_init(&out, &ho.h);
	if (!trace_builder_copy(&out, &chain, &err) ||
		!trace_append_new_events(&out, &chain, &incoming, &epcis_sha256_hasher, &added, &err))
		raise_msg(&err, "could not append the EPCIS document's events");
	trace_sha256_end(&ho);
	PG_RETURN_POINTER(builder_to_datum(&w, &out));
}
