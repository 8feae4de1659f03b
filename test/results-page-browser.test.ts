/**
 * A public results page in a real headless Chromium (Debian's `chromium`, driven by playwright-core),
 * from an election closed through the core on Postgres: content in every language, links, a clean
 * console, axe-core with nothing serious, the receipt search (with and without script), and a
 * phone-width screenshot that is not blank.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FeedServer, startFeedServer } from '../adapters/feed-server.js';
import { resultsRoutes } from '../adapters/web/routes.js';
import { PAGE_TEXTS } from '../adapters/web/texts.js';
import type { CommandContext, PublishedSnapshot } from '../src/app/ports.js';
import type { PublicRecord } from '../src/domain/public-record.js';
import { LANGS } from '../src/i18n/translator.js';
import { launchChromium, seriousViolations, watched } from './support/browser.js';
import { colourCount, decodePng } from './support/png.js';
import { RecordingMessenger } from './support/recording-messenger.js';
import { startTestRuntime } from './support/runtime.js';
import { viewText } from './support/view-text.js';
import { resultsCharts, resultsChartSpecs } from '../adapters/web/results-charts.js';


let rt: Awaited<ReturnType<typeof startTestRuntime>>;
let server: FeedServer;
let browser: Browser;
let base = '';
let pageId = '';
let record: PublicRecord;

const ctx = (user: string): CommandContext => ({
  actor: { platform: 'console', workspaceId: 'w', userId: user, isPlatformAdmin: false },
  space: { platform: 'console', workspaceId: 'w', channelId: 'browser' },
});
const run = async (user: string, line: string) => viewText(await rt.neuvo.handle(ctx(user), line));

beforeAll(async () => {
  // First: without Chromium there is nothing to set up for.
  browser = await launchChromium();
  rt = await startTestRuntime({ limits: { minPublicBallots: 4 } });
  rt.messenger.register('console', new RecordingMessenger());
  await run('coord', 'setup area:Pirkanmaa');
  const orgs = ['Pirkanmaan Mielenterveysyhdistys ry', 'Tampereen Seudun Omaishoitajat ry', 'Nääsville Pride', 'Invalidiliiton Tampereen yhdistys', 'Kangasalan Martat'];
  for (const [i, org] of orgs.entries()) {
    await run('coord', `org add "${org}"`);
    await run('coord', `org member add "${org}" @m${i}`);
  }
  await run('coord', 'election new "Hyvinvointialueen neuvottelukunta 2027" seats:2 method:stv public:yes');
  for (const [i, org] of orgs.slice(0, 3).entries()) await run(`m${i}`, `election nominate E1 @m${i} org:"${org}"`);
  await run('coord', 'election open E1');
  for (const [i, ballot] of ['1 2', '2 1 3', '1 3', '3 2', '1'].entries()) await run(`m${i}`, `vote E1 ${ballot} org:"${orgs[i]}"`);
  const result = await run('coord', 'election close E1');
  pageId = /\/r\/([A-Za-z0-9_-]{22})/.exec(result)![1]!;
  server = await startFeedServer(
    resultsRoutes({ defaultLang: 'en', slackInstall: false }, { find: (id) => rt.deps.published.byId(id), chartsFor: resultsCharts() }),
    0,
    '127.0.0.1',
  );
  base = `http://127.0.0.1:${server.address.port}`;
  record = (await (await fetch(`${base}/r/${pageId}/record.json`)).json()) as PublicRecord;
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  await rt?.stop();
});

describe.each(LANGS)('in %s', (lang) => {
  it('shows winners, rounds, chart, rules, turnout and the record; links resolve; console clean; axe finds nothing serious', async () => {
    const context = await browser.newContext();
    try {
      const { page, problems } = await watched(context);
      const t = PAGE_TEXTS[lang].results;
      expect((await page.goto(`${base}/r/${pageId}?lang=${lang}`))?.status()).toBe(200);
      expect(await page.getAttribute('html', 'lang')).toBe(lang);
      expect(await page.locator('h1').innerText()).toBe(t.heading('E1', 'Hyvinvointialueen neuvottelukunta 2027'));
      for (const heading of [t.winners, t.chart, t.rounds, t.rules, t.turnout, t.verification]) expect(await page.getByRole('heading', { name: heading, exact: true }).count(), heading).toBe(1);
      expect(await page.locator('ol li').allInnerTexts()).toEqual(record.winners);
      // The real charts, drawn in the page's language: the count's rounds and the turnout, each with its table.
      const specs = resultsChartSpecs((await rt.deps.published.byId(pageId))!, lang);
      expect(await page.locator('figure svg').count()).toBe(2);
      expect(await page.locator('figcaption').allTextContents()).toEqual(specs.map((c) => c.alt));
      expect(await page.locator('figure svg title').first().textContent()).toBe(specs[0]!.title);
      expect(await page.getByText(record.chain.head).count()).toBe(1);
      expect(await page.getByText(record.seed, { exact: true }).count()).toBe(1);
      expect(await page.getByRole('row', { name: 'Nääsville Pride 1 / 1', exact: true }).count()).toBe(1);

      const links = await page.$$eval('a[href]', (as) => as.map((a) => ({ raw: a.getAttribute('href')!, href: (a as HTMLAnchorElement).href })));
      for (const { raw, href } of links) {
        if (raw.startsWith('#')) expect(await page.locator(raw).count(), raw).toBe(1);
        else if (/^\/(privacy)?\?/.test(raw)) expect(new URL(href).origin).toBe(base); // served by pageRoutes, not this test's server
        else expect([raw, (await fetch(href)).status]).toEqual([raw, 200]);
      }
      expect(links.map((l) => l.raw)).toEqual(expect.arrayContaining([`/r/${pageId}/record.json`, `/r/${pageId}/ballots.blt`]));

      expect(await seriousViolations(page)).toEqual([]);
      expect(problems).toEqual([]);
    } finally {
      await context.close();
    }
  });
});

describe('finding a receipt', () => {
  it('the search says the ranking without a request to the server', async () => {
    const context = await browser.newContext();
    try {
      const { page, problems } = await watched(context);
      const requests: string[] = [];
      await page.goto(`${base}/r/${pageId}?lang=fi`);
      page.on('request', (r) => requests.push(r.url()));
      const mine = record.ballots[2]!;
      const t = PAGE_TEXTS.fi.results;
      await page.getByLabel(t.findReceipt).fill(mine.receipt.toLowerCase());
      await page.getByRole('button', { name: t.find }).click();
      await expect.poll(() => page.getByRole('status').innerText()).toBe(t.receiptFound(mine.ranking.join(' > ')));
      expect(await page.locator('tr.mine').getAttribute('id')).toBe(`b-${mine.receipt}`);
      await page.getByLabel(t.findReceipt).fill('NOSUCHCODE');
      await page.getByRole('button', { name: t.find }).click();
      await expect.poll(() => page.getByRole('status').innerText()).toBe(t.receiptNotFound);
      expect(requests).toEqual([]);
      expect(problems).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('without script the page is whole: the ballots are listed and the (useless) form stays hidden', async () => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    try {
      const { page, problems } = await watched(context);
      await page.goto(`${base}/r/${pageId}?lang=sv`);
      expect(await page.locator('#find').isHidden()).toBe(true);
      for (const b of record.ballots) expect(await page.locator(`#b-${b.receipt}`).innerText()).toContain(b.ranking.join(' > '));
      expect(await page.getByText(PAGE_TEXTS.sv.results.findWithoutScript).count()).toBe(1);
      expect(problems).toEqual([]);
    } finally {
      await context.close();
    }
  });
});

describe('on a phone', () => {
  it('fits 390 px and its screenshot is not blank', async () => {
    const context = await browser.newContext({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 1 });
    try {
      const { page, problems } = await watched(context);
      await page.goto(`${base}/r/${pageId}?lang=fi`);
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
      const shot = decodePng(await page.screenshot({ fullPage: true }));
      expect(shot.width).toBe(390);
      expect(colourCount(shot)).toBeGreaterThan(16);
      expect(problems).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('a page taken down is a 404 page, still in the reader’s language', async () => {
    const context = await browser.newContext({ locale: 'sv-FI' });
    try {
      const { page } = await watched(context);
      const response = await page.goto(`${base}/r/AAAAAAAAAAAAAAAAAAAAAA`);
      expect(response?.status()).toBe(404);
      expect(await page.locator('h1').innerText()).toBe(PAGE_TEXTS.sv.results.notFoundTitle);
      expect(await seriousViolations(page)).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
