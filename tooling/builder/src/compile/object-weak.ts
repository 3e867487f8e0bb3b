// Whether a compiled object defines a weak symbol, read from its bytes: what
// `nm --defined-only` shows as W or V, without running nm. An nm per
// compiled source cost about a third of a cold compile's CPU time (its
// start-up and the LTO plugin's loading, ~19 ms each against ~40 ms for the
// compile itself), so the build reads the two tables nm reads:
// - the ELF symbol table (.symtab): a global of binding STB_WEAK with a
//   section (not undefined) is a weak definition;
// - in an object of GCC's intermediate form (-flto), only the symbol table
//   of the linker plugin interface (.gnu.lto_.symtab.<id>), which nm reads
//   through that plugin instead of the ELF one: each entry is the name and comdat group (NUL-terminated),
//   a kind byte (LDPK_WEAKDEF = 1), a visibility byte, a 64-bit size and a
//   32-bit slot.
// Anything not as expected (not ELF64 little-endian, a table that does not
// end where its section does, a kind or visibility out of range) is
// "cannot tell", and the caller asks nm.

const ELF_MAGIC = 0x464c457f; // "\x7fELF", little-endian
const ELFCLASS64 = 2;
const ELFDATA2LSB = 1;
const SHT_SYMTAB = 2;
const SHT_NOBITS = 8; // a section with no bytes in the file (.bss)
const STB_WEAK = 2;
const SHN_UNDEF = 0;
const SYM_SIZE = 24;
const LDPK_WEAKDEF = 1;
const LDPK_MAX = 4;
const LDPV_MAX = 3;
const LTO_SYMTAB = '.gnu.lto_.symtab.';

interface Section {
  name: string;
  type: number;
  offset: number;
  size: number;
  entsize: number;
}

function cString(b: Buffer, at: number): { text: string; next: number } | undefined {
  const end = b.indexOf(0, at);
  if (end < 0) return undefined;
  return { text: b.toString('latin1', at, end), next: end + 1 };
}

function sections(b: Buffer): Section[] | undefined {
  if (b.length < 64 || b.readUInt32LE(0) !== ELF_MAGIC || b[4] !== ELFCLASS64 || b[5] !== ELFDATA2LSB) return undefined;
  const shoff = Number(b.readBigUInt64LE(0x28));
  const shentsize = b.readUInt16LE(0x3a);
  const shnum = b.readUInt16LE(0x3c);
  const shstrndx = b.readUInt16LE(0x3e);
  // shnum 0 means more than 0xff00 sections (the count is elsewhere): never a single source's object.
  if (shentsize < 64 || shnum === 0 || shstrndx >= shnum || shoff + shnum * shentsize > b.length) return undefined;
  const raw = Array.from({ length: shnum }, (_, i) => {
    const h = shoff + i * shentsize;
    return {
      nameOff: b.readUInt32LE(h),
      type: b.readUInt32LE(h + 4),
      offset: Number(b.readBigUInt64LE(h + 0x18)),
      size: Number(b.readBigUInt64LE(h + 0x20)),
      entsize: Number(b.readBigUInt64LE(h + 0x38)),
    };
  });
  const strtab = raw[shstrndx]!;
  if (raw.some((s) => s.type !== SHT_NOBITS && s.offset + s.size > b.length)) return undefined;
  const out: Section[] = [];
  for (const s of raw) {
    const name = cString(b, strtab.offset + s.nameOff);
    if (!name || strtab.offset + s.nameOff >= strtab.offset + strtab.size) return undefined;
    out.push({ name: name.text, type: s.type, offset: s.offset, size: s.size, entsize: s.entsize });
  }
  return out;
}

/** Weak definitions in the ELF symbol table, or undefined if it cannot be read. */
function elfWeak(b: Buffer, s: Section): boolean | undefined {
  if (s.entsize !== SYM_SIZE || s.size % SYM_SIZE !== 0) return undefined;
  for (let at = s.offset; at < s.offset + s.size; at += SYM_SIZE) {
    const bind = b[at + 4]! >> 4;
    const shndx = b.readUInt16LE(at + 6);
    if (bind === STB_WEAK && shndx !== SHN_UNDEF) return true;
  }
  return false;
}

/** Weak definitions in a GCC LTO symbol table, or undefined if it is not as expected. */
function ltoWeak(b: Buffer, s: Section): boolean | undefined {
  let at = s.offset;
  const end = s.offset + s.size;
  let weak = false;
  while (at < end) {
    const name = cString(b, at);
    if (!name || name.next >= end) return undefined;
    const comdat = cString(b, name.next);
    if (!comdat || comdat.next + 14 > end) return undefined;
    const kind = b[comdat.next]!;
    const visibility = b[comdat.next + 1]!;
    if (kind > LDPK_MAX || visibility > LDPV_MAX) return undefined;
    if (kind === LDPK_WEAKDEF) weak = true;
    at = comdat.next + 14;
  }
  return at === end ? weak : undefined;
}

/** Whether the object defines a weak symbol; undefined when its tables cannot be read (ask nm). */
export function objectDefinesWeak(bytes: Buffer): boolean | undefined {
  const all = sections(bytes);
  if (!all) return undefined;
  // An object of intermediate form is read through the plugin's table only,
  // as nm reads it: its ELF table holds the compiler's own symbols (a weak
  // hidden anchor of its debug sections), none of them the source's.
  const lto = all.filter((s) => s.name.startsWith(LTO_SYMTAB));
  const tables = lto.length > 0 ? lto : all.filter((s) => s.type === SHT_SYMTAB);
  let weak = false;
  for (const s of tables) {
    const found = lto.length > 0 ? ltoWeak(bytes, s) : elfWeak(bytes, s);
    if (found === undefined) return undefined;
    weak ||= found;
  }
  return weak;
}
