/*
 * ocop_qr_core.c -- QR code images from libqrencode: 1-bit greyscale PNG
 * (written here; deflate in ocop_deflate_core.c), compact SVG and UTF-8 half-block text.  No fmgr; see
 * ocop_qr_core.h for the memory and determinism rules.
 */

/* Built twice, as src/common is: see the Makefile, "Pure-C cores". */
#ifdef FRONTEND
#include "postgres_fe.h"
#else
#include "postgres.h"
#endif

#include "ocop_qr_core.h"
#include "ocop_deflate_core.h"

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

bool
ocop_qr_parse_ecc(const char *s, size_t len, OcopQrEcc *ecc, OcopErr *err)
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
	ocop_err_set_field(err, OCOP_E_VALUE, "ecc",
			  "The error correction level must be L (7%%), M (15%%), Q (25%%) or H (30%%).");
	return false;
}

bool
ocop_qr_check_options(const OcopQrOptions *opt, bool need_module_px,
					  OcopErr *err)
{
	if (need_module_px &&
		(opt->module_px < OCOP_QR_MODULE_PX_MIN || opt->module_px > OCOP_QR_MODULE_PX_MAX))
		return ocop_err_set_field(err, OCOP_E_VALUE, "module_px",
						 "The module size is %d pixels: it must be from %d to %d.",
						 opt->module_px, OCOP_QR_MODULE_PX_MIN, OCOP_QR_MODULE_PX_MAX);
	if (opt->margin < OCOP_QR_MARGIN_MIN || opt->margin > OCOP_QR_MARGIN_MAX)
		return ocop_err_set_field(err, OCOP_E_VALUE, "margin",
						 "The margin is %d modules: it must be from %d to %d (ISO/IEC 18004 asks for 4).",
						 opt->margin, OCOP_QR_MARGIN_MIN, OCOP_QR_MARGIN_MAX);
	if ((opt->ecc < OCOP_QR_ECC_L || opt->ecc > OCOP_QR_ECC_H))
		return ocop_err_set_field(err, OCOP_E_VALUE, "ecc",
						 "The error correction level must be L, M, Q or H.");
	return true;
}

/* libqrencode's own malloc failed (it reports ENOMEM). */
static bool
nomem(OcopErr *err)
{
	return ocop_err_set_field(err, OCOP_E_NOMEM, "data", "Out of memory while making a QR code image.");
}

/* ------------------------------------------------------------------------
 * PNG, written directly: signature, IHDR, one IDAT, IEND (ISO/IEC 15948,
 * clauses 5 and 11), CRC-32 and Adler-32 from zlib.  libpng is not used: for
 * these small images its per-image setup and per-row calls cost more than
 * the compression, and zlib's generic deflate more than all the rest of the
 * PNG (bench/qr.md).
 * ------------------------------------------------------------------------ */

/* Pixel side of the image, or -1 when over OCOP_QR_MAX_SIDE. */
static int
image_side(int width, int module_px, int margin)
{
	long		side = ((long) width + 2L * margin) * module_px;

	return side > OCOP_QR_MAX_SIDE ? -1 : (int) side;
}

static bool
too_large(int width, int module_px, int margin, OcopErr *err)
{
	ocop_err_set_field(err, OCOP_E_LIMIT, "module_px",
			  "The image would be %ld x %ld pixels (%d modules plus a margin of %d, at %d pixels each).",
			  ((long) width + 2L * margin) * module_px,
			  ((long) width + 2L * margin) * module_px, width, margin, module_px);
	ocop_err_hint(err,
				 "Images are at most %d x %d pixels: use a smaller module size or margin.",
				 OCOP_QR_MAX_SIDE, OCOP_QR_MAX_SIDE);
	return false;
}

static inline void
put32(void *at, uint32_t v)
{
	unsigned char *p = at;

	p[0] = (unsigned char) (v >> 24);
	p[1] = (unsigned char) (v >> 16);
	p[2] = (unsigned char) (v >> 8);
	p[3] = (unsigned char) v;
}

/* Close the chunk whose length field is at out->data + at: length and CRC. */
static void
end_chunk(StringInfo out, size_t at)
{
	size_t		n = out->len - at - 8;

	put32(out->data + at, (uint32_t) n);
	put32(out->data + out->len,
		  (uint32_t) crc32(0L, (const Bytef *) out->data + at + 4, (uInt) (n + 4)));
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

/*
 * The deflate stream (RFC 1950 and 1951) is made here too, because the
 * image's structure is known: every module row is one scanline repeated
 * module_px times.  So the LZ77 step needs no search: each repeat is one
 * back-reference one scanline back (a run of identical module rows, such as
 * the margin, is one longer reference), a scanline equal to an earlier one
 * within the 32 kB window is one reference to it, and any other scanline is
 * literals plus references to the scanline above (distance one line) and to
 * runs of one byte (distance 1).  Then one block with Huffman codes built for
 * this image (dynamic codes, RFC 1951 clause 3.2.7), written by
 * ocop_deflate_core.c.  For a 148 x 148 label this costs 16 us where zlib at
 * level 4 cost 39 us, and gives 297 bytes on average where zlib gave 344
 * (level 4) or 374 (level 9); from about 10 pixels per module up, zlib's
 * general match search compresses better (bench/qr.md).  Everything is a
 * function of the module matrix and the parameters only: same inputs, same
 * bytes.
 */

/* Shortest back-references taken (3 is deflate's minimum; see bench/qr.md). */
#define DEF_MIN_UP 3
#define DEF_MIN_RUN 3

/* The image's geometry, and its scanlines with their places in the stream. */
typedef struct PngLines
{
	int			side;			/* pixels */
	int			nrows;			/* module rows, margins included */
	int			module_px;
	size_t		rowbytes;		/* bytes of pixels per scanline */
	size_t		linelen;		/* rowbytes + the filter byte */
	size_t		run;			/* bytes of one module row: module_px lines */
	unsigned char *lines;		/* one scanline per module row */
	size_t	   *line_pos;		/* offset of each module row's first line */
	uint32_t   *line_hash;		/* FNV-1a of each scanline */
} PngLines;

static void
png_lines_free(PngLines *pl)
{
	pfree(pl->lines);
	pfree(pl->line_pos);
	pfree(pl->line_hash);
}

/* Geometry and buffers. */
static void
png_lines_init(PngLines *pl, int side, int width, int module_px, int margin)
{
	pl->side = side;
	pl->module_px = module_px;
	pl->rowbytes = ((size_t) side + 7) / 8;
	pl->linelen = pl->rowbytes + 1;
	pl->run = (size_t) module_px * pl->linelen;
	pl->nrows = width + 2 * margin;
	pl->lines = palloc((size_t) pl->nrows * pl->linelen);
	pl->line_pos = palloc((size_t) pl->nrows * sizeof(size_t));
	pl->line_hash = palloc((size_t) pl->nrows * sizeof(uint32_t));
}

/* Tokens: at most a literal per line byte, plus the cut repeats. */
static size_t
png_max_tokens(const PngLines *pl)
{
	if (pl->linelen < 3)
		return (size_t) pl->side * pl->linelen + 4;	/* all literals */
	return (size_t) pl->nrows * (pl->linelen + 2) + (size_t) pl->side * pl->linelen / 255 + 4;
}

/* Module row i, whose scanline has hash h: an earlier equal one in the window, or -1. */
static int
png_same_line(const PngLines *pl, int i, uint32_t h, size_t pos)
{
	const unsigned char *line = pl->lines + (size_t) i * pl->linelen;

	for (int j = i - 1; j >= 0; j--)
	{
		size_t		d = pos - pl->line_pos[j] - pl->run + pl->linelen;

		if (d > OCOP_DEFLATE_WINDOW)
			break;
		if (pl->line_hash[j] == h &&
			memcmp(pl->lines + (size_t) j * pl->linelen, line, pl->linelen) == 0)
			return j;
	}
	return -1;
}

/*
 * A scanline equal to no earlier one: literals, and back-references to the
 * same bytes in the line above (whose last copy ends just before this line)
 * and to runs of one byte.  Trying more earlier lines, at their distances,
 * gives larger images: literals are cheap here, distances not.
 */
static void
png_new_line(OcopDeflate *def, const unsigned char *line, const unsigned char *up,
			 size_t linelen)
{
	for (size_t k = 0; k < linelen;)
	{
		size_t		nu = 0,
					nr = 0;

		if (up != NULL)
			while (k + nu < linelen && line[k + nu] == up[k + nu])
				nu++;
		if (k > 0)
			while (k + nr < linelen && line[k + nr] == line[k - 1])
				nr++;
		if (nu >= DEF_MIN_UP && nu >= nr)
		{
			ocop_deflate_match(def, nu, linelen);
			k += nu;
		}
		else if (nr >= DEF_MIN_RUN)
		{
			ocop_deflate_match(def, nr, 1);
			k += nr;
		}
		else
		{
			ocop_deflate_literal(def, line[k]);
			k++;
		}
	}
}

/*
 * The image data as deflate tokens, one module row at a time, and its
 * Adler-32 (of the uncompressed scanlines, for the zlib trailer).
 */
static void
png_tokens(PngLines *pl, OcopDeflate *def, const unsigned char *modules,
		   int width, int margin, uLong *adler)
{
	size_t		pos = 0;

	for (int i = 0; i < pl->nrows; i++)
	{
		unsigned char *line = pl->lines + (size_t) i * pl->linelen;
		uint32_t	h = 2166136261u;
		int			same;

		build_scanline(line, pl->rowbytes, modules, width, pl->module_px, margin, i - margin);
		for (size_t k = 0; k < pl->linelen; k++)
			h = (h ^ line[k]) * 16777619u;
		pl->line_hash[i] = h;
		pl->line_pos[i] = pos;
		for (int k = 0; k < pl->module_px; k++)
			*adler = adler32(*adler, line, (uInt) pl->linelen);

		/* Lines of 1 or 2 bytes (images of at most 16 pixels): literals. */
		if (pl->linelen < 3)
		{
			for (int k = 0; k < pl->module_px; k++)
				for (size_t b = 0; b < pl->linelen; b++)
					ocop_deflate_literal(def, line[b]);
			pos += pl->run;
			continue;
		}
		same = png_same_line(pl, i, h, pos);
		if (same >= 0)
			ocop_deflate_match(def, pl->linelen, pos - pl->line_pos[same] - pl->run + pl->linelen);
		else
			png_new_line(def, line, i > 0 ? line - pl->linelen : NULL, pl->linelen);
		/* The other copies: one line back. */
		if (pl->module_px > 1)
			ocop_deflate_match(def, pl->run - pl->linelen, pl->linelen);
		pos += pl->run;
	}
}

/*
 * Signature, IHDR, and the start of the IDAT chunk (its length and type,
 * filled in by end_chunk, and the zlib header); the IDAT's offset in *idat.
 */
static void
png_write_head(StringInfo out, int side, size_t *idat)
{
	static const unsigned char sig[8] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};

	/* Signature, IHDR (33), IDAT's length and type (8), zlib header (2). */
	enlargeStringInfo(out, 33 + 8 + 2);
	memcpy(out->data, sig, 8);
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
	*idat = out->len;
	memcpy(out->data + *idat + 4, "IDAT", 4);
	/* zlib header: deflate, 32 kB window; FCHECK makes it a multiple of 31. */
	out->data[*idat + 8] = 0x78;
	out->data[*idat + 9] = 0x01;
	out->len = (int) *idat + 10;
}

/* The deflate block, with room for the tail after it (written by png_write_tail). */
static bool
png_write_deflate(StringInfo out, OcopDeflate *def)
{
	size_t		bound = ocop_deflate_bound(def);

	/*
	 * Then Adler-32 (4), IDAT's CRC (4) and IEND (12).  The image is at most
	 * OCOP_QR_MAX_SIDE pixels square, 1 bit each (8 MB), so the bound is far
	 * below the 1 GB a StringInfo holds.
	 */
	if (bound == 0)
		return false;
	enlargeStringInfo(out, (int) (bound + 4 + 4 + 12));
	out->len += ocop_deflate_write(def, (unsigned char *) out->data + out->len);
	return true;
}

/* Adler-32, the end of the IDAT chunk, and IEND (room reserved before). */
static void
png_write_tail(StringInfo out, size_t idat, uLong adler)
{
	put32(out->data + out->len, (uint32_t) adler);
	out->len += 4;
	end_chunk(out, idat);
	put32(out->data + out->len, 0);
	memcpy(out->data + out->len + 4, "IEND", 4);
	out->len += 8;
	end_chunk(out, out->len - 8);
	out->data[out->len] = '\0';	/* a StringInfo's terminator (room reserved) */
}

bool
ocop_qr_png_write(const unsigned char *modules, int width, int module_px,
				  int margin, StringInfo out, OcopErr *err)
{
	int			side = image_side(width, module_px, margin);
	PngLines	pl;
	OcopDeflate def;
	uLong		adler = adler32(0L, Z_NULL, 0);
	size_t		idat;
	bool		ok;

	if (side < 0)
		return too_large(width, module_px, margin, err);
	png_lines_init(&pl, side, width, module_px, margin);
	ocop_deflate_init(&def, png_max_tokens(&pl));
	png_tokens(&pl, &def, modules, width, margin, &adler);
	png_lines_free(&pl);
	png_write_head(out, side, &idat);
	ok = png_write_deflate(out, &def);
	ocop_deflate_free(&def);
	if (!ok)
		return ocop_err_set_field(err, OCOP_E_INTERNAL, "data", "The PNG image's deflate stream is too large.");
	png_write_tail(out, idat, adler);
	return true;
}

/* ------------------------------------------------------------------------
 * SVG: one path of horizontal runs, in module units, scaled by width/height.
 * ------------------------------------------------------------------------ */

static const char svg_tail[] = "\"/></svg>";

bool
ocop_qr_svg_write(const unsigned char *modules, int width, int module_px,
				  int margin, StringInfo out, OcopErr *err)
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
	appendBinaryStringInfo(out, tmp, n);
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
			appendBinaryStringInfo(out, tmp, n);
		}
	}
	appendBinaryStringInfo(out, svg_tail, sizeof(svg_tail) - 1);
	return true;
}

/* ------------------------------------------------------------------------
 * Text: two module rows per line, dark = ink: "█" both, "▀" upper, "▄" lower.
 * Lines end in "\n" except the last.
 * ------------------------------------------------------------------------ */

bool
ocop_qr_text_write(const unsigned char *modules, int width, int margin,
				   StringInfo out, OcopErr *err)
{
	static const char *const glyph[4] = {" ", "\xE2\x96\x80", "\xE2\x96\x84", "\xE2\x96\x88"};
	int			side = width + 2 * margin;

	for (int r = 0; r < side; r += 2)
	{
		if (r > 0)
			appendStringInfoChar(out, '\n');
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
			appendStringInfoString(out, glyph[top | (bottom << 1)]);
		}
	}
	(void) err;
	return true;
}

/* ------------------------------------------------------------------------
 * Encoding
 * ------------------------------------------------------------------------ */

static bool
too_long(OcopQrEcc ecc, size_t len, bool binary, OcopErr *err)
{
	ocop_err_set_field(err, OCOP_E_LIMIT, "data",
			  "The payload has %zu bytes, more than a QR code holds at error correction level %c.",
			  len, ecc_names[ecc]);
	ocop_err_hint(err,
				 "At level %c a QR code holds at most %d bytes (byte mode, version 40)%s; shorten the payload or choose a lower level.",
				 ecc_names[ecc], ocop_qr_byte_capacity[ecc],
				 binary ? "" : ", more when the text is mostly digits or upper-case letters");
	return false;
}

bool
ocop_qr_render(const unsigned char *data, size_t len, bool binary,
			   OcopQrFormat format, const OcopQrOptions *opt, StringInfo out,
			   OcopErr *err)
{
	static const QRecLevel levels[4] = {QR_ECLEVEL_L, QR_ECLEVEL_M, QR_ECLEVEL_Q, QR_ECLEVEL_H};
	QRcode	   *qr;
	unsigned char *modules;
	int			width;
	bool		ok;
	int			module_px = format == OCOP_QR_TEXT ? 1 : opt->module_px;

	if (!ocop_qr_check_options(opt, format != OCOP_QR_TEXT, err))
		return false;
	if (len == 0)
		return ocop_err_set_field(err, OCOP_E_VALUE, "data", "The QR code payload is empty.");
	if (binary && len > (size_t) ocop_qr_byte_capacity[opt->ecc])
		return too_long(opt->ecc, len, binary, err);
	if (!binary)
	{
		if (len > OCOP_QR_MAX_TEXT)
			return too_long(opt->ecc, len, binary, err);
		if (memchr(data, '\0', len) != NULL || data[len] != '\0')
			return ocop_err_set_field(err, OCOP_E_VALUE, "data",
							 "A text payload must not contain a NUL byte.");
	}
	/* Even the smallest symbol (21 modules) must fit. */
	if (image_side(21, module_px, opt->margin) < 0)
		return too_large(21, module_px, opt->margin, err);

	/*
	 * libqrencode mallocs its symbol: copy it out and free it before anything
	 * else is palloc'd, so that an ERROR (out of memory) cannot leak it.
	 * Version 40 is the largest symbol.
	 */
	modules = palloc((size_t) OCOP_QR_MAX_WIDTH * OCOP_QR_MAX_WIDTH);
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
		return ocop_err_set_field(err, OCOP_E_INTERNAL, "data",
						 "libqrencode failed: %s.", strerror(errno));
	}
	width = qr->width;
	if (width > OCOP_QR_MAX_WIDTH)
	{
		QRcode_free(qr);
		return ocop_err_set_field(err, OCOP_E_INTERNAL, "data",
								  "libqrencode made a symbol of %d modules.", width);
	}
	memcpy(modules, qr->data, (size_t) width * width);
	QRcode_free(qr);
	switch (format)
	{
		case OCOP_QR_PNG:
			ok = ocop_qr_png_write(modules, width, module_px, opt->margin, out, err);
			break;
		case OCOP_QR_SVG:
			ok = ocop_qr_svg_write(modules, width, module_px, opt->margin, out, err);
			break;
		case OCOP_QR_TEXT:
			ok = ocop_qr_text_write(modules, width, opt->margin, out, err);
			break;
		default:
			ok = ocop_err_set_field(err, OCOP_E_INTERNAL, "data", "Unknown image format.");
			break;
	}
	pfree(modules);
	return ok;
}
