/*
 * ocop_qr_core.h -- QR code images (PNG, SVG, UTF-8 text) from libqrencode,
 * with no fmgr and no SQL (built for the server and for frontend programs).
 *
 * Memory: palloc in CurrentMemoryContext, and the result is appended to the
 * caller's StringInfo (its content is unspecified after a failure).
 * libqrencode mallocs its symbol; ocop_qr_render copies it into palloc'd
 * memory and frees it before anything else can raise an ERROR, so nothing
 * malloc'd is live while palloc may longjmp.  Nothing is kept between calls
 * (no static state).
 *
 * PNG: written here; the LZ77 step uses the image's structure (each module
 * row is one scanline repeated) and ocop_deflate_core.c writes the deflate
 * block; zlib provides only the CRC-32 and Adler-32 checksums.
 *
 * Determinism: the same inputs give the same bytes with the same libqrencode
 * (the PNG bytes depend on nothing else: no time or text chunks).
 *
 * Standards: ISO/IEC 18004:2015 (QR Code), Table 7 (data capacity: byte mode,
 * version 40: L 2953, M 2331, Q 1663, H 1273 bytes; numeric mode L 7089);
 * the quiet zone of 4 modules (the default margin).  PNG: ISO/IEC 15948:2004
 * (W3C PNG 2nd edition), 1-bit greyscale (colour type 0, bit depth 1).
 */
#ifndef OCOP_QR_CORE_H
#define OCOP_QR_CORE_H

#include <stdbool.h>
#include <stddef.h>

#include "lib/stringinfo.h"
#include "ocop_error.h"

/* Parameter ranges. */
#define OCOP_QR_MODULE_PX_MIN 1
#define OCOP_QR_MODULE_PX_MAX 64
#define OCOP_QR_MARGIN_MIN 0
#define OCOP_QR_MARGIN_MAX 64

/* The largest image side, in pixels (PNG) or user units (SVG). */
#define OCOP_QR_MAX_SIDE 8192

/* Longest text payload libqrencode is ever asked about (numeric mode, L). */
#define OCOP_QR_MAX_TEXT 7089

/* Modules per side of the largest symbol (version 40: 17 + 4 * 40). */
#define OCOP_QR_MAX_WIDTH 177

typedef enum OcopQrEcc
{
	OCOP_QR_ECC_L = 0,
	OCOP_QR_ECC_M,
	OCOP_QR_ECC_Q,
	OCOP_QR_ECC_H
} OcopQrEcc;

typedef enum OcopQrFormat
{
	OCOP_QR_PNG = 0,
	OCOP_QR_SVG,
	OCOP_QR_TEXT
} OcopQrFormat;

/*
 * Errors are an OcopErr (ocop_error.h): class OCOP_E_VALUE (empty payload,
 * or the ECC, module size or margin; 22023), OCOP_E_LIMIT (field "data": the
 * payload is over the symbol's capacity; field "module_px": the image is
 * over OCOP_QR_MAX_SIDE; 54000, with a HINT), OCOP_E_NOMEM (53200) or
 * OCOP_E_INTERNAL (a library failed otherwise, XX000); field "data", "ecc",
 * "module_px" or "margin"; a DETAIL sentence.
 */


typedef struct OcopQrOptions
{
	OcopQrEcc	ecc;
	int			module_px;		/* pixels per module (PNG, SVG) */
	int			margin;			/* quiet zone, in modules */
} OcopQrOptions;

/* Byte-mode capacity of a version 40 symbol at each level. */
extern const int ocop_qr_byte_capacity[4];


/* "L", "M", "Q", "H" (either case, surrounding spaces ignored) to a level. */
extern bool ocop_qr_parse_ecc(const char *s, size_t len, OcopQrEcc *ecc,
							  OcopErr *err);

/* Check module size and margin against their ranges. */
extern bool ocop_qr_check_options(const OcopQrOptions *opt, bool need_module_px,
								  OcopErr *err);

/*
 * Encode and render.  binary: the payload is bytes, encoded in 8-bit mode;
 * else it is text, data[len] must be '\0' and there must be no NUL before it,
 * and libqrencode picks numeric, alphanumeric and 8-bit segments (case
 * sensitive), exactly as the qrencode command does.  On success the image
 * is appended to out (made by initStringInfo); on failure err says why.
 */
extern bool ocop_qr_render(const unsigned char *data, size_t len, bool binary,
						   OcopQrFormat format, const OcopQrOptions *opt,
						   StringInfo out, OcopErr *err);

/*
 * The writers, from a module matrix (width * width bytes, bit 0 set = dark,
 * as in libqrencode's QRcode.data).  Exposed for the unit tests.
 */
extern bool ocop_qr_png_write(const unsigned char *modules, int width,
							  int module_px, int margin, StringInfo out,
							  OcopErr *err);
extern bool ocop_qr_svg_write(const unsigned char *modules, int width,
							  int module_px, int margin, StringInfo out,
							  OcopErr *err);
extern bool ocop_qr_text_write(const unsigned char *modules, int width,
							   int margin, StringInfo out, OcopErr *err);

#endif							/* OCOP_QR_CORE_H */
