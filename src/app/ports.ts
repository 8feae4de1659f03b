import type { Target } from '../commands/parser.js';
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

/** A row of scheduled work; its id is the queue's job id. */
export interface ScheduledJob {
  readonly id: string;
  readonly kind: 'reminder';
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
  langOf(networkId: string): Promise<Lang | undefined>;
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
}

/** Puts scheduled jobs on the queue; adding a job id twice is harmless. */
export interface JobScheduler {
  schedule(job: Pick<ScheduledJob, 'id' | 'kind' | 'dueAt'>): Promise<void>;
  cancel(jobId: string): Promise<void>;
}

/** Sends views that are not replies: announcements, reminders, notices to coordinators. */
export interface Messenger {
  post(space: Space, view: View): Promise<void>;
  direct(person: PersonRef, view: View): Promise<void>;
}

export interface Clock {
  now(): Date;
}
