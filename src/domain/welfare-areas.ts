import { editDistance } from './edit-distance.js';

/** A welfare area (hyvinvointialue / välfärdsområde), or the City of Helsinki. */
export interface WelfareArea {
  readonly id: string;
  readonly fi: string;
  readonly sv: string;
  /** The Finnish genitive, `Keski-Uudenmaan` (`Keski-Uudenmaan hyvinvointialueen järjestöverkosto`). */
  readonly fiOf: string;
  /** The Finnish locative, `Keski-Uudellamaalla`, `Satakunnassa`. */
  readonly fiIn: string;
  /** Helsinki organises its services as a city, not as a welfare area. */
  readonly kind: 'area' | 'city';
}

const area = (fi: string, fiOf: string, fiIn: string, sv = fi, kind: WelfareArea['kind'] = 'area'): WelfareArea => ({
  id: fi.toLowerCase().normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/[^a-z]+/g, '-'),
  fi,
  sv,
  fiOf,
  fiIn,
  kind,
});

/** The 21 welfare areas and Helsinki (DESIGN.md §1), with the Finnish forms notices need. */
export const WELFARE_AREAS: readonly WelfareArea[] = [
  area('Itä-Uusimaa', 'Itä-Uudenmaan', 'Itä-Uudellamaalla', 'Östra Nyland'),
  area('Keski-Uusimaa', 'Keski-Uudenmaan', 'Keski-Uudellamaalla', 'Mellersta Nyland'),
  area('Länsi-Uusimaa', 'Länsi-Uudenmaan', 'Länsi-Uudellamaalla', 'Västra Nyland'),
  area('Vantaa–Kerava', 'Vantaan ja Keravan', 'Vantaalla ja Keravalla', 'Vanda–Kervo'),
  area('Varsinais-Suomi', 'Varsinais-Suomen', 'Varsinais-Suomessa', 'Egentliga Finland'),
  area('Satakunta', 'Satakunnan', 'Satakunnassa'),
  area('Kanta-Häme', 'Kanta-Hämeen', 'Kanta-Hämeessä', 'Egentliga Tavastland'),
  area('Pirkanmaa', 'Pirkanmaan', 'Pirkanmaalla', 'Birkaland'),
  area('Päijät-Häme', 'Päijät-Hämeen', 'Päijät-Hämeessä', 'Päijänne-Tavastland'),
  area('Kymenlaakso', 'Kymenlaakson', 'Kymenlaaksossa', 'Kymmenedalen'),
  area('Etelä-Karjala', 'Etelä-Karjalan', 'Etelä-Karjalassa', 'Södra Karelen'),
  area('Etelä-Savo', 'Etelä-Savon', 'Etelä-Savossa', 'Södra Savolax'),
  area('Pohjois-Savo', 'Pohjois-Savon', 'Pohjois-Savossa', 'Norra Savolax'),
  area('Pohjois-Karjala', 'Pohjois-Karjalan', 'Pohjois-Karjalassa', 'Norra Karelen'),
  area('Keski-Suomi', 'Keski-Suomen', 'Keski-Suomessa', 'Mellersta Finland'),
  area('Etelä-Pohjanmaa', 'Etelä-Pohjanmaan', 'Etelä-Pohjanmaalla', 'Södra Österbotten'),
  area('Pohjanmaa', 'Pohjanmaan', 'Pohjanmaalla', 'Österbotten'),
  area('Keski-Pohjanmaa', 'Keski-Pohjanmaan', 'Keski-Pohjanmaalla', 'Mellersta Österbotten'),
  area('Pohjois-Pohjanmaa', 'Pohjois-Pohjanmaan', 'Pohjois-Pohjanmaalla', 'Norra Österbotten'),
  area('Kainuu', 'Kainuun', 'Kainuussa', 'Kajanaland'),
  area('Lappi', 'Lapin', 'Lapissa', 'Lappland'),
  area('Helsinki', 'Helsingin', 'Helsingissä', 'Helsingfors', 'city'),
];

const fold = (s: string) => s.toLowerCase().normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/[^a-z]+/g, '');

/** Finds an area by its Finnish or Swedish name or id, ignoring case, accents and dashes. */
export function findWelfareArea(name: string): WelfareArea | undefined {
  const key = fold(name);
  return WELFARE_AREAS.find((a) => fold(a.fi) === key || fold(a.sv) === key || fold(a.id) === key);
}

/**
 * The area whose name (Finnish, Swedish or id) is nearest to a misspelt one (`Pirkamaa` → Pirkanmaa),
 * if one is near enough to be what was meant: at most a third of the letters differ.
 */
export function nearestWelfareArea(name: string): WelfareArea | undefined {
  const key = fold(name);
  let best: { area: WelfareArea; d: number } | undefined;
  for (const a of WELFARE_AREAS) {
    const d = Math.min(editDistance(key, fold(a.fi)), editDistance(key, fold(a.sv)));
    if (d <= Math.max(1, Math.floor(key.length / 3)) && (!best || d < best.d)) best = { area: a, d };
  }
  return best?.area;
}

/** The area's name in the network's language (English uses the Finnish name, as official English does). */
export function areaName(a: WelfareArea, lang: string): string {
  return lang === 'sv' ? a.sv : a.fi;
}

/** The Swedish genitive: `Mellersta Nylands`, but `Södra Savolax`, `Helsingfors` (already ending in s, x, z). */
function svOf(name: string): string {
  return /[sxz]$/.test(name) ? name : `${name}s`;
}

/**
 * The message parameters that name an area in a language: `area` (the name), `areaOf` (genitive:
 * `Keski-Uudenmaan`, `Mellersta Nylands`), `areaIn` (Finnish locative: `Keski-Uudellamaalla`; the name
 * elsewhere) and `areaKind` (`city` for Helsinki), so a catalog can inflect the name as it needs.
 */
export function areaParams(a: WelfareArea | string, lang: string): { area: string; areaOf: string; areaIn: string; areaKind: string } {
  // An id no longer in the list (never expected): its text in every form.
  if (typeof a === 'string') return { area: a, areaOf: a, areaIn: a, areaKind: 'area' };
  if (lang === 'fi') return { area: a.fi, areaOf: a.fiOf, areaIn: a.fiIn, areaKind: a.kind };
  const name = areaName(a, lang);
  return { area: name, areaOf: lang === 'sv' ? svOf(name) : name, areaIn: name, areaKind: a.kind };
}
