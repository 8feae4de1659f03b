/**
 * Fault tests, forged Discord interaction signatures: Ed25519 over `timestamp + raw body`, checked
 * against Discord's own vectors (`reference/discord/signature_vectors.json`) and, as properties, against
 * any change to the body, the timestamp or the signature. The gateway adapter receives no HTTP
 * interactions, so this verifies the function an HTTP interactions endpoint would call.
 */
import { generateKeyPairSync, sign } from 'node:crypto';
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { verifyDiscordSignature } from '../adapters/discord/verify-signature.js';
import { DISCORD_REFERENCE_DIR } from './fakes/discord-spec.js';

describe('Ed25519 request verification', () => {
  const vectors = JSON.parse(readFileSync(`${DISCORD_REFERENCE_DIR}/signature_vectors.json`, 'utf8')) as {
    discord_interaction_signatures: { cases: { name: string; public_key_hex: string; headers: Record<string, string>; raw_body: string; expected_valid: boolean }[] };
    rfc8032_ed25519_vectors: { vectors: { name: string; public_key_hex: string; message_hex: string; signature_hex: string }[] };
  };

  it.each(vectors.discord_interaction_signatures.cases.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    const valid = verifyDiscordSignature(c.public_key_hex, c.headers['X-Signature-Ed25519'] ?? '', c.headers['X-Signature-Timestamp'] ?? '', c.raw_body);
    expect(valid).toBe(c.expected_valid);
  });

  it.each(vectors.rfc8032_ed25519_vectors.vectors.map((v) => [v.name, v] as const))('RFC 8032 %s verifies', (_name, v) => {
    expect(verifyDiscordSignature(v.public_key_hex, v.signature_hex, '', Buffer.from(v.message_hex, 'hex'))).toBe(true);
  });

  it('returns false for malformed keys and signatures instead of throwing', () => {
    const c = vectors.discord_interaction_signatures.cases[0]!;
    expect(verifyDiscordSignature('zz', c.headers['X-Signature-Ed25519']!, '1', 'x')).toBe(false);
    expect(verifyDiscordSignature(c.public_key_hex, 'abcd', '1', 'x')).toBe(false);
  });
});

describe('forged Discord interaction signatures are refused', () => {
  const vectors = JSON.parse(readFileSync(`${DISCORD_REFERENCE_DIR}/signature_vectors.json`, 'utf8')) as {
    discord_interaction_signatures: { cases: { public_key_hex: string; headers: Record<string, string>; raw_body: string }[] };
  };
  const real = vectors.discord_interaction_signatures.cases[0]!;
  const key = real.public_key_hex;
  const sig = real.headers['X-Signature-Ed25519']!;
  const ts = real.headers['X-Signature-Timestamp']!;

  it('refuses the real request with its timestamp one second later, and with its body re-serialised', () => {
    expect(verifyDiscordSignature(key, sig, ts, real.raw_body)).toBe(true);
    expect(verifyDiscordSignature(key, sig, String(Number(ts) + 1), real.raw_body)).toBe(false);
    expect(verifyDiscordSignature(key, sig, ts, JSON.stringify(JSON.parse(real.raw_body), null, 1))).toBe(false);
    expect(verifyDiscordSignature(key, sig, ts, Buffer.from(real.raw_body, 'utf8'))).toBe(true);
  });

  it('refuses any one-byte change of the body, the timestamp or the signature (2,000 cases)', () => {
    const body = Buffer.from(real.raw_body, 'utf8');
    fc.assert(
      fc.property(fc.constantFrom('body', 'timestamp', 'signature'), fc.nat(), fc.integer({ min: 1, max: 255 }), (part, at, delta) => {
        if (part === 'body') {
          const b = Buffer.from(body);
          b[at % b.length] = (b[at % b.length]! + delta) % 256;
          return !verifyDiscordSignature(key, sig, ts, b);
        }
        if (part === 'timestamp') {
          const t = Buffer.from(ts, 'utf8');
          t[at % t.length] = (t[at % t.length]! + delta) % 256;
          return !verifyDiscordSignature(key, sig, t.toString('latin1'), body);
        }
        const s = Buffer.from(sig, 'hex');
        s[at % s.length] = (s[at % s.length]! + delta) % 256;
        return !verifyDiscordSignature(key, s.toString('hex'), ts, body);
      }),
      { numRuns: 2_000, seed: 2026 },
    );
  });

  it('accepts what the right key signed and refuses what another key signed', () => {
    const pair = () => generateKeyPairSync('ed25519');
    const rawKey = (k: ReturnType<typeof pair>) => k.publicKey.export({ format: 'der', type: 'spki' }).subarray(-32).toString('hex');
    const ours = pair();
    const theirs = pair();
    const stamp = String(Math.floor(Date.now() / 1000));
    const payload = '{"type":2,"data":{"name":"neuvo"}}';
    const signed = (k: ReturnType<typeof pair>) => sign(null, Buffer.from(stamp + payload), k.privateKey).toString('hex');
    expect(verifyDiscordSignature(rawKey(ours), signed(ours), stamp, payload)).toBe(true);
    expect(verifyDiscordSignature(rawKey(ours), signed(theirs), stamp, payload)).toBe(false);
    expect(verifyDiscordSignature(rawKey(ours), '', stamp, payload)).toBe(false);
  });
});
