// How package names become file names: one rule each, shared by every step.

/** `@uk/libc` -> `uk__libc`: a file name that keeps scope and name apart. */
export function safeName(pkg: string): string {
  return pkg.replace(/^@/, '').replace(/\//g, '__');
}

/** `@acme/hello` -> `hello`: the image's file name and argv[0]. */
export function unscopedName(pkg: string): string {
  return pkg.replace(/^@[^/]+\//, '');
}
