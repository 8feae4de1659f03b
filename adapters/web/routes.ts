import type { IncomingMessage, ServerResponse } from 'node:http';
import type { CustomRoute } from '@slack/bolt';
import type { Config } from '../../src/config.js';
import type { Lang } from '../../src/i18n/translator.js';
import { pageLang } from './lang.js';
import { homePage, installedPage, installErrorPage, PAGE_PATHS, privacyPage, type Site, STYLESHEET_HASH } from './pages.js';
import type { InstallErrorReason } from './texts.js';
import type { PublishedSnapshot } from '../../src/app/ports.js';
import { type PublicRecord, recordBlt } from '../../src/domain/public-record.js';
import { BLT_FILE, RECEIPT_SCRIPT_HASH, RECORD_FILE, type RenderedChart, resultsNotFoundPage, resultsPage } from './results-page.js';

/**
 * No script may run and nothing may load but the page's own stylesheet (by hash) and its empty icon;
 * the page cannot be framed, and sends no referrer (links to Slack and Discord need none).
 */
export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'content-security-policy': `default-src 'none'; style-src '${STYLESHEET_HASH}'; img-src data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'`,
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
};

/** Sends a rendered page with its language and the security headers (only the headers for HEAD). */
export function sendPage(req: IncomingMessage, res: ServerResponse, status: number, lang: Lang, body: string): void {
  res.writeHead(status, {
    ...SECURITY_HEADERS,
    'content-type': 'text/html; charset=utf-8',
    'content-language': lang,
    // The language may come from Accept-Language, so caches must keep one copy per header value.
    vary: 'Accept-Language',
    'cache-control': 'no-cache',
  });
  res.end(req.method === 'HEAD' ? undefined : body);
}

/** The deployment as the pages describe it; Slack OAuth's settings are read defensively (all three set). */
export function siteOf(config: Config): Site {
  const c = config as Config & Partial<Record<'SLACK_CLIENT_ID' | 'SLACK_CLIENT_SECRET' | 'SLACK_STATE_SECRET', string>>;
  return {
    defaultLang: config.NEUVO_LANG,
    slackInstall: Boolean(c.SLACK_CLIENT_ID && c.SLACK_CLIENT_SECRET && c.SLACK_STATE_SECRET),
    discordApplicationId: config.DISCORD_APPLICATION_ID,
    sourceUrl: config.NEUVO_SOURCE_URL,
    contact: config.NEUVO_CONTACT,
  };
}

const REASONS: readonly InstallErrorReason[] = ['cancelled', 'state', 'failed'];

/**
 * Why a Slack install failed, from @slack/oauth's error code and the callback's URL: the user declined
 * (`error=access_denied`), the state was missing, expired or another browser's, or anything else.
 */
export function installErrorReason(error: { readonly code?: string }, callbackUrl: string | undefined): InstallErrorReason {
  if (new URL(callbackUrl ?? '/', 'http://localhost').searchParams.get('error') === 'access_denied') return 'cancelled';
  if (error.code === 'slack_oauth_missing_state' || error.code === 'slack_oauth_invalid_state') return 'state';
  return 'failed';
}

/**
 * Bolt's `installerOptions.callbackOptions`: the success and error pages in the installing person's
 * language (`?lang=` cannot reach the callback, so Accept-Language, then `NEUVO_LANG`).
 */
export function slackInstallCallbacks(site: Site): {
  success(installation: { readonly team?: { readonly name?: string } | undefined; readonly enterprise?: { readonly name?: string } | undefined }, options: unknown, req: IncomingMessage, res: ServerResponse): void;
  failure(error: { readonly code?: string }, options: unknown, req: IncomingMessage, res: ServerResponse): void;
} {
  const lang = (req: IncomingMessage) => pageLang(req.url, req.headers['accept-language'], site.defaultLang);
  return {
    success: (installation, _options, req, res) => {
      const l = lang(req);
      sendPage(req, res, 200, l, installedPage(l, { team: installation.team?.name ?? installation.enterprise?.name, sourceUrl: site.sourceUrl }));
    },
    failure: (error, _options, req, res) => {
      const l = lang(req);
      const reason = installErrorReason(error, req.url);
      sendPage(req, res, reason === 'failed' ? 502 : 400, l, installErrorPage(l, { reason, slackInstall: site.slackInstall, sourceUrl: site.sourceUrl }));
    },
  };
}

/**
 * `GET /`, `/privacy`, `/installed` and `/install-error?reason=cancelled|state|failed`, for Bolt's
 * receiver and the plain feed server alike (both take `CustomRoute`s).
 */
export function pageRoutes(site: Site): CustomRoute[] {
  const route = (path: string, render: (lang: Lang, url: URL) => string): CustomRoute => ({
    path,
    method: ['GET', 'HEAD'],
    handler: (req, res) => {
      const lang = pageLang(req.url, req.headers['accept-language'], site.defaultLang);
      sendPage(req, res, 200, lang, render(lang, new URL(req.url ?? '/', 'http://localhost')));
    },
  });
  return [
    route(PAGE_PATHS.home, (lang) => homePage(lang, site)),
    route(PAGE_PATHS.privacy, (lang) => privacyPage(lang, site)),
    route(PAGE_PATHS.installed, (lang) => installedPage(lang, { sourceUrl: site.sourceUrl })),
    route(PAGE_PATHS.installError, (lang, url) => {
      const asked = url.searchParams.get('reason');
      const reason = REASONS.find((r) => r === asked) ?? 'failed';
      return installErrorPage(lang, { reason, slackInstall: site.slackInstall, sourceUrl: site.sourceUrl });
    }),
  ];
}

/** The results page's policy: the other pages', plus its one script by hash. */
export const RESULTS_SECURITY_HEADERS: Readonly<Record<string, string>> = {
  ...SECURITY_HEADERS,
  'content-security-policy': `default-src 'none'; style-src '${STYLESHEET_HASH}'; script-src '${RECEIPT_SCRIPT_HASH}'; img-src data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'`,
};

/** A page id as drawn (128 bits, base64url): anything else is not looked up. */
const PAGE_ID = /^[A-Za-z0-9_-]{22}$/;

/** Where the results routes find a page, and the charts drawn for it (none until the charts adapter is wired). */
export interface ResultsSource {
  readonly find: (id: string) => Promise<PublishedSnapshot | undefined>;
  /** The page's charts in the reader's language (`id` is the page's, for caching: a snapshot never changes). */
  readonly chartsFor?: (snapshot: PublishedSnapshot, lang: Lang, id: string) => readonly RenderedChart[] | Promise<readonly RenderedChart[]>;
  readonly onError?: (err: unknown) => void;
}

/**
 * `GET /r/<id>` (the page), `/r/<id>/record.json` and `/r/<id>/ballots.blt` (a secret election's record,
 * when it has one). A page taken down, or never published, answers 404.
 */
export function resultsRoutes(site: Site, source: ResultsSource): CustomRoute[] {
  const lookup = async (req: IncomingMessage, res: ServerResponse, id: string | undefined, lang: Lang) => {
    const snapshot = id && PAGE_ID.test(id) ? await source.find(id) : undefined;
    if (!snapshot) {
      res.writeHead(404, { ...RESULTS_SECURITY_HEADERS, 'content-type': 'text/html; charset=utf-8', 'content-language': lang, vary: 'Accept-Language', 'cache-control': 'no-cache' });
      res.end(req.method === 'HEAD' ? undefined : resultsNotFoundPage(lang, `/r/${id ?? ''}`, site.sourceUrl));
    }
    return snapshot;
  };
  const guarded = (work: (req: IncomingMessage, res: ServerResponse, id: string | undefined) => Promise<void>): CustomRoute['handler'] => (req, res) => {
    const id = (req as IncomingMessage & { params?: Record<string, string> }).params?.id ?? new URL(req.url ?? '/', 'http://localhost').pathname.split('/')[2];
    work(req, res, id).catch((err: unknown) => {
      source.onError?.(err);
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' });
      res.end('error\n');
    });
  };
  const file = (name: string, type: string, body: (r: PublicRecord) => string): CustomRoute => ({
    path: `/r/:id/${name}`,
    method: ['GET', 'HEAD'],
    handler: guarded(async (req, res, id) => {
      const lang = pageLang(req.url, req.headers['accept-language'], site.defaultLang);
      const snapshot = await lookup(req, res, id, lang);
      if (!snapshot) return;
      const record = snapshot.kind === 'election' ? snapshot.record : null;
      if (!record) {
        res.writeHead(404, { ...RESULTS_SECURITY_HEADERS, 'content-type': 'text/plain; charset=utf-8' });
        res.end('no record\n');
        return;
      }
      res.writeHead(200, { ...RESULTS_SECURITY_HEADERS, 'content-type': type, 'cache-control': 'no-cache', 'access-control-allow-origin': '*' });
      res.end(req.method === 'HEAD' ? undefined : body(record));
    }),
  });
  return [
    {
      path: '/r/:id',
      method: ['GET', 'HEAD'],
      handler: guarded(async (req, res, id) => {
        const lang = pageLang(req.url, req.headers['accept-language'], site.defaultLang);
        const snapshot = await lookup(req, res, id, lang);
        if (!snapshot) return;
        const charts = (await source.chartsFor?.(snapshot, lang, id!)) ?? [];
        res.writeHead(200, { ...RESULTS_SECURITY_HEADERS, 'content-type': 'text/html; charset=utf-8', 'content-language': lang, vary: 'Accept-Language', 'cache-control': 'no-cache' });
        res.end(req.method === 'HEAD' ? undefined : resultsPage(lang, snapshot, `/r/${id}`, charts, site.sourceUrl));
      }),
    },
    file(RECORD_FILE, 'application/json; charset=utf-8', (r) => `${JSON.stringify(r, null, 2)}\n`),
    file(BLT_FILE, 'text/plain; charset=utf-8', recordBlt),
  ];
}
