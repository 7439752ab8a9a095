import fs from 'node:fs';
import { runParse } from './parse-command';
import { runCollect, runNode } from './node-command';
import { runKiosk, runUser } from './user-command';
import { buildForcedCommandWrapper } from '../server/ssh/forced-command';

const io = {
  stdout: (s: string) => void process.stdout.write(s),
  stderr: (s: string) => void process.stderr.write(s),
  readStdin: () => fs.readFileSync(0, 'utf8'),
};

const USAGE = `vzfleet — OpenVZ fleet dashboard, command line
  vzfleet parse <kind> [file|-]     parse a captured tool output, print JSON
  vzfleet node add|import|list|remove
  vzfleet collect <node> [--json]   poll one node now and store the snapshot
  vzfleet user create|list|revoke-sessions   accounts (user create --admin: the first admin)
  vzfleet kiosk create --label L    a one-time link for a wall screen
  vzfleet collector-wrapper         print the forced-command script for a node's collector key
`;

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  switch (command) {
    case 'parse':
      return runParse(rest, io);
    case 'node':
      return runNode(rest, io);
    case 'collect':
      return runCollect(rest, io);
    case 'user':
      return runUser(rest, io);
    case 'kiosk':
      return runKiosk(rest, io);
    case 'collector-wrapper':
      io.stdout(buildForcedCommandWrapper());
      return 0;
    default:
      io.stderr(USAGE);
      return command ? 2 : 0;
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: unknown) => {
    io.stderr(`vzfleet: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  },
);
