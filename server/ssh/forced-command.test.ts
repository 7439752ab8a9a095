import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildCollectLoop, buildCollectScript, buildMigrationProbe, buildProbe, collectLoopRequest, newSectionToken } from './commands';
import { buildForcedCommandWrapper } from './forced-command';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vzfleet-wrapper-'));
const wrapper = path.join(dir, 'vzfleet-collect');
fs.writeFileSync(wrapper, buildForcedCommandWrapper(), { mode: 0o755 });
const marker = path.join(dir, 'pwned');

/** Runs the wrapper as sshd would: the client's command in SSH_ORIGINAL_COMMAND. */
function run(original: string, input?: string) {
  return spawnSync('/bin/sh', [wrapper], { env: { PATH: process.env.PATH, SSH_ORIGINAL_COMMAND: original } as unknown as NodeJS.ProcessEnv, encoding: 'utf8', timeout: 5000, input });
}

describe('the forced-command wrapper for the collector key', () => {
  it('runs the fixed probe', () => {
    const r = run(buildProbe());
    expect(r.status).toBe(0);
    expect(r.stdout.trim()).toBe(os.release());
  });

  it('lets the exact collect scripts through with any well-formed token (they reach their tools)', () => {
    for (const full of [false, true]) {
      for (const token of [newSectionToken(), '0'.repeat(32), 'f'.repeat(32)]) {
        const r = run(buildCollectScript({ full, token }));
        expect(r.stderr).not.toContain('command refused');
        expect(r.stdout).toContain(`@@vzfleet:${token} begin beancounters`);
      }
    }
  });

  it('runs the collect loop, which answers well-formed requests and ends at the first malformed one', () => {
    const [a, b] = [newSectionToken(), newSectionToken()];
    const r = run(buildCollectLoop(), collectLoopRequest('fast', a) + collectLoopRequest('full', b) + `fast ${a}; touch ${marker}\n` + collectLoopRequest('fast', a));
    expect(r.stderr).not.toContain('command refused');
    expect(r.status).toBe(2);
    expect(r.stdout).toContain(`@@vzfleet:${a} begin beancounters`);
    expect(r.stdout).toContain(`@@vzfleet:${a} done\n@@vzfleet:${b} begin beancounters`);
    expect(r.stdout).toContain(`@@vzfleet:${b} begin meminfo`);
    expect(r.stdout.trimEnd().endsWith(`@@vzfleet:${b} done`)).toBe(true);
    expect(r.stderr).toContain(`@@vzfleet:${a} start`);
    expect(fs.existsSync(marker)).toBe(false);
  });

  it('refuses the collect loop with anything appended', () => {
    const r = run(`${buildCollectLoop()}; id`, collectLoopRequest('fast', newSectionToken()));
    expect(r.status).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('command refused');
  });

  const T = newSectionToken();
  const full = buildCollectScript({ full: true, token: T });
  /** The full script with its token replaced everywhere by `bad`: only a checked token may pass. */
  const withToken = (bad: string) => full.split(T).join(bad);

  it.each([
    `touch ${marker}`,
    `${buildProbe()}; touch ${marker}`,
    `${buildProbe()} && touch ${marker}`,
    `${buildProbe()}\ntouch ${marker}`,
    `$(touch ${marker})`,
    `\`touch ${marker}\``,
    `vzquota stat 101; touch ${marker}`,
    `vzquota stat 101$(touch ${marker})`,
    'vzquota stat -1',
    'vzquota stat --help',
    '-o ProxyCommand=sh',
    `${full} `,
    `${full}; touch ${marker}`,
    full.replace('vzcpucheck -v', `touch ${marker}`),
    full.replace(`${T} end meminfo`, `${T.slice(1)}x end meminfo`),
    withToken(T.toUpperCase()),
    withToken(T.slice(0, 31)),
    withToken(`${T}0`),
    withToken(`${T.slice(0, 30)}' ;touch ${marker}; echo '`),
    withToken(`$(touch ${marker})${T.slice(0, 20)}`),
    full.replace(`@@vzfleet:${T} begin beancounters`, '@@vzfleet begin beancounters'),
    buildMigrationProbe(T),
    `echo '@@vzfleet:${T} begin x'; touch ${marker}`,
    '',
    'uname -r\0; id',
    'ünïcødé',
  ])('refuses %j', (cmd) => {
    const r = run(cmd.replace(/\0/g, ''));
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('command refused');
    expect(fs.existsSync(marker)).toBe(false);
  });
});
