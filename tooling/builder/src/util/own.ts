// Lookups in records parsed from manifests: a key counts only when the
// record itself has it, never through the prototype chain ("constructor" is
// not a feature of every library).
export function own<T>(record: Readonly<Record<string, T>>, key: string): T | undefined {
  return Object.hasOwn(record, key) ? record[key] : undefined;
}
