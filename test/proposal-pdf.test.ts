import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PNG } from 'pngjs';
import { afterAll, describe, expect, it } from 'vitest';
import { PdfkitDocumentRenderer } from '../adapters/pdf/pdfkit-document-renderer.js';
import type { Election, ElectionResult, Negotiation, Network } from '../src/app/ports.js';
import { type ProposalFacts, proposalDocument } from '../src/app/services/election-proposal.js';
import type { Candidate } from '../src/domain/election.js';
import type { CountResult } from '../src/domain/tally/index.js';
import { type Lang, translator } from '../src/i18n/translator.js';

const dir = mkdtempSync(join(tmpdir(), 'neuvo-proposal-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const renderer = new PdfkitDocumentRenderer();

/** The PDF's text as poppler reads it (layout kept, so table rows stay on one line). */
function pdfText(pdf: Uint8Array, name: string): string {
  const path = join(dir, `${name}.pdf`);
  writeFileSync(path, pdf);
  return execFileSync('pdftotext', ['-layout', '-enc', 'UTF-8', path, '-'], { encoding: 'utf8' }).replaceAll('\u00a0', ' ');
}

/** The PDF's metadata as `pdfinfo` prints it. */
function pdfInfo(pdf: Uint8Array, name: string): string {
  const path = join(dir, `${name}.pdf`);
  writeFileSync(path, pdf);
  return execFileSync('pdfinfo', ['-enc', 'UTF-8', path], { encoding: 'utf8' });
}

const space = { platform: 'console' as const, workspaceId: 'w', channelId: 'c' };
const network = (lang: Lang, areaId = 'keski-uusimaa'): Network => ({ id: 'n', areaId, lang, zone: 'Europe/Helsinki', reminderOffsets: [], budgetReminder: null });
const count = (winners: string[]): CountResult => ({ rule: 'scottish', winners, rounds: [], quota: '2', tieBreaks: [], seed: '0', lotOrder: [], validBallots: 5 });
const election = (extra: Record<string, unknown> = {}): Election =>
  ({
    id: 'e',
    networkId: 'n',
    seq: 3,
    title: 'Edustajat 2027',
    seats: 2,
    method: 'stv',
    rule: 'scottish',
    per: 'org',
    secret: true,
    phase: 'closed',
    nominateUntil: null,
    voteUntil: null,
    createdBy: 'Koordinaattori',
    space,
    result: null,
    card: null,
    ...extra,
  }) as Election;

/** Candidates with deputies and genders, as the `deputies` part stores them. */
const candidates = [
  { seq: 1, userId: 'Äijälä', org: 'Pirkanmaan Sydänyhdistys', state: 'accepted', gender: 'man', deputy: { userId: 'Öhman', org: 'Åbo Svenska Förening', gender: 'man' }, statement: 'Ääni järjestöille.' },
  { seq: 2, userId: 'Sjöberg', org: 'Mielenterveysseura', state: 'accepted', gender: 'woman', deputy: { userId: 'Kärkkäinen', org: 'Näkövammaiset', gender: 'woman' } },
  { seq: 3, userId: 'Virtanen', org: 'Omaiset', state: 'accepted', gender: 'man', deputy: { userId: 'Lind', org: 'Omaiset', gender: 'man' } },
] as unknown as Candidate[];

const negotiation: Negotiation = {
  id: 'g',
  networkId: 'n',
  seq: 1,
  title: 'Kevään neuvottelu',
  startsAt: new Date('2027-03-15T10:00:00Z'),
  endsAt: null,
  place: 'Järvenpää-talo',
  link: null,
  about: null,
  state: 'scheduled',
  result: null,
  space,
  card: null,
  eventId: null,
  createdBy: 'Koordinaattori',
  revision: 0,
};

function facts(lang: Lang, over: Partial<ProposalFacts> = {}): ProposalFacts {
  const result = {
    closedAt: '2026-12-04T16:00:00.000Z',
    count: count(['1', '2']),
    ballots: 5,
    receipts: null,
    quorumReached: true,
    balanced: { mode: 'forty', counts: [{ gender: null, result: count(['1', '2']) }], passedOver: [{ candidate: '3', round: 2, gender: 'man' }] },
  } as ElectionResult;
  return {
    network: network(lang),
    election: election({ term: '2027–2028', quorum: 50, balance: 'forty', result }),
    result,
    candidates,
    coordinators: ['Koordinaattori', 'Åsa Öst'],
    names: new Map([['Koordinaattori', 'Kaisa Koordinaattori']]),
    negotiations: [negotiation],
    turnout: { voted: 4, total: 5 },
    now: new Date('2026-12-06T09:00:00Z'),
    ...over,
  };
}

describe('the proposal PDF', () => {
  it('renders a Finnish proposal whose text names the area, representatives, deputies, term and signers', async () => {
    const pdf = await renderer.pdf(proposalDocument(translator('fi'), facts('fi')));
    const text = pdfText(pdf, 'fi');
    console.log(text);
  });
});
