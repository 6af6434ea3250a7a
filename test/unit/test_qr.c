/*
 * test_qr.c -- unit tests of ocop_qr_core.c: the PNG writer's structure
 * (signature, chunk CRCs, IHDR, IDAT pixels, IEND), SVG and text writers,
 * parameter checks and libqrencode limits.  The PNG writer has its own
 * deflate encoder, so its output is checked with zlib's inflate (every
 * scanline against the modules, over many shapes) and read back with libpng.
 */
/* The cores are built for the frontend (see the Makefile, "Pure-C cores"). */
#include "postgres_fe.h"

#include "fe_memory.h"
#include "ocop_qr_core.h"
#include "unit.h"

#include <stdint.h>
#include <stdlib.h>

#include <png.h>
#include <qrencode.h>
#include <zlib.h>


/* An empty StringInfo (the cores append to the caller's). */
static StringInfoData
new_buf(void)
{
	StringInfoData b;

	initStringInfo(&b);
	return b;
}

static uint32_t
be32(const unsigned char *p)
{
	return ((uint32_t) p[0] << 24) | ((uint32_t) p[1] << 16) | ((uint32_t) p[2] << 8) | p[3];
}

typedef struct Png
{
	bool		ok;
	int			width,
				height,
				depth,
				colour,
				interlace;
	int			chunks;
	char		order[64];		/* first letters of chunk types, e.g. "IDE" */
	unsigned char *pixels;		/* inflated scanlines */
	size_t		npixels;
} Png;

/* Walk the chunks, checking every CRC; inflate the IDAT data. */
static Png
png_parse(const unsigned char *p, size_t len)
{
	static const unsigned char sig[8] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
	Png			png;
	unsigned char *idat = NULL;
	size_t		nidat = 0,
				pos = 8;
	bool		end = false;

	memset(&png, 0, sizeof(png));
	if (len < 8 || memcmp(p, sig, 8) != 0)
		return png;
	while (pos + 12 <= len && !end)
	{
		uint32_t	n = be32(p + pos);
		const unsigned char *type = p + pos + 4;
		uint32_t	crc;

		if (pos + 12 + n > len)
			return png;
		crc = (uint32_t) crc32(0L, type, n + 4);
		if (crc != be32(p + pos + 8 + n))
		{
			fprintf(stderr, "bad CRC in chunk %.4s\n", type);
			free(idat);
			return png;
		}
		if (png.chunks < (int) sizeof(png.order) - 1)
			png.order[png.chunks] = (char) type[0];
		png.chunks++;
		if (memcmp(type, "IHDR", 4) == 0 && n == 13)
		{
			png.width = (int) be32(type + 4);
			png.height = (int) be32(type + 8);
			png.depth = type[12];
			png.colour = type[13];
			png.interlace = type[16];
		}
		else if (memcmp(type, "IDAT", 4) == 0)
		{
			idat = realloc(idat, nidat + n);
			memcpy(idat + nidat, type + 4, n);
			nidat += n;
		}
		else if (memcmp(type, "IEND", 4) == 0)
			end = true;
		pos += 12 + n;
	}
	if (end && pos == len && png.width > 0)
	{
		uLongf		out = (uLongf) png.height * (1 + ((size_t) png.width * png.depth + 7) / 8);

		png.pixels = malloc(out);
		if (uncompress(png.pixels, &out, idat, nidat) == Z_OK)
		{
			png.npixels = out;
			png.ok = true;
		}
	}
	free(idat);
	return png;
}

/* Pixel (x, y) of a 1-bit greyscale image: 1 = white. */
static int
pixel(const Png *png, int x, int y)
{
	size_t		rowbytes = 1 + ((size_t) png->width + 7) / 8;
	const unsigned char *row = png->pixels + (size_t) y * rowbytes;

	return (row[1 + x / 8] >> (7 - x % 8)) & 1;
}

/* Every pixel matches the modules, scaled and surrounded by the margin. */
static bool
pixels_match(const Png *png, const unsigned char *m, int width, int px, int margin)
{
	size_t		rowbytes = 1 + ((size_t) png->width + 7) / 8;

	for (int y = 0; y < png->height; y++)
	{
		if (png->pixels[(size_t) y * rowbytes] != 0)
			return false;		/* filter type None */
		for (int x = 0; x < png->width; x++)
		{
			int			r = y / px - margin,
						c = x / px - margin;
			int			dark = r >= 0 && r < width && c >= 0 && c < width && (m[r * width + c] & 1);

			if (pixel(png, x, y) != !dark)
				return false;
		}
	}
	return true;
}

static void
test_png_writer(void)
{
	/* A 3 x 3 pattern; module 2 px, margin 1: 10 x 10 pixels. */
	static const unsigned char m[9] = {1, 0, 1, 0, 1, 0, 1, 1, 0};
	StringInfoData buf = new_buf();
	OcopErr err;
	Png			png;

	CHECK(ocop_qr_png_write(m, 3, 2, 1, &buf, &err), "write 3x3");
	png = png_parse((const unsigned char *) buf.data, buf.len);
	CHECK(png.ok, "signature, CRCs, IEND last, IDAT inflates");
	CHECK_EQ_INT(png.width, 10, "width");
	CHECK_EQ_INT(png.height, 10, "height");
	CHECK_EQ_INT(png.depth, 1, "bit depth 1");
	CHECK_EQ_INT(png.colour, 0, "greyscale");
	CHECK_EQ_INT(png.interlace, 0, "not interlaced");
	CHECK(png.order[0] == 'I' && png.order[png.chunks - 1] == 'I', "IHDR first, IEND last");
	CHECK(strchr(png.order, 't') == NULL && strchr(png.order, 'g') == NULL, "no text, time or gamma chunks");
	CHECK_EQ_INT(png.npixels, 10 * (1 + 2), "scanline bytes");
	CHECK(pixels_match(&png, m, 3, 2, 1), "pixels match modules");
	CHECK_EQ_INT(pixel(&png, 2, 2), 0, "module (0,0) black");
	CHECK_EQ_INT(pixel(&png, 4, 2), 1, "module (0,1) white");
	CHECK_EQ_INT(pixel(&png, 0, 0), 1, "margin white");
	free(png.pixels);
	resetStringInfo(&buf);

	/* Widths that are not multiples of 8, margin 0, module 1. */
	{
		unsigned char big[13 * 13];

		for (int i = 0; i < 13 * 13; i++)
			big[i] = (unsigned char) ((i * 7 + i / 13) % 3 == 0);
		for (int px = 1; px <= 5; px++)
			for (int margin = 0; margin <= 3; margin++)
			{
				CHECK(ocop_qr_png_write(big, 13, px, margin, &buf, &err), "write 13x13");
				png = png_parse((const unsigned char *) buf.data, buf.len);
				CHECK(png.ok && png.width == (13 + 2 * margin) * px &&
					  pixels_match(&png, big, 13, px, margin), "13x13 pixels");
				free(png.pixels);
				resetStringInfo(&buf);
			}
	}

	/* Too large. */
	{
		unsigned char *v40 = calloc(177 * 177, 1);

		CHECK(ocop_qr_png_write(v40, 177, 46, 0, &buf, &err), "8142 px allowed");
		png = png_parse((const unsigned char *) buf.data, buf.len);
		CHECK(png.ok && png.width == 8142, "8142 px image");
		free(png.pixels);
		resetStringInfo(&buf);
		CHECK(!ocop_qr_png_write(v40, 177, 47, 0, &buf, &err), "8319 px refused");
		CHECK_EQ_INT(err.code, OCOP_E_LIMIT, "too large status");
		CHECK_EQ_STR(err.field, "module_px", "too large field");
		CHECK(buf.len == 0, "nothing written");
		free(v40);
	}
}

/* libpng's simplified reader gets the same pixels (an independent decoder). */
static bool
libpng_reads(const StringInfoData *buf, const unsigned char *m, int width, int px, int margin)
{
	png_image	img;
	unsigned char *pix;
	bool		ok = true;
	int			side = (width + 2 * margin) * px;

	memset(&img, 0, sizeof(img));
	img.version = PNG_IMAGE_VERSION;
	if (!png_image_begin_read_from_memory(&img, buf->data, buf->len))
		return false;
	img.format = PNG_FORMAT_GRAY;
	if ((int) img.width != side || (int) img.height != side)
	{
		png_image_free(&img);
		return false;
	}
	pix = malloc(PNG_IMAGE_SIZE(img));
	if (pix == NULL || !png_image_finish_read(&img, NULL, pix, 0, NULL))
	{
		png_image_free(&img);
		free(pix);
		return false;
	}
	for (int y = 0; y < side && ok; y++)
		for (int x = 0; x < side; x++)
		{
			int			r = y / px - margin,
						c = x / px - margin;
			int			dark = r >= 0 && r < width && c >= 0 && c < width && (m[r * width + c] & 1);

			if (pix[(size_t) y * side + x] != (dark ? 0 : 255))
			{
				ok = false;
				break;
			}
		}
	free(pix);
	return ok;
}

/*
 * Many shapes of module matrix through the deflate encoder: random modules,
 * all light, all dark, stripes (long runs and identical rows), widths that
 * make lines of 1 and 2 bytes (written as literals) and of thousands of
 * pixels, module sizes whose repeats exceed deflate's 258-byte match length.
 */
static void
test_png_deflate_shapes(void)
{
	static const int widths[] = {1, 2, 3, 7, 8, 9, 13, 21, 25, 57, 101, 177};
	static const int pxs[] = {1, 2, 3, 4, 5, 7, 8, 9, 16, 33, 46};
	static const int margins[] = {0, 1, 4, 7};
	uint32_t	seed = 12345;
	int			bad_inflate = 0,
				bad_libpng = 0,
				runs = 0;

	for (size_t wi = 0; wi < sizeof(widths) / sizeof(widths[0]); wi++)
		for (size_t pi = 0; pi < sizeof(pxs) / sizeof(pxs[0]); pi++)
			for (size_t mi = 0; mi < sizeof(margins) / sizeof(margins[0]); mi++)
				for (int kind = 0; kind < 4; kind++)
				{
					int			w = widths[wi],
								px = pxs[pi],
								margin = margins[mi];
					unsigned char *m;
					StringInfoData buf = new_buf();
					OcopErr err;
					Png			png;

					if ((w + 2 * margin) * px > 1800)
						continue;
					m = malloc((size_t) w * w);
					for (int i = 0; i < w * w; i++)
					{
						seed = seed * 1103515245u + 12345u;
						m[i] = (unsigned char) (kind == 0 ? (seed >> 16) & 1 :
												kind == 1 ? 0 :
												kind == 2 ? 1 :
												((i / w) / 3 + (i % w) / 5) & 1);
					}
					runs++;
					if (!ocop_qr_png_write(m, w, px, margin, &buf, &err))
					{
						bad_inflate++;
						free(m);
						continue;
					}
					png = png_parse((const unsigned char *) buf.data, buf.len);
					if (!png.ok || !pixels_match(&png, m, w, px, margin))
					{
						bad_inflate++;
						fprintf(stderr, "inflate mismatch: width %d px %d margin %d kind %d\n", w, px, margin, kind);
					}
					if ((w + 2 * margin) * px <= 600 && !libpng_reads(&buf, m, w, px, margin))
					{
						bad_libpng++;
						fprintf(stderr, "libpng mismatch: width %d px %d margin %d kind %d\n", w, px, margin, kind);
					}
					free(png.pixels);
					resetStringInfo(&buf);
					free(m);
				}
	CHECK(runs > 1000, "shapes tried");
	CHECK_EQ_INT(bad_inflate, 0, "every shape inflates to its modules");
	CHECK_EQ_INT(bad_libpng, 0, "libpng reads every shape");
}

static void
test_render_png(void)
{
	OcopQrOptions opt = {OCOP_QR_ECC_M, 4, 4};
	StringInfoData a = new_buf(),
				b = new_buf();
	OcopErr err;
	const char *s = "https://id.gs1.org/01/08931234567897/10/LOT1%2FA";
	QRcode	   *qr;
	Png			png;

	CHECK(ocop_qr_render((const unsigned char *) s, strlen(s), false, OCOP_QR_PNG, &opt, &a, &err), "render");
	CHECK(ocop_qr_render((const unsigned char *) s, strlen(s), false, OCOP_QR_PNG, &opt, &b, &err), "render again");
	CHECK(a.len == b.len && memcmp(a.data, b.data, a.len) == 0, "deterministic bytes");
	qr = QRcode_encodeString(s, 0, QR_ECLEVEL_M, QR_MODE_8, 1);
	png = png_parse((const unsigned char *) a.data, a.len);
	CHECK(png.ok && png.width == (qr->width + 8) * 4, "size from the symbol");
	CHECK(pixels_match(&png, qr->data, qr->width, 4, 4), "pixels are libqrencode's modules");
	CHECK(libpng_reads(&a, qr->data, qr->width, 4, 4), "libpng reads the same pixels");
	free(png.pixels);
	QRcode_free(qr);
	resetStringInfo(&a);
	resetStringInfo(&b);

	/* Binary: 8-bit mode over the bytes, NUL included. */
	{
		unsigned char bin[3] = {0x00, 0xff, 0x10};

		CHECK(ocop_qr_render(bin, 3, true, OCOP_QR_PNG, &opt, &a, &err), "binary");
		qr = QRcode_encodeData(3, bin, 0, QR_ECLEVEL_M);
		png = png_parse((const unsigned char *) a.data, a.len);
		CHECK(png.ok && pixels_match(&png, qr->data, qr->width, 4, 4), "binary pixels");
		free(png.pixels);
		QRcode_free(qr);
		resetStringInfo(&a);
	}
}

static void
test_limits(void)
{
	static const int cap[4] = {2953, 2331, 1663, 1273};
	unsigned char *data = malloc(OCOP_QR_MAX_TEXT + 2);
	OcopQrOptions opt = {OCOP_QR_ECC_M, 1, 0};
	StringInfoData buf = new_buf();
	OcopErr err;

	for (int level = 0; level < 4; level++)
	{
		opt.ecc = (OcopQrEcc) level;
		CHECK_EQ_INT(ocop_qr_byte_capacity[level], cap[level], "capacity table");
		memset(data, 'a', (size_t) cap[level] + 1);
		data[cap[level]] = '\0';
		CHECK(ocop_qr_render(data, (size_t) cap[level], false, OCOP_QR_SVG, &opt, &buf, &err), "text at max");
		resetStringInfo(&buf);
		CHECK(ocop_qr_render(data, (size_t) cap[level], true, OCOP_QR_SVG, &opt, &buf, &err), "bytes at max");
		resetStringInfo(&buf);
		data[cap[level]] = 'a';
		data[cap[level] + 1] = '\0';
		CHECK(!ocop_qr_render(data, (size_t) cap[level] + 1, false, OCOP_QR_SVG, &opt, &buf, &err),
			  "text over max (libqrencode ERANGE)");
		CHECK_EQ_INT(err.code, OCOP_E_LIMIT, "too long");
		CHECK_EQ_STR(err.field, "data", "too long field");
		CHECK(strstr(err.hint, cap[level] == 2331 ? "2331" : cap[level] == 2953 ? "2953" :
					 cap[level] == 1663 ? "1663" : "1273") != NULL, "hint names the maximum");
		CHECK(buf.len == 0, "nothing written on error");
		CHECK(!ocop_qr_render(data, (size_t) cap[level] + 1, true, OCOP_QR_SVG, &opt, &buf, &err),
			  "bytes over max");
		CHECK_EQ_INT(err.code, OCOP_E_LIMIT, "too long (bytes)");
		CHECK_EQ_STR(err.field, "data", "too long (bytes) field");
	}
	/* Digits go further (numeric mode) up to 7089 at L. */
	opt.ecc = OCOP_QR_ECC_L;
	memset(data, '7', OCOP_QR_MAX_TEXT + 1);
	data[OCOP_QR_MAX_TEXT] = '\0';
	CHECK(ocop_qr_render(data, OCOP_QR_MAX_TEXT, false, OCOP_QR_TEXT, &opt, &buf, &err), "7089 digits at L");
	resetStringInfo(&buf);
	data[OCOP_QR_MAX_TEXT] = '7';
	data[OCOP_QR_MAX_TEXT + 1] = '\0';
	CHECK(!ocop_qr_render(data, OCOP_QR_MAX_TEXT + 1, false, OCOP_QR_TEXT, &opt, &buf, &err), "7090 digits");
	CHECK_EQ_INT(err.code, OCOP_E_LIMIT, "7090 too long");
	CHECK_EQ_STR(err.field, "data", "7090 too long field");
	free(data);

	/* Parameters. */
	CHECK(!ocop_qr_render((const unsigned char *) "", 0, false, OCOP_QR_PNG, &opt, &buf, &err), "empty");
	CHECK_EQ_INT(err.code, OCOP_E_VALUE, "empty status");
	opt.module_px = 0;
	CHECK(!ocop_qr_render((const unsigned char *) "x", 1, false, OCOP_QR_PNG, &opt, &buf, &err), "module 0");
	CHECK_EQ_INT(err.code, OCOP_E_VALUE, "param status");
	CHECK(ocop_qr_render((const unsigned char *) "x", 1, false, OCOP_QR_TEXT, &opt, &buf, &err),
		  "text ignores module size");
	resetStringInfo(&buf);
	opt.module_px = 65;
	CHECK(!ocop_qr_render((const unsigned char *) "x", 1, false, OCOP_QR_SVG, &opt, &buf, &err), "module 65");
	opt.module_px = 4;
	opt.margin = -1;
	CHECK(!ocop_qr_render((const unsigned char *) "x", 1, false, OCOP_QR_TEXT, &opt, &buf, &err), "margin -1");
	opt.margin = 64;
	opt.module_px = 64;
	CHECK(!ocop_qr_render((const unsigned char *) "x", 1, false, OCOP_QR_PNG, &opt, &buf, &err), "too large");
	CHECK_EQ_INT(err.code, OCOP_E_LIMIT, "too large status");
	CHECK_EQ_STR(err.field, "module_px", "too large field");
	opt.module_px = 4;
	opt.margin = 4;
	opt.ecc = (OcopQrEcc) 7;
	CHECK(!ocop_qr_render((const unsigned char *) "x", 1, false, OCOP_QR_PNG, &opt, &buf, &err), "bad ecc enum");
	opt.ecc = OCOP_QR_ECC_M;
	CHECK(!ocop_qr_render((const unsigned char *) "a\0b", 3, false, OCOP_QR_PNG, &opt, &buf, &err), "NUL in text");

	{
		OcopQrEcc	e;

		CHECK(ocop_qr_parse_ecc("h", 1, &e, &err) && e == OCOP_QR_ECC_H, "h");
		CHECK(ocop_qr_parse_ecc(" L ", 3, &e, &err) && e == OCOP_QR_ECC_L, "padded L");
		CHECK(ocop_qr_parse_ecc("Q", 1, &e, &err) && e == OCOP_QR_ECC_Q, "Q");
		CHECK(!ocop_qr_parse_ecc("", 0, &e, &err), "empty level");
		CHECK(!ocop_qr_parse_ecc("MM", 2, &e, &err), "MM");
		CHECK(!ocop_qr_parse_ecc("X", 1, &e, &err), "X");
	}
}

static void
test_svg_text(void)
{
	static const unsigned char m[4] = {1, 0, 0, 1};
	static const unsigned char row[5] = {1, 1, 0, 1, 1};
	StringInfoData buf = new_buf();
	OcopErr err;
	char	   *s;

	CHECK(ocop_qr_text_write(m, 2, 0, &buf, &err), "text 2x2");
	s = strndup((const char *) buf.data, buf.len);
	CHECK_EQ_STR(s, "\xE2\x96\x80\xE2\x96\x84", "upper then lower half block");
	free(s);
	resetStringInfo(&buf);

	CHECK(ocop_qr_text_write(m, 2, 1, &buf, &err), "text 2x2 margin 1");
	s = strndup((const char *) buf.data, buf.len);
	/* Rows -1..2: line 1 = rows -1,0; line 2 = rows 1,2. */
	CHECK_EQ_STR(s, " \xE2\x96\x84  \n  \xE2\x96\x80 ", "margin lines");
	free(s);
	resetStringInfo(&buf);

	CHECK(ocop_qr_svg_write(m, 2, 3, 1, &buf, &err), "svg 2x2");
	s = strndup((const char *) buf.data, buf.len);
	CHECK(strstr(s, "width=\"12\" height=\"12\" viewBox=\"0 0 4 4\"") != NULL, "svg size");
	CHECK(strstr(s, "d=\"M1 1h1v1h-1zm1 1h1v1h-1z\"") != NULL, "svg path");
	free(s);
	resetStringInfo(&buf);

	/* Runs are merged: 1 1 0 1 1 on one row is two rectangles. */
	{
		unsigned char sq[25] = {0};

		memcpy(sq, row, 5);
		CHECK(ocop_qr_svg_write(sq, 5, 1, 0, &buf, &err), "svg runs");
		s = strndup((const char *) buf.data, buf.len);
		CHECK(strstr(s, "d=\"M0 0h2v1h-2zm3 0h2v1h-2z\"") != NULL, "two runs");
		free(s);
		resetStringInfo(&buf);
	}
}

int
main(void)
{
	UNIT_RUN(test_png_writer);
	UNIT_RUN(test_png_deflate_shapes);
	UNIT_RUN(test_render_png);
	UNIT_RUN(test_limits);
	UNIT_RUN(test_svg_text);
	return UNIT_DONE();
}
