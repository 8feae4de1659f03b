import { describe, expect, it } from 'vitest';
import { DEFAULT_LIMITS } from '../src/app/limits.js';
import { ConfigError, loadConfig } from '../src/config.js';

describe('limits from the environment', () => {
  it('takes the defaults when unset and the numbers given otherwise', () => {
    expect(loadConfig({}).limits).toEqual(DEFAULT_LIMITS);
    const limits = loadConfig({ NEUVO_MAX_PENDING_REMINDERS_PER_PERSON: '7', NEUVO_MAX_TOPICS_PER_PERSON_PER_POLL: '2' }).limits;
    expect(limits).toEqual({ ...DEFAULT_LIMITS, pendingRemindersPerPerson: 7, topicsPerPersonPerPoll: 2 });
  });

  it('refuses a limit that is not a whole number of at least 1, naming the variable', () => {
    expect(() => loadConfig({ NEUVO_MAX_OPEN_POLLS_PER_NETWORK: '0' })).toThrow(ConfigError);
    expect(() => loadConfig({ NEUVO_MAX_OPEN_POLLS_PER_NETWORK: '0' })).toThrow(/NEUVO_MAX_OPEN_POLLS_PER_NETWORK/);
    expect(() => loadConfig({ NEUVO_MAX_NOMINATIONS_PER_ELECTION: 'lots' })).toThrow(/NEUVO_MAX_NOMINATIONS_PER_ELECTION/);
    // A poll's pick form is one Discord select: 25 options at most.
    expect(() => loadConfig({ NEUVO_MAX_TOPICS_PER_POLL: '26' })).toThrow(/NEUVO_MAX_TOPICS_PER_POLL: at most 25/);
    expect(loadConfig({ NEUVO_MAX_TOPICS_PER_POLL: '10' }).limits.topicsPerPoll).toBe(10);
  });
});
