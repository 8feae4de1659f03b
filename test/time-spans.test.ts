import { describe, expect, it } from 'vitest';
import { renderConsole } from '../adapters/console/render.js';
import { renderDiscord } from '../adapters/discord/render.js';
import { renderSlack } from '../adapters/slack/render.js';
import { timeSpan } from '../src/commands/dates.js';
import type { View } from '../src/views/view.js';

const at = new Date('2026-10-14T10:00:00Z');
const view: View = { private: false, blocks: [{ type: 'text', text: ['Negotiations ', timeSpan(at, 'Europe/Helsinki', 'fi')] }] };

describe('moments in time', () => {
  it('Discord shows a native timestamp, in each reader’s own clock', () => {
    expect(JSON.stringify(renderDiscord(view).embeds)).toContain(`<t:${at.getTime() / 1000}:F>`);
  });
  it('Slack and the console show the time in the network’s zone and language', () => {
    expect(JSON.stringify(renderSlack(view).blocks)).toContain('Negotiations 14.10.2026 klo 13.00');
    expect(renderConsole(view)).toBe('Negotiations 14.10.2026 klo 13.00');
  });
});
