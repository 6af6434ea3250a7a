/*
 * ocop_star.c -- fmgr layer of the ocop_star type (an OCOP star tier, 1 to
 * 5, stored in one byte, passed by value).  Parsing and labels live in
 * ocop_star_core.c; this file only turns their results into Datums and
 * ereports.
 *
 * On-disk, wire and hash formats (never change them):
 *   - the Datum and the stored byte hold the tier itself, 1..5;
 *   - binary send/recv: that one byte;
 *   - hash: hashint4(tier), extended hash: hashint4extended(tier, seed), so
 *     that hash partitions and Citus shards of an ocop_star column are the
 *     ones of star::integer.
 */
#include "postgres.h"

#include "catalog/pg_type.h"
#include "common/hashfn.h"
#include "fmgr.h"
#include "libpq/pqformat.h"
#include "catalog/namespace.h"
#include "mb/pg_wchar.h"
#include "utils/array.h"
#include "utils/builtins.h"

#include "ocop_star_core.h"
#include "ocop_fmgr.h"

#define DatumGetOcopStar(d)		((uint8) DatumGetUInt8(d))
#define OcopStarGetDatum(v)		UInt8GetDatum(v)
#define PG_GETARG_OCOP_STAR(n)	DatumGetOcopStar(PG_GETARG_DATUM(n))
#define PG_RETURN_OCOP_STAR(v)	return OcopStarGetDatum(v)

/*
 * A mark (UTF-8) in the database encoding, or length 0 where the encoding
 * has no such character.  Converted once per backend.
 */
static const char *
server_mark(const char *utf8, size_t *len)
{
	static char cache[2][8];
	static int	cached_len[2] = {-1, -1};
	int			k = (utf8[2] == '\x85') ? 0 : 1;

	if (cached_len[k] < 0)
	{
		unsigned char out[8 * MAX_CONVERSION_GROWTH];
		Oid			proc = FindDefaultConversionProc(PG_UTF8, GetDatabaseEncoding());
		int			used = 0;

		if (OidIsValid(proc))
			used = pg_do_encoding_conversion_buf(proc, PG_UTF8, GetDatabaseEncoding(),
												 (unsigned char *) utf8, 3,
												 out, sizeof(out), true);
		if (used == 3 && strlen((char *) out) < sizeof(cache[k]))
		{
			strcpy(cache[k], (char *) out);
			cached_len[k] = (int) strlen(cache[k]);
		}
		else
			cached_len[k] = 0;
	}
	*len = (size_t) cached_len[k];
	return cache[k];
}

/*
 * The parser reads UTF-8.  In a UTF-8 (or SQL_ASCII) database the text is
 * used as is.  In any other encoding the ★ forms work wherever the database
 * encoding has ★: the text is rewritten to UTF-8 character by character,
 * ASCII as is, the encoding's ★ and ☆ as the UTF-8 marks, and any other
 * character as U+FFFD, which no text form contains (the parser only looks
 * at ASCII and at the two marks, so its verdict is the one it would give
 * on the character itself).  Unlike a conversion of the whole text, this
 * never raises for a character without a UTF-8 equivalent, so bad input is
 * always reported as the type's own error (soft, where asked).
 */
static const char *
to_utf8(const char *str, size_t *len)
{
	int			enc = GetDatabaseEncoding();
	static const char black_utf8[] = "\xE2\x98\x85";
	static const char white_utf8[] = "\xE2\x98\x86";
	const char *black;
	const char *white;
	size_t		blen,
				wlen;
	StringInfoData buf;
	size_t		i = 0;

	if (enc == PG_UTF8 || enc == PG_SQL_ASCII)
		return str;
	black = server_mark(black_utf8, &blen);
	white = server_mark(white_utf8, &wlen);
	initStringInfo(&buf);
	while (i < *len)
	{
		size_t		n;

		if ((unsigned char) str[i] < 0x80)
		{
			appendStringInfoChar(&buf, str[i++]);
			continue;
		}
		if (blen > 0 && *len - i >= blen && memcmp(str + i, black, blen) == 0)
		{
			appendStringInfoString(&buf, black_utf8);
			i += blen;
			continue;
		}
		if (wlen > 0 && *len - i >= wlen && memcmp(str + i, white, wlen) == 0)
		{
			appendStringInfoString(&buf, white_utf8);
			i += wlen;
			continue;
		}
		n = (size_t) pg_mblen(str + i);
		i += (n == 0 || n > *len - i) ? *len - i : n;
		appendStringInfoString(&buf, "\xEF\xBF\xBD");
	}
	*len = buf.len;
	return buf.data;
}

/* The label in the database encoding (★ raises 22P05 where it has none). */
static text *
label_to_text(const char *utf8, int len)
{
	int			enc = GetDatabaseEncoding();

	if (enc != PG_UTF8 && enc != PG_SQL_ASCII)
		utf8 = pg_any_to_server(utf8, len, PG_UTF8);
	return cstring_to_text(utf8);
}

/*
 * The core's error details are UTF-8 (they may show ★ and ☆).  Outside a
 * UTF-8 (or SQL_ASCII) database, spell those marks in ASCII so the message
 * is valid in the server encoding.
 */
static const char *
detail_for_server(const char *detail)
{
	int			enc = GetDatabaseEncoding();
	StringInfoData buf;

	if (enc == PG_UTF8 || enc == PG_SQL_ASCII)
		return detail;
	initStringInfo(&buf);
	for (const char *p = detail; *p; p++)
	{
		if (strncmp(p, "\xE2\x98\x85", 3) == 0)
		{
			appendStringInfoString(&buf, "U+2605 (black star)");
			p += 2;
		}
		else if (strncmp(p, "\xE2\x98\x86", 3) == 0)
		{
			appendStringInfoString(&buf, "U+2606 (white star)");
			p += 2;
		}
		else if ((unsigned char) *p < 0x80)
			appendStringInfoChar(&buf, *p);
		else
			appendStringInfoChar(&buf, '?');
	}
	return buf.data;
}

PG_FUNCTION_INFO_V1(ocop_star_in);
Datum
ocop_star_in(PG_FUNCTION_ARGS)
{
	const char *str = PG_GETARG_CSTRING(0);
	size_t		len = strlen(str);
	const char *utf8 = to_utf8(str, &len);
	OcopErr		err;
	int			v;

	if (!ocop_star_parse(utf8, len, &v, &err))
	{
		const char *detail = detail_for_server(err.detail);

		if (detail != err.detail)
			strlcpy(err.detail, detail, sizeof(err.detail));
		ocop_report(OCOP_ESCONTEXT(fcinfo), &err, ERRCODE_INVALID_TEXT_REPRESENTATION,
					"invalid input syntax for type %s: \"%s\"", "ocop_star", str);
		PG_RETURN_NULL();
	}
	PG_RETURN_OCOP_STAR((uint8) v);
}

/* A stored value is always valid, so an invalid one is corruption. */
static uint8
stored_star(Datum d)
{
	uint8		v = DatumGetOcopStar(d);

	if (!ocop_star_is_valid(v))
		elog(ERROR, "corrupt ocop_star value %d", (int) v);
	return v;
}

PG_FUNCTION_INFO_V1(ocop_star_out);
Datum
ocop_star_out(PG_FUNCTION_ARGS)
{
	char		buf[OCOP_STAR_TEXT_MAX];

	ocop_star_format(stored_star(PG_GETARG_DATUM(0)), buf);
	PG_RETURN_CSTRING(pstrdup(buf));
}

/* Binary form: one byte, the tier.  Receive validates like text input. */
PG_FUNCTION_INFO_V1(ocop_star_recv);
Datum
ocop_star_recv(PG_FUNCTION_ARGS)
{
	StringInfo	buf = (StringInfo) PG_GETARG_POINTER(0);
	int			v;

	if (buf->len - buf->cursor != 1)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_BINARY_REPRESENTATION),
				 errmsg("invalid external binary value for type %s", "ocop_star"),
				 errdetail("The binary form is one byte holding the tier, not %d bytes.",
						   buf->len - buf->cursor)));
	v = pq_getmsgbyte(buf);
	if (!ocop_star_is_valid(v))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_BINARY_REPRESENTATION),
				 errmsg("invalid external binary value for type %s: %d", "ocop_star", v),
				 errdetail("The binary form is one byte holding the tier, from 1 to 5.")));
	PG_RETURN_OCOP_STAR((uint8) v);
}

PG_FUNCTION_INFO_V1(ocop_star_send);
Datum
ocop_star_send(PG_FUNCTION_ARGS)
{
	StringInfoData buf;

	pq_begintypsend(&buf);
	pq_sendbyte(&buf, stored_star(PG_GETARG_DATUM(0)));
	PG_RETURN_BYTEA_P(pq_endtypsend(&buf));
}

/* Comparison operators, min/max support and sortsupport. */
OCOP_DEFINE_SCALAR_COMPARISONS(ocop_star, uint8, PG_GETARG_OCOP_STAR, DatumGetOcopStar)

/*
 * Hashing: exactly hashint4 and hashint4extended of the tier (the same
 * hash_uint32 computation, without the extra function call).
 */
PG_FUNCTION_INFO_V1(ocop_star_hash);
Datum
ocop_star_hash(PG_FUNCTION_ARGS)
{
	int32		v = PG_GETARG_OCOP_STAR(0);

	return hash_uint32((uint32) v);
}

PG_FUNCTION_INFO_V1(ocop_star_hash_extended);
Datum
ocop_star_hash_extended(PG_FUNCTION_ARGS)
{
	int32		v = PG_GETARG_OCOP_STAR(0);

	return hash_uint32_extended((uint32) v, (uint64) PG_GETARG_INT64(1));
}

/* Casts to and from integer. */
PG_FUNCTION_INFO_V1(ocop_star_to_int4);
Datum
ocop_star_to_int4(PG_FUNCTION_ARGS)
{
	PG_RETURN_INT32((int32) PG_GETARG_OCOP_STAR(0));
}

PG_FUNCTION_INFO_V1(ocop_star_from_int4);
Datum
ocop_star_from_int4(PG_FUNCTION_ARGS)
{
	int32		v = PG_GETARG_INT32(0);

	if (!ocop_star_is_valid(v))
		ereport(ERROR,
				(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
				 errmsg("integer %d is out of range for type %s", v, "ocop_star"),
				 errdetail("A star tier is from 1 to 5.")));
	PG_RETURN_OCOP_STAR((uint8) v);
}

/* ocop_star_label(star, style DEFAULT 'en'): 'en', 'vi' or 'stars'. */
PG_FUNCTION_INFO_V1(ocop_star_label_fn);
Datum
ocop_star_label_fn(PG_FUNCTION_ARGS)
{
	uint8		v = stored_star(PG_GETARG_DATUM(0));
	text	   *style_text = PG_GETARG_TEXT_PP(1);
	OcopStarLabelStyle style;
	char		buf[OCOP_STAR_TEXT_MAX];
	int			len;

	if (!ocop_star_label_style_parse(VARDATA_ANY(style_text),
									 VARSIZE_ANY_EXHDR(style_text), &style))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("invalid label style for %s: \"%s\"", "ocop_star_label",
						text_to_cstring(style_text)),
				 errdetail("The style must be 'en' (\"4-star\"), 'vi' (\"4 sao\") or 'stars' (five marks, filled and empty).")));
	len = ocop_star_label(v, style, buf);
	PG_RETURN_TEXT_P(label_to_text(buf, len));
}

PG_FUNCTION_INFO_V1(ocop_star_is_recognized);
Datum
ocop_star_is_recognized(PG_FUNCTION_ARGS)
{
	/*
	 * Decisions 1048/QD-TTg (2019) and 148/QD-TTg (2023): certificates are
	 * issued from 3 stars; the band table ocop_ranking_band records the same
	 * (column recognized) and the regression tests check they agree.
	 */
	PG_RETURN_BOOL(PG_GETARG_OCOP_STAR(0) >= 3);
}

/*
 * avg(ocop_star): the transition state is the int8[2] {count, sum} array of
 * the built-in integer averages, so pg_catalog.int8_avg (final),
 * int4_avg_combine (parallel combine) apply unchanged.
 */
typedef struct StarAvgState
{
	int64		count;
	int64		sum;
} StarAvgState;

static StarAvgState *
avg_state(FunctionCallInfo fcinfo, ArrayType **arr)
{
	/* In an aggregate the state may be updated in place; else copy it. */
	if (AggCheckCallContext(fcinfo, NULL))
		*arr = PG_GETARG_ARRAYTYPE_P(0);
	else
		*arr = PG_GETARG_ARRAYTYPE_P_COPY(0);
	if (ARR_NDIM(*arr) != 1 || ARR_DIMS(*arr)[0] != 2 || ARR_HASNULL(*arr) ||
		ARR_ELEMTYPE(*arr) != INT8OID)
		elog(ERROR, "expected a 2-element int8 array as avg(ocop_star) state");
	return (StarAvgState *) ARR_DATA_PTR(*arr);
}

PG_FUNCTION_INFO_V1(ocop_star_avg_accum);
Datum
ocop_star_avg_accum(PG_FUNCTION_ARGS)
{
	ArrayType  *arr;
	StarAvgState *st = avg_state(fcinfo, &arr);

	st->count++;
	st->sum += PG_GETARG_OCOP_STAR(1);
	PG_RETURN_ARRAYTYPE_P(arr);
}

PG_FUNCTION_INFO_V1(ocop_star_avg_accum_inv);
Datum
ocop_star_avg_accum_inv(PG_FUNCTION_ARGS)
{
	ArrayType  *arr;
	StarAvgState *st = avg_state(fcinfo, &arr);

	st->count--;
	st->sum -= PG_GETARG_OCOP_STAR(1);
	PG_RETURN_ARRAYTYPE_P(arr);
}
