/** `vzps -E <ct> -o <fields>` on a simulated node: only the field list vzfleet asks for is known. */
import { findContainer } from '../world/model';
import { renderVzps, simProcesses } from '../render/vzps';
import { fail, ok, type CommandHandler } from './types';

const FIELDS = 'pid,uid,rss,vsz,pcpu,time,comm';

export const vzpsCommand: CommandHandler = (args, ctx) => {
  const [e, id, o, fields, ...rest] = args;
  if (e !== '-E' || id === undefined || !/^[0-9A-Za-z-]+$/.test(id)) return fail(1, 'ERROR: -E requires a container ID\n');
  if (o !== '-o' || fields !== FIELDS || rest.length > 0) return fail(1, `ERROR: the simulated vzps knows only -E <ctid> -o ${FIELDS}\n`);
  const ct = findContainer(ctx.model, id);
  // A CT that is not running has no processes: vzps prints the header only and exits 1, as ps does
  // when nothing matched the selection.
  const procs = ct ? simProcesses(ct, Math.floor(ctx.model.timeMs / 60_000)) : [];
  const text = renderVzps(ct?.ctid ?? id, procs);
  return procs.length > 0 ? ok(text) : fail(1, '', text);
};
