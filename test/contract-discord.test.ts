import { afterEach, describe, expect, it } from 'vitest';
import { discordDriver } from './contract/discord-driver.js';
import type { AdapterDriver } from './contract/driver.js';
import { balanceScenario, pairsScenario } from './contract/balance-scenario.js';
import { electionScenario } from './contract/election-scenario.js';
import { pollScenario } from './contract/poll-scenario.js';
import { negotiationScenario } from './contract/negotiation-scenario.js';
import { privacyScenario } from './contract/privacy-scenario.js';
import { foundationScenario } from './contract/scenario.js';
import { startTestRuntime } from './support/runtime.js';

let rt: Awaited<ReturnType<typeof startTestRuntime>> | undefined;
let driver: Awaited<ReturnType<typeof discordDriver>> | undefined;
afterEach(async () => {
  await driver?.close();
  await rt?.stop();
  driver = undefined;
  rt = undefined;
});

async function onDiscord(scenario: (d: AdapterDriver) => Promise<void>): Promise<void> {
  rt = await startTestRuntime();
  driver = await discordDriver(rt);
  await scenario(driver);
  // Every request was one real Discord would accept, and the adapter logged no error.
  expect(driver.harness.fake.violations).toEqual([]);
  expect(driver.harness.logs.filter((l) => JSON.parse(l).level >= 50)).toEqual([]);
}

describe('contract: discord', () => {
  it('runs the foundation scenario with the same outcome as every adapter', () => onDiscord(foundationScenario));
  it('runs the election scenario with the same outcome as every adapter', async () => {
    await onDiscord(electionScenario);
    // The card was edited in place (PATCH of the channel message), ending in its closed state.
    const edits = driver!.harness.fake.calls.filter((c) => c.method === 'PATCH' && c.route === '/channels/{channel_id}/messages/{message_id}');
    expect(new Set(edits.map((e) => e.path)).size).toBe(1);
    expect(JSON.stringify(edits.at(-1)!.body)).toContain('Voting has closed');
    // Nominations, the acceptance, opening, the first vote and the close each edit it (quick later votes fold into one edit).
    expect(edits.length).toBeGreaterThanOrEqual(5);
  });
  it('runs the balance scenario of issue #15 with the same outcome as every adapter', () => onDiscord(balanceScenario));
  it('runs the balance:pairs scenario of issue #15 with the same outcome as every adapter', () => onDiscord(pairsScenario));
  it('runs the poll scenario with the same outcome as every adapter', () => onDiscord(pollScenario));
  it('runs the negotiation scenario with the same outcome as every adapter', () => onDiscord(negotiationScenario));
  it('runs the privacy scenario with the same outcome as every adapter, the JSON attached', async () => {
    await onDiscord(privacyScenario);
    const [file] = driver!.harness.fake.attachments.filter((a) => a.filename === 'neuvo-privacy.json');
    expect(file!.contentType).toContain('application/json');
    expect(JSON.parse(file!.bytes.toString('utf8'))).toMatchObject({ network: 'Kainuu', organisations: ['Red Cross'], coordinator: false });
    const events = driver!.harness.fake.calls.filter((c) => c.route?.startsWith('/guilds/{guild_id}/scheduled-events'));
    expect(events.map((e) => [e.method, e.method === 'PATCH' ? e.body : null])).toEqual([
      ['POST', null],
      ['PATCH', { status: 4 }],
    ]);
  });
});
