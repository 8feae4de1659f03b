import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CommandContext, Election, Poll } from '../src/app/ports.js';
import { resultView } from '../src/app/services/election-views.js';
import { helpLines, helpView } from '../src/app/services/help.js';
import { pollCsv } from '../src/app/services/polls.js';
import { formatOffsets } from '../src/app/services/setup.js';
import { formatDate, rangeSpans } from '../src/commands/dates.js';
import { COMMANDS } from '../src/commands/model.js';
import type { Candidate } from '../src/domain/election.js';
import { count } from '../src/domain/tally/index.js';
import { areaParams, nearestWelfareArea, WELFARE_AREAS } from '../src/domain/welfare-areas.js';
import { decimal, percent, quote } from '../src/i18n/format.js';
import { CATALOGS, type Lang, translator } from '../src/i18n/translator.js';
import { mentionPlain, plainText } from '../src/views/view.js';
import { startTestRuntime } from './support/runtime.js';
import { viewText } from './support/view-text.js';

const ZONE = 'Europe/Helsinki';
const at = (iso: string) => new Date(iso);

/**
 * The English words of the command model's placeholders, as the English catalog names them, but
 * those the language writes the same (`<organisation>`, `<text>` in Swedish).
 */
const englishWords = (lang: Lang) =>
  Object.entries(CATALOGS.en)
    .filter(([k, v]) => k.startsWith('placeholder.') && CATALOGS[lang][k as keyof typeof CATALOGS.en] !== v)
    .map(([, v]) => v as string);

/** The `<…>`, `@…` and `#…` placeholders of a text that are English words, not words of `lang`. */
function englishPlaceholders(text: string, lang: Lang = 'fi'): string[] {
  const english = englishWords(lang === 'en' ? 'fi' : lang);
  const bracketed = [...text.matchAll(/<([^<>…]+)…?>/g)].map((m) => m[1]!).filter((w) => english.includes(w));
  const marked = [...text.matchAll(/(?:^|[\s|[])[@#](user|channel)\b/g)].map((m) => m[1]!);
  return [...bracketed, ...marked];
}

describe('dates and times as each language writes them', () => {
  it.each([
    ['fi', '5.12.2026 klo 23.24'],
    ['sv', '5.12.2026 kl. 23.24'],
    ['en', '5 Dec 2026, 23:24'],
  ] as const)('%s: %s', (lang, shown) => {
    expect(formatDate(at('2026-12-05T21:24:00Z'), ZONE, lang)).toBe(shown);
  });

  it.each([
    ['fi', '14.12.2026 klo 13.00–15.00', '14.12.2026 klo 13.00 – 15.12.2026 klo 9.00'],
    ['sv', '14.12.2026 kl. 13.00–15.00', '14.12.2026 kl. 13.00 – 15.12.2026 kl. 9.00'],
    ['en', '14 Dec 2026, 13:00–15:00', '14 Dec 2026, 13:00 – 15 Dec 2026, 09:00'],
  ] as const)('%s: a same-day range ends in a time, a longer one in a date', (lang, sameDay, twoDays) => {
    const start = at('2026-12-14T11:00:00Z');
    expect(plainText(rangeSpans(start, at('2026-12-14T13:00:00Z'), ZONE, lang), mentionPlain)).toBe(sameDay);
    expect(plainText(rangeSpans(start, at('2026-12-15T07:00:00Z'), ZONE, lang), mentionPlain)).toBe(twoDays);
  });
});

describe('numbers and quotes', () => {
  it.each([
    ['fi', '75\u00a0%', '2,50000', '”Org A”'],
    ['sv', '75\u00a0%', '2,50000', '”Org A”'],
    ['en', '75%', '2.50000', '“Org A”'],
  ] as const)('%s: %s, %s, %s', (lang, pct, dec, quoted) => {
    expect(percent(lang, 0.75)).toBe(pct);
    expect(decimal(lang, '2.50000')).toBe(dec);
    expect(quote(lang, 'Org A')).toBe(quoted);
  });

  it('no service writes English quotation marks of its own', async () => {
    const { readFileSync, readdirSync } = await import('node:fs');
    const dir = new URL('../src/app/services/', import.meta.url);
    for (const file of readdirSync(dir)) expect(readFileSync(new URL(file, dir), 'utf8'), file).not.toMatch(/`[^`]*“[^`]*`/);
  });
});

describe('welfare areas by name', () => {
  it('every area has its Finnish genitive and locative', () => {
    expect(WELFARE_AREAS).toHaveLength(22);
    for (const a of WELFARE_AREAS) {
      expect(a.fiOf, a.fi).toMatch(/n$/);
      expect(a.fiIn, a.fi).toMatch(/(ssa|ssä|lla|llä)$/);
    }
  });

  it.each([
    ['fi', 'keski-uusimaa', 'Neuvo on otettu käyttöön Keski-Uudenmaan hyvinvointialueen järjestöverkostolle'],
    ['fi', 'helsinki', 'Neuvo on otettu käyttöön Helsingin kaupungin järjestöverkostolle'],
    ['sv', 'keski-uusimaa', 'Neuvo är i bruk för organisationernas nätverk i Mellersta Nyland'],
    ['en', 'keski-uusimaa', 'Neuvo is set up for the organisation network of Keski-Uusimaa'],
  ] as const)('%s: %s is named in the right form', (lang, id, shown) => {
    const area = WELFARE_AREAS.find((a) => a.id === id)!;
    expect(translator(lang).t('setup.created', areaParams(area, lang))).toBe(shown);
  });

  it.each([
    ['Pirkamaa', 'Pirkanmaa'],
    ['keski uusimaa', 'Keski-Uusimaa'],
    ['Birkalan', 'Pirkanmaa'],
    ['Helsingfor', 'Helsinki'],
  ])('%s is near %s', (typed, meant) => {
    expect(nearestWelfareArea(typed)?.fi).toBe(meant);
  });

  it('a name near no area suggests none', () => {
    expect(nearestWelfareArea('Tukholma')).toBeUndefined();
  });
});

describe('usage lines and help in the reader’s language', () => {
  it.each(['fi', 'sv'] as const)('%s: no usage line shows an English placeholder', (lang) => {
    const tr = translator(lang);
    const lines = helpLines(tr);
    expect(lines).toHaveLength(COMMANDS.length);
    for (const line of lines) expect(englishPlaceholders(line, lang), line).toEqual([]);
    expect(englishPlaceholders(viewText(helpView(tr)), lang)).toEqual([]);
  });

  it.each([
    ['fi', '/neuvo remind <päivämäärä> "<viesti>" [to:@nimi|#kanava]', '/neuvo vote E1|P1 <ehdokas…> [org:"<järjestö>"]', '/neuvo setup [area:<hyvinvointialue>]'],
    ['sv', '/neuvo remind <datum> "<meddelande>" [to:@namn|#kanal]', '/neuvo vote E1|P1 <kandidat…> [org:"<organisation>"]', '/neuvo setup [area:<välfärdsområde>]'],
    ['en', '/neuvo remind <date> "<message>" [to:@user|#channel]', '/neuvo vote E1|P1 <candidate…> [org:"<organisation>"]', '/neuvo setup [area:<welfare area>]'],
  ] as const)('%s: placeholders are localized', (lang, remind, vote, setup) => {
    const lines = helpLines(translator(lang));
    expect(lines.find((l) => l.startsWith('/neuvo remind <'))).toContain(remind);
    expect(lines.find((l) => l.startsWith('/neuvo vote '))).toContain(vote);
    expect(lines.find((l) => l.startsWith('/neuvo setup '))).toContain(setup);
  });

  it('the English placeholders are still found by the check (it is not vacuous)', () => {
    expect(englishPlaceholders(helpLines(translator('en')).join('\n'))).toEqual(expect.arrayContaining(['message', 'candidate', 'welfare area', 'user', 'channel']));
  });
});

describe('settings in words', () => {
  it.each([
    ['fi', '14 vrk, 1 vrk, 1 t, 30 min'],
    ['sv', '14 dygn, 1 dygn, 1 h, 30 min'],
    ['en', '14 d, 1 d, 1 h, 30 min'],
  ] as const)('%s: %s', (lang, shown) => {
    expect(formatOffsets(translator(lang), [14 * 86_400, 86_400, 3_600, 1_800])).toBe(shown);
  });
});

describe('election results for people', () => {
  const candidates: Candidate[] = [
    { seq: 1, userId: 'anna', org: 'Org A', state: 'accepted' },
    { seq: 2, userId: 'bert', org: null, state: 'accepted' },
    { seq: 3, userId: 'cia', org: null, state: 'accepted' },
  ];
  const election = { seq: 1, title: 'Edustajat', seats: 2, method: 'stv', rule: 'scottish', per: 'org', secret: false } as Election;
  const counted = (ballots: [number, number[]][]) => {
    const r = count('scottish', { title: 'x', candidates: ['1', '2', '3'], seats: 2, withdrawn: [], ballots: ballots.map(([weight, ranking]) => ({ weight, ranking })) }, { seed: 'seed-42' });
    if (!r.ok) throw new Error('count failed');
    return r.value;
  };

  it.each([
    ['fi', '1. ensisijaiset äänet — @anna: 3,00000 · @bert: 1,00000 · @cia: 1,00000 → ✓ @anna', 'ylijäämä siirretty: @anna', 'Arvonnan siemenluku'],
    ['sv', '1. förstahandsröster — @anna: 3,00000 · @bert: 1,00000 · @cia: 1,00000 → ✓ @anna', 'överskott överfört: @anna', 'Lottningens startvärde'],
    ['en', '1. first preferences — @anna: 3.00000 · @bert: 1.00000 · @cia: 1.00000 → ✓ @anna', 'surplus of @anna transferred', 'Seed of the lot'],
  ] as const)('%s: rounds name the candidates; no seed when no lot was drawn', (lang, firstRound, surplus, seedLabel) => {
    const c = counted([[3, [0, 1]], [1, [1]], [1, [2]]]);
    expect(c.tieBreaks).toEqual([]);
    const text = viewText(resultView(translator(lang), election, candidates, { count: c, ballots: 5, receipts: null }));
    expect(text).toContain(firstRound);
    expect(text).toContain(surplus);
    expect(text).not.toContain(seedLabel);
    expect(text).not.toMatch(/^\d+\. .*— 1: /m);
  });

  it.each(['fi', 'sv', 'en'] as const)('%s: a lot drawn shows its seed and names who tied', (lang) => {
    const c = counted([[1, [0]], [1, [1]], [1, [2]]]);
    expect(c.tieBreaks.some((t) => t.method === 'lot')).toBe(true);
    const text = viewText(resultView(translator(lang), { ...election, seats: 2 }, candidates, { count: c, ballots: 3, receipts: null }));
    expect(text).toContain(`${translator(lang).t('election.field.seed')}: seed-42`);
    expect(text).toMatch(/@(anna|bert|cia), @(anna|bert|cia)/);
  });
});

describe('poll export for a Finnish or Swedish spreadsheet', () => {
  const poll = { seq: 1, anonymous: false } as Poll;
  const result = { voters: 3, ranking: [{ rank: 1, seq: 2, text: 'Liikunta', votes: 2 }, { rank: 2, seq: 1, text: 'Kulttuuri', votes: 1 }], agenda: [2] };
  const ballots = [{ voter: 'anna', picks: [2] }, { voter: 'bert', picks: [2, 1] }, { voter: 'cia', picks: [] }];

  it.each([
    ['fi', '\uFEFF"Sija";"Aiheen numero";"Aihe";"Äänet";"Osuus äänestäneistä (%)";"Asialistalla";"Yhdistetty aiheeseen";"Äänestäjät"\r\n"1";"2";"Liikunta";"2";"66,7";"kyllä";"";"anna bert"\r\n'],
    ['sv', '\uFEFF"Placering";"Ämnets nummer";"Ämne";"Röster";"Andel av de röstande (%)";"På dagordningen";"Sammanslaget med ämne";"Röstande"\r\n"1";"2";"Liikunta";"2";"66,7";"ja";"";"anna bert"\r\n'],
    ['en', '"rank","topic","text","votes","share_percent","agenda","merged_into","voters"\r\n"1","2","Liikunta","2","66.7","yes","","anna bert"\r\n'],
  ] as const)('%s: separator, byte order mark, decimal comma and header', (lang: Lang, start) => {
    expect(pollCsv(translator(lang), poll, result as never, [], ballots)).toMatch(new RegExp(`^${start.replace(/[()|.]/g, '\\$&')}`));
  });
});

describe('through the core: errors in the language asked, placeholders localized', () => {
  let rt: Awaited<ReturnType<typeof startTestRuntime>>;
  let n = 0;
  const ctx = (channelId: string): CommandContext => ({
    actor: { platform: 'console', workspaceId: 'w', userId: 'coord', isPlatformAdmin: false },
    space: { platform: 'console', workspaceId: 'w', channelId },
  });
  const run = async (channel: string, line: string) => viewText(await rt.neuvo.handle(ctx(channel), line));

  beforeAll(async () => {
    rt = await startTestRuntime();
  });
  afterAll(async () => {
    await rt.stop();
  });

  it.each([
    ['fi', 'setup area:Pirkamaa lang:fi', '”Pirkamaa” ei ole hyvinvointialue. Tarkoititko Pirkanmaa?'],
    ['sv', 'setup area:Birkalan lang:sv', '”Birkalan” är inget välfärdsområde. Menade du Birkaland?'],
    ['en', 'setup area:Pirkamaa lang:en', '“Pirkamaa” is not a welfare area. Did you mean Pirkanmaa?'],
  ] as const)('%s: %s answers in the language it asks for, with the nearest area', async (_lang, line, answer) => {
    expect(await run(`words-${++n}`, line)).toBe(answer);
  });

  it.each([
    ['fi', 'Kieli: suomi', 'Muistutukset ennen neuvotteluja: 14 vrk, 1 vrk, 1 t', 'Puuttuu "<viesti>". Komento kirjoitetaan näin:\n/neuvo remind <päivämäärä> "<viesti>" [to:@nimi|#kanava]', 'Keski-Uudenmaan hyvinvointialueen järjestöverkostolle'],
    ['sv', 'Språk: svenska', 'Påminnelser före förhandlingarna: 14 dygn, 1 dygn, 1 h', '"<meddelande>" saknas. Kommandot skrivs så här:\n/neuvo remind <datum> "<meddelande>" [to:@namn|#kanal]', 'organisationernas nätverk i Mellersta Nyland'],
    ['en', 'Language: English', 'Reminders before negotiations: 14 d, 1 d, 1 h', 'Missing "<message>". Expected:\n/neuvo remind <date> "<message>" [to:@user|#channel]', 'organisation network of Keski-Uusimaa'],
  ] as const)('%s: settings in words, a missing option named in the language', async (lang, language, offsets, missing, created) => {
    const channel = `words-${++n}`;
    const setup = await run(channel, `setup area:Keski-Uusimaa lang:${lang}`);
    expect(setup).toContain(created);
    expect(setup).toContain(language);
    expect(setup).toContain(offsets);
    expect(await run(channel, 'remind +1d')).toBe(missing);
    // A keyed option is named with its key, not as a bare `<n>`.
    expect((await run(channel, 'election new "X" method:stv')).split('\n')[0]).toMatch(/(^|\s)seats:<n>[\s.]/);
    if (lang !== 'en') {
      for (const line of ['remind +1d', 'vote E1', 'org add', 'election new', 'setup area:Mars', 'poll suggest P1', 'negotiation add']) {
        expect(englishPlaceholders(await run(channel, line), lang), line).toEqual([]);
      }
    }
  });
});
