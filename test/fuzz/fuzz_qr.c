/*
 * fuzz_qr.c -- libFuzzer harness for the QR/PNG/SVG/text pipeline: the first
 * bytes choose format, level, module size and margin (including out-of-range
 * values); the rest is the payload.  Never crash, never leak (LeakSanitizer),
 * and on success the output starts as its format says; a PNG's IDAT (from
 * the writer's own deflate encoder) must inflate, Adler-32 checked, to
 * exactly height scanlines of filter type 0.
 */
#include "ocop_qr_core.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <zlib.h>

int			LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static uint32_t
be32(const unsigned char *p)
{
	return ((uint32_t) p[0] << 24) | ((uint32_t) p[1] << 16) | ((uint32_t) p[2] << 8) | p[3];
}

/* The writer emits IHDR, one IDAT, IEND: inflate the IDAT, check the rows. */
static void
check_png(const unsigned char *p, size_t len)
{
	uint32_t	side,
				nidat;
	size_t		linelen,
				want;
	uLongf		got;
	unsigned char *raw;

	if (len < 8 + 25 + 12 + 12 || memcmp(p + 12, "IHDR", 4) != 0 ||
		memcmp(p + 37, "IDAT", 4) != 0)
		abort();
	side = be32(p + 16);
	nidat = be32(p + 33);
	if (side == 0 || side != be32(p + 20) || 8 + 25 + 12 + (size_t) nidat + 12 != len)
		abort();
	linelen = 1 + ((size_t) side + 7) / 8;
	want = linelen * side;
	raw = malloc(want + 1);
	got = (uLongf) want + 1;
	if (uncompress(raw, &got, p + 41, nidat) != Z_OK || got != want)
		abort();
	for (size_t y = 0; y < side; y++)
		if (raw[y * linelen] != 0)
			abort();
	free(raw);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	OcopQrOptions opt;
	OcopQrBuf	buf;
	OcopErr err;
	OcopQrFormat format;
	bool		binary;
	unsigned char *payload;
	size_t		len;

	if (size < 4)
		return 0;
	format = (OcopQrFormat) (data[0] % 3);
	binary = (data[0] & 0x80) != 0;
	opt.ecc = (OcopQrEcc) (data[1] % 5);	/* 4 is out of range */
	opt.module_px = (int) (data[2] % 6) - 1;	/* -1 .. 4 */
	opt.margin = (int) (data[3] % 8) - 1;	/* -1 .. 6 */
	len = size - 4;
	if (len > 400)
		len = 400;				/* keep runs fast */
	payload = malloc(len + 1);
	memcpy(payload, data + 4, len);
	payload[len] = '\0';
	if (!binary)
		len = strlen((const char *) payload);	/* text has no NUL */

	if (ocop_qr_render(payload, len, binary, format, &opt, &buf, &err))
	{
		if (buf.len == 0 || buf.data == NULL)
			abort();
		if (format == OCOP_QR_PNG && (buf.len < 8 || memcmp(buf.data, "\x89PNG", 4) != 0))
			abort();
		if (format == OCOP_QR_PNG)
			check_png(buf.data, buf.len);
		if (format == OCOP_QR_SVG && memcmp(buf.data, "<svg", 4) != 0)
			abort();
		ocop_qr_buf_free(&buf);
	}
	else if (buf.data != NULL || err.detail[0] == '\0')
		abort();
	free(payload);
	return 0;
}
