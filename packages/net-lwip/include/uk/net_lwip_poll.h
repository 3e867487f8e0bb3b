/*
 * lwIP without a scheduler: an image that holds no @uk/sched gets lwIP in
 * its no-threads mode (NO_SYS=1; CONFIG_UK_NET_LWIP_THREADS is then not
 * defined). There are no sockets and no threads: the app uses lwIP's raw
 * callback API (lwip/tcp.h, lwip/udp.h: tcp_new, tcp_bind, tcp_listen,
 * tcp_accept, tcp_recv, tcp_write...), whose callbacks run inside
 * uk_net_lwip_poll(), and runs to completion in a loop of its own:
 *
 *     tcp_accept(tcp_listen(pcb), on_accept);   set up, then
 *     for (;;)                                    serve
 *         if (uk_net_lwip_poll() == 0)
 *             uk_net_lwip_wait();                 sleeping when idle
 *
 * lwIP is initialised and every network device has its netif (and its
 * address: static from net.ip/net.gw, else DHCP, waited for) before main.
 * Every lwIP call is made from this one loop: no interrupt handler or
 * other context enters the stack.
 */
#ifndef UK_NET_LWIP_POLL_H
#define UK_NET_LWIP_POLL_H

#ifdef __cplusplus
extern "C" {
#endif

/*
 * One round of the stack's work: every frame waiting on every network
 * device goes up (its callbacks run now), the loopback interface's
 * packets are delivered, and lwIP's due timers run (TCP retransmission,
 * ARP, DHCP). Returns the number of frames received; it never waits, so a
 * loop that gets 0 may do other work or poll again.
 */
unsigned uk_net_lwip_poll(void);

/*
 * Sleep until there may be work: a frame arrives on a network device
 * (its receive interrupt) or lwIP's next timer is due. Returns at once
 * when a timer is due or a frame or loopback packet is waiting. A device
 * that cannot interrupt (linuxu) is polled: after 64 empty rounds in a
 * row each call sleeps 200 us, and 1 ms once ~10 ms passed without a
 * frame (so a frame waits at most that long). Call
 * it when uk_net_lwip_poll() found
 * nothing and the app has nothing else to do; then call the poll again.
 * It turns the platform's interrupt delivery on (uk_plat_timer_set_handler)
 * the first time, so an app that also sets a timer handler of its own
 * must not use it.
 */
void uk_net_lwip_wait(void);

#ifdef __cplusplus
}
#endif

#endif
