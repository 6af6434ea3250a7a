/*
 * gs1.c -- fmgr layer of gtin_is_valid(), gs1_digital_link() and
 * gs1_digital_link_parse().  The rules live in gs1_core.c and gs1_dl_core.c.
 */
#include "postgres.h"

#include "access/htup_details.h"
#include "datatype/timestamp.h"
#include "fmgr.h"
#include "funcapi.h"
#include "utils/builtins.h"
#include "utils/date.h"
#include "utils/datetime.h"

#include "gs1_core.h"
#include "gs1_dl_core.h"
#include "ocop_fmgr.h"

/* Raise the error the core described (always hard: these are functions). */
static void
report_gs1_error(const OcopErr *err, const char *what, const char *value)
{
	switch (err->code)
	{
		case OCOP_E_VALUE:
			ocop_report(NULL, err, 0, "invalid GS1 Digital Link base: \"%s\"", value);
			break;
		case OCOP_E_DATETIME_RANGE:
			ocop_report(NULL, err, 0, "expiry date out of range for GS1 YYMMDD");
			break;
		case OCOP_E_NOMEM:
			ereport(ERROR,
					(errcode(ERRCODE_OUT_OF_MEMORY),
					 errmsg("out of memory")));
			break;
		case OCOP_E_DATETIME:
			ocop_report(NULL, err, 0, "invalid input syntax for %s: \"%s\"", what, value);
			break;
		default:
			ocop_report(NULL, err, ERRCODE_INVALID_TEXT_REPRESENTATION,
						"invalid input syntax for %s: \"%s\"", what, value);
			break;
	}
}

PG_FUNCTION_INFO_V1(ocop_gtin_is_valid);
Datum
ocop_gtin_is_valid(PG_FUNCTION_ARGS)
{
	text	   *t = PG_GETARG_TEXT_PP(0);

	PG_RETURN_BOOL(gtin_is_valid(VARDATA_ANY(t), VARSIZE_ANY_EXHDR(t)));
}

/*
 * gs1_digital_link(gtin, lot, serial, expiry, base): not STRICT, because
 * lot, serial and expiry are optional; a NULL gtin or base gives NULL.
 */
PG_FUNCTION_INFO_V1(ocop_gs1_digital_link);
Datum
ocop_gs1_digital_link(PG_FUNCTION_ARGS)
{
	text	   *gtin,
			   *lot = NULL,
			   *serial = NULL,
			   *base;
	bool		has_expiry = false;
	int			year = 0,
				month = 0,
				day = 0;
	OcopErr	err;
	char	   *uri;
	long		n;

	if (PG_ARGISNULL(0) || PG_ARGISNULL(4))
		PG_RETURN_NULL();
	gtin = PG_GETARG_TEXT_PP(0);
	base = PG_GETARG_TEXT_PP(4);
	if (!PG_ARGISNULL(1))
		lot = PG_GETARG_TEXT_PP(1);
	if (!PG_ARGISNULL(2))
		serial = PG_GETARG_TEXT_PP(2);
	if (!PG_ARGISNULL(3))
	{
		DateADT		d = PG_GETARG_DATEADT(3);

		if (DATE_NOT_FINITE(d))
			ereport(ERROR,
					(errcode(ERRCODE_DATETIME_VALUE_OUT_OF_RANGE),
					 errmsg("expiry date out of range for GS1 YYMMDD"),
					 errdetail("An infinite date cannot be an expiry date.")));
		j2date(d + POSTGRES_EPOCH_JDATE, &year, &month, &day);
		has_expiry = true;
	}

	uri = palloc(GS1_DL_MAX_LEN(VARSIZE_ANY_EXHDR(base)));
	n = gs1_dl_build(VARDATA_ANY(gtin), VARSIZE_ANY_EXHDR(gtin),
					   lot ? VARDATA_ANY(lot) : NULL, lot ? VARSIZE_ANY_EXHDR(lot) : 0,
					   serial ? VARDATA_ANY(serial) : NULL, serial ? VARSIZE_ANY_EXHDR(serial) : 0,
					   has_expiry, year, month, day,
					   VARDATA_ANY(base), VARSIZE_ANY_EXHDR(base),
					   uri, GS1_DL_MAX_LEN(VARSIZE_ANY_EXHDR(base)), &err);
	if (n < 0)
	{
		const char *what = "GTIN";
		text	   *value = gtin;

		if (err.field && strcmp(err.field, "lot") == 0)
			what = "GS1 batch/lot (AI 10)", value = lot;
		else if (err.field && strcmp(err.field, "serial") == 0)
			what = "GS1 serial number (AI 21)", value = serial;
		else if (err.field && strcmp(err.field, "base") == 0)
			value = base;
		report_gs1_error(&err, what, value ? text_to_cstring(value) : "");
	}
	PG_RETURN_TEXT_P(cstring_to_text_with_len(uri, (int) n));
}

/*
 * gs1_digital_link_parse(uri, OUT gtin, OUT lot, OUT serial, OUT expiry,
 * OUT base): since 0.3.0 the full GS1 parser (gs1_dl_core.c) in its legacy
 * mode (zero-suppressed GTINs, DL 1.0 names gtin/cpv/lot/ser and a trailing
 * "/" still accepted); every AI of the URI is validated, the five columns
 * keep their meaning: AI 01, 10, 21 and 17 (DD = 00 the last day of the
 * month) wherever they are, NULL when absent.
 */
PG_FUNCTION_INFO_V1(ocop_gs1_digital_link_parse);
Datum
ocop_gs1_digital_link_parse(PG_FUNCTION_ARGS)
{
	text	   *t = PG_GETARG_TEXT_PP(0);
	const char *uri = VARDATA_ANY(t);
	size_t		len = VARSIZE_ANY_EXHDR(t);
	Gs1Data    *d = palloc(sizeof(Gs1Data));
	const Gs1Element *e;
	OcopErr		err;
	TupleDesc	tupdesc;
	Datum		values[5];
	bool		nulls[5] = {false, false, false, false, false};

	if (get_call_result_type(fcinfo, NULL, &tupdesc) != TYPEFUNC_COMPOSITE)
		elog(ERROR, "return type must be a row type");
	if (!gs1_dl_uri_parse(uri, len, GS1_DL_LEGACY, d, &err))
		ocop_report(NULL, &err, 0, "invalid input syntax for GS1 Digital Link URI: \"%s\"",
					text_to_cstring(t));

	if ((e = gs1_data_find(d, "01", 2)) != NULL)
		values[0] = PointerGetDatum(cstring_to_text_with_len(e->value, (int) e->len));
	else
		nulls[0] = true;
	if ((e = gs1_data_find(d, "10", 2)) != NULL)
		values[1] = PointerGetDatum(cstring_to_text_with_len(e->value, (int) e->len));
	else
		nulls[1] = true;
	if ((e = gs1_data_find(d, "21", 2)) != NULL)
		values[2] = PointerGetDatum(cstring_to_text_with_len(e->value, (int) e->len));
	else
		nulls[2] = true;
	if ((e = gs1_data_find(d, "17", 2)) != NULL)
	{
		/* Validated N6 yymmd0: 20YY, DD = 00 the last day of the month. */
		int			y = 2000 + (e->value[0] - '0') * 10 + (e->value[1] - '0');
		int			m = (e->value[2] - '0') * 10 + (e->value[3] - '0');
		int			dd = (e->value[4] - '0') * 10 + (e->value[5] - '0');

		if (dd == 0)
			dd = gs1_days_in_month(y, m);
		values[3] = DateADTGetDatum(date2j(y, m, dd) - POSTGRES_EPOCH_JDATE);
	}
	else
		nulls[3] = true;
	values[4] = PointerGetDatum(cstring_to_text_with_len(uri, (int) d->base_len));

	tupdesc = BlessTupleDesc(tupdesc);
	PG_RETURN_DATUM(HeapTupleGetDatum(heap_form_tuple(tupdesc, values, nulls)));
}
