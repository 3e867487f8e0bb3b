/*
 * strftime in the C locale (uk's only one) and UTC (its only zone: %z is
 * +0000, %Z the tm_zone of the time, else "UTC"). Every POSIX conversion
 * and glibc's %k %l %P %s, with the flags - (no padding), _ (spaces) and
 * 0 (zeros); the E and O modifiers are accepted and change nothing, as in
 * the C locale. Returns the length written, or 0 when the result and its
 * terminating NUL do not fit (the buffer's contents are then unspecified).
 */
#include <stddef.h>
#include <string.h>
#include <time.h>

static const char *const day_names[] = { "Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday" };
static const char *const month_names[] = { "January", "February", "March",     "April",   "May",      "June",
					   "July",    "August",   "September", "October", "November", "December" };

struct out {
	char *buf;
	size_t size, len;
	int full;
};

static void put(struct out *o, const char *s, size_t n)
{
	if (o->len + n >= o->size) {
		o->full = 1;
		return;
	}
	memcpy(o->buf + o->len, s, n);
	o->len += n;
}

static void puts_(struct out *o, const char *s)
{
	put(o, s, strlen(s));
}

/* v in decimal, at least width digits; pad is '0', ' ' or 0 (none). */
static void num(struct out *o, long long v, int width, char pad)
{
	char tmp[24];
	int n = 0, neg = v < 0;
	unsigned long long u = neg ? 0ull - (unsigned long long)v : (unsigned long long)v;

	do
		tmp[sizeof(tmp) - 1 - n++] = (char)('0' + u % 10);
	while ((u /= 10) != 0);
	if (neg)
		put(o, "-", 1);
	for (; pad && n < width; width--)
		put(o, &pad, 1);
	put(o, tmp + sizeof(tmp) - n, (size_t)n);
}

/* 53 when year y has an ISO week 53 (it starts on a Thursday, or on a Wednesday in a leap year). */
static int iso_weeks(long long y)
{
	/* Weekday of 31 December of y (0 Sunday), by the Gregorian count of leap days. */
	long long d = (y + y / 4 - y / 100 + y / 400) % 7, prev = ((y - 1) + (y - 1) / 4 - (y - 1) / 100 + (y - 1) / 400) % 7;

	return d == 4 || prev == 3 ? 53 : 52;
}

/* The ISO 8601 week (1..53) of tm and the year it belongs to. */
static int iso_week(const struct tm *tm, long long *year)
{
	long long y = tm->tm_year + 1900LL;
	int monday_based = (tm->tm_wday + 6) % 7;
	int w = (tm->tm_yday - monday_based + 10) / 7;

	if (w < 1) {
		y--;
		w = iso_weeks(y);
	} else if (w > iso_weeks(y)) {
		y++;
		w = 1;
	}
	*year = y;
	return w;
}

static const char *name_of(const char *const *names, int i, int n)
{
	return i >= 0 && i < n ? names[i] : "?";
}

static void format(struct out *o, const char *f, const struct tm *tm);

static void conversion(struct out *o, char c, char flag, const struct tm *tm)
{
	long long year = tm->tm_year + 1900LL, iso_year;
	int hour12 = tm->tm_hour % 12 == 0 ? 12 : tm->tm_hour % 12;
	char zero = flag == '-' ? 0 : flag == '_' ? ' ' : '0';
	char space = flag == '-' ? 0 : flag == '0' ? '0' : ' ';

	switch (c) {
	case 'a':
		put(o, name_of(day_names, tm->tm_wday, 7), 3);
		break;
	case 'A':
		puts_(o, name_of(day_names, tm->tm_wday, 7));
		break;
	case 'b':
	case 'h':
		put(o, name_of(month_names, tm->tm_mon, 12), 3);
		break;
	case 'B':
		puts_(o, name_of(month_names, tm->tm_mon, 12));
		break;
	case 'c':
		format(o, "%a %b %e %H:%M:%S %Y", tm);
		break;
	case 'C':
		num(o, year / 100 - (year % 100 < 0), 2, zero);
		break;
	case 'd':
		num(o, tm->tm_mday, 2, zero);
		break;
	case 'D':
	case 'x':
		format(o, "%m/%d/%y", tm);
		break;
	case 'e':
		num(o, tm->tm_mday, 2, space);
		break;
	case 'F':
		format(o, "%Y-%m-%d", tm);
		break;
	case 'g':
		iso_week(tm, &iso_year);
		num(o, (iso_year % 100 + 100) % 100, 2, zero);
		break;
	case 'G':
		iso_week(tm, &iso_year);
		num(o, iso_year, 1, 0);
		break;
	case 'H':
		num(o, tm->tm_hour, 2, zero);
		break;
	case 'I':
		num(o, hour12, 2, zero);
		break;
	case 'j':
		num(o, tm->tm_yday + 1, 3, zero);
		break;
	case 'k':
		num(o, tm->tm_hour, 2, space);
		break;
	case 'l':
		num(o, hour12, 2, space);
		break;
	case 'm':
		num(o, tm->tm_mon + 1, 2, zero);
		break;
	case 'M':
		num(o, tm->tm_min, 2, zero);
		break;
	case 'n':
		put(o, "\n", 1);
		break;
	case 'p':
		puts_(o, tm->tm_hour < 12 ? "AM" : "PM");
		break;
	case 'P':
		puts_(o, tm->tm_hour < 12 ? "am" : "pm");
		break;
	case 'r':
		format(o, "%I:%M:%S %p", tm);
		break;
	case 'R':
		format(o, "%H:%M", tm);
		break;
	case 's': {
		struct tm copy = *tm;

		num(o, (long long)timegm(&copy), 1, 0);
		break;
	}
	case 'S':
		num(o, tm->tm_sec, 2, zero);
		break;
	case 't':
		put(o, "\t", 1);
		break;
	case 'T':
	case 'X':
		format(o, "%H:%M:%S", tm);
		break;
	case 'u':
		num(o, tm->tm_wday == 0 ? 7 : tm->tm_wday, 1, 0);
		break;
	case 'U':
		num(o, (tm->tm_yday + 7 - tm->tm_wday) / 7, 2, zero);
		break;
	case 'V':
		num(o, iso_week(tm, &iso_year), 2, zero);
		break;
	case 'w':
		num(o, tm->tm_wday, 1, 0);
		break;
	case 'W':
		num(o, (tm->tm_yday + 7 - (tm->tm_wday + 6) % 7) / 7, 2, zero);
		break;
	case 'y':
		num(o, (year % 100 + 100) % 100, 2, zero);
		break;
	case 'Y':
		num(o, year, 1, 0);
		break;
	case 'z':
		puts_(o, "+0000");
		break;
	case 'Z':
		puts_(o, tm->tm_zone ? tm->tm_zone : "UTC");
		break;
	case '%':
		put(o, "%", 1);
		break;
	default:
		/* Not a conversion: written as it stands, as glibc does. */
		put(o, "%", 1);
		put(o, &c, 1);
	}
}

static void format(struct out *o, const char *f, const struct tm *tm)
{
	for (; *f && !o->full; f++) {
		char flag = 0;

		if (*f != '%') {
			put(o, f, 1);
			continue;
		}
		if (f[1] == '-' || f[1] == '_' || f[1] == '0')
			flag = *++f;
		if (f[1] == 'E' || f[1] == 'O')
			f++;
		if (!f[1])
			break;
		conversion(o, *++f, flag, tm);
	}
}

size_t strftime(char *__restrict buf, size_t size, const char *__restrict fmt, const struct tm *__restrict tm)
{
	struct out o = { buf, size, 0, 0 };

	if (size == 0)
		return 0;
	format(&o, fmt, tm);
	if (o.full)
		return 0;
	buf[o.len] = '\0';
	return o.len;
}
