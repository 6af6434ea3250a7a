/*
 * gs1_dl.c -- fmgr layer of the GS1 Digital Link functions built on every AI
 * of the GS1 Barcode Syntax Dictionary: gs1_digital_link_elements(),
 * gs1_digital_link_element_string(), gs1_digital_link_from_element_string(),
 * gs1_digital_link_ai(), gs1_application_identifiers() and
 * gs1_syntax_dictionary_release().  The rules live in gs1_dl_core.c, the AI
 * table in gs1_ai_core.c (generated).
 */
#include "postgres.h"

#include "fmgr.h"
#include "funcapi.h"
#include "utils/builtins.h"

#include "gs1_dl_core.h"
#include "ocop_fmgr.h"

/* Parse a URI argument (strict GS1 rules) or raise 22P02 / 54000. */
static Gs1Data *
parse_uri_arg(text *t)
{
	Gs1Data    *d = palloc(sizeof(Gs1Data));
	OcopErr		err;

	if (!gs1_dl_uri_parse(VARDATA_ANY(t), VARSIZE_ANY_EXHDR(t), GS1_DL_STRICT, d, &err))
		ocop_report(NULL, &err, 0, "invalid input syntax for GS1 Digital Link URI: \"%s\"",
					text_to_cstring(t));
	return d;
}

PG_FUNCTION_INFO_V1(ocop_gs1_dl_element_string);
Datum
ocop_gs1_dl_element_string(PG_FUNCTION_ARGS)
{
	Gs1Data    *d = parse_uri_arg(PG_GETARG_TEXT_PP(0));
	bool		bracketed = PG_GETARG_BOOL(1);
	size_t		n = gs1_element_string(d, bracketed, NULL, 0);
	char	   *buf = palloc(n + 1);

	gs1_element_string(d, bracketed, buf, n + 1);
	PG_RETURN_TEXT_P(cstring_to_text_with_len(buf, (int) n));
}

PG_FUNCTION_INFO_V1(ocop_gs1_dl_from_element_string);
Datum
ocop_gs1_dl_from_element_string(PG_FUNCTION_ARGS)
{
	text	   *es = PG_GETARG_TEXT_PP(0);
	text	   *base = PG_GETARG_TEXT_PP(1);
	Gs1Data    *d = palloc(sizeof(Gs1Data));
	OcopErr		err;
	char	   *uri;
	long		n;

	if (!gs1_element_string_parse(VARDATA_ANY(es), VARSIZE_ANY_EXHDR(es), d, &err))
		ocop_report(NULL, &err, 0, "invalid input syntax for GS1 element string: \"%s\"",
					text_to_cstring(es));
	uri = palloc(gs1_dl_uri_build_bound(d, VARSIZE_ANY_EXHDR(base)));
	n = gs1_dl_uri_build(d, VARDATA_ANY(base), VARSIZE_ANY_EXHDR(base), uri,
						 gs1_dl_uri_build_bound(d, VARSIZE_ANY_EXHDR(base)), &err);
	if (n < 0)
	{
		if (err.code == OCOP_E_VALUE)
			ocop_report(NULL, &err, 0, "invalid GS1 Digital Link base: \"%s\"", text_to_cstring(base));
		else
			ocop_report(NULL, &err, 0, "GS1 element string cannot be written as a GS1 Digital Link URI: \"%s\"",
						text_to_cstring(es));
	}
	PG_RETURN_TEXT_P(cstring_to_text_with_len(uri, (int) n));
}

PG_FUNCTION_INFO_V1(ocop_gs1_dl_ai);
Datum
ocop_gs1_dl_ai(PG_FUNCTION_ARGS)
{
	text	   *ai = PG_GETARG_TEXT_PP(1);
	const char *a = VARDATA_ANY(ai);
	size_t		alen = VARSIZE_ANY_EXHDR(ai);
	Gs1Data    *d;
	const Gs1Element *e;

	if (gs1_ai_lookup(a, alen) == NULL)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("invalid GS1 Application Identifier: \"%s\"", text_to_cstring(ai)),
				 errdetail("The AI must be one of the GS1 Barcode Syntax Dictionary, release %s (2 to 4 digits, e.g. 01, 10, 3103).",
						   gs1_dictionary_release)));
	d = parse_uri_arg(PG_GETARG_TEXT_PP(0));
	e = gs1_data_find(d, a, alen);
	if (e == NULL)
		PG_RETURN_NULL();
	PG_RETURN_TEXT_P(cstring_to_text_with_len(e->value, (int) e->len));
}

/*
 * gs1_digital_link_elements(uri, OUT ord, OUT role, OUT ai, OUT name,
 * OUT value): one row per AI, then one per non-AI query parameter.
 */
PG_FUNCTION_INFO_V1(ocop_gs1_dl_elements);
Datum
ocop_gs1_dl_elements(PG_FUNCTION_ARGS)
{
	text	   *t = PG_GETARG_TEXT_PP(0);
	const char *uri = VARDATA_ANY(t);
	Gs1Data    *d = parse_uri_arg(t);
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
	int			ord = 0;

	InitMaterializedSRF(fcinfo, 0);
	for (int i = 0; i < d->n; i++)
	{
		Datum		values[5];
		bool		nulls[5] = {false, false, false, false, false};

		values[0] = Int32GetDatum(++ord);
		values[1] = CStringGetTextDatum(gs1_role_name(d->el[i].role));
		values[2] = CStringGetTextDatum(d->el[i].def->ai);
		values[3] = CStringGetTextDatum(d->el[i].def->title);
		values[4] = PointerGetDatum(cstring_to_text_with_len(d->el[i].value, (int) d->el[i].len));
		tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, values, nulls);
	}
	for (int i = 0; i < d->nparams; i++)
	{
		const Gs1Param *p = &d->params[i];
		Datum		values[5];
		bool		nulls[5] = {false, false, true, false, false};

		values[0] = Int32GetDatum(++ord);
		values[1] = CStringGetTextDatum("parameter");
		values[2] = (Datum) 0;
		values[3] = PointerGetDatum(cstring_to_text_with_len(uri + p->name_off, (int) p->name_len));
		if (p->has_value)
			values[4] = PointerGetDatum(cstring_to_text_with_len(uri + p->value_off, (int) p->value_len));
		else
			nulls[4] = true;
		tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, values, nulls);
	}
	return (Datum) 0;
}

/*
 * gs1_application_identifiers(OUT ai, OUT title, OUT format,
 * OUT predefined_length, OUT dl_data_attribute, OUT dl_primary_key,
 * OUT dl_key_qualifiers): the compiled table, one row per AI.
 */
PG_FUNCTION_INFO_V1(ocop_gs1_application_identifiers);
Datum
ocop_gs1_application_identifiers(PG_FUNCTION_ARGS)
{
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;

	InitMaterializedSRF(fcinfo, 0);
	for (int i = 0; i < gs1_n_ais; i++)
	{
		const Gs1Ai *a = &gs1_ais[i];
		Datum		values[7];
		bool		nulls[7] = {false, false, false, false, false, false, false};

		values[0] = CStringGetTextDatum(a->ai);
		values[1] = CStringGetTextDatum(a->title);
		values[2] = CStringGetTextDatum(a->spec);
		values[3] = BoolGetDatum(a->fixed);
		values[4] = BoolGetDatum(a->dl_attr);
		values[5] = BoolGetDatum(a->dlpkey != NULL);
		if (a->dlpkey != NULL && a->dlpkey[0] != '\0')
			values[6] = CStringGetTextDatum(a->dlpkey);
		else
			nulls[6] = true;
		tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, values, nulls);
	}
	return (Datum) 0;
}

PG_FUNCTION_INFO_V1(ocop_gs1_syntax_dictionary_release);
Datum
ocop_gs1_syntax_dictionary_release(PG_FUNCTION_ARGS)
{
	PG_RETURN_TEXT_P(cstring_to_text(gs1_dictionary_release));
}
