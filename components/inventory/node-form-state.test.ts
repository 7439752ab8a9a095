import { describe, expect, it } from 'vitest';
import type { NodeSummary } from '@/trpc/types';
import { EMPTY_NODE_FORM, formStateOf, splitTags, toNodeInput } from './node-form-state';

const FP = 'SHA256:' + 'A'.repeat(43);

describe('node form state', () => {
  it('splits comma-separated tags and drops empty ones', () => {
    expect(splitTags(' web, ssd ,, eu ')).toEqual(['web', 'ssd', 'eu']);
    expect(splitTags('')).toEqual([]);
  });

  it('sends the pasted key only for the stored-key method', () => {
    const s = { ...EMPTY_NODE_FORM, name: 'n', host: 'h', privateKey: 'KEY' };
    expect(toNodeInput(s, null).privateKey).toBeUndefined();
    expect(toNodeInput({ ...s, authMethod: 'stored-key' }, null).privateKey).toBe('KEY');
    expect(toNodeInput({ ...s, authMethod: 'stored-key', privateKey: '  ' }, null).privateKey).toBeUndefined();
  });

  it('leaves an untouched fingerprint out on edit and unpins a cleared one', () => {
    const original = { hostKeyFingerprint: FP } as NodeSummary;
    const s = { ...EMPTY_NODE_FORM, hostKeyFingerprint: FP };
    expect(toNodeInput(s, original).hostKeyFingerprint).toBeUndefined();
    expect(toNodeInput({ ...s, hostKeyFingerprint: '' }, original).hostKeyFingerprint).toBeNull();
    expect(toNodeInput({ ...s, hostKeyFingerprint: '' }, null).hostKeyFingerprint).toBeUndefined();
  });

  it('sends an empty poll interval as null (the fleet default) and any other text as typed', () => {
    const s = { ...EMPTY_NODE_FORM, name: 'n', host: 'h' };
    expect(toNodeInput(s, null).pollIntervalS).toBeNull();
    expect(toNodeInput({ ...s, pollIntervalS: '  ' }, null).pollIntervalS).toBeNull();
    expect(toNodeInput({ ...s, pollIntervalS: ' 60 ' }, null).pollIntervalS).toBe('60');
    expect(formStateOf({ ...({} as NodeSummary), tags: [], pollIntervalS: 300 }).pollIntervalS).toBe('300');
    expect(formStateOf({ ...({} as NodeSummary), tags: [], pollIntervalS: null }).pollIntervalS).toBe('');
  });

  it('starts a new node without SSH compression and sends the box as it stands on add and edit', () => {
    const s = { ...EMPTY_NODE_FORM, name: 'n', host: 'h' };
    expect(toNodeInput(s, null).sshCompression).toBe(false);
    expect(toNodeInput({ ...s, sshCompression: true }, null).sshCompression).toBe(true);
    const original = { ...({} as NodeSummary), tags: [], pollIntervalS: null, sshCompression: true };
    const edited = formStateOf(original);
    expect(edited.sshCompression).toBe(true);
    expect(toNodeInput(edited, original).sshCompression).toBe(true);
    expect(toNodeInput({ ...edited, sshCompression: false }, original).sshCompression).toBe(false);
  });
});
