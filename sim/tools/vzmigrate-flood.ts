/**
 * The migrate-flood fault: a node taken over answers vzmigrate with far more output than any
 * client should keep (a line with no newline first), then exit 1. Bounded so a client that stops
 * reading does not leave it running.
 */
import type { CommandIO } from './types';

/** 64 KiB chunks written before the flood ends (24 MiB). */
const FLOOD_CHUNKS = 384;

export async function flood(io: CommandIO): Promise<number> {
  const chunk = 'x'.repeat(64 * 1024);
  for (let i = 0; i < FLOOD_CHUNKS; i++) {
    io.write(1, i < 16 ? chunk : `${chunk}\n`);
    await io.sleep(2);
  }
  return 1;
}
