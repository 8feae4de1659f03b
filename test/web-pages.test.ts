import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { HTTPReceiverOptions } from '@slack/bolt';
import { PermissionFlagsBits } from 'discord.js';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFeedServer } from '../adapters/feed-server.js';
import { launchSlack, slackOptions } from '../adapters/slack/slack-adapter.js';
import { DISCORD_PERMISSION_SUM, DISCORD_PERMISSIONS, discordInviteUrl } from '../adapters/web/discord-invite.js';
import { pageLang } from '../adapters/web/lang.js';
import { homePage, installedPage, type Site } from '../adapters/web/pages.js';
import { installErrorReason, pageRoutes, SECURITY_HEADERS, siteOf, slackInstallCallbacks } from '../adapters/web/routes.js';
import { PAGE_TEXTS } from '../adapters/web/texts.js';
import { type Config, ConfigError, loadConfig } from '../src/config.js';
import { FakeSlack } from './fakes/slack-api.js';
import { startTestRuntime, TEST_SECRET } from './support/runtime.js';

const SITE: Site = { defaultLang: 'fi', slackInstall: true, discordApplicationId: '1234567890', sourceUrl: 'https://example.org/neuvo', contact: 'tietosuoja@example.org' };
const quiet = pino({ level: 'silent' });

describe('the page language', () => {
  it('is ?lang= first, then Accept-Language by weight, then the default', () => {
    expect(pageLang('/?lang=sv', 'fi-FI,fi;q=0.9', 'en')).toBe('sv');
    expect(pageLang('/?lang=SV', undefined, 'en')).toBe('sv');
    expect(pageLang('/', 'de-DE,en;q=0.5,sv-FI;q=0.8', 'fi')).toBe('sv');
    expect(pageLang('/', 'fi, en', 'sv')).toBe('fi');
    expect(pageLang('/', 'fi;q=0, en;q=0.1', 'sv')).toBe('en');
    expect(pageLang('/', 'de, *;q=0.5', 'sv')).toBe('sv');
    expect(pageLang('/', undefined, 'en')).toBe('en');
  });

  it('passes over a ?lang= Neuvo does not speak', () => {
    expect(pageLang('/?lang=de', 'sv', 'en')).toBe('sv');
    expect(pageLang('/?lang=', undefined, 'fi')).toBe('fi');
  });
});

describe('the Discord invite', () => {
  it('asks for the named permissions, whose bits are Discord’s', () => {
    expect(DISCORD_PERMISSIONS).toEqual({
      ViewChannel: PermissionFlagsBits.ViewChannel,
      SendMessages: PermissionFlagsBits.SendMessages,
      EmbedLinks: PermissionFlagsBits.EmbedLinks,
      ManageEvents: PermissionFlagsBits.ManageEvents,
      CreateEvents: PermissionFlagsBits.CreateEvents,
    });
    // The README's sum: 1024 + 2048 + 16384 + 8589934592 + 17592186044416.
    expect(DISCORD_PERMISSION_SUM).toBe(17_600_775_998_464n);
    expect(discordInviteUrl('1234567890')).toBe('https://discord.com/oauth2/authorize?client_id=1234567890&scope=bot+applications.commands&permissions=17600775998464');
  });
});

describe('page rendering', () => {
  it('escapes text that comes from outside, such as a workspace’s name', () => {
    const page = installedPage('en', { team: '<img src=x onerror=alert(1)> & "co"' });
    expect(page).not.toContain('<img src=x');
    expect(page).toContain('&lt;img src=x onerror=alert(1)&gt; &amp; &quot;co&quot;');
  });

  it('offers Add to Slack only when Slack OAuth is configured, and Discord only with an application id', () => {
    const neither = homePage('en', { defaultLang: 'en', slackInstall: false });
    expect(neither).not.toContain('/slack/install');
    expect(neither).not.toContain('discord.com');
    expect(neither).toContain(PAGE_TEXTS.en.home.noInstall);
    const both = homePage('en', SITE);
    expect(both).toContain('href="/slack/install"');
    expect(both).toContain(`href="${discordInviteUrl('1234567890').replaceAll('&', '&amp;')}"`);
  });

  it('reads Slack OAuth as configured only when client id, client secret and state secret are all set', () => {
    const base = loadConfig({ NEUVO_SECRET: TEST_SECRET, DISCORD_TOKEN: 't', DISCORD_APPLICATION_ID: '42' });
    const oauth = { SLACK_CLIENT_ID: 'id', SLACK_CLIENT_SECRET: 'secret', SLACK_STATE_SECRET: 'state' };
    expect(siteOf({ ...base, ...oauth } as Config).slackInstall).toBe(true);
    expect(siteOf({ ...base, ...oauth, SLACK_STATE_SECRET: undefined } as Config).slackInstall).toBe(false);
    expect(siteOf(base)).toMatchObject({ slackInstall: false, discordApplicationId: '42', defaultLang: 'en' });
  });

  it('refuses a source address or contact that is no web or mail address', () => {
    expect(() => loadConfig({ NEUVO_SOURCE_URL: 'javascript:alert(1)' })).toThrow(/NEUVO_SOURCE_URL: expected an http\(s\):\/\/ URL/);
    expect(() => loadConfig({ NEUVO_CONTACT: 'javascript:alert(1)' })).toThrow(ConfigError);
    expect(loadConfig({ NEUVO_CONTACT: 'dpo@example.org', NEUVO_SOURCE_URL: 'https://example.org/neuvo' })).toMatchObject({ NEUVO_CONTACT: 'dpo@example.org' });
  });
});

describe('Slack install results', () => {
  it('tells a cancelled install, a wrong or expired state and other failures apart', () => {
    expect(installErrorReason({ code: 'slack_oauth_installer_authorization_error' }, '/slack/oauth_redirect?error=access_denied&state=s')).toBe('cancelled');
    expect(installErrorReason({ code: 'slack_oauth_invalid_state' }, '/slack/oauth_redirect?code=c&state=old')).toBe('state');
    expect(installErrorReason({ code: 'slack_oauth_missing_state' }, '/slack/oauth_redirect?code=c')).toBe('state');
    expect(installErrorReason({ code: 'slack_oauth_installer_authorization_error' }, '/slack/oauth_redirect?code=c&state=s')).toBe('failed');
  });

  it('answers Bolt’s callbacks with the pages, in the browser’s language', async () => {
    // What Bolt's installer takes (a type check: the OAuth set-up passes these as they are).
    const callbacks: NonNullable<NonNullable<HTTPReceiverOptions['installerOptions']>['callbackOptions']> & ReturnType<typeof slackInstallCallbacks> = slackInstallCallbacks(SITE);
    const server = createServer((req, res) => {
      if (req.url?.includes('error')) callbacks.failure({ code: 'slack_oauth_installer_authorization_error' }, {}, req, res);
      else callbacks.success({ team: { name: 'Pirkanmaan <järjestöt>' } }, {}, req, res);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      const ok = await fetch(`${base}/slack/oauth_redirect?code=c&state=s`, { headers: { 'accept-language': 'sv-FI' } });
      expect(ok.status).toBe(200);
      expect(ok.headers.get('content-security-policy')).toBe(SECURITY_HEADERS['content-security-policy']);
      const body = await ok.text();
      expect(body).toContain('<html lang="sv">');
      expect(body).toContain(PAGE_TEXTS.sv.installed.inTeam('Pirkanmaan &lt;järjestöt&gt;'));
      // Its language links go to /installed: the callback's code is spent.
      expect(body).toContain('href="/installed?lang=fi"');
      const cancelled = await fetch(`${base}/slack/oauth_redirect?error=access_denied&state=s`, { headers: { 'accept-language': 'en' } });
      expect(cancelled.status).toBe(400);
      expect(await cancelled.text()).toContain(PAGE_TEXTS.en.installError.reasons.cancelled);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });
});

describe('the pages are served', () => {
  let rt: Awaited<ReturnType<typeof startTestRuntime>>;
  beforeAll(async () => {
    rt = await startTestRuntime();
  });
  afterAll(async () => {
    await rt.stop();
  });

  const expectPages = async (base: string) => {
    for (const path of ['/', '/privacy', '/installed', '/install-error?reason=state']) {
      const res = await fetch(`${base}${path}`, { headers: { 'accept-language': 'sv-FI,sv;q=0.9,en;q=0.5' } });
      expect([path, res.status]).toEqual([path, 200]);
      expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
      expect(res.headers.get('content-language')).toBe('sv');
      for (const [name, value] of Object.entries(SECURITY_HEADERS)) expect(res.headers.get(name)).toBe(value);
      const body = await res.text();
      expect(body).toMatch(/^<!doctype html>\n<html lang="sv">/);
      expect(body).toMatch(/<h1>[^<]+<\/h1>/);
    }
    const en = await (await fetch(`${base}/privacy?lang=en`, { headers: { 'accept-language': 'fi' } })).text();
    expect(en).toContain(`<h1>${PAGE_TEXTS.en.privacy.title}</h1>`);
    // An unknown reason is shown as a failure, never echoed.
    const odd = await (await fetch(`${base}/install-error?reason=%3Cb%3E&lang=fi`)).text();
    expect(odd).toContain(PAGE_TEXTS.fi.installError.reasons.failed);
    expect(odd).not.toContain('<b>');
    const head = await fetch(`${base}/`, { method: 'HEAD' });
    expect([head.status, await head.text()]).toEqual([200, '']);
    expect((await fetch(`${base}/nothing-here`)).status).toBe(404);
  };

  it('beside Slack’s endpoint, by Bolt’s receiver', async () => {
    const fake = await FakeSlack.start();
    const config = loadConfig({ NEUVO_SECRET: TEST_SECRET, SLACK_BOT_TOKEN: 'xoxb-test', SLACK_SIGNING_SECRET: 'secret', SLACK_API_URL: fake.apiUrl, PORT: '0' });
    const slack = await launchSlack(rt, { ...slackOptions(config), host: '127.0.0.1', routes: pageRoutes(SITE) }, quiet);
    try {
      await expectPages(`http://127.0.0.1:${slack.address!.port}`);
    } finally {
      await slack.stop();
      await fake.close();
    }
  });

  it('by the small feed server when only Discord runs', async () => {
    const server = await startFeedServer(pageRoutes(SITE), 0, '127.0.0.1');
    try {
      await expectPages(`http://127.0.0.1:${server.address.port}`);
    } finally {
      await server.stop();
    }
  });
});
