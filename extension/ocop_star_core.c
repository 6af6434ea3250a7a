/*
 * ocop_star_core.c -- the core of the ocop_star type (no fmgr, no SQL, no
 * catalog access; built for the server and for frontend programs, as src/common is), linked by the
 * extension, the unit tests and the libFuzzer harness.
 */

/* Built twice, as src/common is: see the Makefile, "Pure-C cores". */
#ifdef FRONTEND
#include "postgres_fe.h"
#else
#include "postgres.h"
#endif

#include "ocop_star_core.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

/* U+2605 BLACK STAR and U+2606 WHITE STAR in UTF-8. */
static const char BLACK_STAR[] = "\xE2\x98\x85";
static const char WHITE_STAR[] = "\xE2\x98\x86";
#define STAR_BYTES 3

#define FORMS_HINT "\"4\", \"4*\", \"4\xE2\x98\x85\", \"\xE2\x98\x85\xE2\x98\x85\xE2\x98\x85\xE2\x98\x85\", \"4-star\", \"4 stars\" or \"4 sao\""

bool
ocop_star_is_valid(int v)
{
	return v >= OCOP_STAR_MIN && v <= OCOP_STAR_MAX;
}

/* ASCII white space only: the C locale's isspace(), without locale lookups. */
static bool
is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f';
}

static char
ascii_lower(char c)
{
	return (c >= 'A' && c <= 'Z') ? (char) (c - 'A' + 'a') : c;
}

/* Does s[0..len) start with the mark (a 3-byte UTF-8 sequence)? */
static bool
has_mark(const char *s, size_t len, const char *mark)
{
	return len >= STAR_BYTES && memcmp(s, mark, STAR_BYTES) == 0;
}

/* Is s[0..len) exactly the lower-case ASCII word w, ignoring case? */
static bool
equals_word(const char *s, size_t len, const char *w)
{
	size_t		wlen = strlen(w);

	if (len != wlen)
		return false;
	for (size_t i = 0; i < len; i++)
		if (ascii_lower(s[i]) != w[i])
			return false;
	return true;
}

/* "★★★★" or "★★★★☆": n black stars, then either nothing or 5 - n white. */
static bool
parse_marks(const char *s, size_t len, int *out, OcopErr *err)
{
	size_t		black = 0;
	size_t		white = 0;
	size_t		i = 0;

	while (has_mark(s + i, len - i, BLACK_STAR))
	{
		black++;
		i += STAR_BYTES;
	}
	while (has_mark(s + i, len - i, WHITE_STAR))
	{
		white++;
		i += STAR_BYTES;
	}
	if (i != len)
		return ocop_err_set_field(err, OCOP_E_SYNTAX, "tier",
						 "Unexpected text after the star marks: only \xE2\x98\x85 (black) marks, "
						 "optionally followed by \xE2\x98\x86 (white) marks up to five, are allowed.");
	if (black > OCOP_STAR_MAX)
		return ocop_err_set_field(err, OCOP_E_RANGE, "tier",
						 "%zu \xE2\x98\x85 marks: a tier is from 1 to 5 stars.", black);
	if (black == 0)
		return ocop_err_set_field(err, OCOP_E_RANGE, "tier",
						 "No \xE2\x98\x85 mark: a tier is from 1 to 5 stars (0 stars is not a tier).");
	if (white > 0 && black + white != OCOP_STAR_MAX)
		return ocop_err_set_field(err, OCOP_E_SYNTAX, "tier",
						 "The \xE2\x98\x85 and \xE2\x98\x86 marks must add up to 5 (here %zu + %zu).",
						 black, white);
	if (out)
		*out = (int) black;
	return true;
}

/* After the digit: "", "*", "★", or an optional "-" or spaces then star/stars/sao. */
static bool
parse_suffix(const char *s, size_t len, OcopErr *err)
{
	size_t		i = 0;

	if (len == 0)
		return true;
	if (len == 1 && s[0] == '*')
		return true;
	if (len == STAR_BYTES && has_mark(s, len, BLACK_STAR))
		return true;
	if (s[0] == '-')
		i = 1;
	else
		while (i < len && (s[i] == ' ' || s[i] == '\t'))
			i++;
	if (equals_word(s + i, len - i, "star") ||
		equals_word(s + i, len - i, "stars") ||
		equals_word(s + i, len - i, "sao"))
		return true;
	return ocop_err_set_field(err, OCOP_E_SYNTAX, "tier",
					 "Unexpected text after the tier digit: expected nothing, \"*\", "
					 "\"\xE2\x98\x85\", \"-star\", \" stars\" or \" sao\".");
}

bool
ocop_star_parse(const char *str, size_t len, int *out, OcopErr *err)
{
	size_t		start = 0;
	size_t		end = len;
	size_t		ndigits = 0;
	int			value = 0;

	if (str == NULL)
		len = 0;
	while (start < end && is_space(str[start]))
		start++;
	while (end > start && is_space(str[end - 1]))
		end--;
	if (start == end)
		return ocop_err_set_field(err, OCOP_E_SYNTAX, "tier",
						 "The text is empty: expected a star tier such as " FORMS_HINT ".");
	str += start;
	len = end - start;

	if (has_mark(str, len, BLACK_STAR) || has_mark(str, len, WHITE_STAR))
		return parse_marks(str, len, out, err);

	while (ndigits < len && str[ndigits] >= '0' && str[ndigits] <= '9')
	{
		if (ndigits < 9)
			value = value * 10 + (str[ndigits] - '0');
		ndigits++;
	}
	if (ndigits == 0)
		return ocop_err_set_field(err, OCOP_E_SYNTAX, "tier",
						 "Expected a digit from 1 to 5 or a \xE2\x98\x85 mark at the start, "
						 "as in " FORMS_HINT ".");
	if (!parse_suffix(str + ndigits, len - ndigits, err))
		return false;
	if (ndigits > 1 && str[0] == '0')
		return ocop_err_set_field(err, OCOP_E_SYNTAX, "tier",
						 "The tier is written with a leading zero: write a single digit from 1 to 5.");
	if (ndigits > 9)
		return ocop_err_set_field(err, OCOP_E_RANGE, "tier",
						 "The tier number has %zu digits: a tier is from 1 to 5.", ndigits);
	if (!ocop_star_is_valid(value))
		return ocop_err_set_field(err, OCOP_E_RANGE, "tier",
						 "Tier %d is out of range: a tier is from 1 to 5 stars.", value);
	if (out)
		*out = value;
	return true;
}

bool
ocop_star_label_style_parse(const char *str, size_t len, OcopStarLabelStyle *out)
{
	OcopStarLabelStyle style;

	if (len == 2 && memcmp(str, "en", 2) == 0)
		style = OCOP_STAR_LABEL_EN;
	else if (len == 2 && memcmp(str, "vi", 2) == 0)
		style = OCOP_STAR_LABEL_VI;
	else if (len == 5 && memcmp(str, "stars", 5) == 0)
		style = OCOP_STAR_LABEL_STARS;
	else
		return false;
	if (out)
		*out = style;
	return true;
}

int
ocop_star_label(int v, OcopStarLabelStyle style, char *buf)
{
	int			n = 0;

	buf[0] = '\0';
	if (!ocop_star_is_valid(v))
		return -1;
	switch (style)
	{
		case OCOP_STAR_LABEL_EN:
			return snprintf(buf, OCOP_STAR_TEXT_MAX, "%d-star", v);
		case OCOP_STAR_LABEL_VI:
			return snprintf(buf, OCOP_STAR_TEXT_MAX, "%d sao", v);
		case OCOP_STAR_LABEL_STARS:
			for (int i = 0; i < OCOP_STAR_MAX; i++, n += STAR_BYTES)
				memcpy(buf + n, i < v ? BLACK_STAR : WHITE_STAR, STAR_BYTES);
			buf[n] = '\0';
			return n;
	}
	return -1;
}

int
ocop_star_format(int v, char *buf)
{
	return ocop_star_label(v, OCOP_STAR_LABEL_EN, buf);
}
