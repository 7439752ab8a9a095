/**
 * Key material of the simulated fleet: one ed25519 host key per node and, when no authorized keys
 * are given, one client key pair — all generated once and kept in the data directory (OpenSSH
 * formats, private files 0600), so the same data directory always gives the same keys.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import ssh2, { type ParsedKey } from 'ssh2';

const { utils } = ssh2; // ssh2 is CommonJS: named imports fail under plain Node ESM

export interface HostKey {
  /** OpenSSH private key text, as ssh2's Server wants it in `hostKeys`. */
  privateKey: string;
  path: string;
  /** `SHA256:` + unpadded base64 of the public key blob's SHA-256, as `ssh-keygen -lf` prints it. */
  fingerprint: string;
  parsed: ParsedKey;
}

export interface ClientKey {
  path: string;
  /** OpenSSH public key line (`ssh-ed25519 AAAA… comment`). */
  publicKey: string;
}

function parseOrThrow(text: string | Buffer, what: string): ParsedKey {
  const key = utils.parseKey(text);
  if (key instanceof Error) throw new Error(`${what}: ${key.message}`);
  return key;
}

export function fingerprintOf(key: ParsedKey): string {
  return `SHA256:${createHash('sha256').update(key.getPublicSSH()).digest('base64').replace(/=+$/, '')}`;
}

/**
 * ssh2's ed25519 generator drops a leading zero byte of the public key about once in 256 keys,
 * writing a file that ssh2 itself then rejects as malformed; with 1000 nodes that is several
 * nodes. Generate again until the key reads back.
 */
export function generateUsableEd25519(comment?: string): { private: string; public: string } {
  for (;;) {
    const pair = utils.generateKeyPairSync('ed25519', comment ? { comment } : undefined);
    if (!(utils.parseKey(pair.private) instanceof Error)) return pair;
  }
}

/** Loads `path` (and `path.pub`), generating an ed25519 pair in OpenSSH format when missing. */
function loadOrCreateKeyPair(path: string, comment: string): { privateKey: string; publicKey: string } {
  // A key file that ssh2 cannot read never worked (see generateUsableEd25519): replace it.
  if (!existsSync(path) || utils.parseKey(readFileSync(path, 'utf8')) instanceof Error) {
    mkdirSync(dirname(path), { recursive: true });
    const pair = generateUsableEd25519(comment);
    writeFileSync(path, pair.private, { mode: 0o600 });
    writeFileSync(`${path}.pub`, `${pair.public}\n`, { mode: 0o644 });
  }
  chmodSync(path, 0o600);
  const privateKey = readFileSync(path, 'utf8');
  const parsed = parseOrThrow(privateKey, path);
  const publicKey = existsSync(`${path}.pub`)
    ? readFileSync(`${path}.pub`, 'utf8').trim()
    : `${parsed.type} ${parsed.getPublicSSH().toString('base64')} ${comment}`;
  return { privateKey, publicKey };
}

export function loadOrCreateHostKey(nodeDir: string): HostKey {
  return loadHostKeyFile(join(nodeDir, 'ssh_host_ed25519_key'), () => generateUsableEd25519('root@vzfleet-sim').private);
}

/**
 * A host key file, generated when missing or unreadable. Host keys are read once per start, so
 * restarting a 1000-node fleet only reads 1000 small files (no .pub, no second parse).
 */
function loadHostKeyFile(path: string, generate: () => string): HostKey {
  let text = existsSync(path) ? readFileSync(path, 'utf8') : null;
  let parsed = text === null ? null : utils.parseKey(text);
  if (text === null || parsed === null || parsed instanceof Error) {
    mkdirSync(dirname(path), { recursive: true });
    text = generate();
    writeFileSync(path, text, { mode: 0o600 });
    parsed = parseOrThrow(text, path);
  }
  return { privateKey: text, path, fingerprint: fingerprintOf(parsed), parsed };
}

/** Replaces the node's ed25519 host key by a new one (a reinstalled node): the fingerprint changes. */
export function rotateHostKey(nodeDir: string): HostKey {
  const path = join(nodeDir, 'ssh_host_ed25519_key');
  const text = generateUsableEd25519('root@vzfleet-sim').private;
  mkdirSync(nodeDir, { recursive: true });
  writeFileSync(path, text, { mode: 0o600 });
  const parsed = parseOrThrow(text, path);
  return { privateKey: text, path, fingerprint: fingerprintOf(parsed), parsed };
}

/** The RSA host key a legacy (OpenSSH 5.3) node presents; 2048 bits, generated once (slow-ish). */
export function loadOrCreateRsaHostKey(nodeDir: string): HostKey {
  return loadHostKeyFile(join(nodeDir, 'ssh_host_rsa_key'), () => utils.generateKeyPairSync('rsa', { bits: 2048, comment: 'root@vzfleet-sim' }).private);
}

/** Another ed25519 key, presented by a node with the wrong-host-key fault. */
export function loadOrCreateImpostorHostKey(nodeDir: string): HostKey {
  return loadHostKeyFile(join(nodeDir, 'impostor_host_ed25519_key'), () => generateUsableEd25519('root@impostor').private);
}

export function loadOrCreateClientKey(dataDir: string): ClientKey {
  const path = join(dataDir, 'client_key');
  return { path, publicKey: loadOrCreateKeyPair(path, 'vzfleet-sim-client').publicKey };
}

/**
 * Parses authorized_keys lines: blank lines and `#` comments are skipped, leading options
 * (`from="…" ssh-ed25519 AAAA…`) are dropped. A line that is not a public key is an error.
 */
export function parseAuthorizedKeys(lines: readonly string[]): ParsedKey[] {
  const keys: ParsedKey[] = [];
  for (const raw of lines.flatMap((l) => l.split('\n'))) {
    const line = raw.trim();
    if (!line || line.startsWith('#')) continue;
    const tokens = line.split(/\s+/);
    const start = tokens.findIndex((t) => /^(ssh-|ecdsa-|sk-)/.test(t));
    const key = parseOrThrow(tokens.slice(start < 0 ? 0 : start).join(' '), `authorized key ${JSON.stringify(line.slice(0, 40))}`);
    if (key.isPrivateKey()) throw new Error('authorized keys must be public keys, not private ones');
    keys.push(key);
  }
  return keys;
}

/** The client offers `algo` (e.g. rsa-sha2-256 for an ssh-rsa key) with public key blob `data`. */
export function findAuthorizedKey(keys: readonly ParsedKey[], algo: string, data: Buffer): ParsedKey | undefined {
  return keys.find((k) => {
    const algoOk = k.type === algo || (k.type === 'ssh-rsa' && algo.startsWith('rsa-sha2-'));
    const blob = k.getPublicSSH();
    return algoOk && blob.length === data.length && timingSafeEqual(blob, data);
  });
}
