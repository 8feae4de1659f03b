/**
 * Neuvo's web pages in a real headless Chromium (Debian's `chromium`, driven by playwright-core): every
 * page in every language renders, its links go where they should, the console stays clean, and axe-core
 * finds no serious or critical accessibility violation.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FeedServer, startFeedServer } from '../adapters/feed-server.js';
import { discordInviteUrl } from '../adapters/web/discord-invite.js';
import type { Site } from '../adapters/web/pages.js';
import { pageRoutes } from '../adapters/web/routes.js';
import { PAGE_TEXTS } from '../adapters/web/texts.js';
import { LANGS } from '../src/i18n/translator.js';
import { launchChromium, seriousViolations, watched } from './support/browser.js';
import { colourCount, decodePng } from './support/png.js';

const SITE: Site = { defaultLang: 'en', slackInstall: true, discordApplicationId: '1234567890', sourceUrl: 'https://example.org/neuvo', contact: 'https://example.org/contact' };
/** The only links that leave the site, exactly. */
const EXTERNAL = new Set([discordInviteUrl('1234567890'), 'https://example.org/neuvo', 'https://example.org/contact']);
/** Bolt's install path: served by Slack's receiver when OAuth is configured, not by this test's server. */
const SLACK_INSTALL = '/slack/install';
const PATHS = ['/', '/privacy', '/installed', '/install-error?reason=state'] as const;

let server: FeedServer;
let base: string;
let browser: Browser;

beforeAll(async () => {
  server = await startFeedServer(pageRoutes(SITE), 0, '127.0.0.1');
  base = `http://127.0.0.1:${server.address.port}`;
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe.each(LANGS)('in %s', (lang) => {
  it.each(PATHS)('%s renders, its links resolve, the console stays clean and axe finds nothing serious', async (path) => {
    const context = await browser.newContext();
    try {
      const { page, problems } = await watched(context);
      const url = `${base}${path}${path.includes('?') ? '&' : '?'}lang=${lang}`;
      const response = await page.goto(url);
      expect(response?.status()).toBe(200);
      expect(await page.getAttribute('html', 'lang')).toBe(lang);
      expect((await page.locator('h1').innerText()).trim()).not.toBe('');
      expect(await page.locator('main').count()).toBe(1);

      const links = await page.$$eval('a[href]', (as) => as.map((a) => ({ raw: a.getAttribute('href')!, href: (a as HTMLAnchorElement).href })));
      expect(links.length).toBeGreaterThan(0);
      for (const { raw, href } of links) {
        if (raw.startsWith('#')) expect(await page.locator(raw).count(), raw).toBe(1);
        else if (raw === SLACK_INSTALL) expect(new URL(href).origin).toBe(base);
        else if (new URL(href).origin === base) expect([raw, (await fetch(href)).status]).toEqual([raw, 200]);
        else expect(EXTERNAL.has(href), `unexpected link ${href}`).toBe(true);
      }
      if (path === '/') {
        const t = PAGE_TEXTS[lang].home;
        expect(await page.getByRole('link', { name: t.addSlack }).getAttribute('href')).toBe(SLACK_INSTALL);
        expect(await page.getByRole('link', { name: t.addDiscord }).getAttribute('href')).toBe(discordInviteUrl('1234567890'));
      }

      expect(await seriousViolations(page)).toEqual([]);
      expect(problems).toEqual([]);
    } finally {
      await context.close();
    }
  });
});

describe('choosing the language', () => {
  it('follows the browser’s language, and the switcher’s links', async () => {
    const context = await browser.newContext({ locale: 'sv-FI' });
    try {
      const { page, problems } = await watched(context);
      await page.goto(`${base}/privacy`);
      expect(await page.getAttribute('html', 'lang')).toBe('sv');
      expect(await page.locator('h1').innerText()).toBe(PAGE_TEXTS.sv.privacy.title);
      await page.getByRole('link', { name: PAGE_TEXTS.fi.langName }).click();
      await page.waitForURL(`${base}/privacy?lang=fi`);
      expect(await page.getAttribute('html', 'lang')).toBe('fi');
      expect(await page.locator('h1').innerText()).toBe(PAGE_TEXTS.fi.privacy.title);
      expect(problems).toEqual([]);
    } finally {
      await context.close();
    }
  });
});

describe('on a phone', () => {
  it.each(PATHS)('%s fits 390 px and its screenshot is not blank', async (path) => {
    const context = await browser.newContext({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 1 });
    try {
      const { page, problems } = await watched(context);
      // Finnish has the longest words.
      await page.goto(`${base}${path}${path.includes('?') ? '&' : '?'}lang=fi`);
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
      const shot = decodePng(await page.screenshot({ fullPage: true }));
      expect(shot.width).toBe(390);
      // A blank page is one colour; text, buttons and rules make many.
      expect(colourCount(shot)).toBeGreaterThan(16);
      await page.goto('about:blank');
      expect(colourCount(decodePng(await page.screenshot()))).toBe(1);
      expect(problems).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
