import { parseCommand, slackIdKind } from '../commands/parser.js';
import { tokenize } from '../commands/tokenize.js';
import { COMMANDS, type CommandId } from '../commands/model.js';
import { DomainError } from '../domain/errors.js';
import { isLang, type Lang, translator, type MessageKey, type MessageParams, type Translator } from '../i18n/translator.js';
import { localizePlaceholder } from '../i18n/placeholders.js';
import type { Form, View } from '../views/view.js';
import type { CommandContext, JobOutcome } from './ports.js';
import type { Deps, Request } from './request.js';
import { addCoordinator, listCoordinators, removeCoordinator } from './services/coordinators.js';
import { help, helpLines, optionShown, usageLine } from './services/help.js';
import { addMember, addOrg, approveJoin, declineJoin, joinOrg, listOrgs, removeMember, removeOrg } from './services/organisations.js';
import { cancelReminder, deliverReminder, listReminders, remind } from './services/reminders.js';
import { proposal } from './services/election-proposal.js';
import * as elections from './services/elections.js';
import { runElectionJob } from './services/elections.js';
import * as polls from './services/polls.js';
import { agenda } from './services/agenda.js';
import * as negotiations from './services/negotiations.js';
import { isNegotiationJob, runNegotiationJob } from './services/negotiation-jobs.js';
import { isNudgeJob, runNudgeJob } from './services/nudges.js';
import { notSetUp, setup } from './services/setup.js';
import { vote, voteForm } from './services/vote.js';
import { status } from './services/status.js';
import * as privacy from './services/privacy.js';
import { unpublish } from './services/public-results.js';

type Handler = (req: Request) => Promise<View>;

/** Commands whose buttons open a form, and how the form is built. */
const FORMS: Partial<Record<CommandId, (req: Request) => Promise<Form | View>>> = {
  vote: voteForm,
  'poll.suggest': polls.suggestForm,
  'network.delete': privacy.deleteNetworkForm,
};

const HANDLERS: Record<CommandId, Handler> = {
  status,
  help,
  setup,
  'coordinator.add': addCoordinator,
  'coordinator.remove': removeCoordinator,
  'coordinator.list': listCoordinators,
  'org.add': addOrg,
  'org.remove': removeOrg,
  'org.list': listOrgs,
  'org.member.add': addMember,
  'org.member.remove': removeMember,
  'org.join': joinOrg,
  'org.approve': approveJoin,
  'org.decline': declineJoin,
  remind,
  'remind.cancel': cancelReminder,
  reminders: listReminders,
  'election.new': elections.newElection,
  'election.nominate': elections.nominate,
  'election.accept': elections.acceptNomination,
  'election.decline': elections.declineNomination,
  'election.open': elections.open,
  'election.close': elections.close,
  'election.reopen': elections.reopen,
  'election.show': elections.show,
  'election.list': elections.list,
  'election.turnout': elections.turnout,
  'election.export': elections.exportBlt,
  'election.proposal': proposal,
  'election.unpublish': (req) => unpublish(req, 'election'),
  'poll.new': polls.newPoll,
  'poll.suggest': polls.suggest,
  'poll.merge': polls.merge,
  'poll.open': polls.open,
  'poll.close': polls.close,
  'poll.show': polls.show,
  'poll.list': polls.list,
  'poll.export': polls.exportCsv,
  'poll.unpublish': (req) => unpublish(req, 'poll'),
  agenda,
  'negotiation.add': negotiations.add,
  'negotiation.list': negotiations.list,
  'negotiation.show': negotiations.show,
  'negotiation.edit': negotiations.edit,
  'negotiation.cancel': negotiations.cancel,
  'negotiation.ics': negotiations.ics,
  'negotiation.feed-reset': negotiations.feedReset,
  'negotiation.result': negotiations.result,
  vote,
  privacy: privacy.show,
  'privacy.forget': privacy.forget,
  'network.delete': privacy.deleteNetwork,
};

/** A short localized error, optionally followed by more (the usage, the help). */
export function errorView(tr: Translator, code: MessageKey, params: MessageParams = {}, extra: string[] = []): View {
  return {
    private: true,
    error: true,
    blocks: [{ type: 'text', text: tr.r(code, params) }, ...(extra.length ? [{ type: 'list' as const, items: extra.map((l) => [l]) }] : [])],
  };
}

/** The language a command line asks for (`lang:fi`), if any. */
function askedLang(text: string): Lang | undefined {
  // Most lines (votes among them) name no language: they are not tokenized twice.
  if (!/lang:/i.test(text)) return undefined;
  const tok = tokenize(text.trim());
  const value = tok.ok ? tok.tokens.find((t) => t.key === 'lang')?.text.toLowerCase() : undefined;
  return isLang(value) ? value : undefined;
}

/** What a log may say of a command line: its first word, never its arguments (a ballot, picks). */
export function loggableCommand(text: string): string {
  return text.trim().split(/\s+/, 1)[0] || '(empty)';
}

/**
 * The bot core: turns a command line from any adapter into a view, and runs scheduled jobs.
 * It knows no platform; adapters translate events in and render views out.
 */
export class Neuvo {
  constructor(private readonly deps: Deps) {}

  /** Handles the text after `/neuvo`, as typed or as a button's command. */
  handle(ctx: CommandContext, text: string): Promise<View> {
    return this.run(ctx, text, false, (req) => HANDLERS[req.command.spec.id](req));
  }

  /**
   * The form a form button opens, for its incomplete command (`vote E1`): the answer completes it.
   * A view instead when there is no form to show (an error: not open, not allowed, …).
   */
  form(ctx: CommandContext, text: string): Promise<Form | View> {
    return this.run<Form | View>(ctx, text, true, async (req) => {
      const provider = FORMS[req.command.spec.id];
      return provider ? provider(req) : errorView(req.tr, 'form.none');
    });
  }

  /** Parses, finds the network, checks the role, then runs `work`; errors become localized views. */
  private async run<T>(ctx: CommandContext, text: string, allowMissing: boolean, work: (req: Request) => Promise<T | View>): Promise<T | View> {
    const state = { tr: translator(isLang(ctx.actor.locale) ? ctx.actor.locale : this.deps.defaults.lang) };
    const out = await this.attempt(ctx, text, allowMissing, work, state);
    // Views say their language, for the few words adapters add (file notes, "shortened").
    return typeof out === 'object' && out !== null && 'blocks' in out && !out.lang ? { ...out, lang: state.tr.lang } : out;
  }

  private async attempt<T>(
    ctx: CommandContext,
    text: string,
    allowMissing: boolean,
    work: (req: Request) => Promise<T | View>,
    state: { tr: Translator },
  ): Promise<T | View> {
    let tr = state.tr;
    // The command's fixed id (`poll.vote`), known once parsed: never its arguments.
    let id = 'unknown';
    const count = (outcome: 'ok' | 'refused' | 'error') => this.deps.metrics?.command(id, outcome);
    try {
      const network = await this.deps.networks.findBySpace(ctx.space);
      if (network) tr = state.tr = translator(network.lang);
      // `setup area:Pirkamaa lang:fi`: a command that asks for a language answers in it, errors too.
      const asked = askedLang(text);
      if (asked) tr = state.tr = translator(asked);
      const zone = network?.zone ?? this.deps.defaults.zone;
      // The console has no mention picker: there `@name` is how a person is named.
      const idKind = ctx.space.platform === 'slack' ? slackIdKind : undefined;
      const parsed = parseCommand(text, { zone, now: this.deps.clock.now(), mentionsOnly: ctx.space.platform !== 'console', lang: tr.lang, ...(idKind ? { idKind } : {}) }, undefined, { allowMissing });
      if (!parsed.ok) {
        const { code, params, spec } = parsed.error;
        if (spec) id = spec.id;
        count('refused');
        const extra =
          code === 'command.unknown'
            ? [tr.t('help.heading'), ...helpLines(tr)]
            : code === 'command.unknown-sub'
              ? helpLines(tr, COMMANDS.filter((c) => c.path[0] === params.group))
              : spec
                ? [usageLine(tr, spec)]
                : [];
        // A missing option is named by its placeholder (`"<message>"`), shown in the reader's language.
        const shown = typeof params.option === 'string' ? { ...params, option: spec ? optionShown(tr, spec, params.option) : localizePlaceholder(tr, params.option) } : params;
        return errorView(tr, code, shown, extra);
      }
      const { spec } = parsed.command;
      id = spec.id;
      if (spec.needsNetwork && !network) {
        count('refused');
        return notSetUp(tr);
      }
      // Asked only by the commands that need it (most votes never do), and at most once.
      let role: Promise<boolean> | undefined;
      const isCoordinator = () => (role ??= ctx.actor.isPlatformAdmin || !network ? Promise.resolve(ctx.actor.isPlatformAdmin) : this.deps.networks.isCoordinator(network.id, ctx.actor));
      if (spec.role === 'coordinator' && !(await isCoordinator())) {
        count('refused');
        return errorView(tr, 'auth.coordinator-only');
      }
      const out = await work({ ctx, command: parsed.command, network, tr, deps: this.deps, isCoordinator });
      count('ok');
      return out;
    } catch (err) {
      if (err instanceof DomainError) {
        count('refused');
        return errorView(tr, err.code, err.params);
      }
      count('error');
      this.deps.onError?.(err, `command: ${loggableCommand(text)}`);
      return errorView(tr, 'error.internal');
    }
  }

  /**
   * Runs one scheduled job by id; the job's row in the database says what it is and whether it is due.
   * `queuedAs`, the kind the queue knows the job by, only picks the first read: a reminder's own read
   * carries its job's state and due time, so a job queued as a reminder costs one read, not two.
   */
  async runJob(jobId: string, queuedAs?: string): Promise<JobOutcome> {
    const reminder = queuedAs === 'reminder' ? await this.deps.reminders.byJob(jobId) : undefined;
    const job = reminder ? { kind: 'reminder' as const, state: reminder.state, dueAt: reminder.dueAt } : await this.deps.jobs.get(jobId);
    if (!job || job.state !== 'pending') return 'skipped';
    this.deps.metrics?.jobStarted(job.kind, Math.max(0, this.deps.clock.now().getTime() - job.dueAt.getTime()));
    if (job.kind === 'reminder') return deliverReminder(this.deps, jobId, reminder);
    if (isNegotiationJob(job.kind)) return runNegotiationJob(this.deps, jobId, (networkId) => this.localeOf(networkId));
    if (isNudgeJob(job.kind)) return runNudgeJob(this.deps, job, (networkId) => this.localeOf(networkId));
    if (job.kind.startsWith('poll.')) {
      const poll = job.entityId ? await this.deps.polls.byId(job.entityId) : undefined;
      if (poll) {
        const { tr, zone } = await this.localeOf(poll.networkId);
        // Open and close check the phase, so a job that comes late or twice does nothing.
        await polls.runPollJob(this.deps, job.kind, poll.id, tr, zone);
      }
      await this.deps.jobs.finish(jobId);
      return 'done';
    }
    const election = job.entityId ? await this.deps.elections.byId(job.entityId) : undefined;
    if (election) {
      const { tr, zone } = await this.localeOf(election.networkId);
      // State changes are idempotent (open/close do nothing twice), so the job is marked done after.
      await runElectionJob(this.deps, job.kind, election.id, tr, zone);
    }
    await this.deps.jobs.finish(jobId);
    return 'done';
  }

  private async localeOf(networkId: string): Promise<{ tr: Translator; zone: string }> {
    const network = await this.deps.networks.byId(networkId);
    return { tr: translator(network?.lang ?? this.deps.defaults.lang), zone: network?.zone ?? this.deps.defaults.zone };
  }
}
