import type { MessageKey, MessageParams } from '../i18n/translator.js';

/**
 * The platform refused a delivery for good (the channel is gone or archived, the person does not
 * accept direct messages): retrying cannot help, so the job is marked failed instead of retried.
 * Messengers throw it; transient errors (rate limits, outages) stay ordinary errors and are retried.
 */
export class DeliveryRefused extends Error {
  constructor(readonly reason: string) {
    super(`delivery refused: ${reason}`);
    this.name = 'DeliveryRefused';
  }
}

/**
 * A rule was broken: the code doubles as the i18n key of the message the user sees, and the
 * adapters turn it into a short localized reply.
 */
export class DomainError extends Error {
  constructor(
    readonly code: MessageKey,
    readonly params: MessageParams = {},
  ) {
    super(code);
    this.name = 'DomainError';
  }
}
