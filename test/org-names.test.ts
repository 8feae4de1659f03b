import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { CommandContext } from '../src/app/ports.js';
import { matchOrg, orgKey } from '../src/domain/org-names.js';
import { RecordingMessenger } from './support/recording-messenger.js';
import { viewText } from './support/view-text.js';
import { startTestRuntime } from './support/runtime.js';

let rt: Awaited<ReturnType<typeof startTestRuntime>>;
let channel = 0;
let channelId = '';

const ctx = (user: string): CommandContext => ({
  actor: { platform: 'console', workspaceId: 'w', userId: user, isPlatformAdmin: user === 'coord' },
  space: { platform: 'console', workspaceId: 'w', channelId },
});
const run = async (user: string, line: string) => viewText(await rt.neuvo.handle(ctx(user), line));
const network = async (lang: 'fi' | 'sv' | 'en') => {
  channelId = `on${++channel}`;
  await run('coord', `setup area:Keski-Uusimaa lang:${lang}`);
};

beforeAll(async () => {
  rt = await startTestRuntime();
  rt.messenger.register('console', new RecordingMessenger());
});
afterAll(async () => {
  await rt.stop();
});
beforeEach(() => network('en'));

describe('organisation names as people type them', () => {
  it.each([
    ['Järvenpään Eläkeläiset ry', 'jarvenpaan elakelaiset'],
    ['Folkhälsan i Borgå rf', 'folkhalsan i borga'],
    ['Folkhälsan i Borgå r.f.', 'folkhalsan i borga'],
    ['  Red  Cross – Espoo ', 'red cross espoo'],
    ['Ryhmä ry', 'ryhma'],
    ['Tory', 'tory'],
  ])('%s is compared as "%s"', (name, key) => {
    expect(orgKey(name)).toBe(key);
  });

  it('suggests the names a part or a typo may mean, nearest first, and nothing for what is far', () => {
    const names = ['Järvenpään Eläkeläiset ry', 'Järvenpään Martat ry', 'Keravan Martat ry'];
    expect(matchOrg(names, 'JARVENPAAN ELAKELAISET')).toEqual({ name: 'Järvenpään Eläkeläiset ry' });
    expect(matchOrg(names, 'Järvenpään')).toEqual({ suggestions: ['Järvenpään Eläkeläiset ry', 'Järvenpään Martat ry'] });
    expect(matchOrg(names, 'Keravan Marat')).toEqual({ suggestions: ['Keravan Martat ry'] });
    expect(matchOrg(names, 'Tuusulan Martat')).toEqual({ suggestions: [] });
  });

  it.each([
    ['fi', 'Jarvenpaan elakelaiset'],
    ['sv', 'järvenpään eläkeläiset RY'],
    ['en', 'Järvenpään Eläkeläiset'],
  ] as const)('%s: "%s" finds Järvenpään Eläkeläiset ry in the database', async (lang, typed) => {
    await network(lang);
    await run('coord', 'org add "Järvenpään Eläkeläiset ry"');
    expect(await run('coord', `org member add "${typed}" @anna`)).toMatch(/@anna.*Järvenpään Eläkeläiset ry/);
    expect(await run('anna', 'org list')).toContain('Järvenpään Eläkeläiset ry — @anna');
    expect(await run('bob', `org join ’${typed}’`)).toContain('Järvenpään Eläkeläiset ry');
    expect(await run('coord', `org remove '${typed}'`)).toContain('Järvenpään Eläkeläiset ry');
    expect(await run('coord', 'org list')).not.toContain('Järvenpään');
  });

  it.each([
    ['fi', 'Järjestöä ”Järvenpään” ei ole. Tarkoititko ”Järvenpään Eläkeläiset ry”, ”Järvenpään Martat ry”?'],
    ['sv', 'Det finns ingen organisation ”Järvenpään”. Menade du ”Järvenpään Eläkeläiset ry”, ”Järvenpään Martat ry”?'],
    ['en', 'There is no organisation “Järvenpään”. Did you mean “Järvenpään Eläkeläiset ry”, “Järvenpään Martat ry”?'],
  ] as const)('%s: an ambiguous name gets the names it may mean', async (lang, text) => {
    await network(lang);
    await run('coord', 'org add "Järvenpään Eläkeläiset ry"');
    await run('coord', 'org add "Järvenpään Martat ry"');
    expect(await run('coord', 'org member add Järvenpään @anna')).toBe(text);
    expect(await run('coord', 'election new "Edustajat" seats:1 method:plurality')).toContain('E1');
    expect(await run('coord', 'election nominate E1 @anna org:Järvenpään')).toBe(text);
  });

  it('a name that differs only by case, accents or ry is the same organisation and is not added twice', async () => {
    expect(await run('coord', 'org add "Järvenpään Eläkeläiset ry"')).toContain('added');
    expect(await run('coord', 'org add "JARVENPAAN ELAKELAISET"')).toBe('“Järvenpään Eläkeläiset ry” is already an organisation of this network.');
    expect(await run('coord', 'org add "Järvenpään eläkeläiset r.y."')).toContain('already');
    const adds = await Promise.all(['Keravan Martat ry', 'Keravan Martat', 'keravan martat rf'].map((n) => run('coord', `org add "${n}"`)));
    expect(adds.filter((a) => a.includes('added'))).toHaveLength(1);
    expect((await run('coord', 'org list')).match(/Keravan/g)).toHaveLength(1);
  });
});
