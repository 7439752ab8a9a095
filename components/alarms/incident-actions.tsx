'use client';

import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useId, useState } from 'react';
import { useTRPC } from '@/trpc/client';
import { errorMessageOf } from '@/trpc/domain-error';
import type { IncidentRow } from '@/trpc/types';
import { SILENCE_PRESET_LABEL, SILENCE_PRESETS, silenceUntil, type SilencePreset } from './silence-until';

type Form = 'none' | 'ack' | 'silence';

/**
 * What someone on shift does to an open incident: acknowledge it with a comment ("on it"), silence
 * it for a while, or end a silence early. Each opens a small form; nothing happens on one click.
 */
export function IncidentActions({ incident }: { incident: Pick<IncidentRow, 'id' | 'title' | 'resolvedAt' | 'acknowledgedAt' | 'silenced'> }) {
  const trpc = useTRPC();
  const qc = useQueryClient();
  const [form, setForm] = useState<Form>('none');
  const [comment, setComment] = useState('');
  const [preset, setPreset] = useState<SilencePreset>('1h');
  const [dateText, setDateText] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const ids = useId();
  const done = () => {
    setForm('none');
    setComment('');
    setProblem(null);
    return qc.invalidateQueries({ queryKey: trpc.alarm.pathKey() });
  };
  const ack = useMutation(trpc.alarm.acknowledge.mutationOptions({ onSuccess: done }));
  const silence = useMutation(trpc.alarm.silence.mutationOptions({ onSuccess: done }));
  const unsilence = useMutation(trpc.alarm.unsilence.mutationOptions({ onSuccess: done }));
  const failure = ack.error ?? silence.error ?? unsilence.error;
  if (incident.resolvedAt) return null;

  const open = (f: Form) => {
    setForm(form === f ? 'none' : f);
    setProblem(null);
  };
  const submitSilence = (e: React.FormEvent) => {
    e.preventDefault();
    const until = silenceUntil(preset, new Date(), dateText);
    if (!until.ok) return setProblem(until.reason);
    silence.mutate({ incidentId: incident.id, until: until.until, comment });
  };

  // What both forms' comment-and-confirm end share.
  const commentProps = { comment, setComment, onCancel: () => setForm('none') };
  return (
    <div className="incident-actions">
      <div className="incident-buttons">
        {incident.acknowledgedAt ? null : (
          <button type="button" className="button button-small" aria-expanded={form === 'ack'} onClick={() => open('ack')}>
            Acknowledge
          </button>
        )}
        {incident.silenced ? (
          <button type="button" className="button button-small" disabled={unsilence.isPending} onClick={() => unsilence.mutate({ id: incident.id })}>
            Unsilence
          </button>
        ) : (
          <button type="button" className="button button-small" aria-expanded={form === 'silence'} onClick={() => open('silence')}>
            Silence
          </button>
        )}
      </div>
      {form === 'ack' ? (
        <form
          className="incident-form"
          aria-label={`Acknowledge: ${incident.title}`}
          onSubmit={(e) => {
            e.preventDefault();
            ack.mutate({ id: incident.id, comment });
          }}
        >
          <CommentAndConfirm {...commentProps} id={`${ids}-ack`} label="Comment (who is on it, what is being done)" confirm="Confirm acknowledgement" pending={ack.isPending} autoFocus />
        </form>
      ) : null}
      {form === 'silence' ? (
        <form className="incident-form" aria-label={`Silence: ${incident.title}`} onSubmit={submitSilence}>
          <fieldset>
            <legend>Silence for</legend>
            {SILENCE_PRESETS.map((p) => (
              <label key={p} className="inline-choice">
                <input type="radio" name={`${ids}-preset`} value={p} checked={preset === p} onChange={() => setPreset(p)} /> {SILENCE_PRESET_LABEL[p]}
              </label>
            ))}
          </fieldset>
          {preset === 'date' ? (
            <>
              <label htmlFor={`${ids}-until`}>Silence until (your local time)</label>
              <input id={`${ids}-until`} type="datetime-local" value={dateText} onChange={(e) => setDateText(e.target.value)} />
            </>
          ) : null}
          <CommentAndConfirm {...commentProps} id={`${ids}-why`} label="Comment (why no messages are wanted)" confirm="Confirm silence" pending={silence.isPending} />
        </form>
      ) : null}
      {problem || failure ? (
        <p role="alert" className="small">
          {problem ?? errorMessageOf(failure)}
        </p>
      ) : null}
    </div>
  );
}

/** The end of both incident forms: a comment, then confirm and cancel. */
function CommentAndConfirm(p: { id: string; label: string; comment: string; setComment: (v: string) => void; confirm: string; pending: boolean; onCancel: () => void; autoFocus?: boolean }) {
  return (
    <>
      <label htmlFor={p.id}>{p.label}</label>
      <textarea id={p.id} rows={2} maxLength={2000} value={p.comment} onChange={(e) => p.setComment(e.target.value)} autoFocus={p.autoFocus} />
      <div className="incident-buttons">
        <button type="submit" className="button button-primary button-small" disabled={p.pending}>
          {p.confirm}
        </button>
        <button type="button" className="button button-small" onClick={p.onCancel}>
          Cancel
        </button>
      </div>
    </>
  );
}
