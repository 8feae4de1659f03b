/**
 * Sealed secret votes: a secret ballot or an anonymous poll's picks is encrypted at cast time with
 * AES-256-GCM under a key derived (HKDF-SHA256) from the app's secret and the election or poll, and
 * opened only when the vote closes. Without the secret, a sealed row read from the database, its
 * history, the WAL or a backup says nothing about what was voted: every seal of one election or poll
 * has the same length, whatever was ranked or picked.
 */
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';

/** Shortest `NEUVO_SECRET` accepted. */
export const MIN_SECRET_LENGTH = 32;

const NONCE = 12;
const TAG = 16;
// A receipt (10 characters) fits with room to spare; a fixed field, so its length shows nothing.
const NOTE_BYTES = 32;
const MAX_VALUE = 0xffff;

/** What one sealed vote holds: candidate or topic numbers in order, and an optional note (the receipt). */
export interface SealedVote {
  readonly values: readonly number[];
  readonly note: string;
}

/** Seals and opens votes; `scope` names the election or poll (`election:<id>`), so a seal opens only there. */
export class VoteSealer {
  private readonly secret: Buffer;

  constructor(secret: string) {
    if (secret.length < MIN_SECRET_LENGTH) throw new Error(`the sealing secret must be at least ${MIN_SECRET_LENGTH} characters`);
    this.secret = Buffer.from(secret, 'utf8');
  }

  /** Encrypts a vote padded to `slots` values (the number of candidates or topics): base64 text. */
  seal(scope: string, vote: SealedVote, slots: number): string {
    return sealBytes(this.key(scope), scope, pad(vote, slots));
  }

  /** Decrypts a seal of this scope; throws when it was made under another key or scope, or altered. */
  open(scope: string, sealed: string): SealedVote {
    return unpad(openBytes(this.key(scope), scope, sealed, 'a sealed vote'));
  }

  private key(scope: string): Buffer {
    return Buffer.from(hkdfSync('sha256', this.secret, 'neuvo-vote-seal-v1', scope, 32));
  }
}

/** AES-256-GCM of `plain` under `key`, `scope` bound as associated data: base64 of nonce | ciphertext | tag. */
export function sealBytes(key: Buffer, scope: string, plain: Buffer): string {
  const nonce = randomBytes(NONCE);
  const cipher = createCipheriv('aes-256-gcm', key, nonce);
  cipher.setAAD(Buffer.from(scope, 'utf8'));
  const body = Buffer.concat([cipher.update(plain), cipher.final()]);
  return Buffer.concat([nonce, body, cipher.getAuthTag()]).toString('base64');
}

/** Opens what {@link sealBytes} made; throws, naming `what` and `scope`, when the key, the scope or the bytes differ. */
export function openBytes(key: Buffer, scope: string, sealed: string, what: string): Buffer {
  const raw = Buffer.from(sealed, 'base64');
  if (raw.length < NONCE + TAG) throw new Error(`${what} is too short`);
  const decipher = createDecipheriv('aes-256-gcm', key, raw.subarray(0, NONCE));
  decipher.setAAD(Buffer.from(scope, 'utf8'));
  decipher.setAuthTag(raw.subarray(raw.length - TAG));
  try {
    return Buffer.concat([decipher.update(raw.subarray(NONCE, raw.length - TAG)), decipher.final()]);
  } catch {
    // Said plainly, since it ends up in a log: the usual cause is a changed secret.
    throw new Error(`${what} of ${scope} cannot be opened: sealed under another NEUVO_SECRET, or altered`);
  }
}

// Layout: u16 count | `slots` u16 values (unused ones zero) | u8 note length | NOTE_BYTES of note.
function pad(vote: SealedVote, slots: number): Buffer {
  if (vote.values.length > slots) throw new Error(`a sealed vote holds at most ${slots} values`);
  const note = Buffer.from(vote.note, 'utf8');
  if (note.length > NOTE_BYTES) throw new Error(`a sealed vote's note is at most ${NOTE_BYTES} bytes`);
  const out = Buffer.alloc(2 + 2 * slots + 1 + NOTE_BYTES);
  out.writeUInt16BE(vote.values.length, 0);
  vote.values.forEach((v, i) => {
    if (!Number.isInteger(v) || v < 0 || v > MAX_VALUE) throw new Error(`a sealed value must be an integer 0…${MAX_VALUE}`);
    out.writeUInt16BE(v, 2 + 2 * i);
  });
  out.writeUInt8(note.length, 2 + 2 * slots);
  note.copy(out, 3 + 2 * slots);
  return out;
}

function unpad(plain: Buffer): SealedVote {
  const slots = (plain.length - 3 - NOTE_BYTES) / 2;
  const n = plain.readUInt16BE(0);
  const values = Array.from({ length: n }, (_, i) => plain.readUInt16BE(2 + 2 * i));
  const noteLength = plain.readUInt8(2 + 2 * slots);
  return { values, note: plain.subarray(3 + 2 * slots, 3 + 2 * slots + noteLength).toString('utf8') };
}
