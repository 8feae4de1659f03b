import type { MessageKey, MessageParams } from '../i18n/translator.js';

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
