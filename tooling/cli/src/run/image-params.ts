// The `--uk KEY=VALUE ... --` block that opens an image's command line on
// both platforms (the process arguments on linuxu, -append on kvm): the
// platform takes it off before main sees argv and answers uk_plat_param()
// from it. Keys with a dot are library parameters (net.ip=...); linuxu also
// takes its host devices there (disk=..., net=...).

/**
 * The command line of an image: params in a leading block when there are
 * any, or an empty block when the app's own first argument is `--uk`
 * (which the platform would otherwise take for the block), then the app's
 * arguments.
 */
export function withImageParams(params: readonly string[], args: readonly string[]): string[] {
  if (params.length === 0 && args[0] !== '--uk') return [...args];
  return ['--uk', ...params, '--', ...args];
}
