import { afterEach, describe, it } from 'vitest';
import { consoleDriver } from './contract/console-driver.js';
import { balanceScenario, pairsScenario } from './contract/balance-scenario.js';
import { electionScenario } from './contract/election-scenario.js';
import { pollScenario } from './contract/poll-scenario.js';
import { negotiationScenario } from './contract/negotiation-scenario.js';
import { privacyScenario } from './contract/privacy-scenario.js';
import { foundationScenario } from './contract/scenario.js';
import { startTestRuntime } from './support/runtime.js';

let rt: Awaited<ReturnType<typeof startTestRuntime>> | undefined;
afterEach(async () => {
  await rt?.stop();
  rt = undefined;
});

describe('contract: console', () => {
  it('runs the foundation scenario with the same outcome as every adapter', async () => {
    rt = await startTestRuntime();
    await foundationScenario(consoleDriver(rt));
  });
  it('runs the election scenario with the same outcome as every adapter', async () => {
    rt = await startTestRuntime();
    await electionScenario(consoleDriver(rt));
  });
  it('runs the negotiation scenario with the same outcome as every adapter', async () => {
    rt = await startTestRuntime();
    await negotiationScenario(consoleDriver(rt));
  });
  it('runs the balance scenario of issue #15 with the same outcome as every adapter', async () => {
    rt = await startTestRuntime();
    await balanceScenario(consoleDriver(rt));
  });
  it('runs the balance:pairs scenario of issue #15 with the same outcome as every adapter', async () => {
    rt = await startTestRuntime();
    await pairsScenario(consoleDriver(rt));
  });
  it('runs the poll scenario with the same outcome as every adapter', async () => {
    rt = await startTestRuntime();
    await pollScenario(consoleDriver(rt));
  });
  it('runs the privacy scenario with the same outcome as every adapter', async () => {
    rt = await startTestRuntime();
    await privacyScenario(consoleDriver(rt));
  });
});
