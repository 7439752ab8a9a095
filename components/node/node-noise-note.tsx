import type { PollState } from '@/trpc/types';

/**
 * What the node printed outside vzfleet's sections on its last poll (a profile's welcome line, a
 * MOTD, a locale warning). It costs no data, so it is a quiet note, not an alert: shown once, as
 * text (React escapes it; the collector already bounded it and replaced control bytes).
 */
export function NodeNoiseNote({ poll }: { poll: PollState }) {
  if (!poll.lastNoiseText) return null;
  return (
    <section className="alert alert-info" role="note" aria-labelledby="noise-note-title">
      <h2 id="noise-note-title" className="alert-title">
        The node&apos;s shell prints text for every command
      </h2>
      <p className="small">
        vzfleet ignores it and reads its own sections; polls are not affected. A quieter login (e.g. no output from the collecting user&apos;s
        profile for non-interactive shells) removes this note.
      </p>
      <pre className="offending-line" data-testid="node-noise">
        {poll.lastNoiseText}
      </pre>
    </section>
  );
}
