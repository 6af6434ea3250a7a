/*
 * test_json_diff.c -- property test: the JSON parser on PostgreSQL's lexer
 * (ocop_json_parse, extension/json_parse_core.c) against the hand-written parser it replaces,
 * built from commit 9d135a5 in the clone's history (test/common/json_oracle.sh;
 * the build fails, naming the commit, when the history lacks it).  Every
 * input is parsed by both with each limit set of json_diff.h: accepted input
 * must give byte-identical canonical JSON, refused input the same SQLSTATE
 * and the same message.  Inputs:
 *   - every file of every test/fuzz/corpus/<harness>/ folder, whole and
 *     without its first byte;
 *   - the JSON test vectors of the test tree: every bracketed span ([...] or
 *     {...}, string-aware) and every single-quoted SQL literal of the files
 *     under test/sql, test/expected, test/data, test/fixtures, test/unit,
 *     test/scripts and ocop_postgis/test;
 *   - generated edge cases (depth, escapes, surrogates, UTF-8, numbers,
 *     duplicate keys, limits), below;
 *   - deterministic random mutations of the corpus files and edge cases.
 * Run from the top of the tree (scripts/run-unit does).
 */
#include "postgres_fe.h"

#include <dirent.h>
#include <sys/stat.h>

#include "json_diff.h"
#include "unit.h"

static int	n_inputs = 0;
static int	n_accepted = 0;

static void
check_input(const char *text, size_t len, const char *label)
{
	for (size_t i = 0; i < JSON_DIFF_NLIMITS; i++)
	{
		const char *d = json_diff_one(text, len, &json_diff_limits[i], label);

		CHECK(d == NULL, label);
	}
	{
		OcopErr		err;

		memset(&err, 0, sizeof(err));
		fe_memory_begin();
		if (ocop_json_parse(text, len, &json_diff_limits[0], "$", &err))
			n_accepted++;
		fe_memory_end();
	}
	n_inputs++;
}

static void
check_str(const char *s, const char *label)
{
	check_input(s, strlen(s), label);
}

static unsigned rng = 20261202u;

static unsigned
next_rand(void)
{
	rng = rng * 1103515245u + 12345u;
	return rng >> 8;
}

/* A few random edits of text: flip, insert, delete, duplicate a span. */
static void
mutate_input(const char *text, size_t len, int rounds, const char *label)
{
	static const char pick[] = "{}[],:\"\\u0Ee.-+1 9tfnaD8\x7f\x80\xc3\xed\xf4";

	for (int r = 0; r < rounds; r++)
	{
		size_t		cap = len * 2 + 16;
		char	   *m = malloc(cap);
		size_t		n = len;
		int			edits = 1 + next_rand() % 4;

		memcpy(m, text, len);
		for (int e = 0; e < edits; e++)
		{
			size_t		at = n ? next_rand() % n : 0;

			switch (next_rand() % 4)
			{
				case 0:
					if (n)
						m[at] = pick[next_rand() % (sizeof(pick) - 1)];
					break;
				case 1:
					if (n + 1 < cap)
					{
						memmove(m + at + 1, m + at, n - at);
						m[at] = pick[next_rand() % (sizeof(pick) - 1)];
						n++;
					}
					break;
				case 2:
					if (n)
					{
						memmove(m + at, m + at + 1, n - at - 1);
						n--;
					}
					break;
				default:
					if (n)
						n = at + (next_rand() % (n - at + 1));	/* cut */
					break;
			}
		}
		check_input(m, n, label);
		free(m);
	}
}

static char *
read_file(const char *path, size_t *len)
{
	FILE	   *f = fopen(path, "rb");
	char	   *buf;
	long		n;

	if (!f)
		return NULL;
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	fseek(f, 0, SEEK_SET);
	buf = malloc((size_t) n + 1);
	if (fread(buf, 1, (size_t) n, f) != (size_t) n)
		n = 0;
	fclose(f);
	buf[n] = '\0';
	*len = (size_t) n;
	return buf;
}

static int
cmp_names(const void *a, const void *b)
{
	return strcmp(*(char *const *) a, *(char *const *) b);
}

/* The regular files under dir (recursively), sorted; returns how many. */
static int
list_files(const char *dir, char ***out, int *n, int *cap)
{
	DIR		   *d = opendir(dir);
	struct dirent *e;
	int			before = *n;

	if (!d)
		return 0;
	while ((e = readdir(d)) != NULL)
	{
		char		path[1024];
		struct stat st;

		if (e->d_name[0] == '.' || strcmp(e->d_name, "bin") == 0 ||
			strcmp(e->d_name, "results") == 0)
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
		if (stat(path, &st) != 0)
			continue;
		if (S_ISDIR(st.st_mode))
			list_files(path, out, n, cap);
		else if (S_ISREG(st.st_mode))
		{
			if (*n == *cap)
			{
				*cap = *cap ? 2 * *cap : 256;
				*out = realloc(*out, (size_t) *cap * sizeof(char *));
			}
			(*out)[(*n)++] = strdup(path);
		}
	}
	closedir(d);
	qsort(*out + before, (size_t) (*n - before), sizeof(char *), cmp_names);
	return *n - before;
}

/* The end of the bracketed span opened at text[i], string-aware; 0 if none. */
static size_t
span_end(const char *text, size_t len, size_t i)
{
	int			depth = 0;
	bool		in_str = false;

	for (size_t k = i; k < len && k - i < 262144; k++)
	{
		char		c = text[k];

		if (in_str)
		{
			if (c == '\\')
				k++;
			else if (c == '"')
				in_str = false;
			else if (c == '\n')
				return 0;
			continue;
		}
		if (c == '"')
			in_str = true;
		else if (c == '[' || c == '{')
			depth++;
		else if (c == ']' || c == '}')
		{
			if (--depth == 0)
				return k + 1;
		}
	}
	return 0;
}

/* JSON test vectors in a text file: bracketed spans and SQL literals. */
static int
vectors_of(const char *text, size_t len, const char *label)
{
	int			found = 0;

	for (size_t i = 0; i < len; i++)
	{
		if (text[i] == '[' || text[i] == '{')
		{
			size_t		e = span_end(text, len, i);

			if (e > i + 1)
			{
				check_input(text + i, e - i, label);
				found++;
			}
		}
		else if (text[i] == '\'' && i + 1 < len && (text[i + 1] == '[' || text[i + 1] == '{'))
		{
			/* a SQL literal: up to the closing quote, '' unescaped */
			char	   *lit = malloc(len - i);
			size_t		n = 0;
			size_t		k;

			for (k = i + 1; k < len; k++)
			{
				if (text[k] == '\'')
				{
					if (k + 1 < len && text[k + 1] == '\'')
					{
						lit[n++] = '\'';
						k++;
						continue;
					}
					break;
				}
				lit[n++] = text[k];
			}
			if (k < len)
			{
				check_input(lit, n, label);
				found++;
			}
			free(lit);
		}
	}
	return found;
}

static void
repeat_into(char *buf, const char *unit, int times)
{
	buf[0] = '\0';
	for (int i = 0; i < times; i++)
		strcat(buf, unit);
}

static const char *const edge_cases[] = {
	/* values and white space */
	"", " ", "null", "true", "false", " true ", "\ttrue\r\n", "nul", "tru", "fals", "truex", "true1",
	"nullnull", "[true false]", "[truex]", "{\"a\":truex}", "{\"a\":nul}", "[nulls]", "x", "'a'", "[1,]",
	"[,1]", "[1 2]", "{,}", "{\"a\" 1}", "{\"a\":}", "{\"a\":1,}", "{\"a\":1 \"b\":2}", "{1:2}", "{a:1}",
	"{\"a\":1}}", "[1]]", "[[1]", "{\"a\":[1}", "[", "{", "]", "}", ":", ",", "[\"a\":1]", "\"a\" \"b\"",
	"1 2", "[] []", "[]x", "{} ,", "\x01", "[\x01]", "[\xc3\xa9]", "\xef\xbb\xbf[]", "[\x7f]", "[\x80]",
	"{\"\":1}", "{\"\":1,\"\":2}", "{\"\\u0041\":1,\"A\":2}",
	/* strings and escapes */
	"\"\"", "\"a\"", "\"\\\"\\\\\\/\\b\\f\\n\\r\\t\"", "\"\\x\"", "\"\\a\"", "\"\\'\"", "\"\\U0041\"",
	"\"\\u0041\\u00e9\\u4e2d\\uFFFF\\uffff\"", "\"\\u004\"", "\"\\u004g\"", "\"\\u\"", "\"\\u12\"  ",
	"\"\\u1\"", "\"\\u12", "\"\\", "\"\\\"", "\"abc", "[\"abc", "\"a\nb\"", "\"a\tb\"", "\"a\x1f" "b\"",
	"\"\\u0000\"", "\"a\\u0000b\"", "\"\\u0000", "\"\\uD83D\\uDE00\"", "\"\\ud83d\\ude00x\"", "\"\\uD83D\"",
	"\"\\uD83Dx\"", "\"\\uD83D\\n\"", "\"\\uD83D\\u0041\"", "\"\\uD83D\\uD83D\"", "\"\\uDE00\"",
	"\"\\uDE00\\uD83D\"", "\"\\uD83D\\u\"", "\"\\uD83D\\uDE0\"", "\"\\uD83D\\", "\"\\uD83D\\uDBFF\\uDFFF\"",
	"\"\\uDBFF\\uDFFF\"", "\"\\uD800\\uDC00\"", "\"\\u001f\\u007f\\u0080\"", "\"\\u00\x80\"",
	/* raw UTF-8 */
	"\"\xc3\xa9\"", "\"\xe4\xb8\xad\"", "\"\xf0\x9f\x98\x80\"", "\"\xf4\x8f\xbf\xbf\"", "\"\xf4\x90\x80\x80\"",
	"\"\xc0\x80\"", "\"\xc1\xbf\"", "\"\xe0\x80\x80\"", "\"\xe0\x9f\xbf\"", "\"\xf0\x80\x80\x80\"",
	"\"\xf0\x8f\xbf\xbf\"", "\"\xed\xa0\x80\"", "\"\xed\xbf\xbf\"", "\"\xed\x9f\xbf\"", "\"\x80\"", "\"\xbf\"",
	"\"\xc3\"", "\"\xc3\"x", "\"\xe4\xb8\"", "\"\xf0\x9f\x98\"", "\"\xf5\x80\x80\x80\"", "\"\xf8\x88\x80\x80\x80\"",
	"\"\xfe\"", "\"\xff\"", "\"\xc3\xa9\xc3\"", "\"a\xc3\x28\"", "\"\xe4\x28\xad\"", "[\"\xc3\"]", "{\"\xc3\":1}",
	"\"\xc3\\n\"", "\"\x01\xc3\"", "\"\xc3\x01\"",
	/* numbers */
	"0", "-0", "-0.0", "-0.000e5", "0e0", "0E+0", "0.0", "1", "-1", "12", "1.5", "1.50", "1.5E+3", "1.5e3",
	"1e-3", "1E3", "1e+0", "1e-0", "-1.5e-3", "123.456e1", "123.456e-1", "123.456e5", "0.000001234e3",
	"100e-2", "1e1000", "1e1001", "1e-1000", "1e-1001", "1e99999999999999999999", "1e000000000000000001001",
	"1e0001000", "-1e1000", "9007199254740993", "-9007199254740993", "1.7976931348623157e308",
	"4.9e-324", "00", "01", "-01", "-", "-a", "+1", ".5", "1.", "1.e5", "1.x", "1e", "1e+", "1e-", "1ex",
	"1E", "1x", "0x10", "1.5.3", "1e5e5", "--1", "-.5", "1,2", "[1e]", "[1.]", "[-]", "[01]", "{\"a\":01}",
	"[1e1001]", "[0-1]", "1 ", " -0 ", "NaN", "Infinity", "-Infinity", "[1]x", "1\xc3\xa9",
	/* duplicate keys and key order */
	"{\"a\":1,\"a\":2}", "{\"a\":1,\"b\":2,\"a\":3}", "{\"b\":1,\"a\":2}", "{\"b\":{\"d\":1,\"c\":2},\"a\":[3,{\"f\":4,\"e\":5}]}",
	"{\"a\":{\"x\":1,\"x\":2}}", "[{\"x\":1},{\"x\":1,\"y\":2,\"x\":3}]", "{\"a\":1,\"a\":2,\"b\"}",
	"{\"a\":{\"b\":1,\"b\":2},\"c\":}", "{\"ab\":1,\"a\":2,\"a\\u0062\":3}", "{\"\xc3\xa9\":1,\"z\":2,\"\\u00e9\":3}",
	"{\"Z\":1,\"a\":2,\"_\":3,\"\":4,\"~\":5,\"\xe4\xb8\xad\":6}", "{\"a b\":1,\"a\":{\"c d\":[1,{\"e\":x}]}}",
	"{\"0123456789012345678901234567890123456789012345678901234567890123456789\":{\"k\":?}}",
	"{\"a\\\"b\":[1,2,{\"c\":[}]}", "{\"x\":[1,2,[3,[4,{\"y\":\"\\q\"}]]]}",
	/* deeper paths in messages */
	"[{\"eventTime\":\"2024-02-01T00:00:00Z\",\"x\":\"\\u0000\"}]", "[{\"bizStep\":\"a\",}]",
	"[{\"eventTime\":\"2024-02-01T00:00:00Z\"", "[0,1,2,[3,4,{\"k\":[5,6,7,x]}]]",
	/* limits on small sets: strings of 6 and 7 bytes, escapes count decoded */
	"\"abcdef\"", "\"abcdefg\"", "\"\\u00e9\\u00e9\\u00e9\"", "\"\\u00e9\\u00e9\\u00e9\\u00e9\"",
	"{\"abcdef\":1}", "{\"abcdefg\":1}", "\"\\n\\n\\n\\n\\n\\n\"", "\"\\n\\n\\n\\n\\n\\n\\n\"",
	"[\"abcdefg\", x]", "[\"abcdefgh\\x\"]", "\"\xf0\x9f\x98\x80\xf0\x9f\x98\x80\"",
};

int
main(void)
{
	char	  **files = NULL;
	int			nfiles = 0,
				cap = 0;
	int			ncorpus,
				nvectors = 0;
	char		buf[8192];
	size_t		len;

	/* 1. The fuzz corpora, whole and without the harness's first byte. */
	ncorpus = list_files("test/fuzz/corpus", &files, &nfiles, &cap);
	CHECK(ncorpus > 100, "the fuzz corpora were found (run from the top of the tree)");
	for (int i = 0; i < nfiles; i++)
	{
		char	   *text = read_file(files[i], &len);

		if (!text)
			continue;
		check_input(text, len, files[i]);
		if (len > 0)
			check_input(text + 1, len - 1, files[i]);
		if (strstr(files[i], "fuzz_trace_json") || strstr(files[i], "fuzz_epcis_hash") ||
			strstr(files[i], "fuzz_trace_binary"))
			mutate_input(text, len, 200, files[i]);
		else if (i % 8 == 0)
			mutate_input(text, len, 10, files[i]);
		free(text);
		free(files[i]);
	}
	nfiles = 0;

	/* 2. JSON test vectors of the test tree. */
	{
		static const char *const dirs[] = {
			"test/sql", "test/expected", "test/data", "test/fixtures", "test/unit", "test/scripts",
			"ocop_postgis/test",
		};

		for (size_t d = 0; d < sizeof(dirs) / sizeof(dirs[0]); d++)
			list_files(dirs[d], &files, &nfiles, &cap);
		for (int i = 0; i < nfiles; i++)
		{
			char	   *text = read_file(files[i], &len);

			if (text && len < (8 << 20))
				nvectors += vectors_of(text, len, files[i]);
			free(text);
			free(files[i]);
		}
		free(files);
		CHECK(nvectors > 500, "JSON test vectors were found in the test tree");
	}

	/* 3. Generated edge cases, and mutations of them. */
	for (size_t i = 0; i < sizeof(edge_cases) / sizeof(edge_cases[0]); i++)
	{
		check_str(edge_cases[i], "edge case");
		mutate_input(edge_cases[i], strlen(edge_cases[i]), 30, "edge case mutated");
	}
	/* a NUL byte, inside and outside strings */
	check_input("[\"a\0b\"]", 7, "NUL in a string");
	check_input("[1,\0]", 5, "NUL outside strings");
	check_input("\0", 1, "NUL alone");

	/* depth: 1..70 levels of arrays and objects, closed and not */
	for (int depth = 1; depth <= 70; depth++)
	{
		char		open[512],
					close[512];

		repeat_into(open, "[", depth);
		repeat_into(close, "]", depth);
		snprintf(buf, sizeof(buf), "%s%s", open, close);
		check_str(buf, "array depth");
		snprintf(buf, sizeof(buf), "%s1%s", open, close);
		check_str(buf, "array depth with a value");
		snprintf(buf, sizeof(buf), "%s", open);
		check_str(buf, "array depth unclosed");
		repeat_into(open, "{\"k\":", depth);
		repeat_into(close, "}", depth);
		snprintf(buf, sizeof(buf), "%s1%s", open, close);
		check_str(buf, "object depth");
		snprintf(buf, sizeof(buf), "%s{}%s", open, close);
		check_str(buf, "object depth with an empty object");
		repeat_into(open, "[{\"a\":", depth);
		repeat_into(close, "}]", depth);
		snprintf(buf, sizeof(buf), "%snull%s", open, close);
		check_str(buf, "mixed depth");
	}

	/* max_input at and over the limit of the small set (300 bytes) */
	for (size_t n = 296; n <= 304; n++)
	{
		memset(buf, ' ', n);
		buf[0] = '[';
		buf[n - 1] = ']';
		check_input(buf, n, "max_input");
	}

	/* a number of 999..1002 characters, and long strings */
	for (size_t n = 998; n <= 1002; n++)
	{
		memset(buf, '7', n);
		check_input(buf, n, "long number");
		buf[1] = '.';
		check_input(buf, n, "long fraction");
		buf[1] = 'e';
		check_input(buf, n, "long exponent");
	}
	for (size_t n = 8190; n <= 8194 && n + 2 < sizeof(buf); n++)
	{
		buf[0] = '"';
		memset(buf + 1, 'x', n);
		buf[n + 1] = '"';
		check_input(buf, n + 2, "max_string of the trace set");
	}

	/* every escape character and every byte after a backslash */
	for (int c = 0; c < 256; c++)
	{
		snprintf(buf, sizeof(buf), "[\"a\\%c\",1]", c ? c : 'Z');
		if (c == 0)
			buf[4] = '\0';
		check_input(buf, 9, "escape byte");
	}
	/* every byte alone in a string, and at the start of a value */
	for (int c = 1; c < 256; c++)
	{
		snprintf(buf, sizeof(buf), "[\"%c\"]", c);
		check_input(buf, 5, "byte in a string");
		snprintf(buf, sizeof(buf), "[%c]", c);
		check_input(buf, 3, "byte as a value");
		snprintf(buf, sizeof(buf), "{\"a\":1%c}", c);
		check_input(buf, 8, "byte after a value");
	}
	/* \u escapes over the BMP in steps, and the surrogate boundaries */
	for (unsigned cp = 1; cp <= 0xFFFF; cp += (cp < 0x100 ? 1 : 97))
	{
		snprintf(buf, sizeof(buf), "\"\\u%04X\\u%04x\"", cp, cp);
		check_str(buf, "\\u escape");
	}
	for (unsigned hi = 0xD7FF; hi <= 0xE000; hi += 0x3FF)
		for (unsigned lo = 0xDBFF; lo <= 0xE000; lo += 0x1)
		{
			if (lo > 0xDC01 && lo < 0xDFFE)
				continue;
			snprintf(buf, sizeof(buf), "\"\\u%04x\\u%04x\"", hi, lo);
			check_str(buf, "surrogates");
		}

	printf("test_json_diff: %d inputs (%d corpus files, %d test vectors), %d accepted with the trace limits\n",
		   n_inputs, ncorpus, nvectors, n_accepted);
	CHECK(n_accepted > 1000, "many inputs were accepted (the comparison of canonical forms ran)");
	CHECK(n_inputs - n_accepted > 1000, "many inputs were refused (the comparison of errors ran)");
	return UNIT_DONE();
}
