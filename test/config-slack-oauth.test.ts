import { describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config.js';

const SECRET = 'x'.repeat(32);
const OAUTH = { SLACK_CLIENT_ID: '123.456', SLACK_CLIENT_SECRET: 'client-secret', SLACK_STATE_SECRET: 's'.repeat(32), SLACK_SIGNING_SECRET: 'signing', NEUVO_SECRET: SECRET };

describe('a distributed Slack app (SLACK_CLIENT_ID, SLACK_CLIENT_SECRET, SLACK_STATE_SECRET)', () => {
  it('runs Slack in distributed mode with all three set, and with no bot token', () => {
    const config = loadConfig(OAUTH);
    expect(config.slack).toBe(true);
    expect(config.slackDistributed).toBe(true);
    expect(config.console).toBe(false);
  });

  it('refuses a partial set, naming what is missing', () => {
    const { SLACK_STATE_SECRET: _state, SLACK_CLIENT_SECRET: _secret, ...partial } = OAUTH;
    const error = (() => {
      try {
        loadConfig(partial);
      } catch (err) {
        return String(err);
      }
    })();
    expect(error).toContain('SLACK_CLIENT_SECRET: required with SLACK_CLIENT_ID');
    expect(error).toContain('SLACK_STATE_SECRET: required with SLACK_CLIENT_ID');
    expect(error).not.toContain('SLACK_CLIENT_ID: required');
  });

  it('refuses a bot token, Socket Mode, or no signing secret beside it', () => {
    expect(() => loadConfig({ ...OAUTH, SLACK_BOT_TOKEN: 'xoxb-1' })).toThrow(/SLACK_BOT_TOKEN: not with SLACK_CLIENT_ID/);
    expect(() => loadConfig({ ...OAUTH, SLACK_APP_TOKEN: 'xapp-1' })).toThrow(/SLACK_APP_TOKEN: not with SLACK_CLIENT_ID/);
    expect(() => loadConfig({ ...OAUTH, SLACK_SIGNING_SECRET: '' })).toThrow(/SLACK_SIGNING_SECRET: required with SLACK_CLIENT_ID/);
    expect(() => loadConfig({ ...OAUTH, NEUVO_SECRET: '' })).toThrow(/NEUVO_SECRET: required with/);
  });

  it('keeps self-hosting with one bot token as it was', () => {
    const config = loadConfig({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_SIGNING_SECRET: 'signing', NEUVO_SECRET: SECRET });
    expect(config.slack).toBe(true);
    expect(config.slackDistributed).toBe(false);
  });
});
