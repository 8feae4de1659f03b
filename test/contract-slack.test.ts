import { afterEach, describe, expect, it } from 'vitest';
import { balanceScenario, pairsScenario } from './contract/balance-scenario.js';
import { electionScenario } from './contract/election-scenario.js';
import { pollScenario } from './contract/poll-scenario.js';
import { negotiationScenario } from './contract/negotiation-scenario.js';
import { privacyScenario } from './contract/privacy-scenario.js';
import { foundationScenario } from './contract/scenario.js';
import { slackDriver } from './contract/slack-driver.js';
import type { AdapterDriver } from './contract/driver.js';
import { startTestRuntime } from './support/runtime.js';

let rt: Awaited<ReturnType<typeof startTestRuntime>> | undefined;
let driver: Awaited<ReturnType<typeof slackDriver>> | undefined;
afterEach(async () => {
  await driver?.close();
  await rt?.stop();
  driver = undefined;
  rt = undefined;
});

async function onSlack(scenario: (d: AdapterDriver) => Promise<void>, opts: { socketMode?: boolean } = {}): Promise<void> {
  rt = await startTestRuntime();
  driver = await slackDriver(rt, opts);
  await scenario(driver);
  // Every call and response_url message the scenario caused was one real Slack would accept.
  expect(driver.harness.fake.violations).toEqual([]);
}

describe('contract: slack', () => {
  it('runs the foundation scenario with the same outcome as every adapter', () => onSlack(foundationScenario));
  it('runs the election scenario with the same outcome as every adapter', async () => {
    await onSlack(electionScenario);
    // The card was edited in place with chat.update, ending in its closed state.
    const updates = driver!.harness.fake.calls.filter((c) => c.method === 'chat.update');
    expect(new Set(updates.map((u) => u.params.ts)).size).toBe(1);
    expect(JSON.stringify(updates.at(-1)!.params.blocks)).toContain('Voting has closed');
    // Nominations, the acceptance, opening, the first vote and the close each edit it (quick later votes fold into one edit).
    expect(updates.length).toBeGreaterThanOrEqual(5);
  });
  it('runs the balance scenario of issue #15 with the same outcome as every adapter', () => onSlack(balanceScenario));
  it('runs the balance:pairs scenario of issue #15 with the same outcome as every adapter', () => onSlack(pairsScenario));
  it('runs the poll scenario with the same outcome as every adapter', () => onSlack(pollScenario));
  it('runs the negotiation scenario with the same outcome as every adapter', () => onSlack(negotiationScenario));
  it('runs the privacy scenario with the same outcome as every adapter, the JSON arriving by DM', async () => {
    await onSlack(privacyScenario);
    const [upload] = driver!.harness.fake.uploads.filter((u) => u.filename === 'neuvo-privacy.json');
    expect(upload!.channel).toMatch(/^D/);
    expect(JSON.parse(upload!.bytes.toString('utf8'))).toMatchObject({ network: 'Kainuu', organisations: ['Red Cross'], coordinator: false });
  });
});

// Socket Mode (SLACK_APP_TOKEN): the same app over a WebSocket instead of signed HTTP requests.
describe('contract: slack in Socket Mode', () => {
  it('runs the foundation scenario with the same outcome as every adapter', () => onSlack(foundationScenario, { socketMode: true }));
  it('runs the election scenario with the same outcome as every adapter', () => onSlack(electionScenario, { socketMode: true }));
  it('gets its WebSocket from apps.connections.open on SLACK_API_URL, with the app-level token', async () => {
    await onSlack(async (d) => {
      await d.send('coord', 'help');
    }, { socketMode: true });
    // The fake refuses apps.connections.open without an xapp- token (a violation, checked in onSlack).
    expect(driver!.harness.fake.calls.filter((c) => c.method === 'apps.connections.open')).toHaveLength(1);
    expect(driver!.harness.socket!.connected).toBe(true);
  });
});
