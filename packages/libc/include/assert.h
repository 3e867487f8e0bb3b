/*
 * assert(). Deliberately without an include guard: the C standard lets a
 * translation unit include <assert.h> again after changing NDEBUG.
 */
#undef assert

#ifdef NDEBUG
#define assert(expr) ((void)0)
#else
#define assert(expr) \
	((expr) ? (void)0 : __uk_assert_fail(#expr, __FILE__, __LINE__, __func__))
#endif

#ifndef _UK_LIBC_ASSERT_DECL
#define _UK_LIBC_ASSERT_DECL
#ifdef __cplusplus
extern "C" {
#endif
__attribute__((noreturn)) void __uk_assert_fail(const char *expr, const char *file,
						int line, const char *func);
#ifdef __cplusplus
}
#endif
#endif

#if !defined(__cplusplus) && !defined(static_assert)
#define static_assert _Static_assert
#endif
