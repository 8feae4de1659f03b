import { describe, expect, it } from 'vitest';
import { COMMAND_BUDGET, interactionToText, neuvoCommand, type DiscordOption } from '../adapters/discord/command-definitions.js';
import { parseCommand } from '../src/commands/parser.js';

const ctx = { zone: 'Europe/Helsinki', now: new Date('2026-11-22T10:00:00Z') };
const args = (line: string) => {
  const r = parseCommand(line, ctx);
  if (!r.ok) throw new Error(`${r.error.code} ${JSON.stringify(r.error.params)}`);
  return r.command.args;
};
const error = (line: string) => {
  const r = parseCommand(line, ctx);
  return r.ok ? undefined : { code: r.error.code, value: r.error.params.value };
};

describe('negotiation options', () => {
  it('GIVEN a Finnish date after at: THEN it runs on over its words and the title stays the title', () => {
    const a = args('negotiation add "HYTE 2027" at:14.10.2027 klo 13 until:15:30');
    expect(a.title).toBe('HYTE 2027');
    expect((a.at as Date).toISOString()).toBe('2027-10-14T10:00:00.000Z');
    expect(a.until).toEqual({ hour: 15, minute: 30 });
  });

  it('reads Swedish and ISO dates with a space the same way, and until: as a date', () => {
    expect((args('negotiation add "T" at:14.10.2027 kl. 13.30').at as Date).toISOString()).toBe('2027-10-14T10:30:00.000Z');
    expect((args('negotiation add "T" at:2027-10-14 13:00').at as Date).toISOString()).toBe('2027-10-14T10:00:00.000Z');
    expect((args('negotiation add "T" at:+3d until:"15.10.2027 klo 16"').until as Date).toISOString()).toBe('2027-10-15T13:00:00.000Z');
  });

  it('GIVEN link: THEN only http and https addresses pass', () => {
    expect(args('negotiation add "T" at:+3d link:https://www.pirha.fi/hyte?x=1').link).toBe('https://www.pirha.fi/hyte?x=1');
    expect(error('negotiation add "T" at:+3d link:ftp://example.org')).toEqual({ code: 'parse.bad-url', value: 'ftp://example.org' });
    expect(error('negotiation add "T" at:+3d link:javascript:alert(1)')).toMatchObject({ code: 'parse.bad-url' });
    expect(error('negotiation add "T" at:+3d link:www.pirha.fi')).toMatchObject({ code: 'parse.bad-url' });
  });

  it('GIVEN a bad until: THEN the error says a time or a date was expected; a skipped hour says so', () => {
    expect(error('negotiation add "T" at:+3d until:kello')).toEqual({ code: 'parse.bad-time-or-date', value: 'kello' });
    expect(error('negotiation add "T" at:+3d until:25:00')).toEqual({ code: 'date.no-such-time', value: '25:00' });
    expect(error('negotiation add "T" at:+3d until:"28.3.2027 klo 3.30"')).toMatchObject({ code: 'date.nonexistent' });
    expect(error('negotiation add "T" at:"28.3.2027 klo 3.30"')).toMatchObject({ code: 'date.nonexistent' });
  });

  it('GIVEN - on an edit THEN the value is cleared (null), quoted or not; required options cannot be cleared', () => {
    expect(args('negotiation edit N1 where:- link:"-" until:- about:-')).toEqual({ negotiation: 1, where: null, link: null, until: null, about: null });
    expect(args('setup budget-reminder:-')).toEqual({ 'budget-reminder': null });
    expect(error('negotiation add "T" at:-')).toMatchObject({ code: 'date.invalid' });
  });

  it('GIVEN Discord options THEN they come back as the same command line', () => {
    const text = interactionToText([
      {
        type: 2,
        name: 'negotiation',
        options: [
          {
            type: 1,
            name: 'add',
            options: [
              { type: 3, name: 'title', value: 'HYTE 2027' },
              { type: 3, name: 'at', value: '14.10.2027 klo 13' },
              { type: 3, name: 'until', value: '15:30' },
              { type: 3, name: 'link', value: 'https://www.pirha.fi/hyte' },
            ],
          },
        ],
      },
    ]);
    const a = args(text!);
    expect(a).toMatchObject({ title: 'HYTE 2027', until: { hour: 15, minute: 30 }, link: 'https://www.pirha.fi/hyte' });
    expect((a.at as Date).toISOString()).toBe('2027-10-14T10:00:00.000Z');
  });
});

describe('/neuvo on Discord with the negotiation commands', () => {
  it('stays within Discord’s budget of names, descriptions and choices in every locale, subcommand descriptions whole', () => {
    const command = neuvoCommand();
    const nodes: DiscordOption[] = [];
    const walk = (o: DiscordOption) => (nodes.push(o), o.options?.forEach(walk));
    command.options.forEach(walk);
    for (const locale of [undefined, 'fi', 'sv-SE'] as const) {
      const text = (o: { description: string; description_localizations?: Record<string, string> }) => (locale ? (o.description_localizations?.[locale] ?? o.description) : o.description);
      const size = command.name.length + text(command).length + nodes.reduce((sum, o) => sum + o.name.length + text(o).length + (o.choices ?? []).reduce((c, x) => c + (locale ? (x.name_localizations?.[locale] ?? x.name) : x.name).length + x.value.length, 0), 0);
      expect(size, locale ?? 'en').toBeLessThanOrEqual(COMMAND_BUDGET);
    }
    const negotiation = command.options.find((o) => o.name === 'negotiation')!;
    expect(negotiation.options!.map((o) => [o.name, o.description])).toContainEqual(['add', 'announce a negotiation: its card, reminders and calendar entry']);
  });
});
