/*
 * One musl thread descriptor (struct pthread: errno, the locale, a thread
 * id) per thread, so every thread has its own errno. Without a scheduler
 * the image has one thread and one static descriptor. With @uk/sched
 * (reached through weak references, so musl does not require it) a
 * thread's descriptor is made the first time musl asks for it and kept in
 * a uk thread-local key, whose destructor frees it when the thread ends;
 * the boot thread keeps the static one. The FS base is not used: it holds
 * the image's own __thread block (uk/plat_tls.h), not musl's layout.
 */
#include <stdint.h>
#include <stdlib.h>
#include <uk/init.h>

#include "libc.h"
#include "pthread_impl.h"

/* @uk/sched's thread-local keys (<uk/sched.h>; its major version fixes them). */
typedef unsigned int uk_tls_key;
extern int uk_tls_key_create(uk_tls_key *key, void (*dtor)(void *)) __attribute__((__weak__));
extern void *uk_tls_get(uk_tls_key key) __attribute__((__weak__));
extern int uk_tls_set(uk_tls_key key, void *value) __attribute__((__weak__));

static struct pthread boot_self __attribute__((aligned(64)));
static uk_tls_key self_key;
static int have_key, making;
static int next_tid = 1;

static void self_init(struct pthread *td)
{
	td->self = td;
	td->detach_state = DT_JOINABLE;
	td->tid = next_tid++;
	td->locale = &libc.global_locale;
	td->robust_list.head = &td->robust_list.head;
	td->next = td->prev = td;
}

uintptr_t __uk_musl_self(void)
{
	struct pthread *td;

	if (!have_key)
		return (uintptr_t)&boot_self;
	td = uk_tls_get(self_key);
	if (td)
		return (uintptr_t)td;
	/* calloc may set errno, which asks again: that call gets the boot descriptor. */
	if (making)
		return (uintptr_t)&boot_self;
	making = 1;
	td = calloc(1, sizeof(*td));
	making = 0;
	if (!td)
		return (uintptr_t)&boot_self;
	self_init(td);
	uk_tls_set(self_key, td);
	return (uintptr_t)td;
}

static void self_free(void *td)
{
	if (td != &boot_self)
		free(td);
}

static int musl_self_start(void)
{
	self_init(&boot_self);
	if (uk_tls_key_create && uk_tls_key_create(&self_key, self_free) == 0) {
		uk_tls_set(self_key, &boot_self);
		have_key = 1;
	}
	return 0;
}

/* First of all: any library's init may set errno. */
UK_INIT(musl_self_start, UK_INIT_EARLY, UK_INIT_PRIO_FIRST);
