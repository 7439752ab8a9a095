import type { SshAuthMethod } from '@/db/schema';
import type { NodeFormValues, NodeSummary } from '@/trpc/types';

/** What the form holds: the text of each control, exactly as typed. */
export interface NodeFormState {
  name: string;
  host: string;
  port: string;
  sshUser: string;
  authMethod: SshAuthMethod;
  keyFile: string;
  privateKey: string;
  hostKeyFingerprint: string;
  location: string;
  tags: string;
  notes: string;
  /** Seconds between polls as typed; empty = the fleet default. */
  pollIntervalS: string;
  /** zlib on the SSH link; off for a new node, as the server would set it. */
  sshCompression: boolean;
}

export const EMPTY_NODE_FORM: NodeFormState = {
  name: '',
  host: '',
  port: '22',
  sshUser: 'root',
  authMethod: 'key-file',
  keyFile: '',
  privateKey: '',
  hostKeyFingerprint: '',
  location: '',
  tags: '',
  notes: '',
  pollIntervalS: '',
  sshCompression: false,
};

export function formStateOf(node: NodeSummary): NodeFormState {
  return {
    name: node.name,
    host: node.host,
    port: String(node.port),
    sshUser: node.sshUser,
    authMethod: node.authMethod,
    keyFile: node.keyFile ?? '',
    privateKey: '',
    hostKeyFingerprint: node.hostKeyFingerprint ?? '',
    location: node.location,
    tags: node.tags.join(', '),
    notes: node.notes,
    pollIntervalS: node.pollIntervalS === null ? '' : String(node.pollIntervalS),
    sshCompression: node.sshCompression,
  };
}

/** "web, ssd ,, eu" → ["web", "ssd", "eu"]. */
export function splitTags(text: string): string[] {
  return text
    .split(',')
    .map((t) => t.trim())
    .filter((t) => t !== '');
}

/**
 * The procedure input. The port goes as typed (the server's schema coerces and checks it). On edit an
 * untouched fingerprint is left out so the server keeps or drops the pin by its own rule; a cleared one
 * unpins. The private key is sent only when one was pasted: it is write-only. An empty poll interval is
 * null (back to the fleet default); anything else goes as typed, for the server to check. Compression
 * always goes: the box shows the stored value, so what it says is what the person wants.
 */
export function toNodeInput(s: NodeFormState, original: NodeSummary | null): NodeFormValues {
  const fp = s.hostKeyFingerprint.trim();
  const originalFp = original?.hostKeyFingerprint ?? '';
  const hostKeyFingerprint = original ? (fp === originalFp ? undefined : fp === '' ? null : fp) : fp === '' ? undefined : fp;
  return {
    name: s.name,
    host: s.host,
    port: s.port,
    sshUser: s.sshUser,
    authMethod: s.authMethod,
    keyFile: s.authMethod === 'key-file' ? s.keyFile : undefined,
    privateKey: s.authMethod === 'stored-key' && s.privateKey.trim() !== '' ? s.privateKey : undefined,
    hostKeyFingerprint,
    location: s.location,
    tags: splitTags(s.tags),
    notes: s.notes,
    pollIntervalS: s.pollIntervalS.trim() === '' ? null : s.pollIntervalS.trim(),
    sshCompression: s.sshCompression,
  };
}
