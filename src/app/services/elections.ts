import { quote } from '../../i18n/format.js';
import { formatDate } from '../../commands/dates.js';
import { type BalanceMode, type Gender, openingShortfall } from '../../domain/balance.js';
import { type Candidate, countElection, type Method, type Per, readChoices, type StvRule, toBlt } from '../../domain/election.js';
import { choiceWord } from '../../commands/model.js';
import { DomainError } from '../../domain/errors.js';
import { orgKey } from '../../domain/org-names.js';
import type { Translator } from '../../i18n/translator.js';
import { turnoutChart, type ChartTurnoutRow } from '../../views/chart.js';
import { type Block, FORM_MAX_OPTIONS, type Form, type FormField, type FormOption, type View } from '../../views/view.js';
import type { Actor, Election, ElectionResult, JobKind, Network, PublishedElection, RollEntry } from '../ports.js';
import { arg, audit, deadlinePassed, type Deps, networkOf, privateText, publicText, type Request, requireFuture, requireQueue, systemActor } from '../request.js';
import { resolveOrg } from './organisations.js';
import type { Nudge } from './nudges.js';
import { answerButtons, electionCard, resultView, type Turnout } from './election-views.js';
import { electionSnapshot, pageable, pageUrl, publishAtClose, wantsPage } from './public-results.js';

const HOUR = 3_600_000;

async function turnoutOf(deps: Deps, e: Election): Promise<Turnout | undefined> {
  if (e.phase === 'nominating') return undefined;
  const [roll, voted] = await Promise.all([deps.elections.roll(e.id), deps.elections.voted(e.id)]);
  return { voted: voted.length, total: roll.length };
}

/**
 * Updates the election's card in place with its current state. A card that cannot be updated
 * (deleted, the platform down) is logged, not an error for the person whose command succeeded.
 */
async function refreshCard(deps: Deps, electionId: string, tr: Translator, zone: string): Promise<void> {
  const e = await deps.elections.byId(electionId);
  if (!e?.card) return;
  try {
    const [candidates, turnout] = await Promise.all([deps.elections.candidates(e.id), turnoutOf(deps, e)]);
    await deps.messenger.update(e.card, electionCard(tr, e, candidates, zone, turnout));
  } catch (err) {
    deps.onError?.(err, `updating the card of E${e.seq}`);
  }
}

const cardKey = (electionId: string) => `election:${electionId}`;
/** Updates the card now, after any throttled update in flight (so an older render cannot land last). */
export const updateCard = (deps: Deps, electionId: string, tr: Translator, zone: string) => deps.cardUpdates.now(cardKey(electionId), () => refreshCard(deps, electionId, tr, zone));
const refresh = (req: Request, e: Election) => updateCard(req.deps, e.id, req.tr, networkOf(req).zone);
const MAX_TITLE = 150;
/** Issue #15: a nomination statement's most characters, and a term's. */
export const MAX_STATEMENT = 500;
const MAX_TERM = 40;

/** `quorum:50%` (or `50`) as a whole percent 1–100; anything else is refused saying what is expected. */
function readQuorum(typed: string | undefined): number | null {
  if (typed === undefined) return null;
  const m = /^\s*(\d{1,3})\s*%?\s*$/.exec(typed);
  const n = m ? Number(m[1]) : NaN;
  if (!(n >= 1 && n <= 100)) throw new DomainError('election.bad-quorum', { value: typed });
  return n;
}

/** The balance rule as stored: the typed `40` is `forty`. */
const balanceOf = (typed: string | undefined): BalanceMode => (typed === '40' ? 'forty' : ((typed ?? 'none') as BalanceMode));

/** The election the command names (`E1`), in the request's network. */
export async function electionOf(req: Request, seq: number = arg.num(req, 'election')): Promise<Election> {
  const e = await req.deps.elections.find(networkOf(req).id, seq);
  if (!e) throw new DomainError('election.unknown', { id: `E${seq}` });
  return e;
}

/** The jobs an election needs: open and close at their deadlines, nudges before them. */
function plan(now: Date, nominateUntil: Date | null, voteUntil: Date | null): { kind: JobKind; dueAt: Date }[] {
  const jobs: { kind: JobKind; dueAt: Date }[] = [];
  const future = (d: Date) => d.getTime() > now.getTime();
  if (nominateUntil) {
    jobs.push({ kind: 'election.open', dueAt: nominateUntil });
    const nudge = new Date(nominateUntil.getTime() - 24 * HOUR);
    if (future(nudge)) jobs.push({ kind: 'election.nominee-nudge', dueAt: nudge });
  }
  if (voteUntil) {
    jobs.push({ kind: 'election.close', dueAt: voteUntil });
    for (const before of [24 * HOUR, HOUR]) {
      const at = new Date(voteUntil.getTime() - before);
      if (future(at) && (!nominateUntil || at > nominateUntil)) jobs.push({ kind: 'election.nudge', dueAt: at });
    }
  }
  return jobs;
}

/** `election new "<title>" seats:<n> method:… [rule:…] [per:…] [secret:…] [nominate-until:…] [vote-until:…]` */
export async function newElection(req: Request): Promise<View> {
  const network = networkOf(req);
  const { deps, tr } = req;
  const title = arg.text(req, 'title').trim();
  if (title.length === 0 || title.length > MAX_TITLE) throw new DomainError('election.bad-title', { max: MAX_TITLE });
  const now = deps.clock.now();
  const nominateUntil = (req.command.args['nominate-until'] as Date | undefined) ?? null;
  const voteUntil = (req.command.args['vote-until'] as Date | undefined) ?? null;
  requireFuture(req, [nominateUntil, voteUntil]);
  if (nominateUntil && voteUntil && voteUntil <= nominateUntil) throw new DomainError('election.bad-deadlines');
  if (nominateUntil || voteUntil) requireQueue(req);
  const quorum = readQuorum(arg.optText(req, 'quorum'));
  const term = arg.optText(req, 'term')?.trim() || null;
  if (term !== null && term.length > MAX_TERM) throw new DomainError('election.bad-term', { max: MAX_TERM });
  const { election, jobs } = await deps.elections.create(
    network.id,
    {
      title,
      seats: arg.num(req, 'seats'),
      method: arg.text(req, 'method') as Method,
      rule: (arg.optText(req, 'rule') ?? 'scottish') as StvRule,
      per: (arg.optText(req, 'per') ?? 'org') as Per,
      secret: (arg.optText(req, 'secret') ?? 'yes') === 'yes',
      public: arg.optText(req, 'public') === undefined ? Boolean(network.resultsPage) : arg.optText(req, 'public') === 'yes',
      nominateUntil,
      voteUntil,
      createdBy: req.ctx.actor.userId,
      space: req.ctx.space,
      deputies: arg.optText(req, 'deputies') === 'yes',
      balance: balanceOf(arg.optText(req, 'balance')),
      quorum,
      term,
    },
    plan(now, nominateUntil, voteUntil),
    deps.limits.openElectionsPerNetwork,
    audit(req, 'election.create', { title }),
  );
  for (const job of jobs) await deps.scheduler.schedule(job);
  // The card is posted by the messenger, so its message can be updated in place later.
  const card = await deps.messenger.post(req.ctx.space, electionCard(tr, election, [], network.zone));
  await deps.elections.setCard(election.id, card);
  return privateText(tr.r('election.created', { id: `E${election.seq}` }));
}

/**
 * `election nominate E1 @user [org:"…"] [deputy:@user] [statement:"…"]`: anyone may nominate;
 * nominating yourself is accepting. In a deputies:yes election every candidate has a personal
 * deputy (required), and a pair stands once both have accepted.
 */
export async function nominate(req: Request): Promise<View> {
  const e = await electionOf(req);
  const userId = arg.text(req, 'user');
  const deputy = arg.optText(req, 'deputy') ?? null;
  const id = `E${e.seq}`;
  if (e.deputies && deputy === null) throw new DomainError('election.deputy-required', { id });
  if (!e.deputies && deputy !== null) throw new DomainError('election.no-deputies', { id });
  if (deputy === userId) throw new DomainError('election.deputy-self');
  const statement = arg.optText(req, 'statement')?.trim() || null;
  if (statement !== null && [...statement].length > MAX_STATEMENT) throw new DomainError('election.bad-statement', { max: MAX_STATEMENT, length: [...statement].length });
  const orgText = arg.optText(req, 'org');
  const org = orgText === undefined ? null : await resolveOrg(req, e.networkId, orgText);
  // Nominating yourself (or yourself as deputy) is accepting, except under a balance rule: the count
  // needs your gender, which you state by accepting (`election accept E1 gender:…` or its buttons).
  const self = userId === req.ctx.actor.userId && e.balance === 'none';
  const deputyAccepted = deputy === req.ctx.actor.userId && e.balance === 'none';
  // Coordinators nominate for the network: only the election's limit binds them.
  const perPerson = (await req.isCoordinator()) ? undefined : req.deps.limits.nominationsPerPersonPerElection;
  const c = await req.deps.elections.nominate(
    e.id,
    { userId, org: org ?? null, accepted: self, by: req.ctx.actor.userId, deputy, deputyAccepted, statement },
    { nominees: req.deps.limits.nominationsPerElection, perPerson },
    audit(req, 'election.nominate', { election: id, userId, ...(deputy ? { deputy } : {}) }),
  );
  await refresh(req, e);
  const answers = { type: 'actions' as const, buttons: answerButtons(req.tr, e) };
  if (deputy !== null) return publicText(req.tr.r('election.nominated-pair', { user: { user: userId }, deputy: { user: deputy }, by: { user: req.ctx.actor.userId }, id, n: c.seq }), answers);
  if (self) return publicText(req.tr.r('election.self-nominated', { user: { user: userId }, id, n: c.seq }));
  return publicText(req.tr.r('election.nominated', { user: { user: userId }, by: { user: req.ctx.actor.userId }, id, n: c.seq }), answers);
}

/** The gender words of `election accept … gender:` in the network's language (`nainen|mies|muu`). */
const genderWords = (lang: string) => (['woman', 'man', 'other'] as const).map((g) => choiceWord(g, lang)).join('|');

async function answer(req: Request, accept: boolean): Promise<View> {
  const e = await electionOf(req);
  const me = req.ctx.actor.userId;
  const id = `E${e.seq}`;
  const gender = (arg.optText(req, 'gender') ?? null) as Gender | null;
  // Under a balance rule the count needs everyone's gender: asked of candidates and deputies alike.
  if (accept && e.balance !== 'none' && gender === null) throw new DomainError('election.gender-required', { id, words: genderWords(req.tr.lang) });
  const answered = await req.deps.elections.answer(e.id, me, accept, audit(req, accept ? 'election.accept' : 'election.decline', { election: id }), gender);
  if (!answered) throw new DomainError('election.not-nominee', { id });
  await refresh(req, e);
  const { candidate: c, as } = answered;
  if (as === 'deputy') return publicText(req.tr.r(accept ? 'election.deputy-accepted' : 'election.deputy-declined', { user: { user: me }, candidate: { user: c.userId }, id, n: c.seq }));
  if (c.deputy && !accept) return publicText(req.tr.r('election.pair-declined', { user: { user: me }, deputy: { user: c.deputy.userId }, id }));
  return publicText(req.tr.r(accept ? 'election.accepted' : 'election.declined', { user: { user: me }, id }));
}

/** `election accept E1 [gender:…]` (the nominee or deputy; gender required under a balance rule) */
export const acceptNomination = (req: Request) => answer(req, true);
/** `election decline E1` (the nominee) */
export const declineNomination = (req: Request) => answer(req, false);

/** The roll when voting opens: organisations with members (per:org) or every member (per:person). */
async function currentRoll(deps: Deps, e: Election): Promise<RollEntry[]> {
  const orgs = (await deps.orgs.list(e.networkId)).filter((o) => o.members.length > 0);
  if (e.per === 'org') return orgs.map((o) => ({ voterKey: `org:${o.name.toLowerCase()}`, label: o.name, members: o.members }));
  const people = [...new Set(orgs.flatMap((o) => o.members))].sort();
  return people.map((p) => ({ voterKey: `person:${p}`, label: p, members: [p] }));
}

/** Opens voting; shared by `election open` and the nominate-until job. Returns the card, or why not. */
async function openElection(deps: Deps, e: Election, actor: Request['ctx']['actor']): Promise<{ ok: true } | { ok: false; error: DomainError }> {
  if (e.phase !== 'nominating') return { ok: false, error: new DomainError('election.not-nominating', { id: `E${e.seq}` }) };
  const standing = (await deps.elections.candidates(e.id)).filter((c) => c.state === 'accepted');
  const accepted = standing.length;
  if (accepted < e.seats) return { ok: false, error: new DomainError('election.too-few-candidates', { id: `E${e.seq}`, seats: e.seats, accepted }) };
  // The balance rule must be able to act: a candidate of each gender for every seat (pairs), or enough for 40%.
  const short = openingShortfall(e.balance, e.seats, standing.map((c) => c.gender ?? 'other'));
  if (short)
    return {
      ok: false,
      error: new DomainError(e.balance === 'pairs' ? 'election.balance-short-pairs' : 'election.balance-short-forty', {
        id: `E${e.seq}`,
        seats: e.seats,
        women: short.women.have,
        men: short.men.have,
        needWomen: short.women.need,
        needMen: short.men.need,
      }),
    };
  const roll = await currentRoll(deps, e);
  if (roll.length === 0) return { ok: false, error: new DomainError('election.empty-roll', { id: `E${e.seq}` }) };
  const opened = await deps.elections.open(e.id, roll, { actor, action: 'election.open', detail: { election: `E${e.seq}`, roll: roll.length } });
  return opened ? { ok: true } : { ok: false, error: new DomainError('election.not-nominating', { id: `E${e.seq}` }) };
}

/**
 * Opening by hand before `nominate-until` would cut short the time nominees were promised to
 * answer: refused while any has not answered. At the deadline (the open job), or when no deadline
 * was set, unanswered nominations lapse and the card shows them apart.
 */
async function requireAnswersBeforeDeadline(req: Request, e: Election): Promise<void> {
  if (e.phase !== 'nominating' || !e.nominateUntil || e.nominateUntil <= req.deps.clock.now()) return;
  const waiting = (await req.deps.elections.candidates(e.id)).filter((c) => c.state === 'nominated');
  if (waiting.length === 0) return;
  throw new DomainError('election.unanswered', {
    id: `E${e.seq}`,
    until: formatDate(e.nominateUntil, networkOf(req).zone, req.tr.lang),
    count: waiting.length,
    numbers: waiting.map((c) => c.seq).join(', '),
  });
}

/** `election open E1` */
export async function open(req: Request): Promise<View> {
  const e = await electionOf(req);
  await requireAnswersBeforeDeadline(req, e);
  const r = await openElection(req.deps, e, req.ctx.actor);
  if (!r.ok) throw r.error;
  await refresh(req, e);
  return votingOpened(req.tr, (await req.deps.elections.byId(e.id))!);
}

/** The announcement that voting is open, with how to vote and the ballot form. */
function votingOpened(tr: Translator, e: Election): View {
  const id = `E${e.seq}`;
  return publicText(tr.r('election.voting-open', { id, title: e.title }), { type: 'text', text: [tr.t(`election.how-to-vote.${e.method}`, { id, example: '1 2' })] }, {
    type: 'actions',
    buttons: [{ label: tr.t('button.vote'), command: `vote ${id}`, style: 'primary', form: true }],
  });
}

/** Closes and counts; shared by `election close` and the vote-until job. Undefined when it was not voting. */
async function closeElection(deps: Deps, e: Election, actor: Request['ctx']['actor']): Promise<ElectionResult | undefined> {
  const [candidates, roll] = await Promise.all([deps.elections.candidates(e.id), deps.elections.roll(e.id)]);
  const seed = seedHex();
  const genders = new Map(candidates.flatMap((c) => (c.gender ? [[c.seq, c.gender] as const] : [])));
  return deps.elections.close(
    e.id,
    (ballots, receipts) => {
      const receiptsOut = e.secret ? [...receipts].sort() : null;
      const closedAt = deps.clock.now().toISOString();
      // One ballot per voter of the roll (secret or open), read under the close's lock: the turnout.
      const quorum = e.quorum === null ? undefined : { percent: e.quorum, voted: ballots.length, total: roll.length, reached: ballots.length * 100 >= e.quorum * roll.length };
      // Without the quorum nothing is counted: a count published now would sway a reopened vote.
      if (quorum && !quorum.reached) return { closedAt, count: null, ballots: ballots.length, receipts: receiptsOut, quorum };
      const balanced = countElection(e, candidates, ballots, seed, genders);
      return { closedAt, count: balanced.counts[0]!.result, balanced, ballots: ballots.length, receipts: receiptsOut, ...(quorum ? { quorum } : {}) };
    },
    { actor, action: 'election.close', detail: { election: `E${e.seq}` } },
  );
}

function seedHex(): string {
  const bytes = new Uint8Array(8);
  globalThis.crypto.getRandomValues(bytes);
  return [...bytes].map((b) => b.toString(16).padStart(2, '0')).join('');
}

/** `election close E1`: counts and publishes; closing twice is harmless. */
export async function close(req: Request): Promise<View> {
  const e = await electionOf(req);
  if (e.phase === 'nominating') throw new DomainError('election.not-voting', { id: `E${e.seq}` });
  const result = await closeElection(req.deps, e, req.ctx.actor);
  if (!result) return alreadyClosed(req);
  await refresh(req, e);
  return closedView(req.deps, req.tr, e, result, req.network, req.ctx.actor);
}

/**
 * Closing a closed election again: says so, and publishes its page if one was wanted but publishing
 * failed at close (a page already up is only linked).
 */
async function alreadyClosed(req: Request): Promise<View> {
  const e = await electionOf(req);
  const answer = privateText(req.tr.r('election.already-closed', { id: `E${e.seq}` }));
  if (!e.result || !wantsPage(req.network, e) || !pageable(e, e.result)) return answer;
  const candidates = await req.deps.elections.candidates(e.id);
  const result = e.result;
  const page = await electionPage(req.deps, req.tr, e, req.ctx.actor, async () => electionSnapshot(req.deps, e, candidates, result, await shownNames(req.deps, e, candidates)));
  return { ...answer, blocks: [...answer.blocks, ...page] };
}

/** Publishes the election's results page from `snapshot` (or links the one already up). */
function electionPage(deps: Deps, tr: Translator, e: Election, actor: Actor, snapshot: () => Promise<PublishedElection>): Promise<Block[]> {
  return publishAtClose(deps, tr, { networkId: e.networkId, space: e.space, label: `E${e.seq}`, title: e.title }, { election: e.id }, snapshot, actor);
}

/** The candidates' and deputies' names as the platform shows them, for the result's chart (an image cannot mention). */
async function shownNames(deps: Deps, e: Election, candidates: readonly Candidate[]): Promise<ReadonlyMap<string, string>> {
  const people = candidates.flatMap((c) => [c.userId, ...(c.deputy ? [c.deputy.userId] : [])]);
  return (await deps.names?.names(e.space, people)) ?? new Map();
}

/** The result as posted at close, with the results page's link (and chain head) when it has one. */
async function closedView(deps: Deps, tr: Translator, e: Election, result: ElectionResult, network: Network | undefined, actor: Actor): Promise<View> {
  const candidates = await deps.elections.candidates(e.id);
  const shown = await shownNames(deps, e, candidates);
  const view = resultView(tr, { ...e, phase: 'closed' }, candidates, result, false, false, shown);
  if (!wantsPage(network, e) || !pageable(e, result)) return view;
  const page = await electionPage(deps, tr, e, actor, () => electionSnapshot(deps, e, candidates, result, shown));
  return { ...view, blocks: [...view.blocks, ...page] };
}

/**
 * `election reopen E1 vote-until:…` (coordinators): an election closed without its quorum votes
 * again until the new deadline; the ballots cast stay, and who voted cannot vote twice.
 */
export async function reopen(req: Request): Promise<View> {
  const e = await electionOf(req);
  const id = `E${e.seq}`;
  const voteUntil = arg.date(req, 'vote-until');
  requireFuture(req, [voteUntil]);
  requireQueue(req);
  const jobs = await req.deps.elections.reopen(e.id, voteUntil, plan(req.deps.clock.now(), null, voteUntil), audit(req, 'election.reopen', { election: id, voteUntil: voteUntil.toISOString() }));
  if (jobs === false) throw new DomainError('election.not-reopenable', { id });
  for (const job of jobs) await req.deps.scheduler.schedule(job);
  await refresh(req, e);
  return publicText(req.tr.r('election.reopened', { id, title: e.title, until: formatDate(voteUntil, networkOf(req).zone, req.tr.lang) }), {
    type: 'actions',
    buttons: [{ label: req.tr.t('button.vote'), command: `vote ${id}`, style: 'primary', form: true }],
  });
}

/** `election show E1`: the card, or the result once closed; coordinators also see stated genders. */
export async function show(req: Request): Promise<View> {
  const e = await electionOf(req);
  const candidates = await req.deps.elections.candidates(e.id);
  const coordinator = await req.isCoordinator();
  if (!e.result) return electionCard(req.tr, e, candidates, networkOf(req).zone, await turnoutOf(req.deps, e), true, coordinator);
  const view = resultView(req.tr, e, candidates, e.result, true, coordinator, await shownNames(req.deps, e, candidates));
  const page = await req.deps.published.idOf({ election: e.id });
  return page ? { ...view, blocks: [...view.blocks, { type: 'text', text: req.tr.r('results-page.link', { url: pageUrl(req.deps, page) }) }] } : view;
}

/** `election list` */
export async function list(req: Request): Promise<View> {
  const all = await req.deps.elections.list(networkOf(req).id);
  if (all.length === 0) return privateText([req.tr.t('election.none')]);
  return {
    private: true,
    blocks: [
      { type: 'heading', text: req.tr.t('election.list-heading', { count: all.length }) },
      { type: 'list', items: all.map((e) => [`E${e.seq} · ${e.title} · ${req.tr.t(`election.phase.${e.phase}`)}`]) },
    ],
  };
}

/**
 * Turnout by organisation. Per organisation, each is one voter on the roll; per person, a person
 * counts in each organisation they are a member of now (the roll keeps no organisations), and one
 * in none under "(no organisation)".
 */
async function turnoutRows(req: Request, e: Election, roll: readonly RollEntry[], done: ReadonlySet<string>): Promise<ChartTurnoutRow[]> {
  if (e.per === 'org') return roll.map((r) => ({ label: r.label, voted: done.has(r.voterKey) ? 1 : 0, total: 1 }));
  const onRoll = new Map(roll.map((r) => [r.label, done.has(r.voterKey)]));
  const seen = new Set<string>();
  const rows: ChartTurnoutRow[] = [];
  for (const org of await req.deps.orgs.list(e.networkId)) {
    const members = org.members.filter((m) => onRoll.has(m));
    members.forEach((m) => seen.add(m));
    if (members.length > 0) rows.push({ label: org.name, voted: members.filter((m) => onRoll.get(m)).length, total: members.length });
  }
  const rest = [...onRoll.keys()].filter((m) => !seen.has(m));
  if (rest.length > 0) rows.push({ label: req.tr.t('chart.no-organisation'), voted: rest.filter((m) => onRoll.get(m)).length, total: rest.length });
  return rows;
}

/** `election turnout E1`: who has voted (and a chart by organisation); coordinators also see who has not. */
export async function turnout(req: Request): Promise<View> {
  const e = await electionOf(req);
  if (e.phase === 'nominating') throw new DomainError('election.not-voting', { id: `E${e.seq}` });
  const [roll, voted] = await Promise.all([req.deps.elections.roll(e.id), req.deps.elections.voted(e.id)]);
  const done = new Set(voted);
  const label = (r: RollEntry) => (e.per === 'person' ? [{ user: r.label }] : [r.label]);
  const blocks: View['blocks'][number][] = [
    { type: 'heading', text: req.tr.t('election.turnout-heading', { id: `E${e.seq}`, voted: done.size, total: roll.length }) },
    { type: 'list', items: roll.filter((r) => done.has(r.voterKey)).map(label) },
  ];
  if (await req.isCoordinator()) {
    blocks.push({ type: 'text', text: [req.tr.t('election.not-voted', { count: roll.length - done.size })] });
    blocks.push({ type: 'list', items: roll.filter((r) => !done.has(r.voterKey)).map(label) });
  }
  const rows = await turnoutRows(req, e, roll, done);
  if (rows.length > 0) blocks.push({ type: 'chart', chart: turnoutChart(req.tr, { id: `E${e.seq}`, title: e.title }, rows) });
  return { private: true, blocks };
}

/** `election export E1`: a closed election's anonymous ballots as a BLT file. */
export async function exportBlt(req: Request): Promise<View> {
  const e = await electionOf(req);
  if (e.phase !== 'closed') throw new DomainError('election.not-closed', { id: `E${e.seq}` });
  const candidates = (await req.deps.elections.candidates(e.id)).filter((c) => c.state === 'accepted');
  const ballots = await req.deps.elections.ballots(e.id);
  const blt = toBlt(e.title, e.seats, candidates.map((c) => ({ seq: c.seq, name: c.org ? `${c.userId} (${c.org})` : c.userId })), ballots);
  return {
    private: true,
    blocks: [
      { type: 'text', text: [req.tr.t('election.export', { id: `E${e.seq}` })] },
      { type: 'file', name: `neuvo-E${e.seq}.blt`, mime: 'text/plain', content: blt },
    ],
  };
}

/** The election a vote or ballot form is for, which must be voting, and who the person votes as. */
async function ballotOf(req: Request, seq: number): Promise<{ e: Election; voter: RollEntry; candidates: Candidate[] }> {
  const found = await req.deps.elections.ballotContext(networkOf(req).id, seq, req.ctx.actor.userId);
  const id = `E${seq}`;
  if (!found) throw new DomainError('election.unknown', { id });
  const { election: e, candidates } = found;
  if (e.phase !== 'voting') throw new DomainError(e.phase === 'closed' ? 'vote.closed' : 'vote.not-open', { id });
  // Several entries when the person represents several organisations: `org:"…"` says which.
  const orgText = arg.optText(req, 'org');
  const entries = orgText === undefined ? found.entries : found.entries.filter((r) => orgKey(r.label) === orgKey(orgText));
  if (entries.length === 0) throw new DomainError(orgText === undefined ? 'vote.not-on-roll' : 'vote.not-member-of', { id, org: orgText ?? '' });
  if (entries.length > 1) throw new DomainError('vote.which-org', { orgs: entries.map((r) => `"${r.label}"`).join(', ') });
  return { e, voter: entries[0]!, candidates };
}

/** A ranking field of `max` positions, each named in the form's language. */
function rankField(tr: Translator, max: number, options: FormOption[]): FormField {
  const choiceLabels = Array.from({ length: max }, (_, i) => tr.t('form.choice', { n: i + 1 }));
  return { kind: 'rank', label: tr.t('form.rank-label'), max, options, choiceLabels, startOver: tr.t('form.start-over') };
}

/** The ballot form of `vote E1`: rank (STV), pick any (approval) or pick one (plurality). */
export async function ballotForm(req: Request, seq: number): Promise<Form> {
  const { e, voter, candidates } = await ballotOf(req, seq);
  const id = `E${e.seq}`;
  const options = candidates
    .filter((c) => c.state === 'accepted')
    .map((c) => ({
      label: [`${c.seq}. `, { user: c.userId }, ...(c.org ? [` (${c.org})`] : []), ...(c.deputy ? [` + `, { user: c.deputy.userId }] : [])],
      value: String(c.seq),
      ...(c.statement ? { description: c.statement } : {}),
    }));
  const org = arg.optText(req, 'org') === undefined ? '' : ` org:"${voter.label}"`;
  // Typing the vote takes any number of candidates; a form that cut some off would not.
  if (options.length > FORM_MAX_OPTIONS) throw new DomainError('form.too-many-candidates', { id, count: options.length, max: FORM_MAX_OPTIONS });
  const { tr } = req;
  return {
    title: tr.t('form.ballot-title', { id }),
    submit: tr.t('form.submit-vote'),
    command: `vote ${id}${org}`,
    field:
      e.method === 'stv'
        ? rankField(tr, Math.min(options.length, 10), options)
        : { kind: 'pick', label: tr.t(e.method === 'approval' ? 'form.pick-many-label' : 'form.pick-one-label'), min: 1, max: e.method === 'approval' ? options.length : 1, options },
  };
}

/** `vote E1 <candidates…> [org:"…"]` */
export async function vote(req: Request, seq: number): Promise<View> {
  const { e, voter, candidates } = await ballotOf(req, seq);
  const id = `E${e.seq}`;
  const me = req.ctx.actor.userId;
  const choices = readChoices(req.command.args.choices as readonly string[], candidates, e.method);
  if (!choices.ok) throw new DomainError(choices.code, choices.params);
  const outcome = await req.deps.elections.vote(e.id, {
    voterKey: voter.voterKey,
    castBy: me,
    ranking: choices.ranking,
    idempotencyKey: req.ctx.requestId ?? globalThis.crypto.randomUUID(),
    secret: e.secret,
  });
  const who = e.per === 'org' ? quote(req.tr.lang, voter.label) : req.tr.t('vote.yourself');
  // The card shows the turnout: a new voter changes it (throttled: a burst of first votes is one update).
  if (outcome.kind === 'recorded') req.deps.metrics?.vote('election', e.secret);
  if (outcome.kind === 'recorded') req.deps.cardUpdates.request(cardKey(e.id), () => refreshCard(req.deps, e.id, req.tr, networkOf(req).zone));
  switch (outcome.kind) {
    case 'recorded':
      return privateText(req.tr.r(outcome.receipt ? 'vote.recorded-secret' : 'vote.recorded', { id, who, receipt: outcome.receipt ?? '', ranking: choices.ranking.join(' ') }));
    case 'replaced':
      return privateText(req.tr.r('vote.replaced', { id, who, ranking: choices.ranking.join(' ') }));
    case 'duplicate-request':
      return privateText(req.tr.r('vote.duplicate-request', { id }));
    case 'already-voted':
      throw new DomainError('vote.already-voted', { id, who, per: e.per });
    case 'not-open':
      throw new DomainError('vote.closed', { id });
  }
}

/**
 * Whom a nudge of the election reminds now, and what it says: the members of organisations that have
 * not voted (`election.nudge`), or nominees who have not answered (`election.nominee-nudge`).
 * Undefined when it is moot: the phase is over or its deadline has passed.
 */
export async function electionNudge(deps: Deps, kind: 'election.nudge' | 'election.nominee-nudge', e: Election, tr: Translator, zone: string): Promise<Nudge | undefined> {
  if (kind === 'election.nudge') {
    if (e.phase !== 'voting' || deadlinePassed(deps, e.voteUntil, kind, e.id)) return undefined;
    const [roll, voted] = await Promise.all([deps.elections.roll(e.id), deps.elections.voted(e.id)]);
    const done = new Set(voted);
    const view: View = { private: false, blocks: [{ type: 'text', text: tr.r('election.nudge', { id: `E${e.seq}`, title: e.title, until: e.voteUntil ? formatDate(e.voteUntil, zone, tr.lang) : '' }) }] };
    return { space: e.space, people: [...new Set(roll.filter((r) => !done.has(r.voterKey)).flatMap((r) => r.members))], view };
  }
  if (e.phase !== 'nominating' || deadlinePassed(deps, e.nominateUntil, kind, e.id)) return undefined;
  const waiting = (await deps.elections.candidates(e.id)).filter((c) => c.state === 'nominated');
  const view: View = { private: false, blocks: [{ type: 'text', text: tr.r('election.nominee-nudge', { id: `E${e.seq}`, title: e.title }) }] };
  // In a pair, whichever of the two has not answered yet.
  const people = waiting.flatMap((c) => [...((c.own ?? c.state) === 'nominated' ? [c.userId] : []), ...(c.deputy?.state === 'nominated' ? [c.deputy.userId] : [])]);
  return { space: e.space, people: [...new Set(people)], view };
}

/** Runs an election job: open or close at a deadline (a no-op when done by hand already). */
export async function runElectionJob(deps: Deps, kind: JobKind, electionId: string, tr: Translator, zone: string): Promise<void> {
  const e = await deps.elections.byId(electionId);
  if (!e) return;
  const system = systemActor(e.space);
  switch (kind) {
    case 'election.open': {
      if (e.phase !== 'nominating') return;
      const r = await openElection(deps, e, system);
      await updateCard(deps, e.id, tr, zone);
      await deps.messenger.post(e.space, r.ok ? votingOpened(tr, (await deps.elections.byId(e.id))!) : { private: false, blocks: [{ type: 'text', text: tr.r(r.error.code, r.error.params) }] });
      return;
    }
    case 'election.close': {
      if (e.phase !== 'voting') return;
      const result = await closeElection(deps, e, system);
      if (!result) return;
      await updateCard(deps, e.id, tr, zone);
      await deps.messenger.post(e.space, await closedView(deps, tr, e, result, await deps.networks.byId(e.networkId), system));
      return;
    }
    default:
      return;
  }
}
