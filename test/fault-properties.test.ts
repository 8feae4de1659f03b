/**
 * Fault tests, hostile input: property tests (fast-check, fixed seeds so CI is stable) of the command
 * parser and of the two platform payload decoders that feed it. For every input: nothing throws, and
 * every error is a code that exists in all three catalogs and formats (with the parser's params) in
 * fi, sv and en.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { interactionToText, type InteractionOption, neuvoCommand, type DiscordOption } from '../adapters/discord/command-definitions.js';
import { commandText } from '../adapters/slack/command-text.js';
import { COMMANDS, type CommandSpec, type OptionSpec } from '../src/commands/model.js';
import { parseCommand, type ParseResult } from '../src/commands/parser.js';
import { CATALOGS, LANGS, type MessageKey, translator } from '../src/i18n/translator.js';

const RUNS = 10_000;
const ctx = { zone: 'Europe/Helsinki', now: new Date('2026-11-22T10:00:00Z') };
const translators = LANGS.map((l) => translator(l));

/** The property every parse must satisfy; returns the result for further checks. */
function parsesOrLocalizedError(line: string): ParseResult {
  const r = parseCommand(line, ctx);
  if (!r.ok) {
    const code: MessageKey = r.error.code;
    for (const lang of LANGS) {
      if (!(code in CATALOGS[lang])) throw new Error(`error code ${code} missing from the ${lang} catalog (input ${JSON.stringify(line)})`);
    }
    for (const tr of translators) {
      const text = tr.t(code, r.error.params);
      if (typeof text !== 'string' || text.trim() === '') throw new Error(`${code} formats to nothing in ${tr.lang}`);
    }
  }
  return r;
}

// --- generated near-valid command lines ------------------------------------------------------------

/** Strings that are valid, nearly valid or hostile for an option of each type. */
const hostile = ['', '-', '"', '“', '«', '»', '<@U1>', '<!channel>', '@everyone', '<@&123>', '{x}', "'", '#', '\u0000', '😀', 'ä'];
const samples: Record<OptionSpec['type'], readonly string[]> = {
  text: ['"Pirkanmaan Sydänyhdistys"', 'Yhdistys', '“Kaksi sanaa”', '«x»', '"a:b"', '"{0} {name}"', '"<!here> @here"'],
  user: ['<@U0ALICE001>', '<@U1|maija>', '@maija', '<@!123456789>', 'maija', '<#C1>'],
  target: ['<@U0ALICE001>', '<#C0CHAN001|general>', '@maija', '#general', 'nobody'],
  date: ['+3d', '+1d2h', '2026-10-14T13:00', '"2026-10-14 13:00"', '14.10.2026', '"14.10.2026 klo 13"', '2026-03-29T03:30', '+0s', '31.02.2026', '+99999999d', 'tomorrow'],
  enum: ['fi', 'stv', 'yes', 'goals', 'live', 'nope', 'STV'],
  id: ['R1', 'E2', 'P3', 'J1', 'N1', 'R0', 'R-1', 'R99999999999999999999', 'X1', 'r1'],
  offsets: ['14d,1d,1h', '1m', '0d', '1x', ',', '14d,,1h', '99999d'],
  'month-day': ['06-01', '02-30', '13-01', '6-1', '00-00'],
  zone: ['Europe/Helsinki', 'UTC', 'Mars/Olympus', 'Europe/helsinki'],
  int: ['1', '2', '0', '-1', '20', '21', '1.5', '1e3', '99999999999999999999', 'two'],
  words: ['1', '2 1 3', '<@U1> <@U2>', 'a b c', '1 1'],
  ref: ['E1', 'P1', 'R1', 'E', 'E0'],
  url: ['https://www.pirha.fi/hyte', 'http://x', 'javascript:alert(1)', 'ftp://x', 'https://'],
  'time-or-date': ['15:30', '"klo 15"', '25:00', '2026-10-14T16:00', 'soon'],
};

function valueFor(o: OptionSpec): fc.Arbitrary<string> {
  const pool = [...samples[o.type], ...(o.choices ?? [])];
  return fc.oneof(
    { weight: 6, arbitrary: fc.constantFrom(...pool) },
    { weight: 1, arbitrary: fc.constantFrom(...hostile) },
    { weight: 1, arbitrary: fc.string({ maxLength: 12 }) },
  );
}

/** One option as written: keyed or positional (right or wrong), or left out. */
function optionWord(o: OptionSpec): fc.Arbitrary<string | undefined> {
  return fc.tuple(fc.nat(9), valueFor(o)).map(([roll, v]) => {
    if (roll === 0) return undefined; // left out
    if (roll === 1) return `${o.name}:${v}`; // keyed even when positional
    if (roll === 2) return `${o.name}:${v}`.toUpperCase();
    return o.positional ? v : `${o.name}:${v}`;
  });
}

const nearValidLine: fc.Arbitrary<string> = fc
  .constantFrom(...COMMANDS)
  .chain((spec: CommandSpec) =>
    fc.record({
      path: fc.constantFrom(spec.path, spec.path.slice(0, -1), [...spec.path].reverse(), spec.path.map((w) => w.toUpperCase())),
      words: fc.tuple(...spec.options.map(optionWord)),
      extra: fc.array(fc.oneof(fc.constantFrom('extra', 'x:y', '"', 'seats:2', 'to:@a', '--'), fc.string({ maxLength: 6 })), { maxLength: 2 }),
      shuffle: fc.boolean(),
      seed: fc.nat(),
    }),
  )
  .map(({ path, words, extra, shuffle, seed }) => {
    const rest = [...words.filter((w): w is string => w !== undefined), ...extra];
    if (shuffle) rest.sort((a, b) => ((a.length * 31 + seed) % 7) - ((b.length * 31 + seed) % 7));
    return [...path, ...rest].join(' ');
  });

describe('the command parser, over hostile input', () => {
  it(`never throws on arbitrary strings, and every error is localized in fi, sv and en (${RUNS} cases)`, () => {
    const anyText = fc.oneof(
      fc.string({ maxLength: 80 }),
      fc.string({ unit: 'grapheme', maxLength: 40 }),
      fc.string({ unit: fc.constantFrom(' ', '"', '“', '”', '„', '«', '»', ':', '-', '<', '>', '@', '#', '!', '|', 'a', 'R', '1', '+', 'd', '\n', '\t'), maxLength: 40 }),
    );
    fc.assert(
      fc.property(anyText, (line) => {
        parsesOrLocalizedError(line);
      }),
      { numRuns: RUNS, seed: 20261122 },
    );
  });

  it(`never throws on near-valid command lines built from the command model (${RUNS} cases), and a success is the command named`, () => {
    let ok = 0;
    fc.assert(
      fc.property(nearValidLine, (line) => {
        const r = parsesOrLocalizedError(line);
        if (r.ok) {
          ok++;
          // A success is one of the commands and its args are only that command's options.
          const names = new Set(r.command.spec.options.map((o) => o.name));
          for (const k of Object.keys(r.command.args)) expect(names.has(k)).toBe(true);
          // A date that parses is one the services can store and print.
          for (const v of Object.values(r.command.args)) if (v instanceof Date) expect(Number.isFinite(v.getTime())).toBe(true);
        }
      }),
      { numRuns: RUNS, seed: 4242 },
    );
    // The generator reaches past the error paths: a fair share parses.
    expect(ok).toBeGreaterThan(RUNS / 20);
  });
});

/** A valid value for a required option, so that only the date under test can fail. */
function validValue(o: OptionSpec): string {
  const byType: Partial<Record<OptionSpec['type'], string>> = { text: '"x"', user: '<@U1>', date: '+1d', words: '1', ref: 'E1', url: 'https://x.fi', 'time-or-date': '15:30' };
  return o.type === 'id' ? `${o.idPrefix}1` : o.type === 'enum' ? o.choices![0]! : o.type === 'int' ? String(o.min ?? 1) : byType[o.type]!;
}

describe('dates, however far off', () => {
  const dateOptions = COMMANDS.flatMap((spec) => spec.options.filter((o) => o.type === 'date' || o.type === 'time-or-date').map((o) => ({ spec, o })));
  const huge = fc.oneof(
    fc.tuple(fc.bigInt({ min: 0n, max: 10n ** 30n }), fc.constantFrom('d', 'h', 'm', 's')).map(([n, u]) => `+${n}${u}`),
    fc.tuple(fc.integer({ min: 0, max: 9999 }), fc.integer({ min: 1, max: 12 }), fc.integer({ min: 1, max: 28 })).map(([y, m, d]) => `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}T12:00`),
    fc.tuple(fc.integer({ min: 1, max: 28 }), fc.integer({ min: 1, max: 12 }), fc.integer({ min: 0, max: 9999 })).map(([d, m, y]) => `${d}.${m}.${String(y).padStart(4, '0')}`),
  );
  it('every date option gives a date within 100 years or parse.date-out-of-range, never an invalid date or a throw', () => {
    const limit = 101 * 366 * 86_400_000;
    fc.assert(
      fc.property(fc.constantFrom(...dateOptions), huge, ({ spec, o }, when) => {
        const words = spec.options.flatMap((x) => {
          const v = x === o ? when : x.required ? validValue(x) : undefined;
          return v === undefined ? [] : [x.positional ? v : `${x.name}:${v}`];
        });
        const r = parsesOrLocalizedError([...spec.path, ...words].join(' '));
        if (r.ok) {
          const v = r.command.args[o.name];
          expect(v instanceof Date && Math.abs(v.getTime() - ctx.now.getTime())).toBeLessThan(limit);
        } else expect(r.error.code).toBe('parse.date-out-of-range');
      }),
      { numRuns: 2_000, seed: 5 },
    );
  });
});

describe('unknown options, on every command', () => {
  const key = fc.string({ unit: fc.constantFrom(...'abcdefghijklmnopqrstuvwxyzäöå-'), minLength: 1, maxLength: 12 }).filter((k) => /^[a-zäöå]/.test(k));
  const value = fc.oneof(fc.constantFrom('2', 'yes', '"Town hall"', '+1d', 'x:y'), fc.string({ unit: fc.constantFrom('a', '1', '.', '-'), minLength: 1, maxLength: 6 }));
  it('a key:value word whose key is no option of the command is refused, never read as text; quoted, it is text', () => {
    fc.assert(
      fc.property(fc.constantFrom(...COMMANDS), key, value, fc.nat(), (spec, k, v, at) => {
        fc.pre(!spec.options.some((o) => o.name === k));
        const words = spec.options.flatMap((o) => (o.required ? [o.positional ? validValue(o) : `${o.name}:${validValue(o)}`] : []));
        words.splice(at % (words.length + 1), 0, `${k}:${v}`);
        const r = parsesOrLocalizedError([...spec.path, ...words].join(' '));
        expect(r.ok ? 'ok' : r.error).toMatchObject({ code: 'parse.unknown-option', params: { option: k } });
        const quoted = parsesOrLocalizedError([...spec.path, ...words.map((w) => (w.startsWith(`${k}:`) ? `"${k}:x"` : w))].join(' '));
        if (!quoted.ok) expect(quoted.error.code).not.toBe('parse.unknown-option');
      }),
      { numRuns: 3_000, seed: 10 },
    );
  });
});

// --- Discord: interaction option trees --------------------------------------------------------------

const SUB_COMMAND = 1;
const SUB_COMMAND_GROUP = 2;
const definition = neuvoCommand();

/** A value as Discord would send it for an option definition (or a wrong one). */
function discordValue(o: DiscordOption): fc.Arbitrary<string | number | boolean> {
  const right: fc.Arbitrary<string | number | boolean> =
    o.choices && o.choices.length > 0
      ? fc.constantFrom(...o.choices.map((c) => c.value))
      : o.type === 4
        ? fc.integer({ min: o.min_value ?? -5, max: o.max_value ?? 1000 })
        : o.type === 6 || o.type === 7
          ? fc.bigInt({ min: 10n ** 16n, max: 10n ** 19n }).map(String)
          : fc.oneof(fc.constantFrom(...samples.text, ...samples.date, ...samples.words, ...hostile), fc.string({ maxLength: 30 }));
  return fc.oneof({ weight: 8, arbitrary: right }, { weight: 1, arbitrary: fc.oneof(fc.string({ maxLength: 10 }), fc.integer(), fc.boolean(), fc.double()) });
}

function leafOptions(sub: DiscordOption): fc.Arbitrary<InteractionOption[]> {
  const defs = sub.options ?? [];
  return fc
    .tuple(...defs.map((d) => fc.option(discordValue(d).map((value): InteractionOption => ({ name: d.name, type: d.type, value })), { freq: 3 })))
    .map((xs) => xs.filter((x): x is InteractionOption => x !== null));
}

/** A tree shaped like one of `/neuvo`'s real subcommands, with generated values. */
const realTree: fc.Arbitrary<InteractionOption[]> = fc.constantFrom(...definition.options).chain((top): fc.Arbitrary<InteractionOption[]> => {
  if (top.type === SUB_COMMAND_GROUP) {
    return fc
      .constantFrom(...(top.options ?? []))
      .chain((sub) => leafOptions(sub).map((opts) => [{ name: top.name, type: SUB_COMMAND_GROUP, options: [{ name: sub.name, type: SUB_COMMAND, options: opts }] }]));
  }
  return leafOptions(top).map((opts) => [{ name: top.name, type: SUB_COMMAND, options: opts }]);
});

/** Any tree at all, three levels deep: unknown names, wrong types, missing levels. */
const anyNode = (children: fc.Arbitrary<InteractionOption[]> | undefined): fc.Arbitrary<InteractionOption> =>
  fc.record(
    {
      name: fc.oneof(fc.constantFrom('org', 'member-add', 'remind', 'set', 'vote', 'election', 'new', 'title', 'to-user'), fc.string({ maxLength: 8 })),
      type: fc.integer({ min: 0, max: 11 }),
      value: fc.oneof(fc.string({ maxLength: 12 }), fc.integer(), fc.boolean()),
      ...(children ? { options: children } : {}),
    },
    { requiredKeys: ['name', 'type'] },
  );
const level3 = fc.array(anyNode(undefined), { maxLength: 3 });
const level2 = fc.array(anyNode(level3), { maxLength: 3 });
const anyTree: fc.Arbitrary<InteractionOption[]> = fc.array(anyNode(level2), { maxLength: 2 });

describe('Discord interaction options → command line → parser', () => {
  it(`decodes generated option trees without throwing; the text parses or yields a localized error (${RUNS} cases)`, () => {
    let named = 0;
    fc.assert(
      fc.property(fc.oneof({ weight: 3, arbitrary: realTree }, { weight: 1, arbitrary: anyTree }), (tree) => {
        const text = interactionToText(tree);
        if (text === undefined) return; // not one of /neuvo's subcommands: the adapter falls back to the words
        named++;
        const r = parsesOrLocalizedError(text);
        // The line names the subcommand's command, so it parses as that one or fails with its usage.
        const [first] = text.split(' ');
        if (r.ok) expect(r.command.spec.path[0]).toBe(first);
      }),
      { numRuns: RUNS, seed: 7 },
    );
    expect(named).toBeGreaterThan(RUNS / 2);
  });
});

// --- Slack: slash-command text ------------------------------------------------------------------------

describe('Slack slash-command text → command line → parser', () => {
  it(`decodes arbitrary text without throwing; the result parses or yields a localized error (${RUNS} cases)`, () => {
    const markup = fc.constantFrom('<@U0ALICE001|alice>', '<#C0CHAN001|general>', '<!channel>', '<!here>', '<!subteam^S1|@team>', '<https://x.fi|x>', '&lt;', '&gt;', '&amp;', '<', '>', '<<>>', '<!>', '<|>');
    const text = fc.oneof(
      fc.string({ maxLength: 60 }),
      fc.array(fc.oneof(markup, fc.string({ maxLength: 6 }), fc.constantFrom(...COMMANDS.map((c) => c.path.join(' ')))), { maxLength: 8 }).map((xs) => xs.join(' ')),
    );
    fc.assert(
      fc.property(text, (raw) => {
        const line = commandText(raw);
        expect(typeof line).toBe('string');
        parsesOrLocalizedError(line);
      }),
      { numRuns: RUNS, seed: 99 },
    );
  });
});
