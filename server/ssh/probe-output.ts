import { printable } from './split-sections';

/**
 * The kernel release from the probe's output (`uname -r`, one line). A chatty login shell prints
 * its lines before the command runs, so the release is the last non-empty line; bounded and made
 * printable because it is the node's text and is shown on a page.
 */
export function kernelFromProbe(stdout: string): string {
  const lines = stdout.split('\n').map((l) => l.trim()).filter((l) => l !== '');
  return printable(lines.at(-1) ?? '').slice(0, 200);
}
