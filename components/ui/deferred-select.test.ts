import { createElement } from 'react';
import { renderToString } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { DeferredSelect } from './deferred-select';

const options = [
  { value: '', label: 'All nodes' },
  { value: 'bad', label: '✕ Problems only' },
] as const;

describe('DeferredSelect', () => {
  it('leaves the <select> out of the server HTML and shows the chosen option in its place', () => {
    const html = renderToString(createElement(DeferredSelect<'' | 'bad'>, { id: 'fleet-level', value: 'bad', options, onChange: () => {} }));
    expect(html).not.toContain('<select');
    expect(html).toContain('class="select-stand-in"');
    expect(html).toContain('✕ Problems only');
    expect(html).not.toContain('All nodes');
  });

  it('falls back to the first option when the value is not among them', () => {
    const html = renderToString(createElement(DeferredSelect<string>, { id: 'fleet-tag', value: 'gone', options: [{ value: '', label: 'All tags' }], onChange: () => {} }));
    expect(html).toContain('All tags');
  });
});
