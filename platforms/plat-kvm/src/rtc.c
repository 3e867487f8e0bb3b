/*
 * Wall-clock time on kvm: the CMOS real-time clock is read once, on the
 * first request, and the monotonic clock carries it forward from there
 * (reading the RTC costs a dozen port accesses and has 1 s resolution).
 * Without an RTC (all ones on the ports), wall time starts at 0.
 */
#include <uk/plat.h>
#include "cpu.h"
#include "kvm.h"

static uint64_t wall_at_mono0, mono0;
static int have_wall;

static uint8_t cmos(uint8_t reg)
{
	outb(0x70, reg);
	return inb(0x71);
}

static unsigned int bcd(uint8_t v, int binary)
{
	return binary ? v : (v >> 4) * 10u + (v & 15u);
}

/* Days since 1970-01-01 of a civil date (proleptic Gregorian). */
static uint64_t days_from_civil(unsigned int y, unsigned int m, unsigned int d)
{
	y -= m <= 2;
	unsigned int era = y / 400, yoe = y - era * 400;
	unsigned int doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	unsigned int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return (uint64_t)era * 146097 + doe - 719468;
}

static void read_rtc(void)
{
	uint8_t s, mi, h, d, mo, y, b;

	/* Wait out an update in progress, then read a consistent set. */
	for (int i = 0; i < 100000 && (cmos(0x0a) & 0x80); i++)
		;
	s = cmos(0x00);
	mi = cmos(0x02);
	h = cmos(0x04);
	d = cmos(0x07);
	mo = cmos(0x08);
	y = cmos(0x09);
	b = cmos(0x0b);
	mono0 = uk_plat_monotonic_ns();
	have_wall = 1;
	if (s == 0xff && mo == 0xff)
		return; /* no RTC */
	int bin = b & 4, h24 = b & 2;
	unsigned int hour = bcd(h & 0x7f, bin);
	if (!h24 && (h & 0x80))
		hour = (hour % 12) + 12;
	uint64_t days = days_from_civil(2000 + bcd(y, bin), bcd(mo, bin), bcd(d, bin));
	wall_at_mono0 = ((days * 24 + hour) * 60 + bcd(mi, bin)) * 60 + bcd(s, bin);
	wall_at_mono0 *= 1000000000ull;
}

uint64_t uk_plat_wall_ns(void)
{
	if (!have_wall)
		read_rtc();
	return wall_at_mono0 + (uk_plat_monotonic_ns() - mono0);
}
