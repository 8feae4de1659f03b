/**
 * Fault tests, user text never pings: `@everyone`, `@here`, `<!channel>`, `<!here>`, `<@&role>` and
 * `<@123>` typed into an organisation name, a reminder, a poll question and topic, and a negotiation
 * title come back as text on the console, Slack and Discord (the same scenario through each real
 * adapter), and what reached the platform cannot ping: on Slack no `<!` at all and `<@…>` only for the
 * people Neuvo itself names; on Discord `allowed_mentions.parse` empty on every message and no live
 * `@everyone`/`@here` or role or user mention from the text. (Render-level checks: `slack-render.test.ts`,
 * `discord-render.test.ts`; Slack's own special-mention markup: `slack-e2e.test.ts`.)
 */
import { afterEach, describe, expect, it } from 'vitest';
import { consoleDriver } from './contract/console-driver.js';
import { discordDriver } from './contract/discord-driver.js';
import type { AdapterDriver } from './contract/driver.js';
import { SLACK_USERS, slackDriver } from './contract/slack-driver.js';
import { startTestRuntime } from './support/runtime.js';

const HOSTILE = '@everyone @here <!channel> <!here> <@&123> <@123>';

let rt: Awaited<ReturnType<typeof startTestRuntime>> | undefined;
let driver: AdapterDriver | undefined;
afterEach(async () => {
  await driver?.close();
  await rt?.stop();
  driver = undefined;
  rt = undefined;
});

/**
 * The texts Slack formats (mentions included) in a Web API call or response_url message: every `text`
 * except those of `plain_text` objects (headers, button labels), which Slack shows as they are.
 */
function formatted(x: unknown): string[] {
  if (Array.isArray(x)) return x.flatMap(formatted);
  if (!x || typeof x !== 'object') return [];
  const o = x as Record<string, unknown>;
  if (o.type === 'plain_text') return [];
  return Object.entries(o).flatMap(([k, v]) => (k === 'text' && typeof v === 'string' ? [v] : formatted(v)));
}

/** Every place user text is echoed, each checked to come back as typed. */
async function echoScenario(d: AdapterDriver): Promise<void> {
  await d.send('coord', 'setup area:Kainuu');
  const org = await d.send('coord', `org add "Org ${HOSTILE}"`);
  expect(org.text).toContain(`Org ${HOSTILE}`);
  expect((await d.send('alice', 'org list')).text).toContain(`Org ${HOSTILE}`);

  await d.send('alice', `remind +1s "Meet ${HOSTILE}"`);
  const fired = await d.nextPost(60_000);
  expect(fired.text).toContain(`Meet ${HOSTILE}`);

  await d.send('coord', `poll new "Ask ${HOSTILE}" theme:goals`);
  const card = await d.nextPost();
  expect(card.text).toContain(`Ask ${HOSTILE}`);
  const topic = await d.send('alice', `poll suggest P1 "Topic ${HOSTILE}"`);
  expect(topic.text).toContain(`Topic ${HOSTILE}`);

  await d.send('coord', `negotiation add "Neg ${HOSTILE}" at:"14.10.2030 klo 13"`);
  const announced = await d.nextPost();
  expect(announced.text).toContain(`Neg ${HOSTILE}`);
  expect((await d.send('alice', 'negotiation list')).text).toContain(`Neg ${HOSTILE}`);
}

describe('user text never pings', () => {
  it('on the console: echoed literally (a terminal pings nobody)', async () => {
    rt = await startTestRuntime();
    driver = consoleDriver(rt);
    await echoScenario(driver);
  }, 120_000);

  it('on Slack: no <! anywhere in what reached Slack, and <@…> only for the people Neuvo names', async () => {
    rt = await startTestRuntime();
    const d = await slackDriver(rt);
    driver = d;
    await echoScenario(d);
    const fake = d.harness.fake;
    const sent = [...fake.calls.map((c) => c.params), ...fake.responses.map((r) => r.body)].flatMap((x) => formatted(x));
    expect(sent.length).toBeGreaterThan(10);
    const known = new Set(Object.values(SLACK_USERS));
    for (const s of sent) {
      expect(s).not.toContain('<!');
      for (const m of s.matchAll(/<@([^>|]*)/g)) expect(known.has(m[1]!), `${m[0]} in ${s.slice(0, 200)}`).toBe(true);
    }
    expect(sent.some((s) => s.includes('Meet @everyone @here &lt;!channel&gt; &lt;!here&gt; &lt;@&amp;123&gt; &lt;@123&gt;'))).toBe(true);
    expect(fake.violations).toEqual([]);
  }, 120_000);

  it('on Discord: allowed_mentions.parse empty on every message, no live @everyone/@here, role or user mention from the text', async () => {
    rt = await startTestRuntime();
    const d = await discordDriver(rt);
    driver = d;
    await echoScenario(d);
    type J = Record<string, any>;
    const fake = d.harness.fake;
    const messages = fake.calls
      .map((c) => c.body as J | undefined)
      .map((b) => (b && typeof b === 'object' && b.data && typeof b.data === 'object' ? (b.data as J) : b))
      .filter((b): b is J => !!b && typeof b === 'object' && ('content' in b || 'embeds' in b));
    expect(messages.length).toBeGreaterThan(10);
    for (const m of messages) {
      expect(m.allowed_mentions?.parse, JSON.stringify(m).slice(0, 200)).toEqual([]);
      const s = JSON.stringify({ content: m.content, embeds: m.embeds, components: m.components });
      // Discord's markdown: `@everyone` is inert when broken (zero-width space), mentions when backslash-escaped.
      expect(s).not.toMatch(/@(everyone|here)/);
      expect(s).not.toMatch(/(?<!\\\\)<@&123>/);
      expect(s).not.toMatch(/(?<!\\\\)<@123>/);
    }
    expect(fake.violations).toEqual([]);
  }, 120_000);
});
