import { formatDate } from '../../commands/dates.js';
import { choiceWord } from '../../commands/model.js';
import { DomainError } from '../../domain/errors.js';
import { activeOptions, agendaCut, effectivePick, POLL_LIMITS, type PollOption, rankOptions, readPicks, readTopic, readTopicList, type ResultsMode } from '../../domain/poll.js';
import { type Cell, csvDialect, toCsv } from '../../domain/poll-csv.js';
import type { MessageKey, Translator } from '../../i18n/translator.js';
import type { Form, View } from '../../views/view.js';
import type { Actor, JobKind, Network, Poll, PollResult, PollTally, Theme } from '../ports.js';
import { arg, audit, deadlinePassed, type Deps, networkOf, privateText, publicText, type Request, requireFuture, requireQueue, systemActor } from '../request.js';
import { howToVote, pollCard, pollId, pollResultView, themeName } from './poll-views.js';
import type { Nudge } from './nudges.js';
import { pageUrl, pollSnapshot, publishAtClose, wantsPage } from './public-results.js';

const HOUR = 3_600_000;
/** Voting needs a choice: a poll opens with at least two standing topics. */
const MIN_TOPICS = 2;
/** Each person picks up to this many topics unless `pick:` says otherwise. */
const DEFAULT_PICK = 3;

const cardKey = (id: string) => `poll:${id}`;

/** Updates the card from the current state (throttled by the caller through `deps.cardUpdates`). */
async function renderCard(deps: Deps, id: string, tr: Translator, zone: string): Promise<void> {
  const p = await deps.polls.byId(id);
  if (!p?.card) return;
  const [options, tally] = await Promise.all([deps.polls.options(p.id), p.phase === 'suggesting' ? undefined : deps.polls.tally(p.id)]);
  await deps.messenger.update(p.card, pollCard(tr, p, options, tally, zone));
}

/** A vote or a suggestion (or a voter forgotten): the card follows within the throttle's interval. */
export function refreshSoon(deps: Deps, id: string, tr: Translator, zone: string): void {
  deps.cardUpdates.request(cardKey(id), () => renderCard(deps, id, tr, zone));
}

/** A phase change or a merge: the card shows it before the command answers. */
function refreshNow(deps: Deps, id: string, tr: Translator, zone: string): Promise<void> {
  return deps.cardUpdates.now(cardKey(id), () => renderCard(deps, id, tr, zone));
}

async function pollOf(req: Request, seq: number = arg.num(req, 'poll')): Promise<Poll> {
  const p = await req.deps.polls.find(networkOf(req).id, seq);
  if (!p) throw new DomainError('poll.unknown', { id: `P${seq}` });
  return p;
}

/** The jobs a poll needs: open at suggest-until, close at vote-until, a nudge 24 h before closing. */
function plan(now: Date, suggestUntil: Date | null, voteUntil: Date | null): { kind: JobKind; dueAt: Date }[] {
  const jobs: { kind: JobKind; dueAt: Date }[] = [];
  if (suggestUntil) jobs.push({ kind: 'poll.open', dueAt: suggestUntil });
  if (voteUntil) {
    jobs.push({ kind: 'poll.close', dueAt: voteUntil });
    const nudge = new Date(voteUntil.getTime() - 24 * HOUR);
    if (nudge > now && (!suggestUntil || nudge > suggestUntil)) jobs.push({ kind: 'poll.nudge', dueAt: nudge });
  }
  return jobs;
}

/** Scheduled work acts as the bot, on the platform of the poll's channel. */

/**
 * `poll new "<question>" theme:… [options:"A|B|C"] [suggest-until:…] [vote-until:…] [pick:k] [anonymous:yes] [results:…]`.
 * With two or more `options` and no `suggest-until` the topics are set and voting starts at once;
 * otherwise the poll starts by collecting suggestions (the options, if any, are the first ones).
 */
export async function newPoll(req: Request): Promise<View> {
  const network = networkOf(req);
  const { deps, tr } = req;
  const question = arg.text(req, 'question').trim();
  if (question.length === 0 || question.length > POLL_LIMITS.question) throw new DomainError('poll.bad-question', { max: POLL_LIMITS.question });
  const optionsText = arg.optText(req, 'options');
  const list = optionsText === undefined ? { ok: true as const, topics: [] } : readTopicList(optionsText, deps.limits.topicsPerPoll);
  if (!list.ok) throw new DomainError(list.code, list.params);
  const now = deps.clock.now();
  const suggestUntil = (req.command.args['suggest-until'] as Date | undefined) ?? null;
  const voteUntil = (req.command.args['vote-until'] as Date | undefined) ?? null;
  requireFuture(req, [suggestUntil, voteUntil]);
  if (suggestUntil && voteUntil && voteUntil <= suggestUntil) throw new DomainError('poll.bad-deadlines');
  if (suggestUntil || voteUntil) requireQueue(req);
  const anonymous = arg.optText(req, 'anonymous') === 'yes';
  const results = (arg.optText(req, 'results') ?? (anonymous ? 'at-close' : 'live')) as ResultsMode;
  // Live counts of an anonymous poll would show a quiet moment's vote moving a bar; its picks are
  // sealed and counted only at close (see the poll repository).
  if (anonymous && results === 'live') throw new DomainError('poll.anonymous-live', { atClose: choiceWord('at-close', req.tr.lang), no: choiceWord('no', req.tr.lang) });
  const { poll, jobs } = await deps.polls.create(
    network.id,
    {
      question,
      theme: arg.text(req, 'theme') as Theme,
      phase: list.topics.length >= MIN_TOPICS && !suggestUntil ? 'voting' : 'suggesting',
      pick: (req.command.args.pick as number | undefined) ?? DEFAULT_PICK,
      anonymous,
      public: arg.optText(req, 'public') === undefined ? Boolean(network.resultsPage) : arg.optText(req, 'public') === 'yes',
      results,
      suggestUntil,
      voteUntil,
      createdBy: req.ctx.actor.userId,
      space: req.ctx.space,
    },
    list.topics,
    plan(now, suggestUntil, voteUntil),
    deps.limits.openPollsPerNetwork,
    audit(req, 'poll.create', { question }),
  );
  for (const job of jobs) await deps.scheduler.schedule(job);
  // Posted by the messenger, so the card can be updated in place as topics and votes come in.
  const options = await deps.polls.options(poll.id);
  const tally: PollTally | undefined = poll.phase === 'voting' ? { voters: 0, votes: new Map() } : undefined;
  const card = await deps.messenger.post(req.ctx.space, pollCard(tr, poll, options, tally, network.zone));
  await deps.polls.setCard(poll.id, card);
  return privateText(tr.r('poll.created', { id: pollId(poll) }));
}

/** `poll suggest P1 "<topic>"`: anyone in the network, while suggestions run. */
export async function suggest(req: Request): Promise<View> {
  const p = await pollOf(req);
  if (p.phase !== 'suggesting') throw new DomainError('poll.not-suggesting', { id: pollId(p) });
  const t = readTopic(arg.text(req, 'topic'));
  if (!t.ok) throw new DomainError(t.code, t.params);
  // Coordinators run the poll (they add topics people asked for): only the poll's own cap binds them.
  const perPerson = (await req.isCoordinator()) ? undefined : req.deps.limits.topicsPerPersonPerPoll;
  const option = await req.deps.polls.suggest(p.id, t.topic, req.ctx.actor.userId, { topics: req.deps.limits.topicsPerPoll, perPerson }, audit(req, 'poll.suggest', { poll: pollId(p) }));
  refreshSoon(req.deps, p.id, req.tr, networkOf(req).zone);
  return privateText(req.tr.r('poll.suggested', { id: pollId(p), n: option.seq, topic: option.text }));
}

/** The form of the Suggest button: one line of text. */
export async function suggestForm(req: Request): Promise<Form> {
  const p = await pollOf(req);
  const id = pollId(p);
  if (p.phase !== 'suggesting') throw new DomainError('poll.not-suggesting', { id });
  const { tr } = req;
  return { title: tr.t('form.suggest-title', { id }), submit: tr.t('form.submit-suggest'), command: `poll suggest ${id}`, field: { kind: 'text', label: tr.t('form.topic-label'), maxLength: POLL_LIMITS.topic } };
}

/** `poll merge P1 <n> <m>`: topic m is a duplicate of n; its votes and its place go to n. */
export async function merge(req: Request): Promise<View> {
  const p = await pollOf(req);
  const id = pollId(p);
  const keep = arg.num(req, 'keep');
  const duplicate = arg.num(req, 'duplicate');
  if (keep === duplicate) throw new DomainError('poll.merge-self');
  if (p.phase === 'closed') throw new DomainError('poll.closed', { id });
  const options = await req.deps.polls.options(p.id);
  const topic = (n: number) => {
    const o = options.find((x) => x.seq === n);
    if (!o) throw new DomainError('poll.unknown-option', { value: String(n), id });
    if (o.mergedInto !== null) throw new DomainError('poll.option-merged', { n, into: o.mergedInto, id });
    return o;
  };
  const [kept, folded] = [topic(keep), topic(duplicate)];
  await req.deps.polls.merge(p.id, keep, duplicate, audit(req, 'poll.merge', { poll: id, keep, duplicate }));
  await refreshNow(req.deps, p.id, req.tr, networkOf(req).zone);
  return publicText(req.tr.r('poll.merged', { id, n: duplicate, topic: folded.text, into: keep, kept: kept.text }));
}

/** Opens voting; shared by `poll open` and the suggest-until job. */
async function openPoll(deps: Deps, p: Poll, actor: Actor): Promise<{ ok: true } | { ok: false; error: DomainError }> {
  const id = pollId(p);
  const r = await deps.polls.open(p.id, MIN_TOPICS, { actor, action: 'poll.open', detail: { poll: id } });
  if (r === 'opened') return { ok: true };
  if (r === 'too-few') {
    const count = activeOptions(await deps.polls.options(p.id)).length;
    return { ok: false, error: new DomainError('poll.too-few-topics', { id, min: MIN_TOPICS, count }) };
  }
  const now = await deps.polls.byId(p.id);
  return { ok: false, error: new DomainError(now?.phase === 'closed' ? 'poll.already-closed' : 'poll.already-open', { id }) };
}

/** The announcement that voting is open, with how to vote and the Vote button. */
function votingOpened(tr: Translator, p: Poll, options: readonly PollOption[]): View {
  const id = pollId(p);
  return publicText(tr.r('poll.voting-open', { id, question: p.question }), howToVote(tr, p, activeOptions(options)), {
    type: 'actions',
    buttons: [{ label: tr.t('button.vote'), command: `vote ${id}`, style: 'primary', form: true }],
  });
}

/** `poll open P1` */
export async function open(req: Request): Promise<View> {
  const p = await pollOf(req);
  const r = await openPoll(req.deps, p, req.ctx.actor);
  if (!r.ok) throw r.error;
  await refreshNow(req.deps, p.id, req.tr, networkOf(req).zone);
  return votingOpened(req.tr, p, await req.deps.polls.options(p.id));
}

/** The stored result: every standing topic ranked, and the agenda cut (top `pick` with votes, ties at the cut kept). */
function resultOf(options: readonly PollOption[], tally: PollTally, pick: number): PollResult {
  const ranking = rankOptions(options, tally.votes);
  return { voters: tally.voters, ranking, agenda: agendaCut(ranking, pick).map((r) => r.seq) };
}

/** Closes, ranks and writes the agenda; shared by `poll close` and the vote-until job. */
function closePoll(deps: Deps, p: Poll, actor: Actor): Promise<PollResult | undefined> {
  return deps.polls.close(p.id, (options, tally) => resultOf(options, tally, p.pick), { actor, action: 'poll.close', detail: { poll: pollId(p) } });
}

/** Closing a closed poll again: says so, and publishes its page if one was wanted but publishing failed at close. */
async function alreadyClosed(req: Request, id: string): Promise<View> {
  const p = await pollOf(req);
  const answer = privateText(req.tr.r('poll.already-closed', { id }));
  const result = p.result;
  if (!result || !wantsPage(req.network, p)) return answer;
  const page = await publishAtClose(req.deps, req.tr, { networkId: p.networkId, space: p.space, label: id, title: p.question }, { poll: p.id }, async () => pollSnapshot(req.deps, p, result), req.ctx.actor);
  return { ...answer, blocks: [...answer.blocks, ...page] };
}

/** `poll close P1`: the result is published and the top topics join the agenda; closing twice is harmless. */
export async function close(req: Request): Promise<View> {
  const p = await pollOf(req);
  const id = pollId(p);
  if (p.phase === 'suggesting') throw new DomainError('poll.close-suggesting', { id });
  const result = await closePoll(req.deps, p, req.ctx.actor);
  if (!result) return alreadyClosed(req, id);
  await refreshNow(req.deps, p.id, req.tr, networkOf(req).zone);
  return closedView(req.deps, req.tr, p, result, req.network, req.ctx.actor);
}

/** The result as posted at close, with the results page's link when it has one. */
async function closedView(deps: Deps, tr: Translator, p: Poll, result: PollResult, network: Network | undefined, actor: Actor): Promise<View> {
  const view = pollResultView(tr, { ...p, phase: 'closed', result }, result);
  if (!wantsPage(network, p)) return view;
  const page = await publishAtClose(deps, tr, { networkId: p.networkId, space: p.space, label: pollId(p), title: p.question }, { poll: p.id }, async () => pollSnapshot(deps, p, result), actor);
  return { ...view, blocks: [...view.blocks, ...page] };
}

/** `poll show P1`: the card, or the result once closed. */
export async function show(req: Request): Promise<View> {
  const p = await pollOf(req);
  if (p.result) {
    const view = pollResultView(req.tr, p, p.result, true);
    const page = await req.deps.published.idOf({ poll: p.id });
    return page ? { ...view, blocks: [...view.blocks, { type: 'text', text: req.tr.r('results-page.link', { url: pageUrl(req.deps, page) }) }] } : view;
  }
  const [options, tally] = await Promise.all([req.deps.polls.options(p.id), p.phase === 'voting' ? req.deps.polls.tally(p.id) : undefined]);
  return pollCard(req.tr, p, options, tally, networkOf(req).zone, true);
}

/** `poll list` */
export async function list(req: Request): Promise<View> {
  const all = await req.deps.polls.list(networkOf(req).id);
  const { tr } = req;
  if (all.length === 0) return privateText([tr.t('poll.none')]);
  return {
    private: true,
    blocks: [
      { type: 'heading', text: tr.t('poll.list-heading', { count: all.length }) },
      { type: 'list', items: all.map((p) => [`${pollId(p)} · ${p.question} · ${themeName(tr, p.theme)} · ${tr.t(`poll.phase.${p.phase}`)}`]) },
    ],
  };
}

/**
 * A closed poll as CSV: one row per topic (ranked ones first, then merged duplicates), with the
 * voters of each topic for named polls; anonymous polls have no voter column at all.
 */
export function pollCsv(tr: Translator, p: Poll, result: PollResult, options: readonly PollOption[], ballots: readonly { voter: string; picks: readonly number[] }[]): string {
  const columns: MessageKey[] = ['csv.rank', 'csv.topic', 'csv.text', 'csv.votes', 'csv.share', 'csv.agenda', 'csv.merged-into', ...(p.anonymous ? [] : ['csv.voters' as const])];
  const header: Cell[] = columns.map((c) => tr.t(c));
  const [yes, no] = [tr.t('csv.yes'), tr.t('csv.no')];
  const share = (votes: number) => (result.voters > 0 ? Math.round((1000 * votes) / result.voters) / 10 : 0);
  const votersOf = (seq: number) => ballots.filter((b) => b.picks.includes(seq)).map((b) => b.voter).join(' ');
  const rows: Cell[][] = result.ranking.map((r) => [r.rank, r.seq, r.text, r.votes, share(r.votes), result.agenda.includes(r.seq) ? yes : no, '', ...(p.anonymous ? [] : [votersOf(r.seq)])]);
  for (const o of options.filter((x) => x.mergedInto !== null)) rows.push(['', o.seq, o.text, '', '', no, o.mergedInto!, ...(p.anonymous ? [] : [''])]);
  return toCsv([header, ...rows], csvDialect(tr.lang));
}

/** `poll export P1`: a closed poll's results as a CSV file. */
export async function exportCsv(req: Request): Promise<View> {
  const p = await pollOf(req);
  const id = pollId(p);
  if (p.phase !== 'closed' || !p.result) throw new DomainError('poll.not-closed', { id });
  const [options, ballots] = await Promise.all([req.deps.polls.options(p.id), p.anonymous ? [] : req.deps.polls.ballots(p.id)]);
  return privateText([req.tr.t('poll.export', { id })], { type: 'file', name: `neuvo-${id.toLowerCase()}.csv`, mime: 'text/csv', content: pollCsv(req.tr, p, p.result, options, ballots) });
}

/** The pick form of the Vote button: up to `pick` standing topics. */
export async function pollBallotForm(req: Request, seq: number): Promise<Form> {
  const p = await pollOf(req, seq);
  const id = pollId(p);
  if (p.phase !== 'voting') throw new DomainError(p.phase === 'closed' ? 'poll.closed' : 'poll.not-voting', { id });
  const standing = activeOptions(await req.deps.polls.options(p.id));
  const max = effectivePick(p.pick, standing.length);
  const { tr } = req;
  return {
    title: tr.t('form.poll-title', { id }),
    submit: tr.t('form.submit-vote'),
    command: `vote ${id}`,
    field: { kind: 'pick', label: tr.t('form.pick-topics-label', { max }), min: 1, max, options: standing.map((o) => ({ label: [`${o.seq}. ${o.text}`], value: String(o.seq) })) },
  };
}

/** `vote P1 2 4`: anyone in the network; named votes may be changed until close, anonymous ones not. */
export async function pollVote(req: Request, seq: number): Promise<View> {
  const p = await pollOf(req, seq);
  const id = pollId(p);
  if (p.phase !== 'voting') throw new DomainError(p.phase === 'closed' ? 'poll.closed' : 'poll.not-voting', { id });
  const options = await req.deps.polls.options(p.id);
  const picks = readPicks(req.command.args.choices as readonly string[], options, p.pick, id);
  if (!picks.ok) throw new DomainError(picks.code, picks.params);
  const outcome = await req.deps.polls.vote(p.id, {
    voter: req.ctx.actor.userId,
    picks: picks.picks,
    // The platform's id of the click or command: a retry or a re-delivered form counts once.
    idempotencyKey: req.ctx.requestId ?? globalThis.crypto.randomUUID(),
    anonymous: p.anonymous,
  });
  const named = picks.picks.map((n) => `${n}. ${options.find((o) => o.seq === n)!.text}`).join('; ');
  const { tr } = req;
  switch (outcome.kind) {
    case 'recorded':
    case 'replaced':
      if (outcome.kind === 'recorded') req.deps.metrics?.vote('poll', p.anonymous);
      refreshSoon(req.deps, p.id, tr, networkOf(req).zone);
      if (outcome.kind === 'replaced') return privateText(tr.r('poll.vote-replaced', { id, picks: named }));
      return privateText(tr.r(p.anonymous ? 'poll.vote-recorded-anonymous' : 'poll.vote-recorded', { id, picks: named }));
    case 'duplicate-request':
      return privateText(tr.r('vote.duplicate-request', { id }));
    case 'already-voted':
      throw new DomainError('poll.already-voted', { id });
    case 'not-open':
      throw new DomainError('poll.closed', { id });
  }
}

/**
 * Whom the poll's nudge reminds now, and what it says: the organisations' members who have not voted
 * (polls are open to everyone; the people known are the members). Undefined when it is moot.
 */
export async function pollNudge(deps: Deps, p: Poll, tr: Translator, zone: string): Promise<Nudge | undefined> {
  if (p.phase !== 'voting' || deadlinePassed(deps, p.voteUntil, 'poll.nudge', p.id)) return undefined;
  const [orgs, voted] = await Promise.all([deps.orgs.list(p.networkId), deps.polls.voters(p.id)]);
  const done = new Set(voted);
  const people = [...new Set(orgs.flatMap((o) => o.members))].filter((u) => !done.has(u)).sort();
  const until = p.voteUntil ? formatDate(p.voteUntil, zone, tr.lang) : '';
  const view: View = { private: false, blocks: [{ type: 'text', text: tr.r('poll.nudge', { id: pollId(p), question: p.question, until }) }] };
  return { space: p.space, people, view };
}

/** Runs a poll job: open or close at a deadline (nothing when done by hand already). */
export async function runPollJob(deps: Deps, kind: JobKind, id: string, tr: Translator, zone: string): Promise<void> {
  const p = await deps.polls.byId(id);
  if (!p) return;
  switch (kind) {
    case 'poll.open': {
      if (p.phase !== 'suggesting') return;
      const r = await openPoll(deps, p, systemActor(p.space));
      await refreshNow(deps, p.id, tr, zone);
      const view = r.ok ? votingOpened(tr, p, await deps.polls.options(p.id)) : { private: false, blocks: [{ type: 'text' as const, text: tr.r(r.error.code, r.error.params) }] };
      await deps.messenger.post(p.space, view);
      return;
    }
    case 'poll.close': {
      if (p.phase !== 'voting') return;
      const result = await closePoll(deps, p, systemActor(p.space));
      if (!result) return;
      await refreshNow(deps, p.id, tr, zone);
      await deps.messenger.post(p.space, await closedView(deps, tr, p, result, await deps.networks.byId(p.networkId), systemActor(p.space)));
      return;
    }
    default:
      return;
  }
}
