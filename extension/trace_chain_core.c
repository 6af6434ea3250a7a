/*
 * trace_chain_core.c -- the core of the trace_chain type (no fmgr, no SQL,
 * no catalog access; built for the server and for frontend programs, as src/common is): event rules, canonical encoding, hash chain, stored/binary form,
 * text form, EPCIS 2.0 mapping and GIN keys.  See trace_chain_core.h and
 * doc/trace_chain.md.
 */

/* Built twice, as src/common is: see the Makefile, "Pure-C cores". */
#ifdef FRONTEND
#include "postgres_fe.h"
#else
#include "postgres.h"
#endif

#include "trace_chain_core.h"
#include "ocop_hex_core.h"
#include "ocop_scratch_core.h"
#include "common/cryptohash.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>


static const uint8_t zero_hash[TRACE_HASH_BYTES];

/* The OCOP fields, which EPCIS carries as ocop:<name>. */
static const char *const ocop_fields[] = {
	"actor", "place", "lot", "quantity", "uom", "lon", "lat", NULL
};

static const char *const event_types[] = {
	"ObjectEvent", "AggregationEvent", "TransformationEvent",
	"TransactionEvent", "AssociationEvent", NULL
};

static const char *const actions[] = {"ADD", "OBSERVE", "DELETE", NULL};

/* ------------------------------------------------------------------------
 * Small helpers
 */
static void
put_u32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t) (v >> 24);
	p[1] = (uint8_t) (v >> 16);
	p[2] = (uint8_t) (v >> 8);
	p[3] = (uint8_t) v;
}

static uint32_t
get_u32(const uint8_t *p)
{
	return ((uint32_t) p[0] << 24) | ((uint32_t) p[1] << 16) |
		((uint32_t) p[2] << 8) | (uint32_t) p[3];
}

static bool
key_is(const OcopJsonMember *m, const char *key)
{
	size_t		n = strlen(key);

	return m->keylen == n && memcmp(m->key, key, n) == 0;
}

static bool
str_is(const OcopJson *v, const char *s)
{
	size_t		n = strlen(s);

	return v->kind == OCOP_JSON_STRING && v->len == n && memcmp(v->str, s, n) == 0;
}

static bool
in_list(const OcopJson *v, const char *const *list)
{
	for (int i = 0; list[i]; i++)
		if (str_is(v, list[i]))
			return true;
	return false;
}

static const char *
kind_name(OcopJsonKind k)
{
	switch (k)
	{
		case OCOP_JSON_NULL:
			return "null";
		case OCOP_JSON_FALSE:
		case OCOP_JSON_TRUE:
			return "a boolean";
		case OCOP_JSON_NUMBER:
			return "a number";
		case OCOP_JSON_STRING:
			return "a string";
		case OCOP_JSON_ARRAY:
			return "an array";
		case OCOP_JSON_OBJECT:
			return "an object";
	}
	return "?";
}

static int
json_depth(const OcopJson *v)
{
	int			d = 0;

	if (v->kind == OCOP_JSON_ARRAY)
		for (size_t i = 0; i < v->count; i++)
		{
			int			c = json_depth(v->items[i]);

			if (c > d)
				d = c;
		}
	else if (v->kind == OCOP_JSON_OBJECT)
		for (size_t i = 0; i < v->count; i++)
		{
			int			c = json_depth(v->members[i].value);

			if (c > d)
				d = c;
		}
	else
		return 0;
	return d + 1;
}

/* ------------------------------------------------------------------------
 * Date-time
 */
static int64_t
days_from_civil(int y, int m, int d)
{
	int64_t		era;
	int			yoe,
				doy,
				doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = (int) (y - era * 400);
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

static bool
digits_at(const char *s, size_t len, size_t pos, int n, int *out)
{
	int			v = 0;

	if (pos + (size_t) n > len)
		return false;
	for (int i = 0; i < n; i++)
	{
		char		c = s[pos + (size_t) i];

		if (c < '0' || c > '9')
			return false;
		v = v * 10 + (c - '0');
	}
	*out = v;
	return true;
}

bool
trace_parse_offset(const char *s, size_t len, int *offset_sec)
{
	int			hh,
				mm;

	if (len != 6 || (s[0] != '+' && s[0] != '-') || s[3] != ':' ||
		!digits_at(s, len, 1, 2, &hh) || !digits_at(s, len, 4, 2, &mm))
		return false;
	if (mm > 59 || hh * 60 + mm > 14 * 60)
		return false;
	*offset_sec = (s[0] == '-' ? -1 : 1) * (hh * 3600 + mm * 60);
	return true;
}

bool
trace_parse_datetime(const char *s, size_t len, int64_t *usec_unix, int *offset_sec)
{
	static const int mdays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	int			y,
				mo,
				d,
				h,
				mi,
				sec,
				off = 0;
	int64_t		usec = 0;
	size_t		pos = 19;
	int			dim;

	if (len < 20 || !digits_at(s, len, 0, 4, &y) || s[4] != '-' ||
		!digits_at(s, len, 5, 2, &mo) || s[7] != '-' ||
		!digits_at(s, len, 8, 2, &d) || (s[10] != 'T' && s[10] != 't') ||
		!digits_at(s, len, 11, 2, &h) || s[13] != ':' ||
		!digits_at(s, len, 14, 2, &mi) || s[16] != ':' ||
		!digits_at(s, len, 17, 2, &sec))
		return false;
	if (y < 1 || mo < 1 || mo > 12 || h > 23 || mi > 59 || sec > 59)
		return false;
	dim = mdays[mo - 1];
	if (mo == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
		dim = 29;
	if (d < 1 || d > dim)
		return false;
	if (s[pos] == '.')
	{
		int			nd = 0;

		pos++;
		while (pos < len && s[pos] >= '0' && s[pos] <= '9')
		{
			if (nd < 6)
				usec = usec * 10 + (s[pos] - '0');
			nd++;
			pos++;
		}
		if (nd == 0 || nd > 9)
			return false;
		for (; nd < 6; nd++)
			usec *= 10;
	}
	if (pos >= len)
		return false;
	if ((s[pos] == 'Z' || s[pos] == 'z') && pos + 1 == len)
		off = 0;
	else if (!trace_parse_offset(s + pos, len - pos, &off))
		return false;
	if (usec_unix)
		*usec_unix = ((days_from_civil(y, mo, d) * 86400 + h * 3600 + mi * 60 + sec) - off)
			* INT64_C(1000000) + usec;
	if (offset_sec)
		*offset_sec = off;
	return true;
}

/* ------------------------------------------------------------------------
 * Event rules
 */
static bool ferr(OcopErr *err, OcopErrCode code, const char *path, const char *key,
				 const char *fmt,...) __attribute__((format(printf, 5, 6)));

static bool
ferr(OcopErr *err, OcopErrCode code, const char *path, const char *key,
	 const char *fmt,...)
{
	char		what[384];
	va_list		ap;

	va_start(ap, fmt);
	vsnprintf(what, sizeof(what), fmt, ap);
	va_end(ap);
	return ocop_err_set(err, code, "Field %s.%s: %s.", path, key, what);
}

static bool
need_string(const OcopJson *v, const char *path, const char *key, OcopErr *err)
{
	if (v->kind != OCOP_JSON_STRING)
		return ferr(err, OCOP_E_VALUE, path, key, "expected a string, found %s",
					kind_name(v->kind));
	if (v->len == 0)
		return ferr(err, OCOP_E_VALUE, path, key, "must not be empty");
	return true;
}

/* bizStep / disposition: a CBV 2.0 bare name (lower-case letters and "_") or a URI. */
static bool
check_vocab(const OcopJson *v, const char *path, const char *key, OcopErr *err)
{
	bool		bare = true;

	if (!need_string(v, path, key, err))
		return false;
	if (memchr(v->str, ':', v->len))
		return true;
	for (size_t i = 0; i < v->len; i++)
		if (!((v->str[i] >= 'a' && v->str[i] <= 'z') || v->str[i] == '_'))
			bare = false;
	if (!bare)
		return ferr(err, OCOP_E_VALUE, path, key,
					"\"%.*s\" is neither a CBV 2.0 name (lower-case letters and \"_\") nor a URI",
					(int) (v->len > 80 ? 80 : v->len), v->str);
	return true;
}

static bool
check_id_object(const OcopJson *v, const char *path, const char *key, OcopErr *err)
{
	const OcopJson *id;
	char		sub[160];

	if (v->kind != OCOP_JSON_OBJECT)
		return ferr(err, OCOP_E_VALUE, path, key, "expected an object with an \"id\", found %s",
					kind_name(v->kind));
	id = ocop_json_get(v, "id");
	snprintf(sub, sizeof(sub), "%.100s.id", key);
	if (id == NULL)
		return ferr(err, OCOP_E_VALUE, path, sub, "is missing");
	return need_string(id, path, sub, err);
}

static bool
check_string_array(const OcopJson *v, const char *path, const char *key, OcopErr *err)
{
	if (v->kind != OCOP_JSON_ARRAY)
		return ferr(err, OCOP_E_VALUE, path, key, "expected an array of strings, found %s",
					kind_name(v->kind));
	for (size_t i = 0; i < v->count; i++)
	{
		char		sub[160];

		snprintf(sub, sizeof(sub), "%.100s[%zu]", key, i);
		if (!need_string(v->items[i], path, sub, err))
			return false;
	}
	return true;
}

/*
 * An array of objects; required members must be non-empty strings, optional
 * ones strings (or a number for "quantity").
 */
static bool
check_object_array(const OcopJson *v, const char *path, const char *key,
				   const char *const *required, const char *const *optional_str,
				   OcopErr *err)
{
	if (v->kind != OCOP_JSON_ARRAY)
		return ferr(err, OCOP_E_VALUE, path, key, "expected an array of objects, found %s",
					kind_name(v->kind));
	for (size_t i = 0; i < v->count; i++)
	{
		const OcopJson *item = v->items[i];
		char		sub[160];

		snprintf(sub, sizeof(sub), "%.100s[%zu]", key, i);
		if (item->kind != OCOP_JSON_OBJECT)
			return ferr(err, OCOP_E_VALUE, path, sub, "expected an object, found %s",
						kind_name(item->kind));
		for (int r = 0; required && required[r]; r++)
		{
			const OcopJson *f = ocop_json_get(item, required[r]);

			snprintf(sub, sizeof(sub), "%.100s[%zu].%.20s", key, i, required[r]);
			if (f == NULL)
				return ferr(err, OCOP_E_VALUE, path, sub, "is missing");
			if (!need_string(f, path, sub, err))
				return false;
		}
		for (int r = 0; optional_str && optional_str[r]; r++)
		{
			const OcopJson *f = ocop_json_get(item, optional_str[r]);

			snprintf(sub, sizeof(sub), "%.100s[%zu].%.20s", key, i, optional_str[r]);
			if (f && !need_string(f, path, sub, err))
				return false;
		}
		{
			const OcopJson *q = ocop_json_get(item, "quantity");

			snprintf(sub, sizeof(sub), "%.100s[%zu].quantity", key, i);
			if (q && q->kind != OCOP_JSON_NUMBER)
				return ferr(err, OCOP_E_VALUE, path, sub, "expected a number, found %s",
							kind_name(q->kind));
		}
	}
	return true;
}

static bool
check_number(const OcopJson *v, const char *path, const char *key, double lo,
			 double hi, OcopErr *err)
{
	double		d;

	if (v->kind != OCOP_JSON_NUMBER)
		return ferr(err, OCOP_E_VALUE, path, key, "expected a number, found %s",
					kind_name(v->kind));
	d = ocop_json_number_double(v);
	if (!(d >= lo && d <= hi))
		return ferr(err, OCOP_E_RANGE, path, key, "%.*s is out of range: it must be from %g to %g",
					(int) (v->len > 40 ? 40 : v->len), v->str, lo, hi);
	return true;
}

static bool
check_field(const OcopJsonMember *m, const char *path, OcopErr *err)
{
	static const char *const qty_req[] = {"epcClass", NULL};
	static const char *const qty_opt[] = {"uom", NULL};
	static const char *const bt_req[] = {"bizTransaction", NULL};
	static const char *const type_opt[] = {"type", NULL};
	static const char *const src_req[] = {"type", "source", NULL};
	static const char *const dst_req[] = {"type", "destination", NULL};
	const OcopJson *v = m->value;
	char		key[128];

	snprintf(key, sizeof(key), "%.*s", (int) (m->keylen > 100 ? 100 : m->keylen), m->key);

	if (key_is(m, "type"))
	{
		if (!need_string(v, path, key, err))
			return false;
		if (!in_list(v, event_types))
			return ferr(err, OCOP_E_VALUE, path, key,
						"\"%.*s\" is not an EPCIS 2.0 event type (ObjectEvent, AggregationEvent, TransformationEvent, TransactionEvent, AssociationEvent)",
						(int) (v->len > 60 ? 60 : v->len), v->str);
		return true;
	}
	if (key_is(m, "action"))
	{
		if (!need_string(v, path, key, err))
			return false;
		if (!in_list(v, actions))
			return ferr(err, OCOP_E_VALUE, path, key, "must be ADD, OBSERVE or DELETE");
		return true;
	}
	if (key_is(m, "eventTime"))
	{
		if (!need_string(v, path, key, err))
			return false;
		if (!trace_parse_datetime(v->str, v->len, NULL, NULL))
			return ferr(err, OCOP_E_DATETIME, path, key,
						"\"%.*s\" is not an RFC 3339 date-time with an offset (YYYY-MM-DDTHH:MM:SS[.fraction](Z|+HH:MM|-HH:MM), offset at most 14:00)",
						(int) (v->len > 60 ? 60 : v->len), v->str);
		return true;
	}
	if (key_is(m, "eventTimeZoneOffset"))
	{
		int			off;

		if (!need_string(v, path, key, err))
			return false;
		if (!trace_parse_offset(v->str, v->len, &off))
			return ferr(err, OCOP_E_DATETIME, path, key,
						"\"%.*s\" is not a time-zone offset +HH:MM or -HH:MM from -14:00 to +14:00",
						(int) (v->len > 60 ? 60 : v->len), v->str);
		return true;
	}
	if (key_is(m, "bizStep") || key_is(m, "disposition"))
		return check_vocab(v, path, key, err);
	if (key_is(m, "eventID") || key_is(m, "parentID") || key_is(m, "actor") ||
		key_is(m, "lot"))
		return need_string(v, path, key, err);
	if (key_is(m, "place"))
	{
		if (!need_string(v, path, key, err))
			return false;
		if (v->len != 5 || strspn(v->str, "0123456789") < 5)
			return ferr(err, OCOP_E_VALUE, path, key,
						"\"%.*s\" is not a 5-digit GSO commune code",
						(int) (v->len > 60 ? 60 : v->len), v->str);
		return true;
	}
	if (key_is(m, "uom"))
	{
		if (!need_string(v, path, key, err))
			return false;
		if (v->len > 3 || strspn(v->str, "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789") < v->len)
			return ferr(err, OCOP_E_VALUE, path, key,
						"\"%.*s\" is not a UN/ECE Recommendation 20 unit code (1 to 3 upper-case letters or digits)",
						(int) (v->len > 60 ? 60 : v->len), v->str);
		return true;
	}
	if (key_is(m, "quantity"))
		return check_number(v, path, key, 0, 1e300, err);
	if (key_is(m, "lon"))
		return check_number(v, path, key, -180, 180, err);
	if (key_is(m, "lat"))
		return check_number(v, path, key, -90, 90, err);
	if (key_is(m, "readPoint") || key_is(m, "bizLocation"))
		return check_id_object(v, path, key, err);
	if (key_is(m, "epcList") || key_is(m, "childEPCs") ||
		key_is(m, "inputEPCList") || key_is(m, "outputEPCList"))
		return check_string_array(v, path, key, err);
	if (key_is(m, "quantityList") || key_is(m, "childQuantityList") ||
		key_is(m, "inputQuantityList") || key_is(m, "outputQuantityList"))
		return check_object_array(v, path, key, qty_req, qty_opt, err);
	if (key_is(m, "bizTransactionList"))
		return check_object_array(v, path, key, bt_req, type_opt, err);
	if (key_is(m, "sourceList"))
		return check_object_array(v, path, key, src_req, NULL, err);
	if (key_is(m, "destinationList"))
		return check_object_array(v, path, key, dst_req, NULL, err);
	if (m->keylen > 5 && memcmp(m->key, "ocop:", 5) == 0)
	{
		for (int i = 0; ocop_fields[i]; i++)
			if (m->keylen - 5 == strlen(ocop_fields[i]) &&
				memcmp(m->key + 5, ocop_fields[i], m->keylen - 5) == 0)
				return ferr(err, OCOP_E_VALUE, path, key,
							"is reserved for EPCIS documents: write \"%s\" in a chain", ocop_fields[i]);
		if (key_is(m, "ocop:hash"))
			return ferr(err, OCOP_E_VALUE, path, key,
						"is reserved for EPCIS documents: write \"hash\" in a chain");
	}
	/* anything else is kept verbatim */
	return true;
}

static OcopJson *
make_string(const char *s, size_t len)
{
	OcopJson   *v = palloc0(sizeof(OcopJson));
	char	   *copy = palloc(len + 1);

	memcpy(copy, s, len);
	copy[len] = '\0';
	v->kind = OCOP_JSON_STRING;
	v->str = copy;
	v->len = len;
	return v;
}

/*
 * Validate and normalize an event in place: remove "hash" (returned in
 * given/has_given), add the defaults (type ObjectEvent with action OBSERVE,
 * eventTimeZoneOffset from eventTime), check every known field, sort.
 */
static bool
normalize_event(OcopJson *ev, const char *path,
				uint8_t given[TRACE_HASH_BYTES], bool *has_given, OcopErr *err)
{
	OcopJsonMember *members;
	size_t		n = 0;
	const OcopJson *type = NULL,
			   *action = NULL,
			   *time = NULL,
			   *tzo = NULL,
			   *lon = NULL,
			   *lat = NULL;

	*has_given = false;
	if (ev->kind != OCOP_JSON_OBJECT)
		return ocop_err_set(err, OCOP_E_VALUE, "Event %s: expected a JSON object, found %s.",
							path, kind_name(ev->kind));
	if (json_depth(ev) > TRACE_MAX_EVENT_DEPTH)
		return ocop_err_set(err, OCOP_E_LIMIT, "Event %s: nesting is deeper than the limit of %d levels.",
							path, TRACE_MAX_EVENT_DEPTH);
	members = palloc(sizeof(OcopJsonMember) * (ev->count + 3));
	for (size_t i = 0; i < ev->count; i++)
	{
		const OcopJsonMember *m = &ev->members[i];

		if (key_is(m, "hash"))
		{
			const OcopJson *h = m->value;

			if (h->kind != OCOP_JSON_STRING || h->len != 64)
				return ferr(err, OCOP_E_SYNTAX, path, "hash",
							"expected 64 hexadecimal digits (the SHA-256 of the event)");
			for (int k = 0; k < TRACE_HASH_BYTES; k++)
			{
				int			hi = ocop_hex_value((unsigned char) h->str[2 * k]),
							lo = ocop_hex_value((unsigned char) h->str[2 * k + 1]);

				if (hi < 0 || lo < 0)
					return ferr(err, OCOP_E_SYNTAX, path, "hash",
								"expected 64 hexadecimal digits (the SHA-256 of the event)");
				given[k] = (uint8_t) (hi * 16 + lo);
			}
			*has_given = true;
			continue;
		}
		if (!check_field(m, path, err))
			return false;
		if (key_is(m, "type"))
			type = m->value;
		else if (key_is(m, "action"))
			action = m->value;
		else if (key_is(m, "eventTime"))
			time = m->value;
		else if (key_is(m, "eventTimeZoneOffset"))
			tzo = m->value;
		else if (key_is(m, "lon"))
			lon = m->value;
		else if (key_is(m, "lat"))
			lat = m->value;
		members[n++] = *m;
	}
	if (time == NULL)
		return ferr(err, OCOP_E_VALUE, path, "eventTime", "is missing (every event needs one)");
	if ((lon == NULL) != (lat == NULL))
		return ferr(err, OCOP_E_VALUE, path, lon ? "lat" : "lon",
					"is missing: give both lon and lat, or neither");
	if (type == NULL)
	{
		members[n].key = "type";
		members[n].keylen = 4;
		members[n++].value = make_string("ObjectEvent", 11);
		if (action == NULL)
		{
			members[n].key = "action";
			members[n].keylen = 6;
			members[n++].value = make_string("OBSERVE", 7);
		}
	}
	if (tzo == NULL)
	{
		/* the offset written in eventTime ("Z" is +00:00) */
		const char *z = time->str + time->len - 6;
		bool		utc = time->str[time->len - 1] == 'Z' || time->str[time->len - 1] == 'z';

		members[n].key = "eventTimeZoneOffset";
		members[n].keylen = 19;
		members[n++].value = utc ? make_string("+00:00", 6) : make_string(z, 6);
	}
	ev->members = members;
	ev->count = n;
	if (!ocop_json_sort_members(ev))
		return ocop_err_set(err, OCOP_E_VALUE, "Event %s: duplicate field.", path);
	return true;
}

/* ------------------------------------------------------------------------
 * Builder
 */
void
trace_builder_init(TraceBuilder *b, const TraceHasher *hasher)
{
	char		hdr[TRACE_HEADER_BYTES] = {TRACE_FORMAT_VERSION, 0, 0, 0, 0, 0, 0, 0};

	initStringInfo(&b->buf);
	appendBinaryStringInfo(&b->buf, hdr, sizeof(hdr));
	b->nevents = 0;
	memset(b->head, 0, sizeof(b->head));
	b->hasher = hasher;
}

void
trace_builder_free(TraceBuilder *b)
{
	pfree(b->buf.data);
	b->buf.data = NULL;
}

bool
trace_builder_copy(TraceBuilder *b, const TraceView *v, OcopErr *err)
{
	TraceEntry	last;

	resetStringInfo(&b->buf);
	/* v was opened, so v->len <= TRACE_MAX_CHAIN_BYTES, far below MaxAllocSize */
	appendBinaryStringInfo(&b->buf, (const char *) v->data, (int) v->len);
	b->nevents = v->nevents;
	if (v->nevents > 0 && trace_view_entry(v, v->nevents - 1, &last))
		memcpy(b->head, last.hash, TRACE_HASH_BYTES);
	else
		memset(b->head, 0, TRACE_HASH_BYTES);
	(void) err;
	return true;
}

/* Append canonical bytes with a given (checked) hash. */
static bool
builder_append(TraceBuilder *b, const char *json, size_t len,
			   const uint8_t hash[TRACE_HASH_BYTES], OcopErr *err)
{
	uint8_t		lenbytes[4];

	if (b->nevents >= TRACE_MAX_EVENTS)
		return ocop_err_set(err, OCOP_E_LIMIT, "A chain holds at most %d events.", TRACE_MAX_EVENTS);
	/* checked before appending: the buffer stays below TRACE_MAX_CHAIN_BYTES */
	if ((size_t) b->buf.len + TRACE_ENTRY_OVERHEAD + len > TRACE_MAX_CHAIN_BYTES)
		return ocop_err_set(err, OCOP_E_LIMIT, "A chain is at most %d bytes long.", TRACE_MAX_CHAIN_BYTES);
	put_u32(lenbytes, (uint32_t) len);
	appendBinaryStringInfo(&b->buf, (const char *) lenbytes, 4);
	appendBinaryStringInfo(&b->buf, (const char *) hash, TRACE_HASH_BYTES);
	appendBinaryStringInfo(&b->buf, json, (int) len);
	b->nevents++;
	put_u32((uint8_t *) b->buf.data + 4, b->nevents);
	memcpy(b->head, hash, TRACE_HASH_BYTES);
	return true;
}

/*
 * The length of ocop_json_write's output for v (its escaping rules, see
 * json_core.h), exact, so that the limit message gives it: canonical_bytes checks
 * the event limit before writing, so that the buffer never nears the 1 GB
 * a StringInfo can hold (an event parsed from 128 MB of text could write
 * far more: "1e-1000" is 1,003 bytes in canonical form).
 */
static size_t
canonical_size(const OcopJson *v)
{
	size_t		n = 0;

	switch (v->kind)
	{
		case OCOP_JSON_NULL:
		case OCOP_JSON_TRUE:
			return 4;
		case OCOP_JSON_FALSE:
			return 5;
		case OCOP_JSON_NUMBER:
			return v->len;
		case OCOP_JSON_STRING:
			n = 2;
			for (size_t i = 0; i < v->len; i++)
			{
				unsigned char c = (unsigned char) v->str[i];

				if (c == '"' || c == '\\' || c == '\b' || c == '\f' || c == '\n' ||
					c == '\r' || c == '\t')
					n += 2;
				else if (c < 0x20)
					n += 6;
				else
					n++;
			}
			return n;
		case OCOP_JSON_ARRAY:
			n = 2;
			for (size_t i = 0; i < v->count; i++)
				n += (i ? 1 : 0) + canonical_size(v->items[i]);
			return n;
		case OCOP_JSON_OBJECT:
			n = 2;
			for (size_t i = 0; i < v->count; i++)
			{
				OcopJson	key = {OCOP_JSON_STRING, v->members[i].key, v->members[i].keylen, 0, NULL, NULL};

				n += (i ? 1 : 0) + canonical_size(&key) + 1 +
					canonical_size(v->members[i].value);
			}
			return n;
	}
	return n;
}

/* Canonical bytes of a normalized event into out (reset first). */
static bool
canonical_bytes(const OcopJson *ev, StringInfo out, const char *path, OcopErr *err)
{
	size_t		size = canonical_size(ev);

	if (size > TRACE_MAX_EVENT_BYTES)
		return ocop_err_set(err, OCOP_E_LIMIT,
							"Event %s: its canonical form is %zu bytes long; the limit is %d bytes.",
							path, size, TRACE_MAX_EVENT_BYTES);
	resetStringInfo(out);
	ocop_json_write(out, ev);
	return true;
}

bool
trace_builder_add(TraceBuilder *b, OcopJson *event, const char *path, OcopErr *err)
{
	uint8_t		given[TRACE_HASH_BYTES];
	uint8_t		hash[TRACE_HASH_BYTES];
	bool		has_given;
	StringInfoData canon;
	bool		ok;

	if (!normalize_event(event, path, given, &has_given, err))
		return false;
	initStringInfo(&canon);
	ok = canonical_bytes(event, &canon, path, err);
	if (ok && !b->hasher->fn(b->nevents ? b->head : zero_hash,
							 (const uint8_t *) canon.data, canon.len, hash, b->hasher->arg))
		ok = ocop_err_set(err, OCOP_E_NOMEM, "SHA-256 computation failed");
	if (ok && has_given && memcmp(given, hash, TRACE_HASH_BYTES) != 0)
	{
		char		gh[65],
					ch[65];

		ocop_hex_encode(given, TRACE_HASH_BYTES, gh);
		ocop_hex_encode(hash, TRACE_HASH_BYTES, ch);
		ok = ocop_err_set(err, OCOP_E_HASH,
						  "Event %s (event %u of the chain): the given hash %s does not match the computed hash %s.",
						  path, b->nevents + 1, gh, ch);
	}
	if (ok)
		ok = builder_append(b, canon.data, canon.len, hash, err);
	pfree(canon.data);
	return ok;
}

/* Parse limits for an event inside k levels of envelope (k = 0..5). */
static const OcopJsonLimits parse_limits[6] = {
	{TRACE_MAX_INPUT_BYTES, TRACE_MAX_EVENT_DEPTH + 0, TRACE_MAX_STRING_BYTES},
	{TRACE_MAX_INPUT_BYTES, TRACE_MAX_EVENT_DEPTH + 1, TRACE_MAX_STRING_BYTES},
	{TRACE_MAX_INPUT_BYTES, TRACE_MAX_EVENT_DEPTH + 2, TRACE_MAX_STRING_BYTES},
	{TRACE_MAX_INPUT_BYTES, TRACE_MAX_EVENT_DEPTH + 3, TRACE_MAX_STRING_BYTES},
	{TRACE_MAX_INPUT_BYTES, TRACE_MAX_EVENT_DEPTH + 4, TRACE_MAX_STRING_BYTES},
	{TRACE_MAX_INPUT_BYTES, TRACE_MAX_EVENT_DEPTH + 5, TRACE_MAX_STRING_BYTES},
};

static const OcopJsonLimits *
limits_for(int envelope_depth)
{
	return &parse_limits[envelope_depth];
}

bool
trace_parse_text(TraceBuilder *b, const char *text, size_t len, OcopErr *err)
{
	OcopJson   *root;
	bool		ok = true;

	root = ocop_json_parse(text, len, limits_for(1), "$", err);
	if (root == NULL)
		ok = false;
	else if (root->kind != OCOP_JSON_ARRAY)
		ok = ocop_err_set(err, OCOP_E_SYNTAX,
						  "A trace_chain is a JSON array of event objects, not %s.", kind_name(root->kind));
	else if (root->count > TRACE_MAX_EVENTS)
		ok = ocop_err_set(err, OCOP_E_LIMIT, "The array has %zu events; a chain holds at most %d.",
						  root->count, TRACE_MAX_EVENTS);
	for (size_t i = 0; ok && i < root->count; i++)
	{
		char		path[32];

		snprintf(path, sizeof(path), "$[%zu]", i);
		ok = trace_builder_add(b, root->items[i], path, err);
	}
	return ok;
}

bool
trace_parse_event(TraceBuilder *b, const char *text, size_t len, OcopErr *err)
{
	OcopJson   *root;

	root = ocop_json_parse(text, len, limits_for(0), "$", err);
	return root != NULL && trace_builder_add(b, root, "$", err);
}

/* ------------------------------------------------------------------------
 * EPCIS import
 */
static bool
not_epcis(OcopErr *err, const char *what)
{
	return ocop_err_set(err, OCOP_E_VALUE,
						"Not an EPCIS 2.0 document: %s (expected an EPCISDocument with epcisBody.eventList or an EPCISQueryDocument with epcisBody.queryResults.resultsBody.eventList).",
						what);
}

/* ocop:<field> -> <field>; ocop:hash -> hash. */
static bool
epcis_unprefix(OcopJson *ev, const char *path, OcopErr *err)
{
	if (ev->kind != OCOP_JSON_OBJECT)
		return ocop_err_set(err, OCOP_E_VALUE, "Event %s: expected a JSON object, found %s.",
							path, kind_name(ev->kind));
	for (size_t i = 0; i < ev->count; i++)
	{
		OcopJsonMember *m = &ev->members[i];

		if (m->keylen > 5 && memcmp(m->key, "ocop:", 5) == 0)
		{
			const char *name = m->key + 5;
			size_t		nlen = m->keylen - 5;
			bool		known = nlen == 4 && memcmp(name, "hash", 4) == 0;

			for (int k = 0; !known && ocop_fields[k]; k++)
				known = nlen == strlen(ocop_fields[k]) && memcmp(name, ocop_fields[k], nlen) == 0;
			if (!known)
				continue;
			for (size_t j = 0; j < ev->count; j++)
				if (ev->members[j].keylen == nlen && memcmp(ev->members[j].key, name, nlen) == 0)
					return ocop_err_set(err, OCOP_E_VALUE,
										"Event %s: both \"ocop:%.*s\" and \"%.*s\" are given.",
										path, (int) nlen, name, (int) nlen, name);
			m->key = name;
			m->keylen = nlen;
		}
	}
	return true;
}

bool
trace_parse_epcis(TraceBuilder *b, const char *text, size_t len, OcopErr *err)
{
	OcopJson   *root;
	const OcopJson *type,
			   *body,
			   *list = NULL;
	const char *list_path = NULL;
	bool		ok = true;

	root = ocop_json_parse(text, len, limits_for(5), "$", err);
	if (root == NULL)
		return false;
	if (root->kind != OCOP_JSON_OBJECT)
		ok = not_epcis(err, "the value is not a JSON object");
	else if ((type = ocop_json_get(root, "type")) == NULL || type->kind != OCOP_JSON_STRING)
		ok = not_epcis(err, "$.type is missing");
	else if ((body = ocop_json_get(root, "epcisBody")) == NULL || body->kind != OCOP_JSON_OBJECT)
		ok = not_epcis(err, "$.epcisBody is missing");
	else if (str_is(type, "EPCISDocument"))
	{
		list = ocop_json_get(body, "eventList");
		list_path = "$.epcisBody.eventList";
	}
	else if (str_is(type, "EPCISQueryDocument"))
	{
		const OcopJson *qr = ocop_json_get(body, "queryResults");
		const OcopJson *rb = qr ? ocop_json_get(qr, "resultsBody") : NULL;

		list = rb ? ocop_json_get(rb, "eventList") : NULL;
		list_path = "$.epcisBody.queryResults.resultsBody.eventList";
	}
	else
		ok = not_epcis(err, "$.type is neither \"EPCISDocument\" nor \"EPCISQueryDocument\"");
	if (ok && (list == NULL || list->kind != OCOP_JSON_ARRAY))
		ok = ocop_err_set(err, OCOP_E_VALUE, "Not an EPCIS 2.0 document: %s is missing or not an array.",
						  list_path);
	if (ok && list->count > TRACE_MAX_EVENTS)
		ok = ocop_err_set(err, OCOP_E_LIMIT, "The eventList has %zu events; a chain holds at most %d.",
						  list->count, TRACE_MAX_EVENTS);
	for (size_t i = 0; ok && i < list->count; i++)
	{
		char		path[80];

		snprintf(path, sizeof(path), "%s[%zu]", list_path, i);
		ok = epcis_unprefix(list->items[i], path, err) &&
			trace_builder_add(b, list->items[i], path, err);
	}
	return ok;
}

/* ------------------------------------------------------------------------
 * Stored form
 */
void
trace_iter_init(TraceIter *it, const TraceView *v)
{
	it->view = v;
	it->off = TRACE_HEADER_BYTES;
	it->index = 0;
}

bool
trace_iter_next(TraceIter *it, TraceEntry *e)
{
	const TraceView *v = it->view;
	uint32_t	len;

	if (it->index >= v->nevents || v->len - it->off < TRACE_ENTRY_OVERHEAD)
		return false;
	len = get_u32(v->data + it->off);
	if (len > v->len - it->off - TRACE_ENTRY_OVERHEAD)
		return false;
	e->hash = v->data + it->off + 4;
	e->json = (const char *) v->data + it->off + TRACE_ENTRY_OVERHEAD;
	e->len = len;
	it->off += TRACE_ENTRY_OVERHEAD + len;
	it->index++;
	return true;
}

bool
trace_view_entry(const TraceView *v, uint32_t i, TraceEntry *e)
{
	TraceIter	it;

	trace_iter_init(&it, v);
	while (trace_iter_next(&it, e))
		if (it.index == i + 1)
			return true;
	return false;
}

bool
trace_view_open(TraceView *v, const uint8_t *data, size_t len, bool full,
				const TraceHasher *hasher, OcopErr *err)
{
	TraceIter	it;
	TraceEntry	e;
	uint32_t	n;
	bool		ok = true;

	err->code = OCOP_E_OK;
	if (len < TRACE_HEADER_BYTES)
		return ocop_err_set(err, OCOP_E_BINARY, "The value is %zu bytes long; a trace_chain has an %d-byte header.",
							len, TRACE_HEADER_BYTES);
	if (data[0] != TRACE_FORMAT_VERSION)
		return ocop_err_set(err, OCOP_E_BINARY, "Unknown format version %d (this version reads version %d).",
							data[0], TRACE_FORMAT_VERSION);
	if (data[1] != 0 || data[2] != 0 || data[3] != 0)
		return ocop_err_set(err, OCOP_E_BINARY, "Flags and reserved header bytes must be zero.");
	if (len > TRACE_MAX_CHAIN_BYTES)
		return ocop_err_set(err, OCOP_E_LIMIT, "A chain is at most %d bytes long.", TRACE_MAX_CHAIN_BYTES);
	n = get_u32(data + 4);
	if (n > TRACE_MAX_EVENTS)
		return ocop_err_set(err, OCOP_E_LIMIT, "The value claims %u events; a chain holds at most %d.",
							n, TRACE_MAX_EVENTS);
	v->data = data;
	v->len = len;
	v->nevents = n;
	trace_iter_init(&it, v);
	while (trace_iter_next(&it, &e))
	{
		/* every event is a JSON object: cheap to check, and output relies on it */
		if (e.len < 2 || e.json[0] != '{' || e.json[e.len - 1] != '}')
			return ocop_err_set(err, OCOP_E_BINARY, "Event %u of %u is not a JSON object.",
								it.index, n);
	}
	if (it.index != n || it.off != len)
		return ocop_err_set(err, OCOP_E_BINARY,
							"Event %u of %u is truncated or the value has trailing bytes.",
							it.index + 1 > n ? n : it.index + 1, n);
	if (!full)
		return true;

	/* Rebuild from the events and compare every byte and hash. */
	{
		TraceBuilder b;
		OcopScratch scratch;

		trace_builder_init(&b, hasher);
		ocop_scratch_begin(&scratch);
		trace_iter_init(&it, v);
		while (ok && trace_iter_next(&it, &e))
		{
			OcopJson   *ev;
			char		path[32];
			const uint8_t *ent;

			snprintf(path, sizeof(path), "$[%u]", it.index - 1);
			if (e.len > TRACE_MAX_EVENT_BYTES)
				ok = ocop_err_set(err, OCOP_E_LIMIT, "Event %s is %u bytes long; the limit is %d bytes.",
								  path, e.len, TRACE_MAX_EVENT_BYTES);
			else if ((ev = ocop_json_parse(e.json, e.len, limits_for(0), path, err)) == NULL)
				ok = false;
			else if (ocop_json_get(ev, "hash") != NULL)
				ok = ocop_err_set(err, OCOP_E_BINARY, "Event %s: a stored event has no \"hash\" field.", path);
			else if (trace_builder_add(&b, ev, path, err))
			{
				ent = (const uint8_t *) b.buf.data + b.buf.len - e.len - TRACE_HASH_BYTES;
				if ((size_t) b.buf.len != it.off ||
					memcmp(ent + TRACE_HASH_BYTES, e.json, e.len) != 0)
					ok = ocop_err_set(err, OCOP_E_BINARY, "Event %s is not in canonical form.", path);
				else if (memcmp(ent, e.hash, TRACE_HASH_BYTES) != 0)
					ok = ocop_err_set(err, OCOP_E_BINARY,
									  "Event %s: the stored hash does not match the hash computed from the events.", path);
			}
			else
				ok = false;
			ocop_scratch_reset(&scratch);
		}
		ocop_scratch_end(&scratch);
		trace_builder_free(&b);
	}
	/* whatever was wrong with the bytes, it is a bad binary value */
	if (!ok && err->code != OCOP_E_LIMIT)
		err->code = OCOP_E_BINARY;
	return ok;
}

bool
trace_view_verify(const TraceView *v, const TraceHasher *hasher)
{
	TraceIter	it;
	TraceEntry	e;
	uint8_t		prev[TRACE_HASH_BYTES];
	uint8_t		h[TRACE_HASH_BYTES];

	memset(prev, 0, sizeof(prev));
	trace_iter_init(&it, v);
	while (trace_iter_next(&it, &e))
	{
		if (!hasher->fn(prev, (const uint8_t *) e.json, e.len, h, hasher->arg) ||
			memcmp(h, e.hash, TRACE_HASH_BYTES) != 0)
			return false;
		memcpy(prev, h, sizeof(prev));
	}
	return it.index == v->nevents;
}

/* ------------------------------------------------------------------------
 * Text output
 */
void
trace_write_event(StringInfo out, const TraceEntry *e)
{
	char		hex[2 * TRACE_HASH_BYTES + 1];

	ocop_hex_encode(e->hash, TRACE_HASH_BYTES, hex);
	/* canonical JSON is "{...}" with at least one member */
	appendBinaryStringInfo(out, e->json, e->len - 1);
	if (e->len > 2)
		appendStringInfoChar(out, ',');
	appendStringInfoString(out, "\"hash\":\"");
	appendStringInfoString(out, hex);
	appendStringInfoString(out, "\"}");
}

void
trace_write_text(StringInfo out, const TraceView *v)
{
	TraceIter	it;
	TraceEntry	e;

	appendStringInfoChar(out, '[');
	trace_iter_init(&it, v);
	while (trace_iter_next(&it, &e))
	{
		if (it.index > 1)
			appendStringInfoString(out, ", ");
		trace_write_event(out, &e);
	}
	appendStringInfoChar(out, ']');
}

OcopJson *
trace_entry_parse(const TraceEntry *e, OcopErr *err)
{
	return ocop_json_parse(e->json, e->len, limits_for(0), "$", err);
}

/* ------------------------------------------------------------------------
 * EPCIS export
 */
/* One stored event as an EPCIS event object, its eventID (when given) last. */
static void
write_epcis_event(StringInfo out, const OcopJson *ev, const TraceEntry *e, const char *id)
{
	bool		first = true;

	appendStringInfoChar(out, '{');
	for (size_t i = 0; i < ev->count; i++)
	{
		const OcopJsonMember *m = &ev->members[i];

		if (id != NULL && key_is(m, "eventID"))
			continue;			/* replaced by the given one */
		if (!first)
			appendStringInfoChar(out, ',');
		first = false;
		if (trace_is_ocop_field(m->key, m->keylen))
		{
			appendStringInfoString(out, "\"" TRACE_EPCIS_OCOP_PREFIX ":");
			appendBinaryStringInfo(out, m->key, m->keylen);
			appendStringInfoChar(out, '"');
		}
		else
			ocop_json_write_string(out, m->key, m->keylen);
		appendStringInfoChar(out, ':');
		ocop_json_write(out, m->value);
	}
	if (!first)
		appendStringInfoChar(out, ',');
	if (id != NULL)
	{
		appendStringInfoString(out, "\"eventID\":\"");
		appendStringInfoString(out, id);
	}
	else
	{
		char		hex[2 * TRACE_HASH_BYTES + 1];

		ocop_hex_encode(e->hash, TRACE_HASH_BYTES, hex);
		appendStringInfoString(out, "\"" TRACE_EPCIS_OCOP_PREFIX ":hash\":\"");
		appendStringInfoString(out, hex);
	}
	appendStringInfoString(out, "\"}");
}

bool
trace_write_epcis_doc(StringInfo out, const TraceView *v, const char *creation_date,
					  TraceEventIdFn event_id, void *arg, OcopErr *err)
{
	TraceIter	it;
	TraceEntry	e;
	OcopScratch scratch;
	bool		ok = true;

	appendStringInfoString(out, "{\"@context\":[\"" TRACE_EPCIS_CONTEXT "\",{\""
					 TRACE_EPCIS_OCOP_PREFIX "\":\"" TRACE_EPCIS_OCOP_IRI "\"}],"
					 "\"type\":\"EPCISDocument\",\"schemaVersion\":\"2.0\",\"creationDate\":");
	ocop_json_write_string(out, creation_date, strlen(creation_date));
	appendStringInfoString(out, ",\"epcisBody\":{\"eventList\":[");
	ocop_scratch_begin(&scratch);
	trace_iter_init(&it, v);
	while (ok && trace_iter_next(&it, &e))
	{
		OcopJson   *ev;
		char		id[TRACE_EVENT_ID_MAX];

		if (event_id != NULL && !event_id(&e, it.index, id, arg, err))
		{
			ok = false;
			break;
		}
		ev = trace_entry_parse(&e, err);
		if (ev == NULL || ev->kind != OCOP_JSON_OBJECT)
			ok = ev == NULL ? false : ocop_err_set(err, OCOP_E_BINARY, "stored event is not an object");
		else
		{
			if (it.index > 1)
				appendStringInfoChar(out, ',');
			write_epcis_event(out, ev, &e, event_id != NULL ? id : NULL);
		}
		ocop_scratch_reset(&scratch);
	}
	ocop_scratch_end(&scratch);
	appendStringInfoString(out, "]}}");
	return ok;
}

bool
trace_write_epcis(StringInfo out, const TraceView *v, const char *creation_date,
				  OcopErr *err)
{
	return trace_write_epcis_doc(out, v, creation_date, NULL, NULL, err);
}

/* ------------------------------------------------------------------------
 * Containment and GIN keys
 */
static bool
scalar_key(StringInfo k, const OcopJson *v)
{
	switch (v->kind)
	{
		case OCOP_JSON_STRING:
			appendStringInfoChar(k, 's');
			appendBinaryStringInfo(k, v->str, v->len);
			return true;
		case OCOP_JSON_NUMBER:
			appendStringInfoChar(k, 'n');
			appendBinaryStringInfo(k, v->str, ocop_json_number_cmp_len(v->str, v->len));
			return true;
		case OCOP_JSON_TRUE:
			appendStringInfoChar(k, 't');
			return true;
		case OCOP_JSON_FALSE:
			appendStringInfoChar(k, 'f');
			return true;
		case OCOP_JSON_NULL:
			appendStringInfoChar(k, 'z');
			return true;
		default:
			return false;
	}
}

static void
emit_scalar(StringInfo k, size_t prefix, const OcopJson *v, TraceKeyFn emit, void *arg)
{
	k->len = (int) prefix;
	k->data[k->len] = '\0';
	if (scalar_key(k, v))
		emit(k->data, k->len, arg);
}

/* The key of a member of an object nested one level: the field's key prefix
 * (base bytes of k), the tag, the member's key, NUL, then its scalar. */
static void
emit_member(StringInfo k, size_t base, char tag, const OcopJsonMember *m,
			TraceKeyFn emit, void *arg)
{
	k->len = (int) base;
	appendStringInfoChar(k, tag);
	appendBinaryStringInfo(k, m->key, m->keylen);
	appendStringInfoChar(k, '\0');
	emit_scalar(k, k->len, m->value, emit, arg);
}

void
trace_event_keys(const OcopJson *event, TraceKeyFn emit, void *arg, StringInfo k)
{
	if (event->kind != OCOP_JSON_OBJECT)
		return;
	for (size_t i = 0; i < event->count; i++)
	{
		const OcopJsonMember *m = &event->members[i];
		const OcopJson *v = m->value;
		size_t		base;

		resetStringInfo(k);
		appendBinaryStringInfo(k, m->key, m->keylen);
		base = k->len;
		if (v->kind == OCOP_JSON_ARRAY)
		{
			for (size_t j = 0; j < v->count; j++)
			{
				const OcopJson *item = v->items[j];

				if (item->kind == OCOP_JSON_OBJECT)
				{
					for (size_t q = 0; q < item->count; q++)
						emit_member(k, base, '\2', &item->members[q], emit, arg);
				}
				else
				{
					k->len = (int) base;
					appendStringInfoChar(k, '\1');
					emit_scalar(k, base + 1, item, emit, arg);
				}
			}
		}
		else if (v->kind == OCOP_JSON_OBJECT)
		{
			for (size_t q = 0; q < v->count; q++)
				emit_member(k, base, '\3', &v->members[q], emit, arg);
		}
		else
		{
			appendStringInfoChar(k, '\0');
			emit_scalar(k, base + 1, v, emit, arg);
		}
	}
}

OcopJson *
trace_query_parse(const char *text, size_t len, OcopErr *err)
{
	OcopJson   *q = ocop_json_parse(text, len, limits_for(0), "$", err);

	if (q != NULL && q->kind != OCOP_JSON_OBJECT)
	{
		ocop_err_set(err, OCOP_E_VALUE,
					 "The right operand of trace_chain @> jsonb must be a JSON object of event fields, not %s.",
					 kind_name(q->kind));
		return NULL;
	}
	return q;
}

bool
trace_contains(const TraceView *v, const OcopJson *query, OcopErr *err)
{
	TraceIter	it;
	TraceEntry	e;
	OcopScratch scratch;
	bool		found = false;

	err->code = OCOP_E_OK;
	ocop_scratch_begin(&scratch);
	trace_iter_init(&it, v);
	while (!found && trace_iter_next(&it, &e))
	{
		OcopJson   *ev;

		ev = trace_entry_parse(&e, err);
		if (ev != NULL)
			found = ocop_json_contains(ev, query);
		ocop_scratch_reset(&scratch);
		if (ev == NULL)
			break;
	}
	ocop_scratch_end(&scratch);
	return found;
}

/* ------------------------------------------------------------------------
 * Event hash IDs (epcis_hash_core.c): the keys trace_to_epcis writes as
 * "ocop:<key>".
 */
bool
trace_is_ocop_field(const char *key, size_t len)
{
	for (int k = 0; ocop_fields[k]; k++)
		if (len == strlen(ocop_fields[k]) && memcmp(key, ocop_fields[k], len) == 0)
			return true;
	return false;
}

/* ------------------------------------------------------------------------
 * The chain's SHA-256 on PostgreSQL's cryptohash (see trace_chain_core.h).
 */
bool
trace_sha256(const uint8_t prev[TRACE_HASH_BYTES], const uint8_t *data, size_t len,
			 uint8_t out[TRACE_HASH_BYTES], void *arg)
{
	TraceSha256 *s = (TraceSha256 *) arg;
	pg_cryptohash_ctx *ctx = s ? s->ctx : NULL;
	bool		ok;

	if (ctx == NULL)
	{
		ctx = pg_cryptohash_create(PG_SHA256);
		if (ctx == NULL)
			return false;
		if (s)
			s->ctx = ctx;
	}
	ok = pg_cryptohash_init(ctx) == 0 &&
		pg_cryptohash_update(ctx, prev, TRACE_HASH_BYTES) == 0 &&
		pg_cryptohash_update(ctx, data, len) == 0 &&
		pg_cryptohash_final(ctx, out, TRACE_HASH_BYTES) == 0;
	if (s == NULL)
		pg_cryptohash_free(ctx);
	return ok;
}

const TraceHasher trace_sha256_hasher = {trace_sha256, NULL};

void
trace_sha256_begin(TraceSha256 *s)
{
	s->h.fn = trace_sha256;
	s->h.arg = s;
	s->ctx = NULL;
}

void
trace_sha256_end(TraceSha256 *s)
{
	if (s->ctx)
		pg_cryptohash_free(s->ctx);
	s->ctx = NULL;
}
