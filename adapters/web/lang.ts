import { isLang, LANGS, type Lang } from '../../src/i18n/translator.js';

/**
 * The language of a page: `?lang=` when it names one Neuvo speaks, else the first of the browser's
 * `Accept-Language` (by weight) whose primary subtag is one (`sv-FI` is Swedish), else `fallback`.
 * An unknown `?lang=` falls through rather than failing: the page is still worth showing.
 */
export function pageLang(url: string | undefined, acceptLanguage: string | string[] | undefined, fallback: Lang): Lang {
  const asked = new URL(url ?? '/', 'http://localhost').searchParams.get('lang')?.toLowerCase();
  if (isLang(asked)) return asked;
  return fromAcceptLanguage([acceptLanguage ?? ''].flat().join(',')) ?? fallback;
}

function fromAcceptLanguage(header: string): Lang | undefined {
  const ranked = header
    .split(',')
    .map((entry, order) => {
      const [tag = '', ...params] = entry.trim().split(';');
      const q = params.map((p) => /^\s*q=([\d.]+)\s*$/i.exec(p)?.[1]).find((v) => v !== undefined);
      return { primary: tag.trim().split('-')[0]!.toLowerCase(), weight: q === undefined ? 1 : Number(q), order };
    })
    .filter((e) => e.weight > 0 && (LANGS as readonly string[]).includes(e.primary))
    // Equal weights keep the header's order.
    .sort((a, b) => b.weight - a.weight || a.order - b.order);
  const first = ranked[0]?.primary;
  return isLang(first) ? first : undefined;
}
