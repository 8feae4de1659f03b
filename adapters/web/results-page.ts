/**
 * The public results page (`/r/<id>`) of a closed election or poll, from the snapshot taken at close:
 * plain HTML, readable without script. One inline script (allowed by its hash) finds a receipt in the
 * page itself, so the code is never sent anywhere; without it, the browser's own search does the same.
 */
import { createHash } from 'node:crypto';
import type { PublishedElection, PublishedPoll, PublishedSnapshot } from '../../src/app/ports.js';
import { themeName } from '../../src/app/services/poll-views.js';
import { decimal } from '../../src/i18n/format.js';
import { type Lang, type MessageKey, translator } from '../../src/i18n/translator.js';
import { html, prose, SafeHtml } from './html.js';
import { page } from './pages.js';
import { PAGE_TEXTS, type ResultsTexts } from './texts.js';

/** A chart already rendered (by the charts adapter): trusted SVG markup and its text alternative. */
export interface RenderedChart {
  readonly svg: string;
  readonly alt: string;
}

/** Finds a receipt among the page's rows (ids `b-<receipt>`) and says the ranking; nothing leaves the page. */
export const RECEIPT_SCRIPT = `(()=>{const f=document.getElementById('find');if(!f)return;const o=document.getElementById('found');f.hidden=false;f.addEventListener('submit',(e)=>{e.preventDefault();const c=document.getElementById('receipt').value.toUpperCase().replace(/[^A-Z0-9]/g,'');const r=c?document.getElementById('b-'+c):null;for(const m of document.querySelectorAll('tr.mine'))m.classList.remove('mine');if(r){r.classList.add('mine');o.textContent=f.dataset.found.replace('{ranking}',r.dataset.ranking);}else o.textContent=f.dataset.missing;});})();`;

/** The script's hash, for the results page's Content-Security-Policy. */
export const RECEIPT_SCRIPT_HASH = `sha256-${createHash('sha256').update(RECEIPT_SCRIPT).digest('base64')}`;

/** The sub-paths of a page that serve files. */
export const RECORD_FILE = 'record.json';
export const BLT_FILE = 'ballots.blt';

function when(lang: Lang, iso: string): string {
  return new Intl.DateTimeFormat(lang === 'en' ? 'en-GB' : `${lang}-FI`, { dateStyle: 'long', timeStyle: 'short', timeZone: 'Europe/Helsinki' }).format(new Date(iso));
}

const chartsHtml = (t: ResultsTexts, charts: readonly RenderedChart[]) =>
  charts.length === 0 ? '' : html`<section><h2>${t.chart}</h2>${charts.map((c) => html`<figure>${new SafeHtml(c.svg)}<figcaption>${c.alt}</figcaption></figure>`)}</section>`;

function electionBody(lang: Lang, s: PublishedElection, base: string, charts: readonly RenderedChart[]): { body: SafeHtml; script: boolean } {
  const t = PAGE_TEXTS[lang].results;
  const tr = translator(lang);
  const num = (x: string) => decimal(lang, x);
  const method = s.method === 'stv' ? tr.t(`election.rule.${s.rule}` as MessageKey) : tr.t(`election.method.${s.method}` as MessageKey);
  const rounds = s.rounds.map((r) => {
    const action = r.candidate === null ? tr.t('election.action.first-count') : tr.t(`election.action.${r.action}` as MessageKey, { n: r.candidate });
    return html`<div class="scroll"><table>
<caption>${t.roundCaption(r.round, action)}</caption>
<thead><tr><th scope="col">${t.candidate}</th><th scope="col">${t.votes}</th><th scope="col">${t.status}</th></tr></thead>
<tbody>${r.tallies.map((x) => html`<tr><th scope="row">${x.candidate}</th><td class="n">${num(x.votes)}</td><td>${t.statuses[x.status] ?? x.status}</td></tr>`)}
<tr><th scope="row">${t.exhausted}</th><td class="n">${num(r.exhausted)}</td><td></td></tr></tbody>
</table></div>`;
  });
  const ties = s.tieBreaks.map((x) =>
    tr.t(`election.tie.${x.method}` as MessageKey, { round: x.round, between: x.between.join(', '), chosen: x.chosen, outcome: { exclusion: 'excluded', 'last-seat': 'elected', 'surplus-order': 'surplus' }[x.reason] ?? 'excluded' }),
  );
  const turnout = html`<section><h2>${t.turnout}</h2>${s.per === 'org' ? html`<p>${t.perOrg}</p>` : ''}<div class="scroll"><table>
<thead><tr><th scope="col">${t.organisation}</th><th scope="col">${t.voted}</th></tr></thead>
<tbody>${s.turnout.map((o) => html`<tr><th scope="row">${o.org}</th><td class="n">${o.voted} / ${o.total}</td></tr>`)}</tbody>
</table></div></section>`;
  const record = s.record;
  let verification: SafeHtml;
  if (record) {
    verification = html`<section><h2 id="record">${t.verification}</h2>
<dl><dt>${t.chainHead}</dt><dd><code>${record.chain.head}</code></dd></dl>
<p>${prose(t.chainExplain)}</p>
<ul><li><a href="${base}/${RECORD_FILE}">${t.downloadRecord}</a></li><li><a href="${base}/${BLT_FILE}">${t.downloadBlt}</a></li></ul>
<p>${prose(t.verifyHow)}</p>
<form id="find" hidden data-found="${t.receiptFound('{ranking}')}" data-missing="${t.receiptNotFound}">
<label for="receipt">${t.findReceipt}</label> <input id="receipt" autocomplete="off" spellcheck="false" autocapitalize="characters"> <button type="submit">${t.find}</button>
<p id="found" role="status"></p>
</form>
<p>${t.findWithoutScript}</p>
<div class="scroll"><table>
<caption>${t.ballots(record.ballots.length)}</caption>
<thead><tr><th scope="col">${t.receipt}</th><th scope="col">${t.ranking}</th></tr></thead>
<tbody>${record.ballots.map((b) => html`<tr id="b-${b.receipt}" data-ranking="${b.ranking.join(' > ')}"><td><code>${b.receipt}</code></td><td>${b.ranking.join(' > ')}</td></tr>`)}</tbody>
</table></div></section>`;
  } else {
    verification = html`<section><h2 id="record">${t.verification}</h2><p>${s.recordWithheld === 'too-few' ? t.tooFew(s.minBallots) : t.openBallots}</p></section>`;
  }
  const body = html`<h1>${t.heading(`E${s.seq}`, s.title)}</h1>
<p class="lead">${t.closedAt(when(lang, s.closedAt))}</p>
<section><h2>${t.winners}</h2><ol>${s.winners.map((w) => html`<li>${w}</li>`)}</ol></section>
${chartsHtml(t, charts)}
<section><h2>${t.rounds}</h2>${rounds}</section>
<section><h2>${t.rules}</h2><dl>
<dt>${t.method}</dt><dd>${method}</dd>
<dt>${t.seats}</dt><dd>${s.seats}</dd>
${s.quota ? html`<dt>${t.quota}</dt><dd>${num(s.quota)}</dd>` : ''}
<dt>${t.validBallots}</dt><dd>${s.validBallots}</dd>
<dt>${t.seed}</dt><dd><code>${s.seed}</code></dd>
</dl>
<p>${t.seedNote}</p>
<h3>${t.ties}</h3>${ties.length ? html`<ul>${ties.map((x) => html`<li>${x}</li>`)}</ul>` : html`<p>${t.noTies}</p>`}
</section>
${turnout}
${verification}`;
  return { body, script: record !== null };
}

function pollBody(lang: Lang, s: PublishedPoll, charts: readonly RenderedChart[]): SafeHtml {
  const t = PAGE_TEXTS[lang].results;
  const tr = translator(lang);
  const chosen = s.topics.filter((x) => x.agenda);
  return html`<h1>${t.heading(`P${s.seq}`, s.question)}</h1>
<p class="lead">${t.closedAt(when(lang, s.closedAt))} ${t.voters(s.voters)}</p>
<dl><dt>${t.theme}</dt><dd>${themeName(tr, s.theme)}</dd></dl>
<section><h2>${t.chosenTopics}</h2><ol>${chosen.map((x) => html`<li>${x.topic}</li>`)}</ol></section>
${chartsHtml(t, charts)}
<section><h2>${t.votes}</h2><div class="scroll"><table>
<thead><tr><th scope="col">${t.topic}</th><th scope="col">${t.votes}</th><th scope="col">${t.onAgenda}</th></tr></thead>
<tbody>${s.topics.map((x) => html`<tr><th scope="row">${x.topic}</th><td class="n">${x.votes}</td><td>${x.agenda ? t.yes : t.no}</td></tr>`)}</tbody>
</table></div></section>`;
}

/** The whole page of a snapshot at `path` (`/r/<id>`), with the charts rendered for it. */
export function resultsPage(lang: Lang, snapshot: PublishedSnapshot, path: string, charts: readonly RenderedChart[] = [], sourceUrl?: string): string {
  const t = PAGE_TEXTS[lang].results;
  if (snapshot.kind === 'poll') {
    return page({ lang, title: t.heading(`P${snapshot.seq}`, snapshot.question), path, sourceUrl }, pollBody(lang, snapshot, charts));
  }
  const { body, script } = electionBody(lang, snapshot, path, charts);
  return page({ lang, title: t.heading(`E${snapshot.seq}`, snapshot.title), path, sourceUrl, ...(script ? { script: RECEIPT_SCRIPT } : {}) }, body);
}

/** The page for an id that has none (never was, or taken down). */
export function resultsNotFoundPage(lang: Lang, path: string, sourceUrl?: string): string {
  const t = PAGE_TEXTS[lang].results;
  return page({ lang, title: t.notFoundTitle, path, sourceUrl }, html`<h1>${t.notFoundTitle}</h1><p class="lead">${t.notFound}</p>`);
}
