/*
 * qr.c -- benchmark harness for bench/qr.sh: over the strings of a file (one
 * per line), the cost of bare libqrencode encoding (QRcode_encodeString, as
 * the qrencode command and ocop_qr_png use it) against the full pure-C
 * pipeline of ocop_qr_png (encode + 1-bit PNG), with the same parameters.
 * Prints "bare_us full_us png_bytes_total" for the lead's table.
 * Built by bench/qr.sh with the cores' frontend flags (-DFRONTEND, the server
 * headers, libpgcommon and libpgport; the cores palloc, freed per image).
 */
#include "postgres_fe.h"

#include "lib/stringinfo.h"

#include "ocop_qr_core.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <qrencode.h>

static double
now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

int
main(int argc, char **argv)
{
	FILE	   *f;
	char	  **lines = NULL;
	size_t		n = 0,
				cap = 0;
	char		buf[8192];
	int			rounds = argc > 2 ? atoi(argv[2]) : 3;
	int			module_px = argc > 3 ? atoi(argv[3]) : 4;
	int			margin = argc > 4 ? atoi(argv[4]) : 4;
	double		best_bare = 1e9,
				best_full = 1e9;
	size_t		bytes = 0;
	OcopQrOptions opt = {OCOP_QR_ECC_M, module_px, margin};

	if (argc < 2 || (f = fopen(argv[1], "r")) == NULL)
	{
		fprintf(stderr, "usage: qr strings.txt [rounds] [module_px] [margin]\n");
		return 2;
	}
	while (fgets(buf, sizeof(buf), f))
	{
		buf[strcspn(buf, "\n")] = '\0';
		if (n == cap)
			lines = realloc(lines, (cap = cap ? 2 * cap : 1024) * sizeof(char *));
		lines[n++] = strdup(buf);
	}
	fclose(f);

	for (int r = 0; r < rounds; r++)
	{
		double		t0 = now(),
					t1,
					t2;

		for (size_t i = 0; i < n; i++)
		{
			QRcode	   *qr = QRcode_encodeString(lines[i], 0, QR_ECLEVEL_M, QR_MODE_8, 1);

			if (qr == NULL)
				return 1;
			QRcode_free(qr);
		}
		t1 = now();
		bytes = 0;
		for (size_t i = 0; i < n; i++)
		{
			StringInfoData out;
			OcopErr		err;

			/* palloc'd, as in the server; freed here as a context reset would */
			initStringInfo(&out);
			if (!ocop_qr_render((const unsigned char *) lines[i], strlen(lines[i]), false,
								OCOP_QR_PNG, &opt, &out, &err))
				return 1;
			bytes += (size_t) out.len;
			pfree(out.data);
		}
		t2 = now();
		if (t1 - t0 < best_bare)
			best_bare = t1 - t0;
		if (t2 - t1 < best_full)
			best_full = t2 - t1;
	}
	printf("%zu %.3f %.3f %zu\n", n, best_bare * 1e6 / n, best_full * 1e6 / n, bytes);
	for (size_t i = 0; i < n; i++)
		free(lines[i]);
	free(lines);
	return 0;
}
