/*
 * Console on the first 16550 UART (COM1, I/O port 0x3f8).
 *
 * Every port access is a VM exit, so the driver does as few as it can: the
 * UART is only told to use 8N1 and its 16-byte FIFO (the baud rate does not
 * matter to an emulated UART), and the line status register is read once
 * per 16 bytes -- when it says the transmitter is empty the FIFO can take
 * 16 bytes without further checks. Input is read only when asked for
 * (uk_plat_console_read): the UART's receive interrupt stays off, so a
 * console nobody reads costs nothing.
 */
#include <uk/plat.h>
#include "cpu.h"
#include "kvm.h"

#define COM1 0x3f8
#define UART_THR 0 /* transmit holding register */
#define UART_RBR 0 /* receive buffer (reads of offset 0) */
#define UART_FCR 2 /* FIFO control */
#define UART_LCR 3 /* line control */
#define UART_LSR 5 /* line status */
#define LSR_DR 0x01   /* a received byte is waiting */
#define LSR_THRE 0x20 /* transmitter holding register (FIFO) empty */
#define UART_FIFO_DEPTH 16

static unsigned int fifo_room;

/*
 * Input that arrived before the FIFOs were switched on: QEMU empties both
 * FIFOs when that happens (and drops the byte waiting in the receive
 * register), so take all of it first and hand it out first. Piped input
 * is there from the start: with room for only 16 bytes, the 17th was lost
 * when the FIFOs came on.
 */
static char early_input[1024];
static unsigned int early_len, early_off;

void kvm_serial_init(void)
{
	while (early_len < sizeof(early_input) && (inb(COM1 + UART_LSR) & LSR_DR))
		early_input[early_len++] = (char)inb(COM1 + UART_RBR);
	outb(COM1 + UART_LCR, 0x03); /* 8 data bits, no parity, 1 stop bit */
	outb(COM1 + UART_FCR, 0x07); /* enable and clear both FIFOs */
}

static void put(char c)
{
	if (fifo_room == 0) {
		while (!(inb(COM1 + UART_LSR) & LSR_THRE))
			cpu_pause();
		fifo_room = UART_FIFO_DEPTH;
	}
	outb(COM1 + UART_THR, (uint8_t)c);
	fifo_room--;
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

long uk_plat_console_read(char *buf, size_t len)
{
	size_t n = 0;

	while (n < len && early_off < early_len)
		buf[n++] = early_input[early_off++];
	while (n < len && (inb(COM1 + UART_LSR) & LSR_DR))
		buf[n++] = (char)inb(COM1 + UART_RBR);
	return (long)n;
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
