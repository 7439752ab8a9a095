'use client';

import { useEffect, useRef, useState } from 'react';

interface SearchBoxProps {
  id: string;
  label: string;
  value: string;
  onChange: (value: string) => void;
  placeholder?: string;
  /** Wait this long after the last key before reporting (the URL is not rewritten per keystroke). */
  delayMs?: number;
  autoFocus?: boolean;
  hint?: string;
}

/** A search field that types freely and tells its owner after a short pause. */
export function SearchBox({ id, label, value, onChange, placeholder, delayMs = 250, autoFocus, hint }: SearchBoxProps) {
  const [text, setText] = useState(value);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const last = useRef(value);
  // Follow the URL when it changes from outside (back button, a pasted link).
  useEffect(() => {
    if (value !== last.current) {
      last.current = value;
      setText(value);
    }
  }, [value]);
  useEffect(() => () => {
    if (timer.current) clearTimeout(timer.current);
  }, []);
  // Leaving the box (e.g. to click a link) sends a pending change at once: fired later, its URL
  // update would land in the middle of that link's navigation and cancel it.
  const flush = () => {
    if (!timer.current) return;
    clearTimeout(timer.current);
    timer.current = null;
    if (text !== last.current) {
      last.current = text;
      onChange(text);
    }
  };
  const change = (next: string) => {
    setText(next);
    if (timer.current) clearTimeout(timer.current);
    timer.current = setTimeout(() => {
      timer.current = null;
      last.current = next;
      onChange(next);
    }, delayMs);
  };
  return (
    <div className="search-box">
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        type="search"
        value={text}
        onChange={(e) => change(e.target.value)}
        onBlur={flush}
        placeholder={placeholder}
        autoFocus={autoFocus}
        autoComplete="off"
        spellCheck={false}
        aria-describedby={hint ? `${id}-hint` : undefined}
      />
      {hint ? (
        <p id={`${id}-hint`} className="field-hint">
          {hint}
        </p>
      ) : null}
    </div>
  );
}
