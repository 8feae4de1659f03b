import { type Candidate, ruleOf } from '../../domain/election.js';
import { DomainError } from '../../domain/errors.js';
import { buildRecord, type PublicRecord } from '../../domain/public-record.js';
import type { Translator } from '../../i18n/translator.js';
import type { Block, View } from '../../views/view.js';
import type { Actor, Election, ElectionResult, Network, Poll, PollResult, PublishedCandidate, PublishedElection, PublishedPoll, PublishedSubject } from '../ports.js';
import { arg, audit, type Deps, networkOf, publicText, type Request } from '../request.js';

/** The path of a results page; the record and the BLT file are under it. */
export const resultsPath = (id: string) => `/r/${id}`;

/**
 * Whether a closed election can have a page: it was counted (the quorum was reached) under no gender
 * balance rule. A balance rule's counts depend on the candidates' genders, which only coordinators and
 * the proposal show, so nobody else could recount its record.
 */
export function pageable(e: Pick<Election, 'balance'>, r: Pick<ElectionResult, 'count'>): boolean {
  return r.count !== null && e.balance === 'none';
}

/** Whether an election or poll gets a page at close: asked for it, or the network publishes all. */
export function wantsPage(network: Pick<Network, 'resultsPage'> | undefined, item: { readonly public?: boolean }): boolean {
  return Boolean(item.public || network?.resultsPage);
}

/** How the record and the page name a candidate: as the BLT export does, the person with their organisation. */
export const candidateName = (c: Pick<Candidate, 'userId' | 'org'>, display?: string) => {
  const person = display ?? c.userId;
  return c.org ? `${person} (${c.org})` : person;
};

/**
 * The candidates' names as the platform shows them (`shown`; user ids where it could not say), fixed in
 * the snapshot. Rankings in the record are names, so two people shown alike keep their user ids to stay apart.
 */
function candidateNames(standing: readonly Candidate[], shown: ReadonlyMap<string, string>): Map<number, string> {
  const named = standing.map((c) => [c.seq, candidateName(c, shown.get(c.userId))] as const);
  const uses = new Map<string, number>();
  for (const [, n] of named) uses.set(n, (uses.get(n) ?? 0) + 1);
  return new Map(named.map(([seq, n], i) => [seq, uses.get(n)! > 1 ? candidateName(standing[i]!, `${shown.get(standing[i]!.userId) ?? ''} ${standing[i]!.userId}`.trim()) : n]));
}

/** Voters per organisation: per:org an organisation is one voter; per:person its members on the roll. */
async function turnoutByOrg(deps: Deps, e: Election): Promise<PublishedElection['turnout']> {
  const [roll, voted, orgs] = await Promise.all([deps.elections.roll(e.id), deps.elections.voted(e.id), deps.orgs.list(e.networkId)]);
  const done = new Set(voted);
  if (e.per === 'org') return roll.map((r) => ({ org: r.label, voted: done.has(r.voterKey) ? 1 : 0, total: 1 }));
  const onRoll = new Set(roll.map((r) => r.voterKey));
  return orgs
    .map((o) => {
      const keys = o.members.map((m) => `person:${m}`).filter((k) => onRoll.has(k));
      return { org: o.name, voted: keys.filter((k) => done.has(k)).length, total: keys.length };
    })
    .filter((t) => t.total > 0);
}

/**
 * What a closed election's page shows, fixed now. Ballots are published (with their receipts and the
 * hash chain) only for secret elections with at least `minPublicBallots` of them.
 */
export async function electionSnapshot(deps: Deps, e: Election, candidates: readonly Candidate[], r: ElectionResult, shown: ReadonlyMap<string, string>): Promise<PublishedElection> {
  const standing = candidates.filter((c) => c.state === 'accepted');
  const seqName = candidateNames(standing, shown);
  const bySeq = new Map([...seqName].map(([seq, n]) => [String(seq), n]));
  const name = (seq: string) => bySeq.get(seq) ?? seq;
  const { count } = r;
  if (!count) throw new Error(`E${e.seq} was not counted: it has no results page`);
  const min = deps.limits.minPublicBallots;
  const recordWithheld = !e.secret ? 'open-ballots' : r.ballots < min ? 'too-few' : null;
  let record: PublicRecord | null = null;
  if (!recordWithheld) {
    const ballots = await deps.elections.receiptBallots(e.id);
    record = buildRecord({
      electionId: e.id,
      title: e.title,
      method: e.method,
      rule: ruleOf(e.method, e.rule),
      seats: e.seats,
      seed: count.seed,
      candidates: standing.map((c) => seqName.get(c.seq)!),
      ballots: ballots.map((b) => ({ receipt: b.receipt, ranking: b.ranking.flatMap((s) => (seqName.has(s) ? [seqName.get(s)!] : [])) })),
      winners: count.winners.map(name),
    });
  }
  return {
    kind: 'election',
    seq: e.seq,
    title: e.title,
    closedAt: deps.clock.now().toISOString(),
    method: e.method,
    rule: e.rule,
    seats: e.seats,
    per: e.per,
    secret: e.secret,
    candidates: standing.map((c): PublishedCandidate => ({ name: seqName.get(c.seq)!, org: c.org })),
    winners: count.winners.map(name),
    validBallots: count.validBallots,
    ballots: r.ballots,
    quota: count.quota,
    seed: count.seed,
    rounds: count.rounds.map((round) => ({
      round: round.round,
      action: round.action,
      candidate: round.candidate === null ? null : name(round.candidate),
      tallies: round.tallies.filter((t) => t.status !== 'withdrawn').map((t) => ({ candidate: name(t.candidate), votes: t.votes, status: t.status })),
      elected: round.elected.map(name),
      excluded: round.excluded.map(name),
      exhausted: round.exhausted,
    })),
    tieBreaks: count.tieBreaks.map((t) => ({ round: t.round, reason: t.reason, between: t.between.map(name), chosen: name(t.chosen), method: t.method })),
    turnout: await turnoutByOrg(deps, e),
    record,
    recordWithheld,
    minBallots: min,
  };
}

/** What a closed poll's page shows: every standing topic with its votes, those that joined the agenda marked. */
export function pollSnapshot(deps: Deps, p: Poll, result: PollResult): PublishedPoll {
  const agenda = new Set(result.agenda);
  return {
    kind: 'poll',
    seq: p.seq,
    question: p.question,
    theme: p.theme,
    closedAt: deps.clock.now().toISOString(),
    voters: result.voters,
    topics: result.ranking.map((o) => ({ topic: o.text, votes: o.votes, agenda: agenda.has(o.seq) })),
  };
}

/** The page's address: the full URL when `NEUVO_PUBLIC_URL` is set, else its path on Neuvo's web server. */
export const pageUrl = (deps: Deps, id: string) => `${deps.publicUrl ?? ''}${resultsPath(id)}`;

/** The lines that go with a result whose page was published: the link and, with a record, its chain head. */
export function pageBlocks(tr: Translator, deps: Deps, id: string, label: string, snapshot: PublishedElection | PublishedPoll): Block[] {
  const blocks: Block[] = [{ type: 'text', text: tr.r('results-page.link', { url: pageUrl(deps, id) }) }];
  if (snapshot.kind === 'election' && snapshot.record) {
    blocks.push({ type: 'text', text: tr.r('results-page.head', { id: label, count: snapshot.record.ballots.length, head: snapshot.record.chain.head }) });
  }
  if (snapshot.kind === 'election' && snapshot.recordWithheld === 'too-few') blocks.push({ type: 'text', text: tr.r('results-page.too-few', { min: snapshot.minBallots }) });
  return blocks;
}

/**
 * Publishes a closed election's or poll's page when it wants one, and posts its link (and the chain
 * head) in the network's other channels, so every channel's own timestamps witness the head. Returns
 * the lines for the result itself, or none. A page that fails to publish is logged: the close stands,
 * and closing again publishes it. A page already published is only linked again (never re-announced),
 * and one taken down stays down.
 */
export async function publishAtClose(
  deps: Deps,
  tr: Translator,
  item: { readonly networkId: string; readonly space: Election['space']; readonly label: string; readonly title: string },
  subject: PublishedSubject,
  snapshot: () => Promise<PublishedElection | PublishedPoll>,
  actor: Actor,
): Promise<Block[]> {
  try {
    const before = await deps.published.status(subject);
    if (before) return before.up ? [{ type: 'text', text: tr.r('results-page.link', { url: pageUrl(deps, before.id) }) }] : [];
    const snap = await snapshot();
    const { id, fresh } = await deps.published.publish(item.networkId, subject, snap, { actor, action: 'results-page.publish', detail: { item: item.label } });
    const blocks = pageBlocks(tr, deps, id, item.label, snap);
    if (!fresh) return blocks;
    const others = (await deps.negotiations.spaces(item.networkId)).filter(
      (s) => !(s.platform === item.space.platform && s.workspaceId === item.space.workspaceId && s.channelId === item.space.channelId),
    );
    const view: View = { private: false, blocks: [{ type: 'text', text: tr.r('results-page.announce', { id: item.label, title: item.title }) }, ...blocks] };
    for (const space of others) {
      await deps.messenger.post(space, view).catch((err: unknown) => deps.onError?.(err, `posting the results page of ${item.label}`));
    }
    return blocks;
  } catch (err) {
    deps.onError?.(err, `publishing the results page of ${item.label}`);
    return [];
  }
}

/** `election unpublish E1` / `poll unpublish P1`: takes the page down; its address answers 404 after. */
export async function unpublish(req: Request, kind: 'election' | 'poll'): Promise<View> {
  const network = networkOf(req);
  const seq = arg.num(req, kind);
  const label = `${kind === 'election' ? 'E' : 'P'}${seq}`;
  const found = kind === 'election' ? await req.deps.elections.find(network.id, seq) : await req.deps.polls.find(network.id, seq);
  if (!found) throw new DomainError(kind === 'election' ? 'election.unknown' : 'poll.unknown', { id: label });
  const subject: PublishedSubject = kind === 'election' ? { election: found.id } : { poll: found.id };
  const removed = await req.deps.published.unpublish(network.id, subject, audit(req, 'results-page.unpublish', { item: label }));
  if (!removed) throw new DomainError('results-page.none', { id: label, kind });
  return publicText(req.tr.r('results-page.unpublished', { id: label, kind }));
}
