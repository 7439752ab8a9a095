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
  const report = (next: string) => {
    if (timer.current) clearTimeout(timer.current);
    timer.current = null;
    last.current = next;
    onChange(next);
  };
  const change = (next: string) => {
    setText(next);
    if (timer.current) clearTimeout(timer.current);
    timer.current = setTimeout(() => report(next), delayMs);
  };
  // Leaving the field (e.g. to click a link) reports at once: a late report would rewrite the URL
  // after the click and pull the router back from the page the link was taking it to.
  const flush = () => {
    if (timer.current) report(text);
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
