/**
 * CSV for exports (RFC 4180): every field quoted, quotes doubled, CRLF line ends. Text that a
 * spreadsheet would run as a formula (a leading `=`, `+`, `-`, `@`, tab or carriage return) gets a
 * leading apostrophe, as OWASP advises against CSV injection; numbers are written as numbers.
 * A Finnish or Swedish network's file is what a Finnish Excel opens as columns: `;` between fields,
 * a decimal comma and a UTF-8 byte order mark (without which Excel reads ä and ö as Latin-1).
 */

/** One cell: text from people is neutralised, numbers are not. */
export type Cell = string | number;

const FORMULA_START = /^[=+\-@\t\r]/;

/** How a spreadsheet of a language reads CSV. */
export interface CsvDialect {
  readonly separator: ',' | ';';
  readonly decimalComma: boolean;
  readonly bom: boolean;
}

/** RFC 4180 as English spreadsheets read it. */
export const PLAIN_CSV: CsvDialect = { separator: ',', decimalComma: false, bom: false };

/** The dialect of a network's language: a Finnish or Swedish Excel expects `;`, `1,5` and a BOM. */
export function csvDialect(lang: string): CsvDialect {
  return lang === 'en' ? PLAIN_CSV : { separator: ';', decimalComma: true, bom: true };
}

/** A cell as CSV text. */
export function csvField(cell: Cell, dialect: CsvDialect = PLAIN_CSV): string {
  const text = typeof cell === 'number' ? (dialect.decimalComma ? String(cell).replace('.', ',') : String(cell)) : FORMULA_START.test(cell) ? `'${cell}` : cell;
  return `"${text.replaceAll('"', '""')}"`;
}

/** Rows (the first being the header) as a CSV document. */
export function toCsv(rows: readonly (readonly Cell[])[], dialect: CsvDialect = PLAIN_CSV): string {
  const body = rows.map((r) => r.map((c) => csvField(c, dialect)).join(dialect.separator)).join('\r\n') + '\r\n';
  return dialect.bom ? `\uFEFF${body}` : body;
}
