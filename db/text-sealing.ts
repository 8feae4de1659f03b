/**
 * Secrets kept at rest (Slack installations' tokens): AES-256-GCM under a key derived (HKDF-SHA256)
 * from `NEUVO_SECRET` with a label of their own, so these keys never equal the vote seals' keys
 * (`sealing.ts`). The `scope` (e.g. the installation's key) is bound as associated data: a sealed
 * value copied to another row does not open there.
 */
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';
import { MIN_SECRET_LENGTH } from './sealing.js';

const NONCE = 12;
const TAG = 16;

/** Seals and opens text under one purpose's key (`purpose` names it, e.g. `slack-installation`). */
export class TextSealer {
  private readonly key: Buffer;

  constructor(secret: string, purpose: string) {
    if (secret.length < MIN_SECRET_LENGTH) throw new Error(`the sealing secret must be at least ${MIN_SECRET_LENGTH} characters`);
    this.key = Buffer.from(hkdfSync('sha256', Buffer.from(secret, 'utf8'), 'neuvo-text-seal-v1', purpose, 32));
  }

  /** Encrypts `text` for `scope`: base64 of nonce | ciphertext | tag. */
  seal(scope: string, text: string): string {
    const nonce = randomBytes(NONCE);
    const cipher = createCipheriv('aes-256-gcm', this.key, nonce);
    cipher.setAAD(Buffer.from(scope, 'utf8'));
    const body = Buffer.concat([cipher.update(text, 'utf8'), cipher.final()]);
    return Buffer.concat([nonce, body, cipher.getAuthTag()]).toString('base64');
  }

  /** Decrypts what {@link seal} made for `scope`; throws when the key, the scope or the bytes differ. */
  open(scope: string, sealed: string): string {
    const raw = Buffer.from(sealed, 'base64');
    if (raw.length < NONCE + TAG) throw new Error('sealed text too short');
    const decipher = createDecipheriv('aes-256-gcm', this.key, raw.subarray(0, NONCE));
    decipher.setAAD(Buffer.from(scope, 'utf8'));
    decipher.setAuthTag(raw.subarray(raw.length - TAG));
    try {
      return Buffer.concat([decipher.update(raw.subarray(NONCE, raw.length - TAG)), decipher.final()]).toString('utf8');
    } catch {
      throw new Error(`a sealed value of ${scope} cannot be opened: sealed under another NEUVO_SECRET, or altered`);
    }
  }
}
