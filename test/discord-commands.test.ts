import { describe, expect, it } from 'vitest';
import { interactionToText, neuvoCommand, type DiscordOption } from '../adapters/discord/command-definitions.js';
import { COMMANDS } from '../src/commands/model.js';
import { parseCommand } from '../src/commands/parser.js';

const NAME = /^[-_\p{Ll}\p{N}]{1,32}$/u;
const ctx = { zone: 'Europe/Helsinki', now: new Date('2026-11-22T10:00:00Z') };

function walk(options: readonly DiscordOption[], visit: (o: DiscordOption, depth: number) => void, depth = 0): void {
  for (const o of options) {
    visit(o, depth);
    if (o.options) walk(o.options, visit, depth + 1);
  }
}

describe('Discord /neuvo generated from the command model', () => {
  const command = neuvoCommand();

  it('has one subcommand for every command in the model', () => {
    let subs = 0;
    walk(command.options, (o) => (subs += o.type === 1 ? 1 : 0));
    expect(subs).toBe(COMMANDS.length);
  });

  it('keeps within Discord limits: names, descriptions, 25 per level, required options first', () => {
    expect(command.options.length).toBeLessThanOrEqual(25);
    walk(command.options, (o) => {
      expect(o.name).toMatch(NAME);
      expect(o.description.length).toBeGreaterThan(0);
      expect(o.description.length).toBeLessThanOrEqual(100);
      for (const d of Object.values(o.description_localizations ?? {})) expect(d.length).toBeLessThanOrEqual(100);
      if (o.options) {
        expect(o.options.length).toBeLessThanOrEqual(25);
        const required = o.options.map((x) => Boolean(x.required));
        expect(required).toEqual([...required].sort((a, b) => Number(b) - Number(a)));
      }
    });
  });

  it('localizes descriptions in Finnish and Swedish', () => {
    const org = command.options.find((o) => o.name === 'org')!;
    expect(org.description_localizations).toEqual({ fi: 'jäsenjärjestöt ja niiden edustajat', 'sv-SE': 'medlemsorganisationerna och deras representanter' });
  });

  it('turns options back into the command line the parser reads, for three-word and DM-target commands', () => {
    const memberAdd = interactionToText([
      { type: 2, name: 'org', options: [{ type: 1, name: 'member-add', options: [{ type: 3, name: 'org', value: 'Red "Cross"' }, { type: 6, name: 'user', value: '123' }] }] },
    ]);
    expect(memberAdd).toBe('org member add «Red "Cross"» <@123>');
    const parsed = parseCommand(memberAdd!, ctx);
    expect(parsed.ok && parsed.command.args).toEqual({ org: 'Red "Cross"', user: '123' });

    const remind = interactionToText([
      { type: 2, name: 'remind', options: [{ type: 1, name: 'set', options: [{ type: 3, name: 'when', value: '14.12.2026 klo 13' }, { type: 3, name: 'message', value: 'Prep' }, { type: 7, name: 'to-channel', value: '999' }] }] },
    ]);
    const r = parseCommand(remind!, ctx);
    expect(r.ok && r.command.spec.id).toBe('remind');
    expect(r.ok && r.command.args.to).toEqual({ kind: 'channel', id: '999' });
    expect(r.ok && (r.command.args.when as Date).toISOString()).toBe('2026-12-14T11:00:00.000Z');
  });

  it('reads a snowflake as a person or a channel by the option’s type, never by its name alone', () => {
    const remind = (to: { type: number; name: string; value: string }) =>
      interactionToText([{ type: 2, name: 'remind', options: [{ type: 1, name: 'set', options: [{ type: 3, name: 'when', value: '+1h' }, { type: 3, name: 'message', value: 'Hi' }, to] }] }]);
    expect(remind({ type: 7, name: 'to-channel', value: '999' })).toBe('remind "+1h" "Hi" to:<#999>');
    expect(remind({ type: 6, name: 'to-user', value: '123' })).toBe('remind "+1h" "Hi" to:<@123>');
    // A person's id where a channel belongs (or the reverse) names neither.
    expect(remind({ type: 6, name: 'to-channel', value: '123' })).toBe('remind "+1h" "Hi"');
    expect(remind({ type: 7, name: 'to-user', value: '999' })).toBe('remind "+1h" "Hi"');
    expect(remind({ type: 7, name: 'to-channel', value: '999> <@1' })).toBe('remind "+1h" "Hi"');
  });

  it('keeps several words typed into one option as several words (a ranking)', () => {
    const text = interactionToText([{ type: 1, name: 'vote', options: [{ type: 3, name: 'ballot', value: 'E1' }, { type: 3, name: 'choices', value: ' 2 1  3 ' }] }]);
    expect(text).toBe('vote "E1" 2 1  3');
    const parsed = parseCommand(text!, ctx);
    expect(parsed.ok && parsed.command.args).toEqual({ ballot: { prefix: 'E', seq: 1 }, choices: ['2', '1', '3'] });
  });

  it('keeps a key:value typed into a text or ranking option as text, not an option', () => {
    const remind = interactionToText([
      { type: 2, name: 'remind', options: [{ type: 1, name: 'set', options: [{ type: 3, name: 'when', value: '+1d' }, { type: 3, name: 'message', value: 'Check seats:2 to:all' }] }] },
    ]);
    const r = parseCommand(remind!, ctx);
    expect(r.ok && r.command.args).toMatchObject({ message: 'Check seats:2 to:all' });
    expect(r.ok && r.command.args.to).toBeUndefined();
    const vote = interactionToText([{ type: 1, name: 'vote', options: [{ type: 3, name: 'ballot', value: 'E1' }, { type: 3, name: 'choices', value: '2 org:Red "x' }] }]);
    const v = parseCommand(vote!, ctx);
    expect(v.ok && v.command.args).toEqual({ ballot: { prefix: 'E', seq: 1 }, choices: ['2', 'org:Red', '"x'] });
  });

  it('maps top-level subcommands and keyed options', () => {
    const text = interactionToText([{ type: 1, name: 'setup', options: [{ type: 3, name: 'area', value: 'Keski-Uusimaa' }, { type: 3, name: 'lang', value: 'sv' }] }]);
    expect(text).toBe('setup area:"Keski-Uusimaa" lang:"sv"');
    const parsed = parseCommand(text!, ctx);
    expect(parsed.ok && parsed.command.args).toEqual({ area: 'Keski-Uusimaa', lang: 'sv' });
  });

  it('every subcommand maps back to its own command', () => {
    walk(command.options, (o, depth) => {
      if (o.type !== 1) return;
      const group = depth === 1 ? command.options.find((g) => g.options?.includes(o)) : undefined;
      const sub = { type: 1, name: o.name, options: [] };
      const text = interactionToText(group ? [{ type: 2, name: group.name, options: [sub] }] : [sub]);
      const spec = COMMANDS.find((c) => text !== undefined && c.path.join(' ') === text);
      expect(spec, `${group?.name ?? ''} ${o.name} → ${text}`).toBeDefined();
    });
  });
});
