import { afterAll, beforeAll, describe, it } from 'vitest';
import { consoleDriver } from './contract/console-driver.js';
import { foundationScenario } from './contract/scenario.js';
import { startTestRuntime } from './support/runtime.js';

let rt: Awaited<ReturnType<typeof startTestRuntime>>;
beforeAll(async () => {
  rt = await startTestRuntime();
});
afterAll(async () => rt?.stop());

describe('contract: console', () => {
  it('runs the foundation scenario with the same outcome as every adapter', async () => {
    await foundationScenario(consoleDriver(rt));
  });
});
