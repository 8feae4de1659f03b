import { describe, expect, it } from 'vitest';
import { parseDate } from '../src/commands/dates.js';
import { COMMANDS } from '../src/commands/model.js';
import { parseCommand, slackIdKind } from '../src/commands/parser.js';
import { tokenize } from '../src/commands/tokenize.js';

const ctx = { zone: 'Europe/Helsinki', now: new Date('2026-11-22T10:00:00Z') };
const ok = (line: string) => {
  const r = parseCommand(line, ctx);
  if (!r.ok) throw new Error(`expected ${line} to parse, got ${r.error.code}`);
  return r.command;
};
const err = (line: string) => {
  const r = parseCommand(line, ctx);
  if (r.ok) throw new Error(`expected ${line} to fail`);
  return r.error;
};

describe('tokenizer', () => {
  it('keeps quoted values with spaces together, with straight and typographic quotes', () => {
    const r = tokenize('org add "Helsingin Diakonissalaitos" “Oma talo” where:"Town hall"');
    expect(r.ok && r.tokens.map((t) => [t.text, t.key])).toEqual([
      ['org', undefined],
      ['add', undefined],
      ['Helsingin Diakonissalaitos', undefined],
      ['Oma talo', undefined],
      ['Town hall', 'where'],
    ]);
  });
  it('reports an unclosed quote', () => {
    expect(tokenize('org add "Unclosed')).toEqual({ ok: false, code: 'parse.unclosed-quote' });
  });
  it('does not read a URL scheme as a key', () => {
    const r = tokenize('https://example.org');
    expect(r.ok && r.tokens[0]).toMatchObject({ text: 'https://example.org' });
    expect(r.ok && r.tokens[0]!.key).toBeUndefined();
  });
});

describe('command parser', () => {
  it('picks the longest command path: "org member add" over "org add"', () => {
    const c = ok('org member add "Red Cross" @alice');
    expect(c.spec.id).toBe('org.member.add');
    expect(c.args).toEqual({ org: 'Red Cross', user: 'alice' });
  });
  it('reads Slack, Discord and console mentions as user ids', () => {
    expect(ok('coordinator add <@U123ABC|alice>').args.user).toBe('U123ABC');
    expect(ok('coordinator add <@!80351110224678912>').args.user).toBe('80351110224678912');
    expect(ok('coordinator add @bob').args.user).toBe('bob');
  });
  it('reads to: as a person or a channel', () => {
    expect(ok('remind +1h "x" to:<#C024BE91L|general>').args.to).toEqual({ kind: 'channel', id: 'C024BE91L' });
    expect(ok('remind +1h "x" to:@carol').args.to).toEqual({ kind: 'user', id: 'carol' });
    expect(err('remind +1h "x" to:nobody').code).toBe('parse.bad-target');
  });
  it('lets the last text option take the rest of the line unquoted', () => {
    expect(ok('remind +2h Call the welfare area office').args.message).toBe('Call the welfare area office');
    expect(ok('org add Helsingin Diakonissalaitos').args.org).toBe('Helsingin Diakonissalaitos');
  });
  it('reads a Finnish date written over several words before the message', () => {
    const c = ok('remind 14.12.2026 klo 13 "Negotiation prep"');
    expect((c.args.when as Date).toISOString()).toBe('2026-12-14T11:00:00.000Z');
    expect(c.args.message).toBe('Negotiation prep');
  });
  it('an empty line is the status command', () => {
    expect(ok('').spec.id).toBe('status');
  });
  it('names the unknown word of an unknown command', () => {
    expect(err('frobnicate now')).toMatchObject({ code: 'command.unknown', params: { word: 'frobnicate' } });
  });
  it('says which option is missing and gives the usage', () => {
    const e = err('org member add "Red Cross"');
    expect(e.code).toBe('parse.missing-option');
    expect(e.params).toMatchObject({ option: '@user', usage: 'org member add "<organisation>" @user' });
  });
  it('rejects unknown and duplicate keys, bad choices, ids, offsets, zones and month-days', () => {
    expect(err('setup area:Lappi colour:red').code).toBe('parse.unknown-option');
    expect(err('setup lang:fi lang:sv').code).toBe('parse.duplicate-option');
    expect(err('setup lang:de')).toMatchObject({ code: 'parse.bad-choice', params: { choices: 'fi, sv, en' } });
    expect(err('remind cancel X1')).toMatchObject({ code: 'parse.bad-id', params: { example: 'R1' } });
    expect(err('setup reminders:14x').code).toBe('parse.bad-offsets');
    expect(err('setup tz:Mars/Olympus').code).toBe('parse.bad-zone');
    expect(err('setup budget-reminder:02-30').code).toBe('parse.bad-month-day');
    expect(err('coordinator add alice').code).toBe('parse.bad-user');
    expect(err('org member add Red Cross @alice').code).toBe('parse.bad-user');
  });
  it('refuses an unknown key:value word instead of folding it into a title, naming the options and a near miss', () => {
    expect(err('election new "Representatives 2027" seats:2 alternates:yes method:stv')).toMatchObject({
      code: 'parse.unknown-option',
      params: { option: 'alternates', suggestion: 'none', options: 'seats:, method:, rule:, per:, secret:, public:, nominate-until:, vote-until:, deputies:, balance:, quorum:, term:' },
    });
    expect(err('election new "Representatives 2027" seat:2 method:stv').params).toMatchObject({ option: 'seat', suggestion: 'seats' });
    expect(err('election new "X" seats:2 method:stv nominate:+1d').params).toMatchObject({ option: 'nominate', suggestion: 'nominate-until' });
    expect(err('remind +1d Call Anna wher:"Town hall"').params).toMatchObject({ option: 'wher', suggestion: 'when' });
    expect(err('negotiation add "Budget talks" at:+1d wher:"Town hall"').params).toMatchObject({ option: 'wher', suggestion: 'where' });
    expect(err('remind +1d Call Anna prioriteetti:korkea').params).toMatchObject({ option: 'prioriteetti', options: 'to:' });
    expect(err('election open E1 x:1').params).toMatchObject({ option: 'x', options: 'none' });
    expect(err('remind +1d Call Anna päivä:huomenna').params).toMatchObject({ option: 'päivä' });
  });
  it('keeps web addresses, times, capitalised and quoted words with a colon as text', () => {
    const line = 'remind +1d Note: join https://meet.example/x at klo 13:00, 10:30-11:00 "seats:2" Huom:tärkeä tel:';
    expect(ok(line).args.message).toBe('Note: join https://meet.example/x at klo 13:00, 10:30-11:00 seats:2 Huom:tärkeä tel:');
    expect(ok('election new "Representatives 2027 seats:2" seats:2 method:stv').args).toMatchObject({ title: 'Representatives 2027 seats:2', seats: 2 });
  });
  it('takes a positional option by its key too', () => {
    expect(ok('remind message:"Call Anna" when:+1d').args).toMatchObject({ message: 'Call Anna', when: new Date('2026-11-23T10:00:00Z') });
  });
  it('reads setup options into typed values, reminder offsets largest first', () => {
    const c = ok('setup area:"Keski-Uusimaa" lang:SV tz:Europe/Stockholm reminders:1h,14d,1d budget-reminder:06-01');
    expect(c.args).toEqual({
      area: 'Keski-Uusimaa',
      lang: 'sv',
      tz: 'Europe/Stockholm',
      reminders: [14 * 86_400, 86_400, 3_600],
      'budget-reminder': '06-01',
    });
  });
  it('reads short ids case-insensitively', () => {
    expect(ok('remind cancel r12').args.reminder).toBe(12);
  });
});

describe('mentions on Slack and Discord', () => {
  const platform = { ...ctx, mentionsOnly: true };
  const errorOf = (line: string, c = platform) => {
    const r = parseCommand(line, c);
    return r.ok ? undefined : [r.error.code, r.error.params?.value];
  };

  it('refuses a plain @name or #name there, where only a picked mention names someone', () => {
    expect(errorOf('org member add "Org A" @alice')).toEqual(['parse.plain-mention', '@alice']);
    expect(errorOf('remind +1h "Call" to:#general')).toEqual(['parse.plain-mention', '#general']);
  });

  it('takes picked mentions there, and plain @name on the console', () => {
    const picked = parseCommand('org member add "Org A" <@U0ALICE001|alice>', platform);
    expect(picked.ok && picked.command.args.user).toBe('U0ALICE001');
    const typed = parseCommand('org member add "Org A" @alice', ctx);
    expect(typed.ok && typed.command.args.user).toBe('alice');
    // Text options are text: an @ in a reminder's message is not a mention to check.
    expect(parseCommand('remind +1h "Budget talks @here"', platform).ok).toBe(true);
  });

  it('never reads a Slack person’s id as a channel, nor a channel’s as a person', () => {
    const slack = { ...platform, idKind: slackIdKind };
    expect(errorOf('remind +1h "Click this" to:<#U0VICTIM1>', slack)).toEqual(['parse.not-a-channel', '<#U0VICTIM1>']);
    expect(errorOf('remind +1h "Click this" to:<#W0VICTIM1|x>', slack)).toEqual(['parse.not-a-channel', '<#W0VICTIM1|x>']);
    expect(errorOf('remind +1h "Hi" to:<@C0GENERAL1>', slack)).toEqual(['parse.not-a-person', '<@C0GENERAL1>']);
    expect(errorOf('coordinator add <@G0PRIVATE1>', slack)?.[0]).toBe('parse.bad-user');
    const channel = parseCommand('remind +1h "Standup" to:<#C0GENERAL1|general>', slack);
    expect(channel.ok && channel.command.args.to).toEqual({ kind: 'channel', id: 'C0GENERAL1' });
    const person = parseCommand('remind +1h "Standup" to:<@U0ALICE001>', slack);
    expect(person.ok && person.command.args.to).toEqual({ kind: 'user', id: 'U0ALICE001' });
  });
});

describe('dates', () => {
  const at = (s: string, zone = 'Europe/Helsinki') => {
    const r = parseDate(s, { zone, now: ctx.now });
    return r.ok ? r.value.toISOString() : r.code;
  };
  it('reads ISO, Finnish and Swedish forms in the network zone', () => {
    expect(at('2026-10-14T13:00')).toBe('2026-10-14T10:00:00.000Z');
    expect(at('2026-10-14 13:00')).toBe('2026-10-14T10:00:00.000Z');
    expect(at('14.10.2026 13:00')).toBe('2026-10-14T10:00:00.000Z');
    expect(at('14.10.2026 klo 13')).toBe('2026-10-14T10:00:00.000Z');
    expect(at('14.10.2026 kl. 13.30')).toBe('2026-10-14T10:30:00.000Z');
    expect(at('2026-10-14T13:00', 'Europe/Stockholm')).toBe('2026-10-14T11:00:00.000Z');
  });
  it('a date without a time means 09:00 local', () => {
    expect(at('2026-01-15')).toBe('2026-01-15T07:00:00.000Z');
  });
  it('reads relative offsets from now', () => {
    expect(at('+45s')).toBe('2026-11-22T10:00:45.000Z');
    expect(at('+30m')).toBe('2026-11-22T10:30:00.000Z');
    expect(at('+2h')).toBe('2026-11-22T12:00:00.000Z');
    expect(at('+1d2h')).toBe('2026-11-23T12:00:00.000Z');
  });
  it('+1d keeps the wall-clock time across the spring DST change (last Sunday of March)', () => {
    const r = parseDate('+1d', { zone: 'Europe/Helsinki', now: new Date('2026-03-28T10:00:00Z') });
    expect(r.ok && r.value.toISOString()).toBe('2026-03-29T09:00:00.000Z');
  });
  it('refuses the hour the clocks skip on the last Sunday of March', () => {
    expect(at('2026-03-29T03:30')).toBe('date.nonexistent');
    expect(at('2026-03-29T04:00')).toBe('2026-03-29T01:00:00.000Z');
  });
  it('takes the first of the two 03:30s on the last Sunday of October', () => {
    expect(at('2026-10-25T03:30')).toBe('2026-10-25T00:30:00.000Z');
    expect(at('2026-10-25T04:30')).toBe('2026-10-25T02:30:00.000Z');
  });
  it('rejects impossible and unreadable dates', () => {
    expect(at('31.2.2026 10:00')).toBe('date.no-such-day');
    expect(at('someday')).toBe('date.invalid');
    expect(at('2026-13-01')).toBe('date.no-such-month');
    expect(at('14.12')).toBe('date.invalid');
    expect(at('+')).toBe('date.invalid');
  });
  it('refuses dates beyond what can be held or meant as out of range, relative or absolute', () => {
    for (const s of ['+300000000d', '+99999999999999999999d', '+9999999999h', '+1d999999999999m', '31.12.9999', '9999-12-31T23:59', '0001-01-01', '1.1.1900']) {
      expect(at(s), s).toBe('parse.date-out-of-range');
    }
    expect(at('22.11.2126 klo 9')).toBe('2126-11-22T07:00:00.000Z');
  });
  it('refuses an out-of-range date in every date option of every command', () => {
    const dated = COMMANDS.flatMap((spec) => spec.options.filter((o) => o.type === 'date' || o.type === 'time-or-date').map((o) => ({ spec, o })));
    expect(dated.map(({ spec, o }) => `${spec.id}/${o.name}`)).toEqual(
      expect.arrayContaining(['remind/when', 'election.new/nominate-until', 'election.new/vote-until', 'poll.new/suggest-until', 'poll.new/vote-until', 'negotiation.add/at', 'negotiation.add/until', 'negotiation.edit/at']),
    );
    for (const { spec, o } of dated) {
      const word = o.positional ? '+300000000d' : `${o.name}:+300000000d`;
      const e = err([...spec.path, word].join(' '));
      expect(e, `${spec.id} ${o.name}`).toMatchObject({ code: 'parse.date-out-of-range', params: { option: o.name, value: '+300000000d' } });
    }
  });
});
