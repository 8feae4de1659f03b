/**
 * Discord's HTTP-interaction request signature (Ed25519), for an HTTP interactions endpoint.
 *
 * Neuvo's Discord adapter does not use it: it receives interactions over the gateway (a WebSocket the
 * bot opens and authenticates with its token), where Discord signs nothing because nothing arrives
 * unsolicited, and there is no public endpoint anyone could forge requests against. It is here, tested
 * against Discord's vectors, for the day Neuvo adds an "Interactions Endpoint URL" (then every request
 * without a valid signature must get 401), and the fake Discord in `test/fakes` uses it.
 */
import { createPublicKey, verify } from 'node:crypto';

/**
 * DER prefix of an Ed25519 SubjectPublicKeyInfo (RFC 8410): SEQUENCE { SEQUENCE { OID 1.3.101.112 },
 * BIT STRING (32 bytes) }. Node's KeyObject API does not take raw 32-byte Ed25519 keys, so we wrap the
 * key Discord shows in the developer portal in this header.
 */
const ED25519_SPKI_PREFIX = Buffer.from('302a300506032b6570032100', 'hex');

const HEX_KEY = /^[0-9a-f]{64}$/i;
const HEX_SIGNATURE = /^[0-9a-f]{128}$/i;

/**
 * Verifies Discord's HTTP-interaction signature: Ed25519 over `X-Signature-Timestamp + raw body`.
 *
 * @param publicKeyHex - the application's public key (64 hex chars) from the developer portal
 * @param signatureHex - the `X-Signature-Ed25519` header (128 hex chars)
 * @param timestamp - the `X-Signature-Timestamp` header, exactly as received
 * @param rawBody - the request body bytes exactly as received (re-serialised JSON will not verify)
 * @returns true only for a valid signature; malformed hex input yields false rather than throwing,
 *   because the caller's only sensible reaction to either is a 401.
 */
export function verifyDiscordSignature(
  publicKeyHex: string,
  signatureHex: string,
  timestamp: string,
  rawBody: string | Uint8Array,
): boolean {
  if (!HEX_KEY.test(publicKeyHex) || !HEX_SIGNATURE.test(signatureHex)) return false;
  const body = typeof rawBody === 'string' ? Buffer.from(rawBody, 'utf8') : Buffer.from(rawBody);
  const message = Buffer.concat([Buffer.from(timestamp, 'utf8'), body]);
  try {
    const publicKey = createPublicKey({
      key: Buffer.concat([ED25519_SPKI_PREFIX, Buffer.from(publicKeyHex, 'hex')]),
      format: 'der',
      type: 'spki',
    });
    // Ed25519 hashes internally, hence the null digest algorithm.
    return verify(null, message, publicKey, Buffer.from(signatureHex, 'hex'));
  } catch {
    // 32 bytes that are not a point on the curve make key import or verification throw.
    return false;
  }
}
