/* The probe driver's side of dev-probe (virtio_probe.c; nothing on linuxu). */
#ifndef DEV_PROBE_H
#define DEV_PROBE_H

/* Drive every device the probe driver took; 0 when all answered. */
int probe_run(int poll);

#endif
