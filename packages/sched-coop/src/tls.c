/*
 * Thread-local storage as a key/value table in every thread structure
 * (not compiler __thread variables: no %fs base is set up). Keys are
 * global; a key's destructor runs at thread exit for non-NULL values.
 */
#include "coop.h"

static unsigned char key_used[UK_TLS_KEYS];
static void (*key_dtor[UK_TLS_KEYS])(void *);

int uk_tls_key_create(uk_tls_key *key, void (*dtor)(void *))
{
	for (unsigned int k = 0; k < UK_TLS_KEYS; k++) {
		if (!key_used[k]) {
			key_used[k] = 1;
			key_dtor[k] = dtor;
			*key = k;
			return 0;
		}
	}
	return -UK_SCHED_EAGAIN;
}

int uk_tls_key_delete(uk_tls_key key)
{
	if (key >= UK_TLS_KEYS || !key_used[key])
		return -UK_SCHED_EINVAL;
	key_used[key] = 0;
	key_dtor[key] = 0;
	return 0;
}

void *uk_tls_get(uk_tls_key key)
{
	return key < UK_TLS_KEYS ? coop_current->tls[key] : 0;
}

int uk_tls_set(uk_tls_key key, void *value)
{
	if (key >= UK_TLS_KEYS || !key_used[key])
		return -UK_SCHED_EINVAL;
	coop_current->tls[key] = value;
	return 0;
}

void coop_tls_run_dtors(struct uk_thread *t)
{
	for (unsigned int k = 0; k < UK_TLS_KEYS; k++) {
		void *v = t->tls[k];

		if (v && key_dtor[k]) {
			t->tls[k] = 0;
			key_dtor[k](v);
		}
	}
}
