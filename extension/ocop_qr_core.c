/*
 * ocop_qr_core.c -- QR code images from libqrencode: 1-bit greyscale PNG
 * (libpng), compact SVG and UTF-8 half-block text.  Pure C, no server
 * headers; see ocop_qr_core.h for the memory and determinism rules.
 */
#include "ocop_qr_core.h"

#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <png.h>
#include <qrencode.h>
#include <zlib.h>

/* ISO/IEC 18004:2015 Table 7, version 40, byte mode. */
const int	ocop_qr_byte_capacity[4] = {2953, 2331, 1663, 1273};

static const char ecc_names[4] = {'L', 'M', 'Q', 'H'};

static bool set_error(OcopQrError *err, OcopQrStatus status, const char *field,
					  const char *fmt,...)
			__attribute__((format(printf, 4, 5)));

static bool
set_error(OcopQrError *err, OcopQrStatus status, const char *field,
		  const char *fmt,...)
{
	if (err)
	{
		va_list		ap;

		err->status = status;
		err->field = field;
		err->hint[0] = '\0';
		va_start(ap, fmt);
		vsnprintf(err->detail, sizeof(err->detail), fmt, ap);
		va_end(ap);
	}
	return false;
}

bool
ocop_qr_buf_append(OcopQrBuf *buf, const void *data, size_t len)
{
	if (buf->failed)
		return false;
	if (len > buf->cap - buf->len)
	{
		size_t		cap = buf->cap ? buf->cap : 1024;
		unsigned char *p;

		while (cap - buf->len < len)
		{
			if (cap > SIZE_MAX / 2)
			{
				buf->failed = true;
				return false;
			}
			cap *= 2;
		}
		p = realloc(buf->data, cap);
		if (p == NULL)
		{
			buf->failed = true;
			return false;
		}
		buf->data = p;
		buf->cap = cap;
	}
	memcpy(buf->data + buf->len, data, len);
	buf->len += len;
	return true;
}

void
ocop_qr_buf_free(OcopQrBuf *buf)
{
	free(buf->data);
	buf->data = NULL;
	buf->len = buf->cap = 0;
	buf->failed = false;
}

bool
ocop_qr_parse_ecc(const char *s, size_t len, OcopQrEcc *ecc, OcopQrError *err)
{
	while (len > 0 && (s[0] == ' ' || s[0] == '\t'))
	{
		s++;
		len--;
	}
	while (len > 0 && (s[len - 1] == ' ' || s[len - 1] == '\t'))
		len--;
	if (len == 1)
	{
		for (int i = 0; i < 4; i++)
			if (s[0] == ecc_names[i] || s[0] == ecc_names[i] + ('a' - 'A'))
			{
				*ecc = (OcopQrEcc) i;
				return true;
			}
	}
	set_error(err, OCOP_QR_ERR_PARAM, "ecc",
			  "The error correction level must be L (7%%), M (15%%), Q (25%%) or H (30%%).");
	return false;
}

bool
ocop_qr_check_options(const OcopQrOptions *opt, bool need_module_px,
					  OcopQrError *err)
{
	if (need_module_px &&
		(opt->module_px < OCOP_QR_MODULE_PX_MIN || opt->module_px > OCOP_QR_MODULE_PX_MAX))
		return set_error(err, OCOP_QR_ERR_PARAM, "module_px",
						 "The module size is %d pixels: it must be from %d to %d.",
						 opt->module_px, OCOP_QR_MODULE_PX_MIN, OCOP_QR_MODULE_PX_MAX);
	if (opt->margin < OCOP_QR_MARGIN_MIN || opt->margin > OCOP_QR_MARGIN_MAX)
		return set_error(err, OCOP_QR_ERR_PARAM, "margin",
						 "The margin is %d modules: it must be from %d to %d (ISO/IEC 18004 asks for 4).",
						 opt->margin, OCOP_QR_MARGIN_MIN, OCOP_QR_MARGIN_MAX);
	if ((opt->ecc < OCOP_QR_ECC_L || opt->ecc > OCOP_QR_ECC_H))
		return set_error(err, OCOP_QR_ERR_PARAM, "ecc",
						 "The error correction level must be L, M, Q or H.");
	return true;
}

static bool
nomem(OcopQrError *err)
{
	return set_error(err, OCOP_QR_ERR_NOMEM, "data", "Out of memory while making a QR code image.");
}

/* ------------------------------------------------------------------------
 * PNG
 * ------------------------------------------------------------------------ */

typedef struct PngCtx
{
	OcopQrBuf  *out;
	char		message[128];
} PngCtx;

static void
png_error_cb(png_structp png, png_const_charp msg)
{
	PngCtx	   *ctx = (PngCtx *) png_get_error_ptr(png);

	snprintf(ctx->message, sizeof(ctx->message), "%s", msg ? msg : "libpng error");
	png_longjmp(png, 1);
}

static void
png_warning_cb(png_structp png, png_const_charp msg)
{
	(void) png;
	(void) msg;
}

static void
png_write_cb(png_structp png, png_bytep data, size_t len)
{
	PngCtx	   *ctx = (PngCtx *) png_get_io_ptr(png);

	if (!ocop_qr_buf_append(ctx->out, data, len))
		png_error(png, "out of memory");
}

static void
png_flush_cb(png_structp png)
{
	(void) png;
}

/* zlib settings of the PNG writer (see ocop_qr_png_write). */
#define OCOP_QR_ZLIB_LEVEL 4
#define OCOP_QR_ZLIB_MEM_LEVEL 3

/* The smallest deflate window (2^9 .. 2^15) that holds two scanlines. */
static int
window_bits(size_t rowbytes)
{
	int			bits = 9;

	while (bits < 15 && ((size_t) 1 << bits) < 2 * (rowbytes + 1))
		bits++;
	return bits;
}

/* Pixel side of the image, or -1 when over OCOP_QR_MAX_SIDE. */
static int
image_side(int width, int module_px, int margin)
{
	long		side = ((long) width + 2L * margin) * module_px;

	return side > OCOP_QR_MAX_SIDE ? -1 : (int) side;
}

static bool
too_large(int width, int module_px, int margin, OcopQrError *err)
{
	set_error(err, OCOP_QR_ERR_TOO_LARGE, "module_px",
			  "The image would be %ld x %ld pixels (%d modules plus a margin of %d, at %d pixels each).",
			  ((long) width + 2L * margin) * module_px,
			  ((long) width + 2L * margin) * module_px, width, margin, module_px);
	if (err)
		snprintf(err->hint, sizeof(err->hint),
				 "Images are at most %d x %d pixels: use a smaller module size or margin.",
				 OCOP_QR_MAX_SIDE, OCOP_QR_MAX_SIDE);
	return false;
}

bool
ocop_qr_png_write(const unsigned char *modules, int width, int module_px,
				  int margin, OcopQrBuf *out, OcopQrError *err)
{
	PngCtx		ctx;
	png_structp png;
	png_infop	info;
	unsigned char *volatile row = NULL;
	int			side = image_side(width, module_px, margin);
	size_t		rowbytes;

	if (side < 0)
		return too_large(width, module_px, margin, err);
	rowbytes = ((size_t) side + 7) / 8;
	ctx.out = out;
	ctx.message[0] = '\0';
	png = png_create_write_struct(PNG_LIBPNG_VER_STRING, &ctx, png_error_cb,
								  png_warning_cb);
	if (png == NULL)
		return nomem(err);
	info = png_create_info_struct(png);
	if (info == NULL)
	{
		png_destroy_write_struct(&png, NULL);
		return nomem(err);
	}
	row = malloc(rowbytes);
	if (row == NULL)
	{
		png_destroy_write_struct(&png, &info);
		return nomem(err);
	}

	if (setjmp(png_jmpbuf(png)))
	{
		bool		oom = out->failed;

		png_destroy_write_struct(&png, &info);
		free(row);
		ocop_qr_buf_free(out);
		if (oom)
			return nomem(err);
		return set_error(err, OCOP_QR_ERR_INTERNAL, "data",
						 "libpng failed: %s.", ctx.message);
	}

	png_set_write_fn(png, &ctx, png_write_cb, png_flush_cb);
	png_set_IHDR(png, info, (png_uint_32) side, (png_uint_32) side, 1,
				 PNG_COLOR_TYPE_GRAY, PNG_INTERLACE_NONE,
				 PNG_COMPRESSION_TYPE_DEFAULT, PNG_FILTER_TYPE_DEFAULT);
	/*
	 * Fixed settings, so the same symbol always gives the same bytes.  The
	 * image is mostly rows repeated module_px times, which deflate finds as
	 * matches one row back: filter None, a window of at least two rows, lazy
	 * matching (level 4), and a small memory level (memLevel 8 would make
	 * zlib allocate and clear some 270 kB per image, which costs more than
	 * the compression itself; see bench/qr.md).
	 */
	png_set_filter(png, PNG_FILTER_TYPE_BASE, PNG_FILTER_NONE);
	png_set_compression_level(png, OCOP_QR_ZLIB_LEVEL);
	png_set_compression_strategy(png, Z_DEFAULT_STRATEGY);
	png_set_compression_mem_level(png, OCOP_QR_ZLIB_MEM_LEVEL);
	png_set_compression_window_bits(png, window_bits(rowbytes));
	png_write_info(png, info);

	/* In 1-bit greyscale, 1 is white and 0 is black. */
	for (int r = -margin; r < width + margin; r++)
	{
		memset(row, 0xFF, rowbytes);
		if (r >= 0 && r < width)
		{
			const unsigned char *m = modules + (size_t) r * width;

			for (int c = 0; c < width; c++)
			{
				if (m[c] & 1)
				{
					size_t		x0 = (size_t) (c + margin) * module_px;

					for (size_t x = x0; x < x0 + (size_t) module_px; x++)
						row[x >> 3] &= (unsigned char) ~(0x80u >> (x & 7));
				}
			}
		}
		for (int k = 0; k < module_px; k++)
			png_write_row(png, row);
	}
	png_write_end(png, NULL);
	png_destroy_write_struct(&png, &info);
	free(row);
	if (out->failed)
	{
		ocop_qr_buf_free(out);
		return nomem(err);
	}
	return true;
}

/* ------------------------------------------------------------------------
 * SVG: one path of horizontal runs, in module units, scaled by width/height.
 * ------------------------------------------------------------------------ */

static const char svg_tail[] = "\"/></svg>";

bool
ocop_qr_svg_write(const unsigned char *modules, int width, int module_px,
				  int margin, OcopQrBuf *out, OcopQrError *err)
{
	char		tmp[200];
	int			n;
	int			side = image_side(width, module_px, margin);
	int			units = width + 2 * margin;
	int			px = margin,
				py = margin;	/* start of the previous subpath */
	bool		first = true;

	if (side < 0)
		return too_large(width, module_px, margin, err);
	n = snprintf(tmp, sizeof(tmp),
				 "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\" shape-rendering=\"crispEdges\">"
				 "<rect width=\"%d\" height=\"%d\" fill=\"#fff\"/><path fill=\"#000\" d=\"",
				 side, side, units, units, units, units);
	ocop_qr_buf_append(out, tmp, (size_t) n);
	for (int r = 0; r < width; r++)
	{
		const unsigned char *m = modules + (size_t) r * width;

		for (int c = 0; c < width;)
		{
			int			start,
						x,
						y;

			if (!(m[c] & 1))
			{
				c++;
				continue;
			}
			start = c;
			while (c < width && (m[c] & 1))
				c++;
			x = start + margin;
			y = r + margin;
			if (first)
				n = snprintf(tmp, sizeof(tmp), "M%d %dh%dv1h-%dz", x, y, c - start, c - start);
			else
				n = snprintf(tmp, sizeof(tmp), "m%d %dh%dv1h-%dz", x - px, y - py,
							 c - start, c - start);
			first = false;
			px = x;
			py = y;
			ocop_qr_buf_append(out, tmp, (size_t) n);
		}
	}
	ocop_qr_buf_append(out, svg_tail, sizeof(svg_tail) - 1);
	if (out->failed)
	{
		ocop_qr_buf_free(out);
		return nomem(err);
	}
	return true;
}

/* ------------------------------------------------------------------------
 * Text: two module rows per line, dark = ink: "█" both, "▀" upper, "▄" lower.
 * Lines end in "\n" except the last.
 * ------------------------------------------------------------------------ */

bool
ocop_qr_text_write(const unsigned char *modules, int width, int margin,
				   OcopQrBuf *out, OcopQrError *err)
{
	static const char *const glyph[4] = {" ", "\xE2\x96\x80", "\xE2\x96\x84", "\xE2\x96\x88"};
	int			side = width + 2 * margin;

	for (int r = 0; r < side; r += 2)
	{
		if (r > 0)
			ocop_qr_buf_append(out, "\n", 1);
		for (int c = 0; c < side; c++)
		{
			int			mr = r - margin,
						mc = c - margin;
			int			top = 0,
						bottom = 0;

			if (mc >= 0 && mc < width)
			{
				if (mr >= 0 && mr < width)
					top = modules[(size_t) mr * width + mc] & 1;
				if (mr + 1 >= 0 && mr + 1 < width)
					bottom = modules[(size_t) (mr + 1) * width + mc] & 1;
			}
			ocop_qr_buf_append(out, glyph[top | (bottom << 1)],
							   strlen(glyph[top | (bottom << 1)]));
		}
	}
	if (out->failed)
	{
		ocop_qr_buf_free(out);
		return nomem(err);
	}
	return true;
}

/* ------------------------------------------------------------------------
 * Encoding
 * ------------------------------------------------------------------------ */

static bool
too_long(OcopQrEcc ecc, size_t len, bool binary, OcopQrError *err)
{
	set_error(err, OCOP_QR_ERR_TOO_LONG, "data",
			  "The payload has %zu bytes, more than a QR code holds at error correction level %c.",
			  len, ecc_names[ecc]);
	if (err)
		snprintf(err->hint, sizeof(err->hint),
				 "At level %c a QR code holds at most %d bytes (byte mode, version 40)%s; shorten the payload or choose a lower level.",
				 ecc_names[ecc], ocop_qr_byte_capacity[ecc],
				 binary ? "" : ", more when the text is mostly digits or upper-case letters");
	return false;
}

bool
ocop_qr_render(const unsigned char *data, size_t len, bool binary,
			   OcopQrFormat format, const OcopQrOptions *opt, OcopQrBuf *out,
			   OcopQrError *err)
{
	static const QRecLevel levels[4] = {QR_ECLEVEL_L, QR_ECLEVEL_M, QR_ECLEVEL_Q, QR_ECLEVEL_H};
	QRcode	   *qr;
	bool		ok;
	int			module_px = format == OCOP_QR_TEXT ? 1 : opt->module_px;

	memset(out, 0, sizeof(*out));
	if (!ocop_qr_check_options(opt, format != OCOP_QR_TEXT, err))
		return false;
	if (len == 0)
		return set_error(err, OCOP_QR_ERR_EMPTY, "data", "The QR code payload is empty.");
	if (binary && len > (size_t) ocop_qr_byte_capacity[opt->ecc])
		return too_long(opt->ecc, len, binary, err);
	if (!binary)
	{
		if (len > OCOP_QR_MAX_TEXT)
			return too_long(opt->ecc, len, binary, err);
		if (memchr(data, '\0', len) != NULL || data[len] != '\0')
			return set_error(err, OCOP_QR_ERR_PARAM, "data",
							 "A text payload must not contain a NUL byte.");
	}
	/* Even the smallest symbol (21 modules) must fit. */
	if (image_side(21, module_px, opt->margin) < 0)
		return too_large(21, module_px, opt->margin, err);

	errno = 0;
	if (binary)
		qr = QRcode_encodeData((int) len, data, 0, levels[opt->ecc]);
	else
		qr = QRcode_encodeString((const char *) data, 0, levels[opt->ecc], QR_MODE_8, 1);
	if (qr == NULL)
	{
		if (errno == ERANGE)
			return too_long(opt->ecc, len, binary, err);
		if (errno == ENOMEM)
			return nomem(err);
		return set_error(err, OCOP_QR_ERR_INTERNAL, "data",
						 "libqrencode failed: %s.", strerror(errno));
	}
	switch (format)
	{
		case OCOP_QR_PNG:
			ok = ocop_qr_png_write(qr->data, qr->width, module_px, opt->margin, out, err);
			break;
		case OCOP_QR_SVG:
			ok = ocop_qr_svg_write(qr->data, qr->width, module_px, opt->margin, out, err);
			break;
		case OCOP_QR_TEXT:
			ok = ocop_qr_text_write(qr->data, qr->width, opt->margin, out, err);
			break;
		default:
			ok = set_error(err, OCOP_QR_ERR_INTERNAL, "data", "Unknown image format.");
			break;
	}
	QRcode_free(qr);
	return ok;
}
