/*
 * fuzz_qr.c -- libFuzzer harness for the QR/PNG/SVG/text pipeline: the first
 * bytes choose format, level, module size and margin (including out-of-range
 * values); the rest is the payload.  Never crash, never leak (LeakSanitizer),
 * and on success the output starts as its format says; a PNG's IDAT (from
 * the writer's own deflate encoder) must inflate, Adler-32 checked, to
 * exactly height scanlines of filter type 0.
 * Independent anchors: every chunk's CRC is recomputed here with a bitwise
 * CRC-32 (ISO/IEC 15948 Annex D polynomial 0xEDB88320, no table, not zlib's),
 * and every pixel of the inflated image is compared with the module matrix
 * libqrencode gives for the same payload and level (called here, not through
 * the writer): dark module = 0 bit, margin and light modules = 1 bits.
 */
/* The cores are built for the frontend (see the Makefile, "Pure-C cores"). */
#include "postgres_fe.h"

#include "fe_memory.h"
#include "ocop_qr_core.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <qrencode.h>
#include <zlib.h>


static uint32_t
be32(const unsigned char *p)
{
	return ((uint32_t) p[0] << 24) | ((uint32_t) p[1] << 16) | ((uint32_t) p[2] << 8) | p[3];
}

/* CRC-32 of PNG (ISO 3309 / ITU-T V.42), bit by bit. */
static uint32_t
crc32_bitwise(const unsigned char *p, size_t n)
{
	uint32_t	c = 0xFFFFFFFFu;

	for (size_t i = 0; i < n; i++)
	{
		c ^= p[i];
		for (int k = 0; k < 8; k++)
			c = (c & 1) ? (c >> 1) ^ 0xEDB88320u : c >> 1;
	}
	return c ^ 0xFFFFFFFFu;
}

/* Every chunk: its CRC over type and data; the chunks end exactly at IEND. */
static void
check_chunk_crcs(const unsigned char *p, size_t len)
{
	size_t		at = 8;
	int			chunks = 0;

	while (at + 12 <= len)
	{
		uint32_t	n = be32(p + at);

		if (at + 12 + (size_t) n > len ||
			crc32_bitwise(p + at + 4, (size_t) n + 4) != be32(p + at + 8 + n))
			abort();
		chunks++;
		if (memcmp(p + at + 4, "IEND", 4) == 0)
		{
			if (n != 0 || at + 12 != len)
				abort();
			break;
		}
		at += 12 + (size_t) n;
	}
	if (chunks != 3)
		abort();
}

/*
 * The writer emits IHDR, one IDAT, IEND: inflate the IDAT, check the rows,
 * and every pixel against qr's modules at module_px, margin.
 */
static void
check_png(const unsigned char *p, size_t len, const QRcode *qr, int module_px, int margin)
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
	check_chunk_crcs(p, len);
	if (side != (size_t) (qr->width + 2 * margin) * (size_t) module_px)
		abort();
	for (size_t y = 0; y < side; y++)
		for (size_t x = 0; x < side; x++)
		{
			long		mx = (long) (x / (size_t) module_px) - margin,
						my = (long) (y / (size_t) module_px) - margin;
			int			dark = mx >= 0 && my >= 0 && mx < qr->width && my < qr->width &&
				(qr->data[my * qr->width + mx] & 1);
			int			bit = (raw[y * linelen + 1 + x / 8] >> (7 - x % 8)) & 1;

			if (bit != !dark)
				abort();
		}
	free(raw);
}

/* One input; everything the cores palloc is freed by the caller's scope. */
static int
fuzz_one(const uint8_t *data, size_t size)
{
	OcopQrOptions opt;
	StringInfoData buf;
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

	initStringInfo(&buf);
	if (ocop_qr_render(payload, len, binary, format, &opt, &buf, &err))
	{
		if (buf.len == 0 || buf.data == NULL)
			abort();
		if (format == OCOP_QR_PNG && (buf.len < 8 || memcmp(buf.data, "\x89PNG", 4) != 0))
			abort();
		if (format == OCOP_QR_PNG)
		{
			static const QRecLevel levels[4] = {QR_ECLEVEL_L, QR_ECLEVEL_M, QR_ECLEVEL_Q, QR_ECLEVEL_H};
			QRcode	   *qr = binary ? QRcode_encodeData((int) len, payload, 0, levels[opt.ecc])
				: QRcode_encodeString((const char *) payload, 0, levels[opt.ecc], QR_MODE_8, 1);

			if (qr == NULL)
				abort();
			check_png((const unsigned char *) buf.data, buf.len, qr, opt.module_px, opt.margin);
			QRcode_free(qr);
		}
		if (format == OCOP_QR_SVG && memcmp(buf.data, "<svg", 4) != 0)
			abort();
	}
	else if (buf.len != 0 || err.detail[0] == '\0')
		abort();
	free(payload);
	return 0;
}

int			LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Each input in a scope of the tests' memory context (fe_memory.h). */
int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	int			rc;

	fe_memory_begin();
	rc = fuzz_one(data, size);
	fe_memory_end();
	return rc;
}
