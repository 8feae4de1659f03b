import { describe, expect, it } from 'vitest';
import { renderDiscord } from '../adapters/discord/render.js';
import { fileWording } from '../adapters/slack/files.js';
import { renderSlack } from '../adapters/slack/render.js';
import type { View } from '../src/views/view.js';

const many = (lang: View['lang']): View => ({
  private: false,
  ...(lang ? { lang } : {}),
  blocks: Array.from({ length: 80 }, (_, i) => ({ type: 'text' as const, text: [`part ${i} ${'x'.repeat(2_900)}`] })),
});

describe('words the adapters add speak the view’s language', () => {
  it('Slack says a long message was shortened in Finnish, Swedish or English', () => {
    const last = (v: View) => JSON.stringify(renderSlack(v).blocks.at(-1));
    expect(last(many('fi'))).toMatch(/Lyhennetty: \d+ osaa jäi näyttämättä/);
    expect(last(many('sv'))).toMatch(/Förkortat: \d+ delar till visas inte/);
    expect(last(many(undefined))).toMatch(/Shortened: \d+ more parts not shown/);
  });

  it('Slack’s notes about files sent by DM are localized', () => {
    expect(fileWording('sv').sentByDm).toBe('skickad till dig som direktmeddelande');
    expect(fileWording().notSent).toBe('could not be sent; please try again');
  });

  it('Discord explains a file it could not attach in the view’s language', () => {
    const big: View = { private: false, lang: 'fi', blocks: [{ type: 'file', name: 'big.csv', mime: 'text/csv', content: 'x'.repeat(9 * 1024 * 1024) }] };
    expect(JSON.stringify(renderDiscord(big, { maxFileBytes: 8 * 1024 * 1024 }).embeds)).toContain('big.csv jäi liittämättä: 9.0 MiB on enemmän kuin Discord ottaa tässä vastaan (8.0 MiB)');
  });
});
