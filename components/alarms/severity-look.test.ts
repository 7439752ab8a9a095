import { describe, expect, it } from 'vitest';
import { incidentPlace, SEVERITY_LOOK } from './severity-look';

describe('incident look', () => {
  it('gives every severity a word and a symbol, not only a colour', () => {
    for (const look of Object.values(SEVERITY_LOOK)) {
      expect(look.label).not.toBe('');
      expect(look.icon).not.toBe('');
    }
  });

  it('names the place of an incident: the node, or the CT with its hostname when known', () => {
    expect(incidentPlace({ nodeName: 'hn1', ctId: null })).toBe('node hn1');
    expect(incidentPlace({ nodeName: 'hn1', ctId: '101', ctHostname: null })).toBe('CT 101 on hn1');
    expect(incidentPlace({ nodeName: 'hn1', ctId: '101', ctHostname: '<b>x</b>' })).toBe('CT 101 (<b>x</b>) on hn1');
  });
});
