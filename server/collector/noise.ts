import { NoiseLines } from '../ssh/split-sections';

/**
 * What a poll printed besides its sections, as one bounded text for the node page: the lines
 * outside vzfleet's sections on stdout, then stderr (a profile's locale warning lands there).
 * Null when there was none. Distinct lines only, so a MOTD repeated for every command shows once.
 */
export function describeNoise(outsideSections: readonly string[], stderr: string): string | null {
  const noise = new NoiseLines();
  outsideSections.forEach((l) => noise.add(l));
  // stderr is capped by the exec helper; only its first lines can be kept anyway.
  for (const line of stderr.slice(0, 64 * 1024).split('\n')) noise.add(line);
  return noise.lines.length ? noise.lines.join('\n') : null;
}
