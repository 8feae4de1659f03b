import type { ParsedCommand, Ref, Target } from '../commands/parser.js';
import { DomainError } from '../domain/errors.js';
import type { Translator } from '../i18n/translator.js';
import type { Block, RichText, View } from '../views/view.js';
import type {
  Metrics,
  Actor,
  AuditEntry,
  Clock,
  DocumentRenderer,
  AgendaRepository,
  CardUpdates,
  PollRepository,
  CommandContext,
  ElectionRepository,
  EventMirror,
  NegotiationRepository,
  JobKind,
  JobScheduler,
  Messenger,
  Network,
  NetworkRepository,
  OrganisationRepository,
  PersonNames,
  PersonRef,
  PrivacyRepository,
  ReminderRepository,
  ScheduledJobRepository,
  Space,
} from './ports.js';
import type { Lang } from '../i18n/translator.js';
import { formatDate } from '../commands/dates.js';
import type { Limits } from './limits.js';

/** What the application needs from the outside world. */
export interface Deps {
  readonly networks: NetworkRepository;
  readonly orgs: OrganisationRepository;
  readonly reminders: ReminderRepository;
  readonly elections: ElectionRepository;
  readonly agenda: AgendaRepository;
  readonly polls: PollRepository;
  /** Throttles live poll-card updates (see `poll-card-updates.ts`). */
  readonly cardUpdates: CardUpdates;
  readonly negotiations: NegotiationRepository;
  /** The platform's own events mirroring negotiations (Discord scheduled events; nothing elsewhere). */
  readonly events: EventMirror;
  readonly jobs: ScheduledJobRepository;
  /** What is held about a person, and forgetting them (`privacy`). */
  readonly privacy: PrivacyRepository;
  readonly scheduler: JobScheduler;
  readonly messenger: Messenger;
  /** Lays out printable documents (the proposal PDF). */
  readonly documents: DocumentRenderer;
  /** People's names from their platform, for documents; without it, documents show user ids. */
  readonly names?: PersonNames;
  readonly clock: Clock;
  readonly defaults: { readonly lang: Lang; readonly zone: string };
  /** Quotas on what a person or a network may have pending or open. */
  readonly limits: Limits;
  /** Counters for `/metrics`; none when unset. */
  readonly metrics?: Metrics;
  /** Called with unexpected errors (the user sees a generic "try again"). */
  readonly onError?: (err: unknown, where: string) => void;
  /** Called with what is worth a log line but is no error (a stale reminder dropped). */
  readonly onNotice?: (detail: Record<string, unknown>, what: string) => void;
}

/** One command being handled: who, where, in which network, in which language. */
export interface Request {
  readonly ctx: CommandContext;
  readonly command: ParsedCommand;
  readonly network: Network | undefined;
  readonly tr: Translator;
  readonly deps: Deps;
  /** Whether the person coordinates the network (a platform admin always does); read on first call. */
  readonly isCoordinator: () => Promise<boolean>;
}

/** The network of a request whose command needs one (the dispatcher checked it exists). */
export function networkOf(req: Request): Network {
  if (!req.network) throw new DomainError('network.not-set-up');
  return req.network;
}

export function audit(req: Request, action: string, detail?: Record<string, unknown>): AuditEntry {
  return { actor: req.ctx.actor, action, ...(detail ? { detail } : {}) };
}

/** A person in the requester's platform and workspace. */
export function person(req: Request, userId: string): PersonRef {
  return { platform: req.ctx.actor.platform, workspaceId: req.ctx.actor.workspaceId, userId };
}

export const arg = {
  text: (req: Request, name: string): string => req.command.args[name] as string,
  optText: (req: Request, name: string): string | undefined => req.command.args[name] as string | undefined,
  num: (req: Request, name: string): number => req.command.args[name] as number,
  date: (req: Request, name: string): Date => req.command.args[name] as Date,
  target: (req: Request, name: string): Target | undefined => req.command.args[name] as Target | undefined,
  offsets: (req: Request, name: string): readonly number[] | undefined => req.command.args[name] as readonly number[] | undefined,
  ref: (req: Request, name: string): Ref => req.command.args[name] as Ref,
};

/**
 * Whether the deadline a nudge announces has passed (a late job: the queue was away, a reconcile
 * restored it): then the nudge is dropped, and logged, since "closes at …" would be false.
 */
export function deadlinePassed(deps: Deps, deadline: Date | null, kind: JobKind, entityId: string): boolean {
  if (!deadline || deadline.getTime() > deps.clock.now().getTime()) return false;
  deps.onNotice?.({ kind, entityId, deadline: deadline.toISOString() }, 'nudge dropped: its deadline has passed');
  return true;
}

/** Before a command saves work to schedule: refuses, with nothing saved, while the queue is unreachable. */
export function requireQueue(req: Request): void {
  if (!req.deps.scheduler.available()) throw new DomainError('error.queue-down');
}

/**
 * Refuses moments that are not in the future, naming the first such one in the network's zone,
 * and, with `maxAheadMs`, ones too far ahead.
 */
export function requireFuture(req: Request, dates: readonly (Date | null | undefined)[], maxAheadMs?: number): void {
  const now = req.deps.clock.now().getTime();
  for (const d of dates) {
    if (!d) continue;
    if (d.getTime() <= now) throw new DomainError('date.past', { date: formatDate(d, networkOf(req).zone, req.tr.lang) });
    if (maxAheadMs !== undefined && d.getTime() - now > maxAheadMs) throw new DomainError('date.too-far');
  }
}

/** Who acts when the bot itself does something (a deadline job): the audit log shows `neuvo`. */
export function systemActor(space: Space): Actor {
  return { platform: space.platform, workspaceId: space.workspaceId, userId: 'neuvo', isPlatformAdmin: true };
}

/** A short answer only the requester sees. */
export function privateText(text: RichText, ...more: Block[]): View {
  return { private: true, blocks: [{ type: 'text', text }, ...more] };
}

/** An answer everyone in the channel sees. */
export function publicText(text: RichText, ...more: Block[]): View {
  return { private: false, blocks: [{ type: 'text', text }, ...more] };
}
