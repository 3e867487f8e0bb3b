/*
 * Init tables: a library registers a function to run at boot, at a level and
 * a priority, without anyone calling it by name. Each registration is a
 * pointer placed in a section named after its level and priority; the
 * platform's linker script sorts those sections by name and brackets them
 * with __uk_inittab_start / __uk_inittab_end, so the booter walks them in
 * order. Lower level runs first; within a level, lower priority runs first.
 *
 * An init function returns 0, or a negative errno value, which stops boot
 * with a message naming the function.
 */
#ifndef UK_INIT_H
#define UK_INIT_H

#ifdef __cplusplus
extern "C" {
#endif

typedef int (*uk_init_fn)(void);

struct uk_init_entry {
	uk_init_fn fn;
	const char *name;
};

/* Levels, as the two-digit strings they sort by. */
#define UK_INIT_EARLY 10 /* before anything else; console is already up */
#define UK_INIT_PLAT  20 /* platform devices, clocks, interrupts */
#define UK_INIT_LIB   30 /* library state: allocators, schedulers */
#define UK_INIT_FS    40 /* mounts */
#define UK_INIT_LATE  50 /* just before main */

/* Priorities within a level are 0..9. */
#define UK_INIT_PRIO_FIRST 0
#define UK_INIT_PRIO_DEFAULT 5
#define UK_INIT_PRIO_LAST 9

#define _UK_INIT_STR(x) #x
#define _UK_INIT_SECTION(level, prio) ".uk_inittab." _UK_INIT_STR(level) _UK_INIT_STR(prio)

/* Register fn (int fn(void)) to run at boot at the given level and priority. */
#define UK_INIT(fn, level, prio)                                             \
	static const struct uk_init_entry __uk_init_##fn                     \
	__attribute__((used, section(_UK_INIT_SECTION(level, prio)),         \
		       aligned(sizeof(void *)))) = { fn, #fn }

extern const struct uk_init_entry __uk_inittab_start[];
extern const struct uk_init_entry __uk_inittab_end[];

/*
 * Shutdown hooks run when the image stops normally (main returned, or exit()
 * through uk_boot_shutdown), in the reverse order of their priority: a libc
 * registers the flush of its stdio buffers here. Linker scripts bracket
 * .uk_finitab.* with __uk_finitab_start / __uk_finitab_end.
 */
typedef void (*uk_fini_fn)(void);

struct uk_fini_entry {
	uk_fini_fn fn;
	const char *name;
};

#define _UK_FINI_SECTION(prio) ".uk_finitab." _UK_INIT_STR(prio)

/* Register fn (void fn(void)) to run at shutdown; priority 0..9, 9 runs first. */
#define UK_FINI(fn, prio)                                                    \
	static const struct uk_fini_entry __uk_fini_##fn                     \
	__attribute__((used, section(_UK_FINI_SECTION(prio)),                \
		       aligned(sizeof(void *)))) = { fn, #fn }

extern const struct uk_fini_entry __uk_finitab_start[];
extern const struct uk_fini_entry __uk_finitab_end[];

#ifdef __cplusplus
}
#endif

#endif /* UK_INIT_H */
