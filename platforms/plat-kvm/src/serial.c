/*
 * Console on the first 16550 UART (COM1, I/O port 0x3f8).
 *
 * The UART is only told to use 8N1 (the baud rate does not matter to an
 * emulated UART) and is left in its FIFO-less (16450) mode. Switching the
 * FIFOs on or off makes QEMU empty the receive side, and piped input can
 * land in the receive register at any moment from power-on, so any switch
 * could drop a byte; leaving the mode alone is the only way no input is
 * ever lost. Input is read only when asked for (uk_plat_console_read): the
 * receive interrupt stays off, so a console nobody reads costs nothing.
 * Piped input carries its end in-band (see IN_ESCAPE below).
 */
#include <uk/plat.h>
#include "cpu.h"
#include "kvm.h"

#define COM1 0x3f8
#define UART_THR 0 /* transmit holding register */
#define UART_RBR 0 /* receive buffer (reads of offset 0) */
#define UART_LCR 3 /* line control */
#define UART_LSR 5 /* line status */
#define LSR_DR 0x01   /* a received byte is waiting */
#define LSR_TEMT 0x40 /* holding and shift registers both empty */

/* Bytes the transmitter can still take without a status read. */
static unsigned int tx_room;

void kvm_serial_init(void)
{
	outb(COM1 + UART_LCR, 0x03); /* 8 data bits, no parity, 1 stop bit */
}

static void put(char c)
{
	/*
	 * Each status read is an exit to the hypervisor. An empty transmitter
	 * holds two bytes without looking again: one moves on to the shift
	 * register, the other waits in the holding register.
	 */
	if (tx_room == 0) {
		while (!(inb(COM1 + UART_LSR) & LSR_TEMT))
			cpu_pause();
		tx_room = 2;
	}
	outb(COM1 + UART_THR, (uint8_t)c);
	tx_room--;
}

void uk_plat_console_write(const char *buf, size_t len)
{
	/*
	 * Bytes as they are, '\n' without '\r': piped output is the same as
	 * the linuxu image's. QEMU's stdio console leaves the terminal's output
	 * processing on, so a terminal still turns '\n' into CR LF.
	 */
	for (size_t i = 0; i < len; i++)
		put(buf[i]);
}

/*
 * Without FIFOs the UART holds one received byte, and the hypervisor hands
 * over the next only after that one is read (from its own thread, a little
 * later). Once input is flowing, keep asking a while, so a reader gets a
 * run of bytes per call rather than one per idle slice. Status reads are
 * exits that hold up the hypervisor's delivering thread, so spin between
 * them without touching the port.
 */
#define RX_PATIENCE 32
#define RX_SPIN 1000

static long raw_read(char *buf, size_t len)
{
	size_t n = 0;
	unsigned int misses = 0;

	while (n < len) {
		if (inb(COM1 + UART_LSR) & LSR_DR) {
			buf[n++] = (char)inb(COM1 + UART_RBR);
			misses = 0;
			continue;
		}
		if (n == 0 || ++misses > RX_PATIENCE)
			break;
		for (int i = 0; i < RX_SPIN; i++)
			cpu_pause();
	}
	return (long)n;
}

/*
 * Input that ends: a UART cannot say so, so `uk run` passes a pipe or a
 * file in frames (the CLI's console-input.ts): 0xFF 0xFF is a 0xFF byte,
 * 0xFF 0x00 the end of the input. A terminal's keys pass unchanged (0xFF
 * never occurs in UTF-8); a 0xFF followed by anything else is kept as it is.
 */
#define IN_ESCAPE 0xff
#define IN_END 0x00

static int in_escaped, in_ended, in_held = -1;

long uk_plat_console_read(char *buf, size_t len)
{
	unsigned char raw[64];
	size_t n = 0;

/* A 0xFF carried over from the last call may make one byte more than fits: hold it. */
#define EMIT(c) (n < len ? (void)(buf[n++] = (char)(c)) : (void)(in_held = (c)))
	if (in_held >= 0 && len) {
		buf[n++] = (char)in_held;
		in_held = -1;
	}
	while (n < len && !in_ended) {
		size_t want = len - n < sizeof(raw) ? len - n : sizeof(raw);
		long got = raw_read((char *)raw, want);

		for (long i = 0; i < got && !in_ended; i++) {
			int c = raw[i];

			if (in_escaped) {
				in_escaped = 0;
				if (c == IN_END)
					in_ended = 1;
				else if (c == IN_ESCAPE)
					EMIT(IN_ESCAPE);
				else {
					EMIT(IN_ESCAPE);
					EMIT(c);
				}
			} else if (c == IN_ESCAPE) {
				in_escaped = 1;
			} else {
				EMIT(c);
			}
		}
		if (got < (long)want)
			break;
	}
#undef EMIT
	return n == 0 && in_ended ? -1 : (long)n;
}

void kvm_puts(const char *s)
{
	size_t n = 0;

	while (s[n])
		n++;
	uk_plat_console_write(s, n);
}

char *kvm_hex(char *buf, uint64_t v)
{
	static const char digits[] = "0123456789abcdef";

	buf[0] = '0';
	buf[1] = 'x';
	for (int i = 0; i < 16; i++)
		buf[2 + i] = digits[(v >> (60 - 4 * i)) & 0xf];
	buf[18] = '\0';
	return buf;
}

char *kvm_dec(char *buf, uint64_t v)
{
	char tmp[21];
	int n = 0, i = 0;

	do {
		tmp[n++] = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	while (n)
		buf[i++] = tmp[--n];
	buf[i] = '\0';
	return buf;
}
