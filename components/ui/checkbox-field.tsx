import { describedByOf, FieldNotes } from './field-shell';

interface CheckboxFieldProps {
  id: string;
  label: string;
  checked: boolean;
  onChange: (checked: boolean) => void;
  error?: string;
  hint?: string;
}

/**
 * A checkbox as a form field: the box and its words on one line (the label wraps both, so either is
 * clickable), hint and error under them and announced with the box, as TextField does for an input.
 */
export function CheckboxField({ id, label, checked, onChange, error, hint }: CheckboxFieldProps) {
  return (
    <div className={error ? 'field field-invalid' : 'field'}>
      <label htmlFor={id} className="choice">
        <input
          id={id}
          type="checkbox"
          checked={checked}
          onChange={(e) => onChange(e.target.checked)}
          aria-invalid={error ? true : undefined}
          aria-describedby={describedByOf(id, hint, error)}
        />
        <span>{label}</span>
      </label>
      <FieldNotes id={id} hint={hint} error={error} />
    </div>
  );
}
