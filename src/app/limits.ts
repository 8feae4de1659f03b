import { POLL_LIMITS } from '../domain/poll.js';

/**
 * How much one person or one network may have going at once, so one member cannot fill the queue,
 * the database or everyone's lists. Set from the environment (`NEUVO_MAX_…`); each is counted in
 * the transaction that adds, under a lock, so parallel requests cannot pass it.
 */
export interface Limits {
  readonly pendingRemindersPerPerson: number;
  readonly pendingRemindersPerNetwork: number;
  /** Polls suggesting or voting. */
  readonly openPollsPerNetwork: number;
  /** Elections nominating or voting. */
  readonly openElectionsPerNetwork: number;
  readonly nominationsPerElection: number;
  /** Nominations one person (not a coordinator) makes in one election, so one member cannot fill it. */
  readonly nominationsPerPersonPerElection: number;
  readonly topicsPerPersonPerPoll: number;
  /** At most {@link POLL_LIMITS.topics}: a poll's pick form must fit in one Discord select. */
  readonly topicsPerPoll: number;
  /** The fewest ballots a secret election's record is published with: a full ranking among few voters can identify them. */
  readonly minPublicBallots: number;
}

export const DEFAULT_LIMITS: Limits = {
  pendingRemindersPerPerson: 50,
  pendingRemindersPerNetwork: 1_000,
  openPollsPerNetwork: 20,
  openElectionsPerNetwork: 20,
  nominationsPerElection: 100,
  nominationsPerPersonPerElection: 5,
  topicsPerPersonPerPoll: 5,
  topicsPerPoll: POLL_LIMITS.topics,
  minPublicBallots: 10,
};
