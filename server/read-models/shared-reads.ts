/**
 * Reads that every viewer in a short window shares. At 1000 nodes one fleet overview costs the
 * server ~70 ms of CPU (three queries of 1000 rows, a status per node), and every open overview or
 * wall screen asks again every 3–5 s: ten viewers took a third of a core. A read here is handed to
 * everyone who asks within `shareMs` of its start, including those who ask while it is still under
 * way; after that the next caller starts a new one.
 *
 * Staleness is bounded by when a read started, not by when it ended, so nobody gets data read
 * more than `shareMs` before they asked. A failed read is not kept. `invalidate` is for changes a
 * person made in this process (a mutation): their next read must show them at once.
 */
export interface SharedReads {
  read<T>(key: string, load: () => Promise<T>): Promise<T>;
  invalidate(): void;
}

interface Entry {
  startedAt: number;
  value: Promise<unknown>;
}

export function createSharedReads(opts: { shareMs: number; now?: () => number }): SharedReads {
  const now = opts.now ?? (() => performance.now());
  const entries = new Map<string, Entry>();
  return {
    read<T>(key: string, load: () => Promise<T>): Promise<T> {
      const t = now();
      const kept = entries.get(key);
      if (kept && t - kept.startedAt <= opts.shareMs) return kept.value as Promise<T>;
      const entry: Entry = { startedAt: t, value: load() };
      entries.set(key, entry);
      entry.value.catch(() => {
        if (entries.get(key) === entry) entries.delete(key);
      });
      return entry.value as Promise<T>;
    },
    invalidate() {
      entries.clear();
    },
  };
}
