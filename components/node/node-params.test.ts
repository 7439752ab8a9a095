import { describe, expect, it } from 'vitest';
import { containerSearch, parseContainerParams } from '@/components/container/container-params';
import { nodeSearch, parseNodeParams } from './node-params';

describe('node and container page URL state', () => {
  it('keeps the containers table filter, its order and the history range', () => {
    const p = parseNodeParams(new URLSearchParams('q=101&sort=allocCommit&dir=desc&range=7d'));
    expect(p).toEqual({ q: '101', sort: { key: 'allocCommit', dir: 'desc' }, range: '7d' });
    expect(nodeSearch(p)).toBe('?q=101&sort=allocCommit&dir=desc&range=7d');
    expect(nodeSearch(parseNodeParams(new URLSearchParams('sort=nope&range=2w')))).toBe('');
  });

  it('accepts only beancounter-shaped resource names', () => {
    expect(parseContainerParams(new URLSearchParams('res=numproc&range=1h'))).toEqual({ res: 'numproc', range: '1h' });
    expect(parseContainerParams(new URLSearchParams('res=<b>x</b>')).res).toBe('');
    expect(containerSearch({ res: '', range: '24h' })).toBe('');
  });
});
