// Names the instruction a KVM emulation failure stopped at, from QEMU's
// register dump (`Code=… <0f> ae 1c 24 …`: the bytes at the faulting address
// follow the `<`). Only the kinds a uk image is likely to meet when the
// hypervisor emulates instructions without SSE: SSE/SSE2 control, moves and
// arithmetic, FPU state, x87 control; anything else is shown as its bytes.

const OF_AE = ['fxsave', 'fxrstor', 'ldmxcsr', 'stmxcsr', 'xsave', 'xrstor', 'xsaveopt', 'clflush'];
const OF_AE_REG = ['', '', '', '', '', 'lfence', 'mfence', 'sfence'];

/** Two-byte (0f xx) SSE opcodes by their mandatory prefix: none, 66, f3, f2. */
const SSE: Record<number, [string, string?, string?, string?]> = {
  0x10: ['movups', 'movupd', 'movss', 'movsd'],
  0x11: ['movups', 'movupd', 'movss', 'movsd'],
  0x28: ['movaps', 'movapd'],
  0x29: ['movaps', 'movapd'],
  0x2a: ['cvtpi2ps', 'cvtpi2pd', 'cvtsi2ss', 'cvtsi2sd'],
  0x2c: ['cvttps2pi', 'cvttpd2pi', 'cvttss2si', 'cvttsd2si'],
  0x2d: ['cvtps2pi', 'cvtpd2pi', 'cvtss2si', 'cvtsd2si'],
  0x2e: ['ucomiss', 'ucomisd'],
  0x2f: ['comiss', 'comisd'],
  0x54: ['andps', 'andpd'],
  0x57: ['xorps', 'xorpd'],
  0x58: ['addps', 'addpd', 'addss', 'addsd'],
  0x59: ['mulps', 'mulpd', 'mulss', 'mulsd'],
  0x5c: ['subps', 'subpd', 'subss', 'subsd'],
  0x5e: ['divps', 'divpd', 'divss', 'divsd'],
  0x6e: ['movd', 'movd'],
  0x6f: ['movq', 'movdqa', 'movdqu'],
  0x7e: ['movd', 'movd', 'movq'],
  0x7f: ['movq', 'movdqa', 'movdqu'],
  0xd6: ['', 'movq'],
  0xef: ['pxor', 'pxor'],
  0xeb: ['por', 'por'],
  0xdb: ['pand', 'pand'],
};

/** The mnemonic (or the bytes) of the instruction QEMU's dump points at; undefined without a dump. */
export function faultingInstruction(stderr: string): string | undefined {
  const m = /Code=(?:[0-9a-f]{2} )*<([0-9a-f]{2})>((?: [0-9a-f]{2})*)/.exec(stderr);
  if (!m) return undefined;
  const bytes = [m[1]!, ...m[2]!.trim().split(' ')].filter(Boolean).map((b) => parseInt(b, 16));
  const shown = `bytes ${bytes.slice(0, 6).map((b) => b.toString(16).padStart(2, '0')).join(' ')}`;
  let i = 0;
  let prefix = 0; // 0 none, 1 66, 2 f3, 3 f2
  while (i < bytes.length && [0x66, 0xf2, 0xf3].includes(bytes[i]!)) {
    prefix = bytes[i] === 0x66 ? 1 : bytes[i] === 0xf3 ? 2 : 3;
    i++;
  }
  if (i < bytes.length && (bytes[i]! & 0xf0) === 0x40) i++; // REX
  const op = bytes[i];
  const modrm = bytes[i + 2] ?? bytes[i + 1];
  if (op === 0x0f && bytes[i + 1] === 0xae && bytes[i + 2] !== undefined) {
    const reg = (bytes[i + 2]! >> 3) & 7;
    const name = (bytes[i + 2]! >> 6) === 3 ? OF_AE_REG[reg] : OF_AE[reg];
    if (name) return `${name} (${shown})`;
  }
  if (op === 0x0f && bytes[i + 1] !== undefined) {
    const name = SSE[bytes[i + 1]!]?.[prefix];
    if (name) return `${name} (${shown})`;
  }
  if (op === 0xd9 && modrm !== undefined) {
    const reg = (bytes[i + 1]! >> 3) & 7;
    if (reg === 7) return `fnstcw (${shown})`;
    if (reg === 5) return `fldcw (${shown})`;
  }
  return shown;
}
