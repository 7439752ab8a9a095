/**
 * Text a container's owner controls (hostname, name, description): always a React text child, so
 * markup stays text. `clip` cuts a long value visually to one line (CSS ellipsis); the whole value
 * stays in the DOM and in the tooltip, so it can be read, selected and searched.
 * `white-space: pre` keeps tabs and runs of spaces as they are.
 */
export function FreeText({ value, clip = false, className = '' }: { value: string; clip?: boolean; className?: string }) {
  return (
    <span className={`free-text${clip ? ' free-text-clip' : ''}${className ? ` ${className}` : ''}`} title={clip ? value : undefined}>
      {value === '' ? <span className="muted">(empty)</span> : value}
    </span>
  );
}
