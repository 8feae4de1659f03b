/**
 * Neuvo's web pages as plain server-rendered HTML: no script, one inline stylesheet (allowed by its
 * hash in the Content-Security-Policy, see `routes.ts`), landmarks and headings, fi/sv/en.
 */
import { createHash } from 'node:crypto';
import { LANGS, type Lang } from '../../src/i18n/translator.js';
import { discordInviteUrl } from './discord-invite.js';
import { html, prose, SafeHtml } from './html.js';
import { type InstallErrorReason, PAGE_TEXTS, type PageTexts, type Section } from './texts.js';
import { INSTALL_PATH as SLACK_INSTALL_PATH } from '../slack/oauth.js';

/** What the pages say about this deployment. */
export interface Site {
  /** The language when neither `?lang=` nor the browser names one Neuvo speaks. */
  readonly defaultLang: Lang;
  /** Whether Slack OAuth is configured, so `/slack/install` starts an install ("Add to Slack"). */
  readonly slackInstall: boolean;
  /** The Discord application whose invite link the home page shows. */
  readonly discordApplicationId?: string | undefined;
  /** Where the source code is published. */
  readonly sourceUrl?: string | undefined;
  /** How to reach the operator (an email address or a URL), for the privacy notice. */
  readonly contact?: string | undefined;
}

/** The pages' paths. */
export const PAGE_PATHS = { home: '/', privacy: '/privacy', installed: '/installed', installError: '/install-error' } as const;

/** Small, readable on a phone, AA contrast (text 16:1, links 8:1, buttons 7:1 or more). */
export const STYLESHEET = `
:root{color-scheme:light}
body{margin:0;font:1.0625rem/1.55 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1b1b1b;background:#fff}
header,main,footer{max-width:42rem;margin:0 auto;padding:1rem 1.25rem}
header{display:flex;flex-wrap:wrap;gap:.5rem 1.5rem;align-items:baseline;justify-content:space-between;border-bottom:1px solid #d4d4d4}
footer{border-top:1px solid #d4d4d4;font-size:.95rem}
ul.inline{list-style:none;margin:0;padding:0;display:flex;flex-wrap:wrap;gap:.25rem 1rem}
a{color:#0b4f8a}
a:focus-visible{outline:3px solid #c25400;outline-offset:2px}
a[aria-current]{font-weight:700;color:#1b1b1b}
.brand{font-weight:700;font-size:1.25rem;text-decoration:none;color:#1b1b1b}
h1{font-size:1.75rem;line-height:1.25;margin:1rem 0}
h2{font-size:1.25rem;margin:1.75rem 0 .5rem}
.lead{font-size:1.15rem}
code{font-family:ui-monospace,Menlo,Consolas,monospace;background:#f1f1f1;padding:0 .2em;border-radius:3px;overflow-wrap:anywhere}
.button{display:inline-block;padding:.6rem 1rem;border-radius:6px;color:#fff;font-weight:700;text-decoration:none}
.slack{background:#4a154b}
.discord{background:#3b42a4}
.skip{position:absolute;left:-100vw}
.skip:focus{left:1rem;top:1rem;background:#fff;padding:.5rem}
.scroll{overflow-x:auto}
table{border-collapse:collapse;margin:.5rem 0 1rem;font-variant-numeric:tabular-nums}
caption{text-align:left;font-weight:700;padding:.25rem 0}
th,td{border-bottom:1px solid #d4d4d4;padding:.3rem .6rem .3rem 0;text-align:left;vertical-align:top}
td.n{text-align:right}
dl{display:grid;grid-template-columns:auto 1fr;gap:.25rem 1rem}
dt{font-weight:700}
dd{margin:0;overflow-wrap:anywhere}
@media (max-width:32rem){dl{grid-template-columns:1fr;gap:0}dd{margin-bottom:.5rem}}
figure{margin:1rem 0;max-width:100%;overflow-x:auto}
figure svg{max-width:100%;height:auto}
figcaption{white-space:pre-line;font-size:.9em}
tr.mine{background:#fff3c4}
input{font:inherit;padding:.4rem;border:1px solid #555;border-radius:4px;max-width:100%}
button{font:inherit;padding:.45rem .9rem;border-radius:6px;border:0;background:#0b4f8a;color:#fff;font-weight:700}
`.trim();

/** The stylesheet's hash, for the Content-Security-Policy's `style-src`. */
export const STYLESHEET_HASH = `sha256-${createHash('sha256').update(STYLESHEET).digest('base64')}`;

/** A page's link in `lang`, keeping `params`. */
export function href(path: string, lang: Lang, params: Readonly<Record<string, string>> = {}): string {
  return `${path}?${new URLSearchParams({ ...params, lang }).toString()}`;
}

function section(s: Section): SafeHtml {
  return html`<section><h2>${s.heading}</h2>${s.paragraphs.map((p) => html`<p>${prose(p)}</p>`)}${
    s.items ? html`<ul>${s.items.map((i) => html`<li>${prose(i)}</li>`)}</ul>` : ''
  }</section>`;
}

/** What every page shares: language, title, the switcher's path, and optionally one script (allowed by its hash). */
export interface Frame {
  readonly lang: Lang;
  readonly title: string;
  /** The path and parameters (besides `lang`) that the language switcher keeps. */
  readonly path: string;
  readonly params?: Readonly<Record<string, string>>;
  readonly sourceUrl?: string | undefined;
  readonly script?: string;
}

/** A whole page around `body`: header with the language switcher, main, footer. */
export function page(frame: Frame, body: SafeHtml): string {
  const t = PAGE_TEXTS[frame.lang];
  const switcher = LANGS.map((l) => {
    const current = l === frame.lang ? html` aria-current="true"` : '';
    return html`<li><a href="${href(frame.path, l, frame.params)}" hreflang="${l}" lang="${l}"${current}>${PAGE_TEXTS[l].langName}</a></li>`;
  });
  return html`<!doctype html>
<html lang="${frame.lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${frame.title}</title>
<link rel="icon" href="data:,">
<style>${new SafeHtml(STYLESHEET)}</style>
</head>
<body>
<a class="skip" href="#main">${t.skipToContent}</a>
<header>
<a class="brand" href="${href(PAGE_PATHS.home, frame.lang)}">${t.homeLink}</a>
<nav aria-label="${t.langNav}"><ul class="inline">${switcher}</ul></nav>
</header>
<main id="main">
${body}
</main>
<footer>
<nav aria-label="${t.siteNav}"><ul class="inline">
<li><a href="${href(PAGE_PATHS.home, frame.lang)}">${t.homeLink}</a></li>
<li><a href="${href(PAGE_PATHS.privacy, frame.lang)}">${t.privacyLink}</a></li>
${frame.sourceUrl ? html`<li><a href="${frame.sourceUrl}">${t.sourceLink}</a></li>` : ''}
</ul></nav>
<p>${t.openSource}</p>
</footer>
${frame.script ? html`<script>${new SafeHtml(frame.script)}</script>` : ''}
</body>
</html>
`.value;
}

/** `/`: what Neuvo is and for whom, and how to add it to Slack or Discord. */
export function homePage(lang: Lang, site: Site): string {
  const t: PageTexts['home'] = PAGE_TEXTS[lang].home;
  const slack = site.slackInstall
    ? html`<p><a class="button slack" href="${SLACK_INSTALL_PATH}">${t.addSlack}</a></p><p>${prose(t.addSlackHint)}</p>`
    : '';
  const discord = site.discordApplicationId
    ? html`<p><a class="button discord" href="${discordInviteUrl(site.discordApplicationId)}">${t.addDiscord}</a></p><p>${prose(t.addDiscordHint)}</p>`
    : '';
  const add = slack || discord ? html`${slack}${discord}` : html`<p>${t.noInstall}</p>`;
  return page(
    { lang, title: t.title, path: PAGE_PATHS.home, sourceUrl: site.sourceUrl },
    html`<h1>${t.title}</h1>
<p class="lead">${t.lead}</p>
${section(t.forWhom)}
${section(t.does)}
<section><h2>${t.addHeading}</h2>${add}</section>
<p><a href="${href(PAGE_PATHS.privacy, lang)}">${t.privacyNote}</a></p>`,
  );
}

/** `/privacy`: the privacy notice. */
export function privacyPage(lang: Lang, site: Site): string {
  const t = PAGE_TEXTS[lang].privacy;
  const contact = site.contact
    ? html`<p>${t.contact} <a href="${/^https?:\/\//.test(site.contact) ? site.contact : `mailto:${site.contact}`}">${site.contact}</a></p>`
    : html`<p>${t.noContact}</p>`;
  return page(
    { lang, title: t.title, path: PAGE_PATHS.privacy, sourceUrl: site.sourceUrl },
    html`<h1>${t.title}</h1>
<p class="lead">${t.lead}</p>
${contact}
${t.sections.map(section)}`,
  );
}

/** What an install's success page may say. */
export interface InstalledDetails {
  /** The workspace (or Enterprise Grid organisation) Neuvo was installed in, by name. */
  readonly team?: string | undefined;
  readonly sourceUrl?: string | undefined;
}

/**
 * The page after a successful install (`/installed`, or Bolt's `callbackOptions.success`). Its language
 * links go to `/installed`, never back to the OAuth callback, whose code is spent.
 */
export function installedPage(lang: Lang, details: InstalledDetails = {}): string {
  const t = PAGE_TEXTS[lang].installed;
  return page(
    { lang, title: t.title, path: PAGE_PATHS.installed, sourceUrl: details.sourceUrl },
    html`<h1>${t.title}</h1>
<p class="lead">${details.team ? t.inTeam(details.team) : t.generic}</p>
${section(t.next)}`,
  );
}

/** What an install's error page says. */
export interface InstallErrorDetails {
  readonly reason: InstallErrorReason;
  /** Whether `/slack/install` can start again ("Try again"). */
  readonly slackInstall?: boolean | undefined;
  readonly sourceUrl?: string | undefined;
}

/** The page after an install that did not complete (`/install-error?reason=…`, or Bolt's `callbackOptions.failure`). */
export function installErrorPage(lang: Lang, details: InstallErrorDetails): string {
  const t = PAGE_TEXTS[lang].installError;
  return page(
    { lang, title: t.title, path: PAGE_PATHS.installError, params: { reason: details.reason }, sourceUrl: details.sourceUrl },
    html`<h1>${t.title}</h1>
<p class="lead">${t.reasons[details.reason]}</p>
${details.slackInstall ? html`<p><a class="button slack" href="${SLACK_INSTALL_PATH}">${t.tryAgain}</a></p>` : ''}`,
  );
}
