import type { Target } from '../commands/parser.js';
import type { BalanceMode, Gender } from '../domain/balance.js';
import type { BalancedResult, Candidate, Method, Per, Phase, StvRule } from '../domain/election.js';
import type { OrgMatch, orgKey } from '../domain/org-names.js';
import type { CountResult } from '../domain/tally/index.js';
import type { PublicRecord } from '../domain/public-record.js';
import type { PollOption, PollPhase, RankedOption, ResultsMode } from '../domain/poll.js';
import type { PlannedJob } from '../domain/negotiation.js';
import type { Lang } from '../i18n/translator.js';
import type { PrintDocument } from '../views/document.js';
import type { View } from '../views/view.js';

/** The chat platforms Neuvo runs on. */
export type Platform = 'slack' | 'discord' | 'console';

/** A channel on a platform: (platform, workspace or guild, channel). */
export interface Space {
  readonly platform: Platform;
  readonly workspaceId: string;
  readonly channelId: string;
}

/** A person is a platform identity. */
export interface PersonRef {
  readonly platform: Platform;
  readonly workspaceId: string;
  readonly userId: string;
}

/** Who runs a command, as the adapter knows them. */
export interface Actor extends PersonRef {
  /** Slack workspace admin/owner, Discord Manage Server: coordinators of any network there. */
  readonly isPlatformAdmin: boolean;
  /** The person's client language, used before the network has chosen one. */
  readonly locale?: Lang;
}

export interface CommandContext {
  readonly actor: Actor;
  readonly space: Space;
  /**
   * The platform's id of this request (Slack trigger_id, Discord interaction id): the same for a
   * retry of it, so a vote retried by the platform or a double click is counted once.
   */
  readonly requestId?: string;
}

export interface Network {
  readonly id: string;
  readonly areaId: string;
  readonly lang: Lang;
  readonly zone: string;
  /** Seconds before a negotiation at which members are reminded, largest first. */
  readonly reminderOffsets: readonly number[];
  /** `MM-DD` of the yearly budget-season reminder, or null. */
  readonly budgetReminder: string | null;
  /** Every election and poll gets a public results page at close (`setup results-page:on`). */
  readonly resultsPage?: boolean;
}

export interface NetworkSettings {
  readonly areaId: string;
  readonly lang: Lang;
  readonly zone: string;
  readonly reminderOffsets: readonly number[];
  readonly budgetReminder: string | null;
  readonly resultsPage?: boolean;
}

export interface Organisation {
  readonly name: string;
  readonly members: readonly string[];
}

export interface JoinRequest {
  readonly seq: number;
  readonly orgName: string;
  readonly userId: string;
  readonly state: 'pending' | 'approved' | 'declined';
}

export interface Reminder {
  readonly seq: number;
  readonly message: string;
  readonly dueAt: Date;
  /** Where the reminder was set; a channel target defaults to its channel. */
  readonly space: Space;
  readonly target: Target;
  readonly createdBy: string;
  readonly jobId: string;
  readonly state: JobState;
}

/** `failed`: the platform refused the delivery for good (see `DeliveryRefused`); it is not retried. */
export type JobState = 'pending' | 'done' | 'cancelled' | 'failed';

/** What running a job came to; `handed-back`: not run, the process is stopping; the job is pending for another worker. */
export type JobOutcome = 'done' | 'skipped' | 'failed' | 'handed-back';

/** A nudge: at its time it fans out into one {@link NudgeDmKind} job per person it reminds. */
export type NudgeKind = 'election.nudge' | 'election.nominee-nudge' | 'poll.nudge';

/** One person's DM of a nudge (`detail`: the person's user id). */
export type NudgeDmKind = `${NudgeKind}-dm`;

/** What a scheduled job does; `entityId` names the election (or other row) it is about. */
export type JobKind = 'reminder' | 'election.open' | 'election.close' | 'poll.open' | 'poll.close' | NudgeKind | NudgeDmKind | 'negotiation.remind' | 'negotiation.follow-up' | 'budget.remind';

/**
 * What the core counts for `/metrics` (the registry lives in `adapters/`). Labels are fixed words
 * only: a command's id, never its arguments; a vote's kind, never who or what.
 */
export interface Metrics {
  /** A command handled: `ok`, `refused` (a localized error for the person) or `error` (unexpected). */
  command(id: string, outcome: 'ok' | 'refused' | 'error'): void;
  /** A new ballot or poll vote recorded (a replacement or a retry does not count). */
  vote(kind: 'election' | 'poll', secret: boolean): void;
  /** A scheduled job started, `latenessMs` after it came due. */
  jobStarted(kind: JobKind, latenessMs: number): void;
}

/** Counts nothing: the default where no registry is wired (tests, the console). */
export const NO_METRICS: Metrics = { command() {}, vote() {}, jobStarted() {} };

/** A row of scheduled work; its id is the queue's job id. */
export interface ScheduledJob {
  readonly id: string;
  readonly kind: JobKind;
  readonly entityId: string | null;
  /** Which of an entity's jobs it is, where it has several of a kind (a nudge DM: the person). */
  readonly detail?: string | null;
  readonly dueAt: Date;
  readonly state: JobState;
}

/** Who changed what; written in the same transaction as the change. */
export interface AuditEntry {
  readonly actor: PersonRef;
  readonly action: string;
  readonly detail?: Readonly<Record<string, unknown>>;
}

export interface NetworkRepository {
  findBySpace(space: Space): Promise<Network | undefined>;
  byId(networkId: string): Promise<Network | undefined>;
  /** Creates a network bound to `space`, with `coordinator` as its first coordinator. */
  create(settings: NetworkSettings, space: Space, coordinator: PersonRef, audit: AuditEntry): Promise<Network>;
  update(networkId: string, settings: NetworkSettings, audit: AuditEntry): Promise<Network>;
  coordinators(networkId: string): Promise<string[]>;
  isCoordinator(networkId: string, person: PersonRef): Promise<boolean>;
  /** False when the person already was one. */
  addCoordinator(networkId: string, person: PersonRef, audit: AuditEntry): Promise<boolean>;
  /** Never removes the last coordinator: a network must keep someone who can run it. */
  removeCoordinator(networkId: string, person: PersonRef, audit: AuditEntry): Promise<'removed' | 'absent' | 'last'>;
  /** The secret of the network's calendar feed URL; kept out of {@link Network}, which is cached and logged. */
  feedToken(networkId: string): Promise<string | undefined>;
  /** Draws a new feed token (the old URL stops working) and returns it. */
  resetFeedToken(networkId: string, audit: AuditEntry): Promise<string>;
  /** Whether `space` is one of the network's channels now (read fresh). */
  binds(networkId: string, space: Space): Promise<boolean>;
  /**
   * Deletes the network and everything in it (cascades), the channels' binding included, and its
   * scheduled jobs, in one transaction; the audit entry outlives it (no network, no personal data).
   * Returns the ids of the jobs that were pending, for the caller to take off the queue after commit.
   */
  remove(networkId: string, audit: AuditEntry): Promise<{ readonly cancelledJobs: readonly string[] }>;
}

/**
 * Organisation names are unique per network by {@link orgKey} (case, accents and a trailing `ry`/`rf`
 * aside). Methods that take a name want the stored one ({@link OrganisationRepository.find}); they throw
 * DomainError for missing ones.
 */
export interface OrganisationRepository {
  list(networkId: string): Promise<Organisation[]>;
  /** Adds the organisation, or names the one that already has that name by {@link orgKey}. */
  add(networkId: string, name: string, audit: AuditEntry): Promise<{ added: true } | { added: false; existing: string }>;
  remove(networkId: string, name: string, audit: AuditEntry): Promise<boolean>;
  addMember(networkId: string, orgName: string, person: PersonRef, audit: AuditEntry): Promise<boolean>;
  removeMember(networkId: string, orgName: string, person: PersonRef, audit: AuditEntry): Promise<boolean>;
  /** The stored name of the organisation a typed name means, or the names it may have meant. */
  find(networkId: string, name: string): Promise<OrgMatch>;
  memberships(networkId: string, person: PersonRef): Promise<string[]>;
  requestJoin(networkId: string, orgName: string, person: PersonRef, audit: AuditEntry): Promise<JoinRequest>;
  decideJoin(networkId: string, seq: number, approve: boolean, audit: AuditEntry): Promise<JoinRequest>;
  pendingJoins(networkId: string): Promise<JoinRequest[]>;
}

export interface NewReminder {
  readonly message: string;
  readonly dueAt: Date;
  readonly space: Space;
  readonly target: Target;
  readonly createdBy: string;
}

/** How many pending reminders a network, and the person setting one (unless undefined), may have. */
export interface ReminderQuota {
  readonly perNetwork: number;
  readonly perPerson: number | undefined;
}

/**
 * A reminder as its delivery reads it, in one read: its network (language and zone, as they are now)
 * and, for a channel target, whether that channel is still one of the network's.
 */
export interface ReminderDelivery extends Reminder {
  readonly network: Network;
  /** Whether the target channel is bound to the network now; false for a person (a DM). */
  readonly targetBound: boolean;
}

export interface ReminderRepository {
  /**
   * Writes the reminder and its scheduled job in one transaction, counting the pending ones under a
   * lock first; throws DomainError (`limit.reminders-per-…`) when the quota is full.
   */
  create(networkId: string, reminder: NewReminder, quota: ReminderQuota, audit: AuditEntry): Promise<Reminder>;
  pending(networkId: string): Promise<Reminder[]>;
  find(networkId: string, seq: number): Promise<Reminder | undefined>;
  /** The reminder of a job, with what its delivery needs, read together (see {@link ReminderDelivery}). */
  byJob(jobId: string): Promise<ReminderDelivery | undefined>;
  /** Cancels a pending reminder and its job; false when it was no longer pending. */
  cancel(networkId: string, seq: number, audit: AuditEntry): Promise<boolean>;
}

export interface ScheduledJobRepository {
  get(jobId: string): Promise<ScheduledJob | undefined>;
  /** Every job still to run: what the reconcile step re-adds to the queue. */
  pending(): Promise<ScheduledJob[]>;
  /**
   * Runs `work` for a pending job at most once at a time: the job is leased while `work` runs and
   * marked done after. 'skipped' when the job is not pending (done, cancelled) or another worker holds
   * it; 'failed' (and the row marked so) when `work` throws {@link DeliveryRefused}; 'handed-back'
   * (lease given back at once, `work` not called) when the process began to stop before `work` started.
   * Any other error gives the job back (still pending) and is rethrown, so the queue retries it.
   */
  runOnce(jobId: string, work: () => Promise<void>): Promise<JobOutcome>;
  /** Marks a job done without running it (its work became moot). */
  finish(jobId: string): Promise<void>;
  /**
   * Creates one pending job of `kind` about `entityId` per person (`detail`), due at `dueAt`, with ids
   * derived from `parentId` and the person: a parent run again creates none twice. Resolves with
   * those of them still pending, for the queue. A done job of this kind forgets its person.
   */
  fanOut(parentId: string, kind: NudgeDmKind, entityId: string, people: readonly string[], dueAt: Date): Promise<ScheduledJob[]>;
  /**
   * Marks failed, with `reason`, every pending job of the networks bound to a channel of `workspace`
   * (the bot was removed from that Discord server or uninstalled from that Slack workspace): they are
   * never run or retried. The networks' data stays. Resolves with how many jobs it failed.
   */
  failPendingFor(workspace: Pick<Space, 'platform' | 'workspaceId'>, reason: string): Promise<number>;
}

export interface Election {
  readonly id: string;
  readonly networkId: string;
  readonly seq: number;
  readonly title: string;
  readonly seats: number;
  readonly method: Method;
  readonly rule: StvRule;
  readonly per: Per;
  readonly secret: boolean;
  /** `public:yes`: a public results page at close. */
  readonly public?: boolean;
  readonly phase: Phase;
  readonly nominateUntil: Date | null;
  readonly voteUntil: Date | null;
  readonly createdBy: string;
  /** Where the election was created: its card and results are posted there. */
  readonly space: Space;
  readonly result: ElectionResult | null;
  /** The card in the channel, updated in place at every step. */
  readonly card: MessageRef | null;
  /** Candidates stand with personal deputies (issue #15). */
  readonly deputies: boolean;
  readonly balance: BalanceMode;
  /** Least share of the roll (percent) that must vote for a result; null = none. */
  readonly quorum: number | null;
  /** The term the representatives are proposed for, as written. */
  readonly term: string | null;
}

export type NewElection = Omit<Election, 'id' | 'networkId' | 'seq' | 'phase' | 'result' | 'card'>;

/** What a closed election publishes. */
export interface ElectionResult {
  /** When the count was made (ISO 8601); absent in results stored before it was kept. */
  readonly closedAt?: string;
  /** The count (the single count for balance none/40; the women's for pairs); null when the quorum was not reached. */
  readonly count: CountResult | null;
  /** The count under the balance rule (results of issue #15 on). */
  readonly balanced?: BalancedResult;
  /** The quorum check, when the election has one: the roll's voters who voted, of all, and the percent needed. */
  readonly quorum?: { readonly percent: number; readonly voted: number; readonly total: number; readonly reached: boolean };
  readonly ballots: number;
  /** Secret elections: every ballot's receipt code, sorted, so voters can find theirs. */
  readonly receipts: readonly string[] | null;
}

/** One voter on the roll: an organisation (with its members then) or a person. */
export interface RollEntry {
  readonly voterKey: string;
  readonly label: string;
  readonly members: readonly string[];
}

export type VoteOutcome =
  | { readonly kind: 'recorded'; readonly receipt: string | null }
  | { readonly kind: 'replaced' }
  | { readonly kind: 'already-voted' }
  | { readonly kind: 'duplicate-request' }
  | { readonly kind: 'not-open' };

export interface ElectionRepository {
  /**
   * Writes the election and its scheduled jobs in one transaction; throws DomainError
   * (`limit.open-elections`) when the network already has `maxOpen` elections nominating or voting.
   */
  create(networkId: string, e: NewElection, jobs: readonly { kind: JobKind; dueAt: Date }[], maxOpen: number, audit: AuditEntry): Promise<{ election: Election; jobs: ScheduledJob[] }>;
  find(networkId: string, seq: number): Promise<Election | undefined>;
  byId(id: string): Promise<Election | undefined>;
  list(networkId: string): Promise<Election[]>;
  candidates(electionId: string): Promise<Candidate[]>;
  /** Throws DomainError when the person is already a candidate, nominations are closed or `maxNominees` are in. */
  /** `limits.perPerson`: how many `c.by` may have nominated in this election (undefined: no limit, a coordinator). */
  /**
   * `deputy`: the personal deputy of the pair (deputies:yes); throws DomainError when the deputy is
   * already in a pair of the election, as candidate or deputy, or the candidate is someone's deputy.
   */
  nominate(
    electionId: string,
    c: { userId: string; org: string | null; accepted: boolean; by: string; deputy?: string | null; deputyAccepted?: boolean; statement?: string | null },
    limits: { readonly nominees: number; readonly perPerson: number | undefined },
    audit: AuditEntry,
  ): Promise<Candidate>;
  /**
   * The nominee's (or a pair's deputy's) answer, with the gender they state (kept only when accepting);
   * undefined when they are neither.
   */
  answer(electionId: string, userId: string, accept: boolean, audit: AuditEntry, gender?: Gender | null): Promise<{ candidate: Candidate; as: 'candidate' | 'deputy' } | undefined>;
  /**
   * A closed election whose quorum was not reached votes again until `voteUntil`: its ballots and who
   * voted are kept, the result is cleared, the jobs are written. False when it was not such an election.
   */
  reopen(electionId: string, voteUntil: Date, jobs: readonly { kind: JobKind; dueAt: Date }[], audit: AuditEntry): Promise<ScheduledJob[] | false>;
  /** Moves nominating → voting with the roll as it is now; false when it was not nominating. */
  open(electionId: string, roll: readonly RollEntry[], audit: AuditEntry): Promise<boolean>;
  roll(electionId: string): Promise<RollEntry[]>;
  /**
   * What a vote or ballot form needs at once: the election, the roll entries `userId` is a member of
   * (usually one; several when they represent several organisations) and the candidates. May be
   * remembered while the election is voting (roll and candidates are fixed then; `vote` re-checks the phase).
   */
  ballotContext(networkId: string, seq: number, userId: string): Promise<{ election: Election; entries: RollEntry[]; candidates: Candidate[] } | undefined>;
  /** The voter keys that have voted. */
  voted(electionId: string): Promise<string[]>;
  /**
   * Records a ballot. Secret: a participation row and an unlinked ballot, in one transaction that
   * also re-mixes the election's ballots. Open: the voter's ballot, replacing an earlier one.
   * A repeated idempotency key records nothing.
   */
  vote(electionId: string, v: { voterKey: string; castBy: string; ranking: readonly number[]; idempotencyKey: string; secret: boolean }): Promise<VoteOutcome>;
  /** Closes a voting election with the result `count` computes from its ballots; undefined when it was not voting. */
  close(electionId: string, count: (ballots: readonly (readonly number[])[], receipts: readonly string[]) => ElectionResult, audit: AuditEntry): Promise<ElectionResult | undefined>;
  setCard(electionId: string, card: MessageRef): Promise<void>;
  /** A closed election's ballots, in no meaningful order. */
  ballots(electionId: string): Promise<number[][]>;
  /** A closed secret election's ballots with their receipts (candidate numbers), in receipt order. */
  receiptBallots(electionId: string): Promise<{ receipt: string; ranking: number[] }[]>;
}

/** The four themes of the negotiations (DESIGN.md §1). */
export const THEMES = ['goals', 'measures', 'cooperation', 'follow-up'] as const;
export type Theme = (typeof THEMES)[number];

/** A topic the network chose in a poll, for its next negotiation. */
export interface AgendaItem {
  readonly theme: Theme;
  readonly topic: string;
  /** 1 = the poll's most voted topic. */
  readonly rank: number;
  readonly votes: number;
  /** The poll it came from (`P3`). */
  readonly poll: number;
  /** What became of it, recorded after the negotiation; null until then. */
  readonly outcome: string | null;
}

/** The network's agenda: written when a poll closes, read by `agenda`, negotiations and their follow-ups. */
export interface AgendaRepository {
  /** The current agenda, by theme (in THEMES order) and rank. */
  forNetwork(networkId: string): Promise<AgendaItem[]>;
}

/** A topic poll: topics suggested under a theme, voted on (pick up to `pick`), the top ones to the agenda. */
export interface Poll {
  readonly id: string;
  readonly networkId: string;
  readonly seq: number;
  readonly question: string;
  readonly theme: Theme;
  readonly phase: PollPhase;
  /** How many topics each person may pick. */
  readonly pick: number;
  /** Anonymous polls keep who voted apart from what: a participation row and running counts. */
  readonly anonymous: boolean;
  /** `public:yes`: a public results page at close. */
  readonly public?: boolean;
  readonly results: ResultsMode;
  readonly suggestUntil: Date | null;
  readonly voteUntil: Date | null;
  readonly createdBy: string;
  /** Where the poll was created: its card and result are posted there. */
  readonly space: Space;
  readonly card: MessageRef | null;
  readonly result: PollResult | null;
}

export type NewPoll = Omit<Poll, 'id' | 'networkId' | 'seq' | 'card' | 'result'>;

/** What a closed poll publishes: every standing topic ranked, and those that joined the agenda. */
export interface PollResult {
  readonly voters: number;
  readonly ranking: readonly RankedOption[];
  /** Topic numbers that joined the agenda, in rank order. */
  readonly agenda: readonly number[];
}

/** A poll's votes so far: how many people voted, and votes per topic number. */
export interface PollTally {
  readonly voters: number;
  readonly votes: ReadonlyMap<number, number>;
}

export type PollVoteOutcome =
  | { readonly kind: 'recorded' }
  | { readonly kind: 'replaced' }
  | { readonly kind: 'already-voted' }
  | { readonly kind: 'duplicate-request' }
  | { readonly kind: 'not-open' };

/** Rule checks a repository makes under the poll's row lock; the codes are i18n keys. */
export type PollRefusal = 'poll.not-suggesting' | 'poll.closed' | 'poll.too-few-topics' | 'poll.full' | 'poll.duplicate-topic' | 'poll.merge-anonymous';

export interface PollRepository {
  /**
   * Writes the poll, its first topics and its scheduled jobs in one transaction; throws DomainError
   * (`limit.open-polls`) when the network already has `maxOpen` polls suggesting or voting.
   */
  create(networkId: string, p: NewPoll, topics: readonly string[], jobs: readonly { kind: JobKind; dueAt: Date }[], maxOpen: number, audit: AuditEntry): Promise<{ poll: Poll; jobs: ScheduledJob[] }>;
  find(networkId: string, seq: number): Promise<Poll | undefined>;
  byId(id: string): Promise<Poll | undefined>;
  list(networkId: string): Promise<Poll[]>;
  /** Every topic, merged ones included, in card order. */
  options(pollId: string): Promise<PollOption[]>;
  /**
   * Adds a topic while suggestions run; throws DomainError (a {@link PollRefusal}, or
   * `limit.topics-per-person` when `by` already suggested `limits.perPerson` of its topics) otherwise.
   */
  suggest(pollId: string, topic: string, by: string, limits: { readonly topics: number; readonly perPerson: number | undefined }, audit: AuditEntry): Promise<PollOption>;
  /**
   * Folds topic `duplicate` into `keep`: named votes for it move to `keep` (counted once per person).
   * Throws DomainError when the poll is closed, or anonymous with votes already cast.
   */
  merge(pollId: string, keep: number, duplicate: number, audit: AuditEntry): Promise<void>;
  /** Moves suggesting → voting when at least `minTopics` topics stand. */
  open(pollId: string, minTopics: number, audit: AuditEntry): Promise<'opened' | 'not-suggesting' | 'too-few'>;
  /**
   * Records a vote (picks: standing topic numbers). Named: the person's vote, replacing an earlier
   * one. Anonymous: a participation row, and every count row of the poll rewritten in the same
   * transaction. A repeated idempotency key records nothing.
   */
  vote(pollId: string, v: { voter: string; picks: readonly number[]; idempotencyKey: string; anonymous: boolean }): Promise<PollVoteOutcome>;
  tally(pollId: string): Promise<PollTally>;
  /** Who has voted (never what, for anonymous polls). */
  voters(pollId: string): Promise<string[]>;
  /** Named polls' votes, for the export; empty for anonymous polls. */
  ballots(pollId: string): Promise<{ voter: string; picks: number[] }[]>;
  /**
   * Closes a voting poll: `decide` turns the final tally into the result, which is stored and whose
   * agenda topics are written to the network's agenda in the same transaction. Undefined when it was not voting.
   */
  close(pollId: string, decide: (options: readonly PollOption[], tally: PollTally) => PollResult, audit: AuditEntry): Promise<PollResult | undefined>;
  setCard(pollId: string, card: MessageRef): Promise<void>;
}

/**
 * Coalesces updates of a card posted in a channel, so a busy card stays inside the platforms' rate
 * limits (Slack chat.update Tier 3; Discord's per-channel message-edit bucket). `run` re-reads the
 * state and updates the card; it is never run twice at once for the same key.
 */
export interface CardUpdates {
  /** Refreshes soon: at once when the card was not updated within the interval, else once when it ends. */
  request(key: string, run: () => Promise<void>): void;
  /** Refreshes now (after an update in flight), taking the place of a pending one; resolves when done. */
  now(key: string, run: () => Promise<void>): Promise<void>;
}

// ── Negotiations ────────────────────────────────────────────────────────────

/** What a negotiation published as its results. */
export interface NegotiationResult {
  readonly link: string;
  readonly summary: string | null;
}

/** A welfare area's negotiation, as announced to the network. */
export interface Negotiation {
  readonly id: string;
  readonly networkId: string;
  readonly seq: number;
  readonly title: string;
  readonly startsAt: Date;
  /** Null when no `until:` was given (calendars then take two hours). */
  readonly endsAt: Date | null;
  readonly place: string | null;
  readonly link: string | null;
  readonly about: string | null;
  readonly state: 'scheduled' | 'cancelled';
  readonly result: NegotiationResult | null;
  /** Where it was announced: its card, reminders and follow-ups are posted there. */
  readonly space: Space;
  readonly card: MessageRef | null;
  /** The platform's own event mirroring it (a Discord guild scheduled event), once created. */
  readonly eventId: string | null;
  readonly createdBy: string;
  /** How many times a calendar-visible change (edit, cancel, result) was made: the iCalendar SEQUENCE. */
  readonly revision: number;
}

export type NewNegotiation = Pick<Negotiation, 'title' | 'startsAt' | 'endsAt' | 'place' | 'link' | 'about' | 'space' | 'createdBy'>;

/** The fields `negotiation edit` changes; absent ones stay as they are, null clears. */
export type NegotiationChanges = Partial<Pick<Negotiation, 'title' | 'startsAt' | 'endsAt' | 'place' | 'link' | 'about'>>;

/** Jobs cancelled and created when a plan is replaced; the caller updates the queue after commit. */
export interface Replanned {
  readonly cancelled: readonly string[];
  readonly created: readonly ScheduledJob[];
}

/** A negotiation calendar job as its handler reads it: which entity, and which of its jobs. */
export interface NegotiationJob {
  readonly id: string;
  readonly kind: JobKind;
  readonly entityId: string | null;
  readonly detail: string | null;
  readonly dueAt: Date;
  readonly state: JobState;
}

export interface NegotiationRepository {
  /** Writes the negotiation and its scheduled jobs in one transaction. */
  create(networkId: string, n: NewNegotiation, jobs: readonly PlannedJob[], audit: AuditEntry): Promise<{ negotiation: Negotiation; jobs: ScheduledJob[] }>;
  find(networkId: string, seq: number): Promise<Negotiation | undefined>;
  byId(id: string): Promise<Negotiation | undefined>;
  /** Every negotiation of the network, earliest first. */
  list(networkId: string): Promise<Negotiation[]>;
  /**
   * Changes a scheduled negotiation; with `jobs`, its pending jobs are cancelled and these created in
   * the same transaction. Undefined when it is cancelled (or gone).
   */
  edit(id: string, changes: NegotiationChanges, jobs: readonly PlannedJob[] | undefined, audit: AuditEntry): Promise<{ negotiation: Negotiation } & Replanned | undefined>;
  /** Cancels a scheduled negotiation and its pending jobs; undefined when it already was cancelled. */
  cancel(id: string, audit: AuditEntry): Promise<{ negotiation: Negotiation; cancelled: readonly string[] } | undefined>;
  setResult(id: string, result: NegotiationResult, audit: AuditEntry): Promise<Negotiation | undefined>;
  setCard(id: string, card: MessageRef): Promise<void>;
  setEventId(id: string, eventId: string): Promise<void>;
  /** A job of the calendar with its detail (reminder offset, follow-up, budget day). */
  job(jobId: string): Promise<NegotiationJob | undefined>;
  /** Replaces the network's pending budget-season job (none when `job` is null), leaving `keep` alone. */
  replaceBudgetJob(networkId: string, job: PlannedJob | null, keep?: string): Promise<Replanned>;
  /** The channels bound to a network (where network-wide reminders go). */
  spaces(networkId: string): Promise<Space[]>;
}

/** A negotiation as a platform's own calendar event. */
export interface MirroredEvent {
  readonly name: string;
  readonly description: string;
  /** Where: the place, else the link (Discord requires a location for external events). */
  readonly location: string;
  readonly start: Date;
  readonly end: Date;
}

/**
 * Keeps a platform's own event in step with a negotiation (Discord: a guild scheduled event). Where a
 * platform has no events, nothing happens.
 */
export interface EventMirror {
  /** Creates the event (`eventId` null) or updates it; resolves with its id, or undefined where there are no events. */
  save(space: Space, eventId: string | null, event: MirroredEvent): Promise<string | undefined>;
  cancel(space: Space, eventId: string): Promise<void>;
}

/** Puts scheduled jobs on the queue; adding a job id twice is harmless. */
export interface JobScheduler {
  /**
   * Whether the queue can take a job now. Commands that schedule ask first and refuse while it cannot
   * (nothing saved), so their "try again" is true; `schedule` itself never waits long for the queue.
   */
  available(): boolean;
  schedule(job: Pick<ScheduledJob, 'id' | 'kind' | 'dueAt'>): Promise<void>;
  cancel(jobId: string): Promise<void>;
}

/** A message the bot posted, so it can be updated in place (an election's card). */
export interface MessageRef {
  readonly space: Space;
  /** Slack `ts`, Discord message id, console line number. */
  readonly messageId: string;
}

/** Sends views that are not replies: announcements, reminders, cards that are updated in place. */
export interface Messenger {
  post(space: Space, view: View): Promise<MessageRef>;
  update(ref: MessageRef, view: View): Promise<void>;
  direct(person: PersonRef, view: View): Promise<void>;
}

export interface Clock {
  now(): Date;
}

/** Lays a printable document out as a file (the proposal to the welfare area as a PDF). */
export interface DocumentRenderer {
  /** The document as a PDF: A4, its fonts embedded, title and language in its metadata, pages numbered. */
  pdf(doc: PrintDocument): Promise<Uint8Array>;
}

/**
 * People's names as their platform shows them, for what cannot hold a mention (a PDF). Whoever is not
 * found is left out of the answer (the caller shows their id). Never rejects.
 */
export interface PersonNames {
  names(workspace: Pick<Space, 'platform' | 'workspaceId'>, userIds: readonly string[]): Promise<ReadonlyMap<string, string>>;
}

// ── People's data (issue #11) ──────────────────────────────────────────────

/** What Neuvo holds about one person in one network, as `privacy` shows and exports it. */
export interface PersonalData {
  readonly coordinator: boolean;
  readonly organisations: readonly string[];
  readonly joinRequests: readonly { readonly id: string; readonly org: string; readonly state: string; readonly at: Date }[];
  /** Reminders they set, or that go to them by direct message. */
  readonly reminders: readonly { readonly id: string; readonly message: string; readonly dueAt: Date; readonly state: JobState; readonly setBy: string; readonly to: string }[];
  /** Candidacies and personal deputyships, with the gender stated when accepting and the statement. */
  readonly candidacies: readonly {
    readonly election: string;
    readonly title: string;
    readonly role?: 'candidate' | 'deputy';
    readonly state: string;
    readonly org: string | null;
    readonly gender?: string | null;
    readonly statement?: string | null;
  }[];
  /** Votes they cast in elections; the ranking (candidate numbers) only where the ballot is open, not secret. */
  readonly electionVotes: readonly { readonly election: string; readonly title: string; readonly secret: boolean; readonly voter: string; readonly ranking: readonly number[] | null }[];
  /** Named (not anonymous) poll votes: the topic numbers they picked. */
  readonly pollVotes: readonly { readonly poll: string; readonly question: string; readonly picks: readonly number[] }[];
  /** Anonymous polls they voted in: only that they did, never what. */
  readonly pollParticipations: readonly { readonly poll: string; readonly question: string }[];
  readonly topics: readonly { readonly poll: string; readonly topic: number; readonly text: string }[];
  /** Audit log entries made by them or naming them. */
  readonly audit: readonly { readonly at: Date; readonly action: string; readonly by: string; readonly detail: unknown }[];
}

/** What `privacy forget` removed (or, as a preview, would remove). */
export interface Forgotten {
  readonly coordinator: boolean;
  readonly memberships: number;
  readonly joinRequests: number;
  readonly reminders: number;
  readonly nominations: number;
  /** Genders stated in closed elections, cleared. */
  readonly genders: number;
  readonly pollVotes: number;
  readonly electionVotes: number;
  readonly topics: number;
  /** Pending reminder jobs cancelled: the caller takes them off the queue after commit. */
  readonly cancelledJobs: readonly string[];
  /** The elections and polls whose cards show what changed (nominees, turnout, live counts). */
  readonly cards: { readonly elections: readonly string[]; readonly polls: readonly string[] };
}

export interface PrivacyRepository {
  about(networkId: string, person: PersonRef): Promise<PersonalData>;
  /**
   * Removes the person from the network in one transaction with one audit entry (counts only).
   * `preview` runs the same work and rolls it back, so the confirmation says exactly what will go.
   * 'last-coordinator' (nothing changed) when they are the network's only coordinator.
   */
  forget(networkId: string, person: PersonRef, audit: AuditEntry, preview: boolean): Promise<Forgotten | 'last-coordinator'>;
}

// ── Public results pages (issue #14) ────────────────────────────────────────

/** A candidate as the public page and the record name them. */
export interface PublishedCandidate {
  /** The name in the record, the BLT file and the rounds: the person, with their organisation. */
  readonly name: string;
  readonly org: string | null;
}

/** One round of a count, candidates by name. */
export interface PublishedRound {
  readonly round: number;
  readonly action: 'first-count' | 'surplus-transferred' | 'excluded' | 'elected';
  readonly candidate: string | null;
  readonly tallies: readonly { readonly candidate: string; readonly votes: string; readonly status: string }[];
  readonly elected: readonly string[];
  readonly excluded: readonly string[];
  readonly exhausted: string;
}

/** Why a closed election's page has no ballot record. */
export type RecordWithheld = 'open-ballots' | 'too-few';

/** What a closed election's public page shows, fixed at close. */
export interface PublishedElection {
  readonly kind: 'election';
  readonly seq: number;
  readonly title: string;
  readonly closedAt: string;
  readonly method: Method;
  readonly rule: StvRule;
  readonly seats: number;
  readonly per: Per;
  readonly secret: boolean;
  readonly candidates: readonly PublishedCandidate[];
  readonly winners: readonly string[];
  readonly validBallots: number;
  readonly ballots: number;
  readonly quota: string | null;
  readonly seed: string;
  readonly rounds: readonly PublishedRound[];
  readonly tieBreaks: readonly { readonly round: number; readonly reason: string; readonly between: readonly string[]; readonly chosen: string; readonly method: 'earlier-stage' | 'lot' }[];
  /** Voters per organisation: `voted` of `total` (per:org, an organisation is one voter). */
  readonly turnout: readonly { readonly org: string; readonly voted: number; readonly total: number }[];
  readonly record: PublicRecord | null;
  readonly recordWithheld: RecordWithheld | null;
  /** The fewest ballots a record is published with (`NEUVO_MIN_PUBLIC_BALLOTS` at close). */
  readonly minBallots: number;
}

/** What a closed poll's public page shows, fixed at close. */
export interface PublishedPoll {
  readonly kind: 'poll';
  readonly seq: number;
  readonly question: string;
  readonly theme: Theme;
  readonly closedAt: string;
  readonly voters: number;
  readonly topics: readonly { readonly topic: string; readonly votes: number; readonly agenda: boolean }[];
}

export type PublishedSnapshot = PublishedElection | PublishedPoll;

/** Which election or poll a page is of. */
export type PublishedSubject = { readonly election: string } | { readonly poll: string };

/** Public results pages: a snapshot per closed election or poll, under an unguessable id. */
export interface PublishedResultRepository {
  /**
   * Stores the page with a new id (128 random bits, base64url), or returns the existing page's id:
   * a subject has one page at most, so a retried close publishes once.
   */
  publish(networkId: string, subject: PublishedSubject, snapshot: PublishedSnapshot, audit: AuditEntry): Promise<{ readonly id: string; readonly fresh: boolean }>;
  /** The page's id, if published (and not taken down). */
  idOf(subject: PublishedSubject): Promise<string | undefined>;
  /** Whether a page was ever published (`up` false once taken down), so a repeated close neither republishes nor re-announces. */
  status(subject: PublishedSubject): Promise<{ readonly id: string; readonly up: boolean } | undefined>;
  byId(id: string): Promise<PublishedSnapshot | undefined>;
  /** Takes the page down (its snapshot is deleted, the row remembers it was taken down); false when it was not up. */
  unpublish(networkId: string, subject: PublishedSubject, audit: AuditEntry): Promise<boolean>;
}
