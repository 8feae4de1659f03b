/** A welfare area (hyvinvointialue / välfärdsområde), or the City of Helsinki. */
export interface WelfareArea {
  readonly id: string;
  readonly fi: string;
  readonly sv: string;
}

const area = (fi: string, sv = fi): WelfareArea => ({
  id: fi.toLowerCase().normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/[^a-z]+/g, '-'),
  fi,
  sv,
});

/** The 21 welfare areas and Helsinki (DESIGN.md §1). */
export const WELFARE_AREAS: readonly WelfareArea[] = [
  area('Itä-Uusimaa', 'Östra Nyland'),
  area('Keski-Uusimaa', 'Mellersta Nyland'),
  area('Länsi-Uusimaa', 'Västra Nyland'),
  area('Vantaa–Kerava', 'Vanda–Kervo'),
  area('Varsinais-Suomi', 'Egentliga Finland'),
  area('Satakunta'),
  area('Kanta-Häme', 'Egentliga Tavastland'),
  area('Pirkanmaa', 'Birkaland'),
  area('Päijät-Häme', 'Päijänne-Tavastland'),
  area('Kymenlaakso', 'Kymmenedalen'),
  area('Etelä-Karjala', 'Södra Karelen'),
  area('Etelä-Savo', 'Södra Savolax'),
  area('Pohjois-Savo', 'Norra Savolax'),
  area('Pohjois-Karjala', 'Norra Karelen'),
  area('Keski-Suomi', 'Mellersta Finland'),
  area('Etelä-Pohjanmaa', 'Södra Österbotten'),
  area('Pohjanmaa', 'Österbotten'),
  area('Keski-Pohjanmaa', 'Mellersta Österbotten'),
  area('Pohjois-Pohjanmaa', 'Norra Österbotten'),
  area('Kainuu', 'Kajanaland'),
  area('Lappi', 'Lappland'),
  area('Helsinki', 'Helsingfors'),
];

const fold = (s: string) => s.toLowerCase().normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/[^a-z]+/g, '');

/** Finds an area by its Finnish or Swedish name or id, ignoring case, accents and dashes. */
export function findWelfareArea(name: string): WelfareArea | undefined {
  const key = fold(name);
  return WELFARE_AREAS.find((a) => fold(a.fi) === key || fold(a.sv) === key || fold(a.id) === key);
}

/** The area's name in the network's language (English uses the Finnish name, as official English does). */
export function areaName(a: WelfareArea, lang: string): string {
  return lang === 'sv' ? a.sv : a.fi;
}
