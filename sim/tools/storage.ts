/**
 * `df -P -k /vz` and `/proc/modules`: what a migration pre-check reads on a node — the free space
 * of the /vz partition (the legacy vzmigrate never checks it itself) and whether the checkpoint
 * (vzcpt) and restore (vzrst) modules are loaded.
 */
import { usedDiskKb } from '../world/directory';
import { fail, ok, type CommandContext, type CommandHandler } from './types';

/** POSIX `df -P -k [path]`: one header, one line for the /vz partition (the only one modelled). */
export const dfCommand: CommandHandler = (args, ctx) => {
  const paths = args.filter((a) => !a.startsWith('-'));
  const flags = args.filter((a) => a.startsWith('-')).join('').replace(/-/g, '');
  if ([...flags].some((c) => !'Pkh'.includes(c))) return fail(1, `df: invalid option -- '${[...flags].find((c) => !'Pkh'.includes(c))}'\n`);
  for (const p of paths) if (p !== '/vz' && !p.startsWith('/vz/')) return fail(1, `df: '${p}': No such file or directory\n`);
  const size = ctx.host?.vzDiskKb ?? 0;
  const used = Math.min(size, usedDiskKb(ctx.model));
  const avail = size - used;
  const pct = size > 0 ? Math.ceil((used / size) * 100) : 0;
  return ok(`Filesystem     1024-blocks      Used Available Capacity Mounted on\n/dev/sda3 ${String(size).padStart(16)} ${String(used).padStart(9)} ${String(avail).padStart(9)} ${String(pct).padStart(7)}% /vz\n`);
};

/** `/proc/modules` lines of the OpenVZ kernel modules this node has loaded. */
export function renderProcModules(ctx: CommandContext): string {
  const legacy = ctx.model.generation === 'legacy';
  const lines = [
    'vzethdev 8430 0 - Live 0xffffffffa0561000',
    'vznetdev 19334 0 - Live 0xffffffffa0557000',
    'vzmon 24286 5 vzethdev,vznetdev, Live 0xffffffffa0547000',
    'vzdquota 55339 0 [permanent], Live 0xffffffffa0531000',
    'vzdev 2277 4 vzethdev,vznetdev,vzmon,vzdquota, Live 0xffffffffa04fa000',
  ];
  if (legacy && (ctx.host?.cptLoaded ?? true)) {
    lines.unshift('vzrst 192437 0 - Live 0xffffffffa0608000', 'vzcpt 148120 0 - Live 0xffffffffa05d9000');
  }
  return `${lines.join('\n')}\n`;
}
