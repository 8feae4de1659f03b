import type { Target } from '../commands/parser.js';
import type { Candidate, Method, Per, Phase, StvRule } from '../domain/election.js';
import type { CountResult } from '../domain/tally/index.js';
import type { Lang } from '../i18n/translator.js';
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
}

export interface NetworkSettings {
  readonly areaId: string;
  readonly lang: Lang;
  readonly zone: string;
  readonly reminderOffsets: readonly number[];
  readonly budgetReminder: string | null;
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

export type JobState = 'pending' | 'done' | 'cancelled';

/** What a scheduled job does; `entityId` names the election (or other row) it is about. */
export type JobKind = 'reminder' | 'election.open' | 'election.close' | 'election.nudge' | 'election.nominee-nudge';

/** A row of scheduled work; its id is the queue's job id. */
export interface ScheduledJob {
  readonly id: string;
  readonly kind: JobKind;
  readonly entityId: string | null;
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
}

/** Organisation names are unique per network, ignoring case. Throws DomainError for missing ones. */
export interface OrganisationRepository {
  list(networkId: string): Promise<Organisation[]>;
  add(networkId: string, name: string, audit: AuditEntry): Promise<'added' | 'exists'>;
  remove(networkId: string, name: string, audit: AuditEntry): Promise<boolean>;
  addMember(networkId: string, orgName: string, person: PersonRef, audit: AuditEntry): Promise<boolean>;
  removeMember(networkId: string, orgName: string, person: PersonRef, audit: AuditEntry): Promise<boolean>;
  /** The canonical name of an organisation, or undefined. */
  find(networkId: string, name: string): Promise<string | undefined>;
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

export interface ReminderRepository {
  /** Writes the reminder and its scheduled job in one transaction. */
  create(networkId: string, reminder: NewReminder, audit: AuditEntry): Promise<Reminder>;
  pending(networkId: string): Promise<Reminder[]>;
  find(networkId: string, seq: number): Promise<Reminder | undefined>;
  byJob(jobId: string): Promise<(Reminder & { readonly networkId: string }) | undefined>;
  /** Cancels a pending reminder and its job; false when it was no longer pending. */
  cancel(networkId: string, seq: number, audit: AuditEntry): Promise<boolean>;
}

export interface ScheduledJobRepository {
  get(jobId: string): Promise<ScheduledJob | undefined>;
  /** Every job still to run: what the reconcile step re-adds to the queue. */
  pending(): Promise<ScheduledJob[]>;
  /**
   * Runs `work` for a pending job at most once at a time: the job's row stays locked while `work`
   * runs and is marked done in the same transaction. 'skipped' when the job is not pending (done,
   * cancelled, or being run by another worker).
   */
  runOnce(jobId: string, work: () => Promise<void>): Promise<'done' | 'skipped'>;
  /** Marks a job done without running it (its work became moot). */
  finish(jobId: string): Promise<void>;
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
  readonly phase: Phase;
  readonly nominateUntil: Date | null;
  readonly voteUntil: Date | null;
  readonly createdBy: string;
  /** Where the election was created: its card and results are posted there. */
  readonly space: Space;
  readonly result: ElectionResult | null;
  /** The card in the channel, updated in place at every step. */
  readonly card: MessageRef | null;
}

export type NewElection = Omit<Election, 'id' | 'networkId' | 'seq' | 'phase' | 'result' | 'card'>;

/** What a closed election publishes. */
export interface ElectionResult {
  readonly count: CountResult;
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
  /** Writes the election and its scheduled jobs in one transaction. */
  create(networkId: string, e: NewElection, jobs: readonly { kind: JobKind; dueAt: Date }[], audit: AuditEntry): Promise<{ election: Election; jobs: ScheduledJob[] }>;
  find(networkId: string, seq: number): Promise<Election | undefined>;
  byId(id: string): Promise<Election | undefined>;
  list(networkId: string): Promise<Election[]>;
  candidates(electionId: string): Promise<Candidate[]>;
  /** Throws DomainError when the person is already a candidate or nominations are closed. */
  nominate(electionId: string, c: { userId: string; org: string | null; accepted: boolean }, audit: AuditEntry): Promise<Candidate>;
  /** The nominee's answer; undefined when they are not a nominee. */
  answer(electionId: string, userId: string, accept: boolean, audit: AuditEntry): Promise<Candidate | undefined>;
  /** Moves nominating → voting with the roll as it is now; false when it was not nominating. */
  open(electionId: string, roll: readonly RollEntry[], audit: AuditEntry): Promise<boolean>;
  roll(electionId: string): Promise<RollEntry[]>;
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

/** Puts scheduled jobs on the queue; adding a job id twice is harmless. */
export interface JobScheduler {
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
