import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { slackDriver } from './contract/slack-driver.js';
import { foundationScenario } from './contract/scenario.js';
import { startTestRuntime } from './support/runtime.js';

let rt: Awaited<ReturnType<typeof startTestRuntime>>;
let driver: Awaited<ReturnType<typeof slackDriver>>;
beforeAll(async () => {
  rt = await startTestRuntime();
  driver = await slackDriver(rt);
});
afterAll(async () => {
  await driver?.close();
  await rt?.stop();
});

describe('contract: slack', () => {
  it('runs the foundation scenario with the same outcome as every adapter', async () => {
    await foundationScenario(driver);
    // Every call and response_url message the scenario caused was one real Slack would accept.
    expect(driver.harness.fake.violations).toEqual([]);
  });
});
