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
 * PNG, written directly: signature, IHDR, one IDAT, IEND (ISO/IEC 15948
 * clauses 5.2 to 5.6), the chunk CRCs and the zlib stream from zlib.  libpng
 * is not used: for these small images its per-image setup and per-row
 * bookkeeping cost more than the compression (bench/qr.md).
 * ------------------------------------------------------------------------ */

/* zlib settings of the PNG writer (see ocop_qr_png_write). */
#ifndef OCOP_QR_ZLIB_LEVEL
#define OCOP_QR_ZLIB_LEVEL 4
#endif
#ifndef OCOP_QR_ZLIB_MEM_LEVEL
#define OCOP_QR_ZLIB_MEM_LEVEL 3
#endif
#ifndef OCOP_QR_ZLIB_STRATEGY
#define OCOP_QR_ZLIB_STRATEGY Z_DEFAULT_STRATEGY
#endif

/* The smallest deflate window (2^9 .. 2^15) that holds two scanlines. */
static int
window_bits(size_t rowbytes)
{
	int			bits = 9;

	while (bits < 15 && ((size_t) 1 << bits) < 2 * (rowbytes + 1))
		bits++;
	return bits;
}

/*
 * One deflate stream per window size, created on first use and then only
 * deflateReset() between images: deflateInit/deflateEnd per image allocate
 * and free the window and hash tables each time, which costs as much as
 * compressing a small label.  The streams live for the life of the process
 * (a few kB each, reachable from here, so leak checkers do not report them;
 * a backend or a test exits with them); ocop_qr_release() frees them.  This
 * makes the PNG writer not thread-safe, which is fine for PostgreSQL
 * backends (one thread) and for the tests.
 */
static z_stream *zstreams[16];

void
ocop_qr_release(void)
{
	for (int i = 0; i < 16; i++)
		if (zstreams[i] != NULL)
		{
			deflateEnd(zstreams[i]);
			free(zstreams[i]);
			zstreams[i] = NULL;
		}
}

static z_stream *
get_zstream(int wbits)
{
	z_stream   *zs = zstreams[wbits];

	if (zs != NULL)
	{
		if (deflateReset(zs) == Z_OK)
			return zs;
		deflateEnd(zs);
		free(zs);
		zstreams[wbits] = NULL;
	}
	zs = calloc(1, sizeof(z_stream));
	if (zs == NULL)
		return NULL;
	if (deflateInit2(zs, OCOP_QR_ZLIB_LEVEL, Z_DEFLATED, wbits,
					 OCOP_QR_ZLIB_MEM_LEVEL, OCOP_QR_ZLIB_STRATEGY) != Z_OK)
	{
		free(zs);
		return NULL;
	}
	zstreams[wbits] = zs;
	return zs;
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

static inline void
put32(unsigned char *p, uint32_t v)
{
	p[0] = (unsigned char) (v >> 24);
	p[1] = (unsigned char) (v >> 16);
	p[2] = (unsigned char) (v >> 8);
	p[3] = (unsigned char) v;
}

/* Make room for n more bytes; false (and out->failed) when out of memory. */
static bool
reserve(OcopQrBuf *out, size_t n)
{
	size_t		len = out->len;

	if (out->failed)
		return false;
	if (n <= out->cap - out->len)
		return true;
	{
		size_t		cap = out->cap ? out->cap : 1024;
		unsigned char *p;

		while (cap - len < n)
		{
			if (cap > SIZE_MAX / 2)
			{
				out->failed = true;
				return false;
			}
			cap *= 2;
		}
		p = realloc(out->data, cap);
		if (p == NULL)
		{
			out->failed = true;
			return false;
		}
		out->data = p;
		out->cap = cap;
	}
	return true;
}

/* Close the chunk whose length field is at out->data + at: length and CRC. */
static void
end_chunk(OcopQrBuf *out, size_t at)
{
	size_t		n = out->len - at - 8;

	put32(out->data + at, (uint32_t) n);
	put32(out->data + out->len,
		  (uint32_t) crc32(0L, out->data + at + 4, (uInt) (n + 4)));
	out->len += 4;
}

/*
 * One scanline of module row r (r < 0 or r >= width: the margin): the filter
 * byte 0 (None) and the bits, 1 = white and 0 = black in 1-bit greyscale.
 */
static void
build_scanline(unsigned char *line, size_t rowbytes, const unsigned char *modules,
			   int width, int module_px, int margin, int r)
{
	line[0] = 0;
	memset(line + 1, 0xFF, rowbytes);
	if (r < 0 || r >= width)
		return;
	{
		const unsigned char *m = modules + (size_t) r * width;
		unsigned char *row = line + 1;

		for (int c = 0; c < width; c++)
		{
			size_t		x,
						x1;

			if (!(m[c] & 1))
				continue;
			x = (size_t) (c + margin) * module_px;
			x1 = x + (size_t) module_px;
			/* Leading partial byte, whole bytes, trailing partial byte. */
			while (x < x1 && (x & 7))
			{
				row[x >> 3] &= (unsigned char) ~(0x80u >> (x & 7));
				x++;
			}
			if (x1 - x >= 8)
			{
				memset(row + (x >> 3), 0, (x1 - x) >> 3);
				x += (x1 - x) & ~(size_t) 7;
			}
			while (x < x1)
			{
				row[x >> 3] &= (unsigned char) ~(0x80u >> (x & 7));
				x++;
			}
		}
	}
}

/* Raw scanline bytes deflated per call (several rows, to amortise calls). */
#define OCOP_QR_CHUNK 16384

bool
ocop_qr_png_write(const unsigned char *modules, int width, int module_px,
				  int margin, OcopQrBuf *out, OcopQrError *err)
{
	static const unsigned char sig[8] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};
	int			side = image_side(width, module_px, margin);
	size_t		rowbytes,
				linelen,
				lines_per_chunk,
				idat,
				fill = 0;
	unsigned char *chunk;
	z_stream   *zs;
	int			zrc = Z_OK;

	memset(out, 0, sizeof(*out));
	if (side < 0)
		return too_large(width, module_px, margin, err);
	rowbytes = ((size_t) side + 7) / 8;
	linelen = rowbytes + 1;
	lines_per_chunk = OCOP_QR_CHUNK / linelen;
	if (lines_per_chunk < (size_t) module_px)
		lines_per_chunk = (size_t) module_px;
	if (lines_per_chunk > (size_t) side)
		lines_per_chunk = (size_t) side;
	chunk = malloc(lines_per_chunk * linelen);
	if (chunk == NULL)
		return nomem(err);
	/*
	 * Fixed settings, so the same symbol always gives the same bytes.  The
	 * image is mostly rows repeated module_px times, which deflate finds as
	 * matches one row back: filter None, a window of at least two rows, lazy
	 * matching (level 4), and a small memory level (memLevel 8 would make
	 * zlib allocate and clear some 270 kB per stream; see bench/qr.md).
	 */
	zs = get_zstream(window_bits(rowbytes));
	if (zs == NULL || !reserve(out, 8 + 25 + 8 + 1024))
	{
		free(chunk);
		ocop_qr_buf_free(out);
		return nomem(err);
	}

	memcpy(out->data, sig, 8);
	out->len = 8;
	put32(out->data + 8, 13);
	memcpy(out->data + 12, "IHDR", 4);
	put32(out->data + 16, (uint32_t) side);
	put32(out->data + 20, (uint32_t) side);
	out->data[24] = 1;			/* bit depth */
	out->data[25] = 0;			/* colour type: greyscale */
	out->data[26] = 0;			/* compression: deflate */
	out->data[27] = 0;			/* filter method 0 */
	out->data[28] = 0;			/* no interlace */
	out->len = 29;
	end_chunk(out, 8);
	idat = out->len;
	memcpy(out->data + idat + 4, "IDAT", 4);
	out->len += 8;

	for (int r = -margin; r < width + margin; r++)
	{
		bool		last = (r == width + margin - 1);
		unsigned char *line;

		if (fill + (size_t) module_px > lines_per_chunk)
		{
			zs->next_in = chunk;
			zs->avail_in = (uInt) (fill * linelen);
			do
			{
				if (!reserve(out, 1024 + zs->avail_in / 8))
					break;
				zs->next_out = out->data + out->len;
				zs->avail_out = (uInt) (out->cap - out->len);
				zrc = deflate(zs, Z_NO_FLUSH);
				out->len = out->cap - zs->avail_out;
			} while (zrc == Z_OK && zs->avail_in > 0);
			if (out->failed || zrc != Z_OK)
				break;
			fill = 0;
		}
		line = chunk + fill * linelen;
		build_scanline(line, rowbytes, modules, width, module_px, margin, r);
		fill++;
		for (int k = 1; k < module_px; k++, fill++)
			memcpy(chunk + fill * linelen, line, linelen);
		if (last)
		{
			zs->next_in = chunk;
			zs->avail_in = (uInt) (fill * linelen);
			do
			{
				if (!reserve(out, 1024 + zs->avail_in / 8 + 12 + 12))
					break;
				zs->next_out = out->data + out->len;
				zs->avail_out = (uInt) (out->cap - out->len - 12 - 12);
				zrc = deflate(zs, Z_FINISH);
				out->len = out->cap - 12 - 12 - zs->avail_out;
			} while (zrc == Z_OK);
		}
	}
	free(chunk);
	if (out->failed || zrc != Z_STREAM_END)
	{
		bool		oom = out->failed;

		ocop_qr_buf_free(out);
		if (oom)
			return nomem(err);
		return set_error(err, OCOP_QR_ERR_INTERNAL, "data",
						 "zlib failed: %s.", zs->msg ? zs->msg : "unknown error");
	}
	end_chunk(out, idat);
	put32(out->data + out->len, 0);
	memcpy(out->data + out->len + 4, "IEND", 4);
	out->len += 8;
	end_chunk(out, out->len - 8);
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
