import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CommandContext } from '../src/app/ports.js';
import { parseCommand } from '../src/commands/parser.js';
import { translator } from '../src/i18n/translator.js';
import { startTestRuntime } from './support/runtime.js';
import { viewText } from './support/view-text.js';

const ctx = { zone: 'Europe/Helsinki', now: new Date('2026-11-22T10:00:00Z') };
const error = (line: string) => {
  const r = parseCommand(line, ctx);
  if (r.ok) throw new Error(`expected ${line} to fail`);
  return r.error;
};

describe('mistyped commands', () => {
  it.each([
    ['poll sugest P1 "Lisää penkkejä"', 'poll sugest', 'poll suggest', 'poll suggest P1 "<topic>"'],
    ['org ad "Folkhälsan i Borgå rf"', 'org ad', 'org add', 'org add "<organisation>"'],
    ['negotation list', 'negotation list', 'negotiation list', 'negotiation list'],
    ['org member ad "Red Cross" @alice', 'org member ad', 'org member add', 'org member add "<organisation>" @user'],
    ['remind cancle R1', 'remind cancle', 'remind cancel', 'remind cancel R1'],
    ['electoin show E1', 'electoin show', 'election show', 'election show E1'],
  ])('%s: did you mean, with the usage of the nearest command', (line, word, suggestion, usage) => {
    expect(error(line)).toMatchObject({ code: 'command.did-you-mean', params: { word, suggestion, usage }, spec: { path: suggestion.split(' ') } });
  });

  it.each([
    ['fi', 'Tuntematon komento ”poll sugest” – tarkoititko ”poll suggest”?'],
    ['sv', 'Okänt kommando ”poll sugest” – menade du ”poll suggest”?'],
    ['en', 'Unknown command “poll sugest” — did you mean “poll suggest”?'],
  ] as const)('says so in %s', (lang, text) => {
    const e = error('poll sugest P1 "x"');
    expect(translator(lang).t(e.code, e.params)).toBe(text);
  });

  it('a group word with an unknown command names the group, not "unknown command"', () => {
    expect(error('poll frobnicate')).toMatchObject({ code: 'command.unknown-sub', params: { word: 'poll frobnicate', group: 'poll' } });
    expect(error('org')).toMatchObject({ code: 'command.unknown-sub', params: { word: 'org', group: 'org' } });
  });

  it('a word near nothing is still an unknown command, and a right command is never "corrected"', () => {
    expect(error('frobnicate now')).toMatchObject({ code: 'command.unknown', params: { word: 'frobnicate' } });
    expect(error('remind +1x Soita')).toMatchObject({ code: 'date.invalid' });
    expect(parseCommand('poll list', ctx).ok).toBe(true);
  });
});

describe('mistyped commands answered by the core, in the network’s language', () => {
  let rt: Awaited<ReturnType<typeof startTestRuntime>>;
  beforeAll(async () => {
    rt = await startTestRuntime();
  });
  afterAll(async () => {
    await rt?.stop();
  });
  const run = async (channelId: string, line: string) => {
    const ctx: CommandContext = {
      actor: { platform: 'console', workspaceId: 'w', userId: 'coord', isPlatformAdmin: false },
      space: { platform: 'console', workspaceId: 'w', channelId },
    };
    return viewText(await rt.neuvo.handle(ctx, line));
  };

  it.each([
    ['fi', 'Tuntematon komento ”poll sugest” – tarkoititko ”poll suggest”?\n/neuvo poll suggest P1 "<aihe>"', '/neuvo poll new "<kysymys>" theme:tavoitteet|toimenpiteet|yhteistyö|seuranta'],
    ['sv', 'Okänt kommando ”poll sugest” – menade du ”poll suggest”?\n/neuvo poll suggest P1 "<ämne>"', '/neuvo poll new "<fråga>" theme:mål|åtgärder|samarbete|uppföljning'],
    ['en', 'Unknown command “poll sugest” — did you mean “poll suggest”?\n/neuvo poll suggest P1 "<topic>"', '/neuvo poll new "<question>" theme:goals|measures|cooperation|follow-up'],
  ] as const)('%s: one line and the usage for a near miss; the group’s commands for a group word', async (lang, nearMiss, pollNew) => {
    const channel = `typed-${lang}`;
    await run(channel, `setup area:Kainuu lang:${lang}`);
    expect(await run(channel, 'poll sugest P1 "Lisää penkkejä"')).toBe(nearMiss);
    const group = (await run(channel, 'poll frobnicate')).split('\n');
    expect(group[0]).toContain('poll frobnicate');
    expect(group.slice(1).every((l) => l.startsWith('/neuvo poll '))).toBe(true);
    expect(group.find((l) => l.startsWith('/neuvo poll new '))).toContain(pollNew);
  });
});
