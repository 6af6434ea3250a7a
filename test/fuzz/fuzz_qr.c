/*
 * fuzz_qr.c -- libFuzzer harness for the QR/PNG/SVG/text pipeline: the first
 * bytes choose format, level, module size and margin (including out-of-range
 * values); the rest is the payload.  Never crash, never leak (LeakSanitizer),
 * and on success the output starts as its format says.
 */
#include "ocop_qr_core.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int			LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	OcopQrOptions opt;
	OcopQrBuf	buf;
	OcopQrError err;
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
		if (format == OCOP_QR_SVG && memcmp(buf.data, "<svg", 4) != 0)
			abort();
		ocop_qr_buf_free(&buf);
	}
	else if (buf.data != NULL || err.detail[0] == '\0')
		abort();
	free(payload);
	return 0;
}
