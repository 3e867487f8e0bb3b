// The tools a build runs, the variable that overrides each and the system
// package that provides it: one table for the build (toolchain.ts), the
// variables a launch memo keys on, and uk doctor. Imports nothing, so it is
// published in the light @uk/build/lookup too.

export type Tool = 'cc' | 'ld' | 'objcopy' | 'nm' | 'objdump';

export interface ToolSpec {
  /** The environment variable that names another command (UK_CC). */
  variable: string;
  /** The command used when the variable is not set. */
  command: string;
  /** The Debian package that installs the default command. */
  pkg: string;
}

export const TOOLS: Readonly<Record<Tool, ToolSpec>> = {
  cc: { variable: 'UK_CC', command: 'gcc', pkg: 'gcc' },
  ld: { variable: 'UK_LD', command: 'ld', pkg: 'binutils' },
  objcopy: { variable: 'UK_OBJCOPY', command: 'objcopy', pkg: 'binutils' },
  nm: { variable: 'UK_NM', command: 'nm', pkg: 'binutils' },
  objdump: { variable: 'UK_OBJDUMP', command: 'objdump', pkg: 'binutils' },
};

/** UK_CC, UK_LD, ...: the variables toolCommands reads. */
export const TOOL_VARIABLES: readonly string[] = Object.values(TOOLS).map((t) => t.variable);

/** The command looked up for each tool: UK_CC, UK_LD, ... override the defaults. */
export function toolCommands(env: NodeJS.ProcessEnv = process.env): Record<Tool, string> {
  const of = (tool: Tool): string => env[TOOLS[tool].variable] ?? TOOLS[tool].command;
  return { cc: of('cc'), ld: of('ld'), objcopy: of('objcopy'), nm: of('nm'), objdump: of('objdump') };
}
