/**
 * `election proposal E1`: the network's formal proposal of its elected representatives to the welfare
 * area, as a PDF in the network's language (issue #15). The core writes every word of the document
 * ({@link PrintDocument}); `Deps.documents` lays it out.
 */
import type { Gender } from '../../domain/balance.js';
import type { Candidate } from '../../domain/election.js';
import { DomainError } from '../../domain/errors.js';
import type { CountResult } from '../../domain/tally/index.js';
import { areaParams, WELFARE_AREAS } from '../../domain/welfare-areas.js';
import { percent, quote } from '../../i18n/format.js';
import { type Translator, translator } from '../../i18n/translator.js';
import type { DocBlock, PrintDocument } from '../../views/document.js';
import { base64Of, type View } from '../../views/view.js';
import type { Election, ElectionResult, Negotiation, Network } from '../ports.js';
import { type Deps, networkOf, type Request } from '../request.js';
import { electionOf } from './elections.js';

/** A candidate as the proposal shows them: the deputy with the organisation they are a member of. */
export type ProposalCandidate = Omit<Candidate, 'deputy'> & {
  readonly deputy?: { readonly userId: string; readonly org: string | null; readonly gender?: Gender | null } | null;
};

/** `election proposal E1` (coordinators): the proposal PDF of a closed election whose quorum was reached. */
export async function proposal(req: Request): Promise<View> {
  const e = await electionOf(req);
  const id = `E${e.seq}`;
  const result = e.result;
  if (e.phase !== 'closed' || !result) throw new DomainError('proposal.not-closed', { id });
  if (!result.count || result.quorum?.reached === false) throw new DomainError('proposal.no-quorum', { id });
  const { deps, tr } = req;
  const network = networkOf(req);
  // The document is in the network's language whoever asks for it: it goes to the welfare area.
  const doc = proposalDocument(translator(network.lang), await gatherFacts(deps, network, e, result));
  const pdf = await deps.documents.pdf(doc);
  return {
    private: true,
    lang: tr.lang,
    blocks: [
      { type: 'text', text: [tr.t('proposal.ready', { id, ...areaParams(areaOf(network), tr.lang) })] },
      { type: 'file', name: tr.t('proposal.file', { id }), mime: 'application/pdf', content: base64Of(pdf), encoding: 'base64' },
    ],
  };
}

const areaOf = (network: Network) => WELFARE_AREAS.find((a) => a.id === network.areaId) ?? network.areaId;

/** What the proposal is made of. */
export interface ProposalFacts {
  readonly network: Network;
  readonly election: Election;
  readonly result: ElectionResult;
  readonly candidates: readonly ProposalCandidate[];
  /** User ids of the network's coordinators: they sign. */
  readonly coordinators: readonly string[];
  /** Names by user id; whoever is missing is shown by id. */
  readonly names: ReadonlyMap<string, string>;
  /** The negotiations the representatives are proposed for (none: the section is left out). */
  readonly negotiations: readonly Negotiation[];
  readonly turnout: { readonly voted: number; readonly total: number };
  readonly now: Date;
}

/** The date as a formal letter writes it in the network's zone: `6. joulukuuta 2026`, `6 december 2026`. */
function longDate(at: Date, zone: string, lang: string): string {
  const locale = lang === 'fi' ? 'fi-FI' : lang === 'sv' ? 'sv-FI' : 'en-GB';
  return new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeZone: zone }).format(at);
}

/** The proposal as a document in the translator's language. */
export function proposalDocument(tr: Translator, f: ProposalFacts): PrintDocument {
  const e = f.election;
  const result = f.result;
  const candidates = f.candidates;
  const lang = tr.lang;
  const zone = f.network.zone;
  const area = areaParams(areaOf(f.network), lang);
  const id = `E${e.seq}`;
  const nameOf = (userId: string) => f.names.get(userId) ?? userId;
  const network = tr.t('proposal.network', area);
  const balance = result.balanced?.mode ?? e.balance ?? 'none';
  const counts = result.balanced?.counts ?? (result.count ? [{ gender: null, result: result.count }] : []);
  const bySeq = (seq: string) => candidates.find((c) => String(c.seq) === seq);
  const elected = counts.map((c) => ({ gender: c.gender, people: c.result.winners.map(bySeq).filter((c): c is ProposalCandidate => c !== undefined) }));
  const all = elected.flatMap((g) => g.people);
  const withDeputies = all.some((c) => c.deputy);
  // Genders are shown where the balance rule made them matter (pairs say it by their tables' headings).
  const showGender = balance === 'forty';
  const person = (userId: string, gender: Gender | null | undefined) =>
    showGender && gender ? `${nameOf(userId)} (${tr.t('proposal.gender', { gender })})` : nameOf(userId);
  // Each person with their organisation under the name: the deputy beside the representative they stand in for.
  const cell = (userId: string, gender: Gender | null | undefined, org: string | null) => [person(userId, gender), ...(org ? [org] : [])].join('\n');
  const table = (people: readonly ProposalCandidate[]): DocBlock => ({
    kind: 'table',
    columns: [tr.t('proposal.col.number'), tr.t('proposal.col.member'), ...(withDeputies ? [tr.t('proposal.col.deputy')] : [])],
    rows: people.map((c, i) => [
      String(i + 1),
      cell(c.userId, c.gender, c.org),
      ...(withDeputies ? [c.deputy ? cell(c.deputy.userId, c.deputy.gender, c.deputy.org) : '–'] : []),
    ]),
  });

  const blocks: DocBlock[] = [
    { kind: 'paragraph', text: tr.t('proposal.intro', { network, ...area, deputies: withDeputies ? 'yes' : 'no', id, title: quote(lang, e.title) }) },
  ];

  if (f.negotiations.length > 0) {
    blocks.push({ kind: 'heading', text: tr.t('proposal.negotiations-heading') });
    blocks.push({
      kind: 'table',
      columns: [tr.t('proposal.col.negotiation'), tr.t('proposal.col.when'), tr.t('proposal.col.place')],
      rows: f.negotiations.map((n) => [n.title, longDate(n.startsAt, zone, lang), n.place ?? n.link ?? '–']),
    });
  }

  blocks.push({ kind: 'heading', text: tr.t('proposal.representatives-heading') });
  if (balance === 'pairs') {
    blocks.push({ kind: 'paragraph', text: tr.t('proposal.pairs-note', { seats: e.seats }) });
    for (const g of elected) {
      if (g.gender) blocks.push({ kind: 'heading', text: tr.t('proposal.gender-heading', { gender: g.gender }) });
      blocks.push(table(g.people));
    }
  } else blocks.push(table(all));
  if (withDeputies) blocks.push({ kind: 'paragraph', text: tr.t('proposal.deputies-note') });

  const statements = all.filter((c) => c.statement?.trim());
  if (statements.length > 0) {
    blocks.push({ kind: 'heading', text: tr.t('proposal.statements-heading') });
    for (const c of statements) blocks.push({ kind: 'paragraph', text: `${nameOf(c.userId)}: ${c.statement!.trim()}` });
  }

  blocks.push({ kind: 'heading', text: tr.t('proposal.how-heading') });
  const closedAt = result.closedAt ? new Date(result.closedAt) : e.voteUntil && e.voteUntil <= f.now ? e.voteUntil : null;
  // Stored as a whole percent (`quorum:50%` is 50).
  const quorumShare = e.quorum == null ? null : e.quorum / 100;
  const share = f.turnout.total > 0 ? f.turnout.voted / f.turnout.total : 0;
  const method = e.method === 'stv' ? tr.t(`election.rule.${e.rule}`) : tr.t(`election.method.${e.method}`);
  blocks.push({
    kind: 'fields',
    fields: [
      { label: tr.t('proposal.field.election'), value: `${id} ${quote(lang, e.title)}` },
      { label: tr.t('proposal.field.method'), value: method },
      { label: tr.t('proposal.field.seats'), value: String(e.seats) },
      { label: tr.t('proposal.field.ballots'), value: tr.t(e.per === 'org' ? 'election.per.org' : 'election.per.person') },
      ...(closedAt ? [{ label: tr.t('proposal.field.closed'), value: longDate(closedAt, zone, lang) }] : []),
      { label: tr.t('proposal.field.turnout'), value: tr.t('proposal.turnout', { voted: f.turnout.voted, total: f.turnout.total, share: percent(lang, share) }) },
      { label: tr.t('election.field.valid-ballots'), value: String(result.count?.validBallots ?? 0) },
      ...(quorumShare !== null
        ? [{ label: tr.t('proposal.field.quorum'), value: tr.t('proposal.quorum', { quorum: percent(lang, quorumShare), reached: result.quorum ? (result.quorum.reached ? 'yes' : 'no') : 'unknown' }) }]
        : []),
      ...(balance !== 'none' ? [{ label: tr.t('proposal.field.balance'), value: tr.t(balance === 'pairs' ? 'proposal.balance.pairs' : 'proposal.balance.forty') }] : []),
      ...(e.term?.trim() ? [{ label: tr.t('proposal.field.term'), value: e.term.trim() }] : []),
    ],
  });
  if (balance === 'forty') {
    const passed = result.balanced?.passedOver ?? [];
    if (passed.length === 0) blocks.push({ kind: 'paragraph', text: tr.t('proposal.balance.untouched') });
    for (const p of passed) {
      const c = bySeq(p.candidate);
      blocks.push({ kind: 'paragraph', text: tr.t('proposal.balance.passed-over', { name: c ? nameOf(c.userId) : p.candidate, round: p.round }) });
    }
  }

  blocks.push({ kind: 'heading', text: tr.t('proposal.signatures-heading') });
  blocks.push({
    kind: 'signatures',
    placeDate: tr.t('proposal.place-date', { place: area.areaIn, date: longDate(f.now, zone, lang) }),
    signers: [...f.coordinators].map((u) => ({ name: nameOf(u), role: tr.t('proposal.signer-role') })),
  });

  return {
    lang,
    title: tr.t('proposal.title', area),
    author: network,
    subject: tr.t('proposal.subject', { id, title: quote(lang, e.title) }),
    reference: [tr.t('proposal.kind'), longDate(f.now, zone, lang), tr.t('proposal.reference', { id })],
    recipient: [tr.t('proposal.recipient', area)],
    blocks,
    pageLabel: tr.t('proposal.page', { page: '{page}', pages: '{pages}' }),
  };
}

/** What the proposal of a closed election says, read from the repositories and the platform's names. */
async function gatherFacts(deps: Deps, network: Network, e: Election, result: ElectionResult): Promise<ProposalFacts> {
  const [stored, coordinators, negotiations, roll, voted, orgs] = await Promise.all([
    deps.elections.candidates(e.id),
    deps.networks.coordinators(network.id),
    deps.negotiations.list(network.id),
    deps.elections.roll(e.id),
    deps.elections.voted(e.id),
    deps.orgs.list(network.id),
  ]);
  // A deputy is shown with the organisation they are a member of (the candidate's, when they are in it too).
  const orgOf = (userId: string, prefer: string | null) => {
    const theirs = orgs.filter((o) => o.members.includes(userId)).map((o) => o.name);
    return prefer && theirs.includes(prefer) ? prefer : (theirs[0] ?? null);
  };
  const candidates: ProposalCandidate[] = stored.map((c) => ({ ...c, deputy: c.deputy ? { userId: c.deputy.userId, org: orgOf(c.deputy.userId, c.org), gender: c.deputy.gender } : null }));
  const people = [...candidates.flatMap((c) => [c.userId, ...(c.deputy ? [c.deputy.userId] : [])]), ...coordinators];
  const names = (await deps.names?.names(e.space, people)) ?? new Map<string, string>();
  const now = deps.clock.now();
  return {
    network,
    election: e,
    result,
    candidates,
    coordinators,
    names,
    // The negotiations still ahead are those the representatives are proposed for.
    negotiations: negotiations.filter((n) => n.state === 'scheduled' && n.startsAt.getTime() >= now.getTime()),
    turnout: { voted: voted.length, total: roll.length },
    now,
  };
}
