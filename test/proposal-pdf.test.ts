import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PNG } from 'pngjs';
import { afterAll, describe, expect, it } from 'vitest';
import { PdfkitDocumentRenderer } from '../adapters/pdf/pdfkit-document-renderer.js';
import type { Election, ElectionResult, Negotiation, Network } from '../src/app/ports.js';
import { type ProposalCandidate, type ProposalFacts, proposalDocument } from '../src/app/services/election-proposal.js';
import type { Candidate } from '../src/domain/election.js';
import type { CountResult } from '../src/domain/tally/index.js';
import { type Lang, translator } from '../src/i18n/translator.js';

const dir = mkdtempSync(join(tmpdir(), 'neuvo-proposal-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const renderer = new PdfkitDocumentRenderer();

/** The PDF's text as poppler reads it; with `layout`, lines as they stand on the page (a table row on one line). */
function pdfText(pdf: Uint8Array, name: string, layout = false): string {
  const path = join(dir, `${name}.pdf`);
  writeFileSync(path, pdf);
  return execFileSync('pdftotext', [...(layout ? ['-layout'] : []), '-enc', 'UTF-8', path, '-'], { encoding: 'utf8' }).replaceAll('\u00a0', ' ');
}

/** The line of the page layout where `text` stands. */
const lineWith = (layout: string, text: string) => layout.split('\n').find((l) => l.includes(text)) ?? '';

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
] as unknown as ProposalCandidate[];

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
    quorum: { percent: 50, voted: 4, total: 5, reached: true },
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

/** The text with every run of white space as one space, so a wrapped line reads as one. */
const flat = (text: string) => text.replace(/\s+/g, ' ');

/** What every language's proposal must say, written out by hand. */
const EXPECTED: Record<Lang, readonly string[]> = {
  fi: [
    'Ehdotus Keski-Uudenmaan hyvinvointialueen järjestöedustajiksi',
    'Keski-Uudenmaan hyvinvointialueen järjestöverkosto ehdottaa, että Keski-Uudenmaan hyvinvointialue nimeää järjestöjen edustajiksi seuraavat henkilöt ja heidän henkilökohtaiset varajäsenensä.',
    'vaalissa E3 ”Edustajat 2027”',
    'Neuvottelut, joita ehdotus koskee',
    'Kevään neuvottelu',
    '15. maaliskuuta 2027',
    'Järvenpää-talo',
    'Henkilökohtainen varajäsen',
    'Äijälä (mies)',
    'Öhman (mies)',
    'Sjöberg (nainen)',
    'Kärkkäinen (nainen)',
    'Åbo Svenska Förening',
    'Äijälä: Ääni järjestöille.',
    'STV, skotlantilaiset säännöt',
    'Äänestys päättyi 4. joulukuuta 2026',
    '4/5 (80 %)',
    '50 % äänioikeutetuista: täyttyi',
    'vähintään 40 % sekä naisia että miehiä (tasa-arvolaki 4 a §)',
    'Virtanen jäi sukupuolikiintiön vuoksi valitsematta (laskennan 2. kierros).',
    'Toimikausi 2027–2028',
    'Keski-Uudellamaalla 6. joulukuuta 2026',
    'Kaisa Koordinaattori',
    'Åsa Öst',
    'koordinaattori',
    'Sivu 1/2',
  ],
  sv: [
    'Förslag till organisationernas representanter i välfärdsområdet Mellersta Nyland',
    'Organisationsnätverket i välfärdsområdet Mellersta Nyland föreslår att välfärdsområdet Mellersta Nyland utser följande personer och deras personliga ersättare till organisationernas representanter.',
    'val E3 ”Edustajat 2027”',
    'Förhandlingar som förslaget gäller',
    '15 mars 2027',
    'Personlig ersättare',
    'Äijälä (man)',
    'Öhman (man)',
    'Sjöberg (kvinna)',
    'Kärkkäinen (kvinna)',
    'Åbo Svenska Förening',
    'Röstningen avslutades 4 december 2026',
    '50 % av de röstberättigade: uppnåddes',
    'minst 40 % både kvinnor och män (jämställdhetslagen 4 a §)',
    'Virtanen blev inte vald på grund av könskvoten (omgång 2 i rösträkningen).',
    'Mandatperiod 2027–2028',
    'Mellersta Nyland den 6 december 2026',
    'Kaisa Koordinaattori',
    'Åsa Öst',
    'koordinator',
    'Sida 1/2',
  ],
  en: [
    'Proposal of representatives of the organisations to the Keski-Uusimaa wellbeing services county',
    'The organisation network of the Keski-Uusimaa wellbeing services county proposes that the Keski-Uusimaa wellbeing services county appoint the following persons and their personal deputies as the representatives of the organisations.',
    'election E3 “Edustajat 2027”',
    'Negotiations the proposal is for',
    '15 March 2027',
    'Personal deputy',
    'Äijälä (man)',
    'Öhman (man)',
    'Sjöberg (woman)',
    'Kärkkäinen (woman)',
    'Åbo Svenska Förening',
    'Voting closed 4 December 2026',
    '50% of the roll: reached',
    'at least 40% each of women and men (Equality Act, section 4 a)',
    'Virtanen was passed over by the gender balance rule (round 2 of the count).',
    'Term 2027–2028',
    'Keski-Uusimaa, 6 December 2026',
    'Kaisa Koordinaattori',
    'Åsa Öst',
    'Coordinator',
    'Page 1 of 2',
  ],
};

/** Renders the first page at 50 dpi with pdftoppm and decodes it with pngjs. */
function firstPage(pdf: Uint8Array, name: string): PNG {
  const path = join(dir, `${name}.pdf`);
  writeFileSync(path, pdf);
  execFileSync('pdftoppm', ['-png', '-r', '50', '-f', '1', '-l', '1', '-singlefile', path, join(dir, name)]);
  return PNG.sync.read(readFileSync(join(dir, `${name}.png`)));
}

describe('the proposal PDF', () => {
  for (const lang of ['fi', 'sv', 'en'] as const) {
    it(`reads back in ${lang}: area, representatives with their deputies and organisations, how they were chosen, term, signers`, async () => {
      const pdf = await renderer.pdf(proposalDocument(translator(lang), facts(lang)));
      const text = flat(pdfText(pdf, lang));
      for (const line of EXPECTED[lang]) expect(text, `“${line}” in:\n${text}`).toContain(line);
      // Each deputy stands beside the representative they were elected with, each over their organisation.
      const layout = pdfText(pdf, lang, true);
      expect(lineWith(layout, 'Äijälä')).toMatch(/^ *1 +Äijälä \(\S+\) +Öhman \(\S+\) *$/);
      expect(lineWith(layout, 'Sjöberg')).toMatch(/^ *2 +Sjöberg \(\S+\) +Kärkkäinen \(\S+\) *$/);
      expect(lineWith(layout, 'Pirkanmaan Sydänyhdistys')).toMatch(/^ +Pirkanmaan Sydänyhdistys +Åbo Svenska Förening *$/);
      expect(lineWith(layout, 'Mielenterveysseura')).toMatch(/^ +Mielenterveysseura +Näkövammaiset *$/);
      // The count's loser is only in the sentence about the rule, never among the proposed.
      expect(text.match(/Virtanen/g)).toHaveLength(1);
      expect(text).not.toContain('Lind');
    });
  }

  it('says its title, author and language in its metadata, on A4 pages with the fonts embedded', async () => {
    const pdf = await renderer.pdf(proposalDocument(translator('sv'), facts('sv')));
    const info = pdfInfo(pdf, 'meta');
    expect(info).toMatch(/^Title: +Förslag till organisationernas representanter i välfärdsområdet Mellersta Nyland$/m);
    expect(info).toMatch(/^Author: +Organisationsnätverket i välfärdsområdet Mellersta Nyland$/m);
    expect(info).toMatch(/^Page size: +595\.28 x 841\.89 pts \(A4\)$/m);
    expect(Buffer.from(pdf).toString('latin1')).toMatch(/\/Lang \(sv\)/);
    const fonts = execFileSync('pdffonts', [join(dir, 'meta.pdf')], { encoding: 'utf8' });
    expect(fonts).toMatch(/DejaVuSans +CID TrueType +Identity-H +yes yes yes/);
  });

  it('under balance:pairs proposes the women and the men of each seat under their own headings', async () => {
    const result = { closedAt: '2026-12-04T16:00:00.000Z', count: count(['2']), ballots: 5, receipts: null, balanced: { mode: 'pairs', counts: [{ gender: 'woman', result: count(['2']) }, { gender: 'man', result: count(['1']) }], passedOver: [] } } as unknown as ElectionResult;
    const f = facts('fi', { election: election({ seats: 1, balance: 'pairs', result }), result });
    const pdfBytes = await renderer.pdf(proposalDocument(translator('fi'), f));
    if (process.env.KEEP_PDF) writeFileSync(process.env.KEEP_PDF, pdfBytes);
    const text = flat(pdfText(pdfBytes, 'pairs'));
    // Both tables' headers whole: a column is never narrower than its longest word.
    expect(pdfText(pdfBytes, 'pairs', true).match(/^ *Nro +Edustaja +Henkilökohtainen varajäsen *$/gm)).toHaveLength(2);
    expect(text).toContain('Tasa-arvolain 4 a §:n mukaisesti verkosto ehdottaa jokaiseen paikkaan sekä naista että miestä. Paikkoja on 1.');
    const women = text.indexOf('Naiset');
    const men = text.indexOf('Miehet');
    expect(women).toBeGreaterThan(0);
    expect(men).toBeGreaterThan(women);
    // Each gender's own count: Sjöberg and her deputy among the women, Äijälä and his among the men.
    expect(text.indexOf('Sjöberg')).toBeGreaterThan(women);
    expect(text.indexOf('Sjöberg')).toBeLessThan(men);
    expect(text.indexOf('Äijälä')).toBeGreaterThan(men);
    expect(text.indexOf('Öhman')).toBeGreaterThan(men);
    expect(text).toContain('äänet laskettiin erikseen naisten ja miesten kesken');
  });

  it('leaves out what the election does not have: deputies, negotiations, term, quorum, balance', async () => {
    const plain = candidates.map((c) => ({ seq: c.seq, userId: c.userId, org: c.org, state: c.state }));
    const result: ElectionResult = { count: count(['1', '2']), ballots: 3, receipts: null };
    const f = facts('fi', { election: election({ result }), result, candidates: plain, negotiations: [] });
    const text = flat(pdfText(await renderer.pdf(proposalDocument(translator('fi'), f)), 'plain'));
    expect(text).toContain('nimeää järjestöjen edustajiksi seuraavat henkilöt.');
    expect(text).toContain('Äijälä');
    for (const absent of ['varajäsen', 'Öhman', 'Neuvottelut', 'Toimikausi', 'Päätösvaltaisuus', 'tasa-arvo', '(mies)', 'Äänestys päättyi']) expect(text).not.toContain(absent);
  });

  it('names Helsinki as a city, not a welfare area', async () => {
    const f = facts('fi', { network: network('fi', 'helsinki') });
    const text = flat(pdfText(await renderer.pdf(proposalDocument(translator('fi'), f)), 'helsinki'));
    expect(text).toContain('Ehdotus Helsingin kaupungin järjestöedustajiksi');
    expect(text).toContain('ehdottaa, että Helsingin kaupunki nimeää');
    expect(text).toContain('Helsingissä 6. joulukuuta 2026');
    expect(text).not.toContain('hyvinvointialue');
  });

  it('numbers every page of a long proposal and repeats the table header on a page the table runs onto', async () => {
    const many = Array.from({ length: 20 }, (_, i) => ({
      seq: i + 1,
      userId: `Jäsen${i + 1}`,
      org: `Järjestö numero ${i + 1} – Pohjois-Pohjanmaan Sydän- ja Diabetesyhdistys`,
      state: 'accepted',
      deputy: { userId: `Varajäsen${i + 1}`, org: `Förening nummer ${i + 1} i Österbotten` },
      statement: 'Haluan edistää järjestöjen ja hyvinvointialueen yhteistyötä. '.repeat(4),
    })) as unknown as ProposalCandidate[];
    const winners = many.map((c) => String(c.seq));
    const result: ElectionResult = { count: count(winners), ballots: 5, receipts: null };
    const f = facts('fi', { election: election({ seats: 20, result }), result, candidates: many });
    const pdf = await renderer.pdf(proposalDocument(translator('fi'), f));
    const pages = Number(/^Pages: +(\d+)$/m.exec(pdfInfo(pdf, 'long'))![1]);
    expect(pages).toBeGreaterThanOrEqual(3);
    const layout = pdfText(pdf, 'long', true).split('\f');
    for (let page = 1; page <= pages; page++) expect(layout[page - 1]).toContain(`Sivu ${page}/${pages}`);
    // Every representative is in the table once, beside their deputy.
    for (let i = 1; i <= 20; i++) expect(layout.join('\n')).toMatch(new RegExp(`^ *${i} +Jäsen${i} +Varajäsen${i} *$`, 'm'));
    // Long organisation names leave the deputy's header two lines.
    const headers = layout.filter((p) => /^ *Nro +Edustaja +Henkilökohtainen *$/m.test(p)).length;
    const tablePages = layout.filter((p) => /^ *\d+ +Jäsen\d+ /m.test(p)).length;
    expect(tablePages).toBeGreaterThanOrEqual(2);
    expect(headers).toBe(tablePages);
  });

  it('renders a first page that decodes as a PNG with text on it', async () => {
    const png = firstPage(await renderer.pdf(proposalDocument(translator('fi'), facts('fi'))), 'page');
    // A4 at 50 dpi: 8.27 × 11.69 inches (pdftoppm rounds up).
    expect(png.width).toBeGreaterThanOrEqual(413);
    expect(png.width).toBeLessThanOrEqual(414);
    expect(png.height).toBeGreaterThanOrEqual(584);
    expect(png.height).toBeLessThanOrEqual(586);
    let dark = 0;
    for (let i = 0; i < png.data.length; i += 4) if (png.data[i]! + png.data[i + 1]! + png.data[i + 2]! < 3 * 128) dark++;
    const share = dark / (png.width * png.height);
    // Text and rules, on a white page: some dark pixels, far from all of them.
    expect(share).toBeGreaterThan(0.01);
    expect(share).toBeLessThan(0.3);
  });
});
