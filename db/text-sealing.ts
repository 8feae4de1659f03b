/**
 * Secrets kept at rest (Slack installations' tokens): AES-256-GCM under a key derived (HKDF-SHA256)
 * from `NEUVO_SECRET` with a label of their own, so these keys never equal the vote seals' keys
 * (`sealing.ts`). The `scope` (e.g. the installation's key) is bound as associated data: a sealed
 * value copied to another row does not open there.
 */
import { hkdfSync } from 'node:crypto';
import { MIN_SECRET_LENGTH, openBytes, sealBytes } from './sealing.js';

/** Seals and opens text under one purpose's key (`purpose` names it, e.g. `slack-installation`). */
export class TextSealer {
  private readonly key: Buffer;

  constructor(secret: string, purpose: string) {
    if (secret.length < MIN_SECRET_LENGTH) throw new Error(`the sealing secret must be at least ${MIN_SECRET_LENGTH} characters`);
    this.key = Buffer.from(hkdfSync('sha256', Buffer.from(secret, 'utf8'), 'neuvo-text-seal-v1', purpose, 32));
  }

  /** Encrypts `text` for `scope`: base64 of nonce | ciphertext | tag. */
  seal(scope: string, text: string): string {
    return sealBytes(this.key, scope, Buffer.from(text, 'utf8'));
  }

  /** Decrypts what {@link seal} made for `scope`; throws when the key, the scope or the bytes differ. */
  open(scope: string, sealed: string): string {
    return openBytes(this.key, scope, sealed, 'a sealed value').toString('utf8');
  }
}
