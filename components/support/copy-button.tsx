'use client';

import { useRef, useState } from 'react';

type CopyState = 'idle' | 'copied' | 'manual';

/**
 * Copies text for a ticket. Where the clipboard API is refused (plain http, old browsers), it
 * shows the text selected in a box instead, to copy with Ctrl+C.
 */
export function CopyButton({ text, label = 'Copy for the ticket' }: { text: string; label?: string }) {
  const [state, setState] = useState<CopyState>('idle');
  const box = useRef<HTMLTextAreaElement>(null);
  const copy = async () => {
    try {
      if (!navigator.clipboard) throw new Error('no clipboard API');
      await navigator.clipboard.writeText(text);
      setState('copied');
    } catch {
      setState('manual');
      requestAnimationFrame(() => box.current?.select());
    }
  };
  return (
    <div className="copy">
      <button type="button" className="button" onClick={() => void copy()}>
        {label}
      </button>
      <span role="status" className="small">
        {state === 'copied' ? '✓ Copied — paste it into the ticket.' : state === 'manual' ? 'Copying was refused: the text is selected below, press Ctrl+C.' : ''}
      </span>
      {state === 'manual' ? <textarea ref={box} className="copy-fallback mono" readOnly value={text} rows={Math.min(12, text.split('\n').length + 1)} aria-label="Verdict as text" onFocus={(e) => e.currentTarget.select()} /> : null}
    </div>
  );
}
