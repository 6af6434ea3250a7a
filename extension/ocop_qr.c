/*
 * ocop_qr.c -- fmgr layer of the QR code functions and ocop_product_url(),
 * and the ocop.resolver_base_url setting (defined by ocop_qr_init(), which
 * the module's _PG_init in ocop_module.c calls).
 *
 * Encoding and rendering live in ocop_qr_core.c, which pallocs in
 * CurrentMemoryContext (and frees libqrencode's malloc'd symbol before
 * anything can raise an error).  This layer renders in a child memory
 * context and copies the finished image into a datum in the caller's.
 */
#include "postgres.h"

#include "fmgr.h"
#include "lib/stringinfo.h"
#include "mb/pg_wchar.h"
#include "utils/builtins.h"
#include "utils/guc.h"
#include "utils/memutils.h"

#include "gs1_core.h"
#include "ocop_code_core.h"
#include "ocop_hex_core.h"
#include "ocop_qr_core.h"
#include "ocop_fmgr.h"

/* The documented default of ocop.resolver_base_url (see doc/qr.md). */
#define OCOP_RESOLVER_BASE_URL_DEFAULT "https://ocop.example.com/p"

/* Longest chain head ocop_product_url() accepts, in bytes. */
#define OCOP_PRODUCT_URL_HEAD_MAX 64

static char *ocop_resolver_base_url = NULL;

static bool
check_resolver_base_url(char **newval, void **extra, GucSource source)
{
	OcopErr	err;
	size_t		used;

	(void) extra;
	(void) source;
	if (*newval == NULL || !gs1_base_validate(*newval, strlen(*newval), &used, &err))
	{
		GUC_check_errdetail("%s", *newval == NULL ? "The value is NULL." : err.detail);
		return false;
	}
	return true;
}

void
ocop_qr_init(void)
{
	DefineCustomStringVariable("ocop.resolver_base_url",
							   "Base URL of OCOP product pages, used by ocop_product_url().",
							   "An absolute http or https URL without query or fragment; "
							   "the product code's canonical text is appended as a path element.",
							   &ocop_resolver_base_url,
							   OCOP_RESOLVER_BASE_URL_DEFAULT,
							   PGC_USERSET,
							   0,
							   check_resolver_base_url,
							   NULL,
							   NULL);
}

/* Raise the error the core described.  The caller holds no library memory. */
static void
report_qr_error(const OcopErr *err)
{
	bool		payload = err->field == NULL || strcmp(err->field, "data") == 0;

	if (err->code == OCOP_E_LIMIT)
		ocop_report(NULL, err, 0, payload ? "QR code payload too long" : "QR code image too large");
	else if (payload)
		ocop_report(NULL, err, 0, "invalid QR code payload");
	else
		ocop_report(NULL, err, 0, "invalid value for QR code parameter \"%s\"", err->field);
}

static OcopQrEcc
ecc_arg(text *t)
{
	OcopQrEcc	ecc = OCOP_QR_ECC_M;
	OcopErr err;

	if (!ocop_qr_parse_ecc(VARDATA_ANY(t), VARSIZE_ANY_EXHDR(t), &ecc, &err))
		ocop_report(NULL, &err, ERRCODE_INVALID_PARAMETER_VALUE,
					"invalid QR code error correction level: \"%s\"", text_to_cstring(t));
	return ecc;
}

/*
 * Encode and render; returns a palloc'd varlena (bytea or text) holding the
 * image.  data must be NUL-terminated at len when !binary.
 */
static struct varlena *
render(const char *data, size_t len, bool binary, OcopQrFormat format,
	   int module_px, int margin, OcopQrEcc ecc)
{
	OcopQrOptions opt;
	OcopErr err;
	StringInfoData buf;
	struct varlena *result;
	MemoryContext work,
				old;

	opt.ecc = ecc;
	opt.module_px = module_px;
	opt.margin = margin;
	work = AllocSetContextCreate(CurrentMemoryContext, "ocop QR image",
								 ALLOCSET_DEFAULT_SIZES);
	old = MemoryContextSwitchTo(work);
	initStringInfo(&buf);
	if (!ocop_qr_render((const unsigned char *) data, len, binary, format, &opt,
						&buf, &err))
		report_qr_error(&err);	/* the caller's reset frees work */
	MemoryContextSwitchTo(old);
	result = (struct varlena *) palloc(VARHDRSZ + buf.len);
	SET_VARSIZE(result, VARHDRSZ + buf.len);
	memcpy(VARDATA(result), buf.data, buf.len);
	MemoryContextDelete(work);
	return result;
}

/* A text argument as UTF-8 (QR readers assume UTF-8), NUL-terminated. */
static char *
utf8_arg(text *t, size_t *len)
{
	char	   *s = text_to_cstring(t);
	char	   *u = pg_server_to_any(s, strlen(s), PG_UTF8);

	*len = strlen(u);
	return u;
}

PG_FUNCTION_INFO_V1(ocop_qr_png_text);
Datum
ocop_qr_png_text(PG_FUNCTION_ARGS)
{
	size_t		len;
	char	   *s = utf8_arg(PG_GETARG_TEXT_PP(0), &len);
	OcopQrEcc	ecc = ecc_arg(PG_GETARG_TEXT_PP(3));

	PG_RETURN_BYTEA_P(render(s, len, false, OCOP_QR_PNG, PG_GETARG_INT32(1),
							 PG_GETARG_INT32(2), ecc));
}

PG_FUNCTION_INFO_V1(ocop_qr_png_bytea);
Datum
ocop_qr_png_bytea(PG_FUNCTION_ARGS)
{
	bytea	   *b = PG_GETARG_BYTEA_PP(0);
	OcopQrEcc	ecc = ecc_arg(PG_GETARG_TEXT_PP(3));

	PG_RETURN_BYTEA_P(render(VARDATA_ANY(b), VARSIZE_ANY_EXHDR(b), true,
							 OCOP_QR_PNG, PG_GETARG_INT32(1), PG_GETARG_INT32(2),
							 ecc));
}

PG_FUNCTION_INFO_V1(ocop_qr_svg);
Datum
ocop_qr_svg(PG_FUNCTION_ARGS)
{
	size_t		len;
	char	   *s = utf8_arg(PG_GETARG_TEXT_PP(0), &len);
	OcopQrEcc	ecc = ecc_arg(PG_GETARG_TEXT_PP(3));

	/* SVG output is ASCII: valid in every server encoding. */
	PG_RETURN_TEXT_P(render(s, len, false, OCOP_QR_SVG, PG_GETARG_INT32(1),
							PG_GETARG_INT32(2), ecc));
}

PG_FUNCTION_INFO_V1(ocop_qr_text);
Datum
ocop_qr_text(PG_FUNCTION_ARGS)
{
	size_t		len;
	char	   *s = utf8_arg(PG_GETARG_TEXT_PP(0), &len);
	struct varlena *img = render(s, len, false, OCOP_QR_TEXT, 1,
								 PG_GETARG_INT32(1), OCOP_QR_ECC_M);

	if (GetDatabaseEncoding() != PG_UTF8)
	{
		/* Returns its argument (not NUL-terminated) when nothing changes. */
		char	   *conv = pg_any_to_server(VARDATA(img), VARSIZE(img) - VARHDRSZ, PG_UTF8);

		if (conv != VARDATA(img))
			PG_RETURN_TEXT_P(cstring_to_text(conv));
	}
	PG_RETURN_TEXT_P(img);
}

/*
 * ocop_product_url(code ocop_code, head bytea DEFAULT NULL): the resolver
 * base, "/", the code's canonical text and, with a head, "?h=" and its hex.
 * Not STRICT (a NULL head means none); a NULL code gives NULL.
 */
PG_FUNCTION_INFO_V1(ocop_product_url);
Datum
ocop_product_url(PG_FUNCTION_ARGS)
{
	OcopCode	code;
	OcopErr cerr;
	OcopErr	gerr;
	char		buf[OCOP_CODE_TEXT_MAX];
	const char *base = ocop_resolver_base_url;
	size_t		base_len;
	StringInfoData url;

	if (PG_ARGISNULL(0))
		PG_RETURN_NULL();
	if (!ocop_code_unpack(PG_GETARG_INT64(0), &code, &cerr))
		elog(ERROR, "corrupt ocop_code value " INT64_FORMAT ": %s",
			 PG_GETARG_INT64(0), cerr.detail);
	/* The check hook validated it; strip the trailing "/" again. */
	if (base == NULL || !gs1_base_validate(base, strlen(base), &base_len, &gerr))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("invalid value for parameter \"%s\"", "ocop.resolver_base_url")));
	ocop_code_format(&code, buf);

	initStringInfo(&url);
	appendBinaryStringInfo(&url, base, (int) base_len);
	appendStringInfoChar(&url, '/');
	appendStringInfoString(&url, buf);
	if (!PG_ARGISNULL(1))
	{
		bytea	   *head = PG_GETARG_BYTEA_PP(1);
		size_t		n = VARSIZE_ANY_EXHDR(head);
		const unsigned char *p = (const unsigned char *) VARDATA_ANY(head);
		char		hex[2 * OCOP_PRODUCT_URL_HEAD_MAX + 1];

		if (n == 0 || n > OCOP_PRODUCT_URL_HEAD_MAX)
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("invalid chain head for ocop_product_url"),
					 errdetail("The head has %zu bytes: it must have 1 to %d.",
							   n, OCOP_PRODUCT_URL_HEAD_MAX)));
		appendStringInfoString(&url, "?h=");
		ocop_hex_encode(p, n, hex);
		appendBinaryStringInfo(&url, hex, (int) (2 * n));
	}
	PG_RETURN_TEXT_P(cstring_to_text_with_len(url.data, url.len));
}
