/** Text as people may type it on a keyboard without accents: lower case, marks dropped (`Järvenpää` → `jarvenpaa`). */
export function unaccented(s: string): string {
  return s.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase();
}
