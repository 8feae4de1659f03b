/**
 * CSV for exports (RFC 4180): every field quoted, quotes doubled, CRLF line ends. Text that a
 * spreadsheet would run as a formula (a leading `=`, `+`, `-`, `@`, tab or carriage return) gets a
 * leading apostrophe, as OWASP advises against CSV injection; numbers are written as numbers.
 */

/** One cell: text from people is neutralised, numbers are not. */
export type Cell = string | number;

const FORMULA_START = /^[=+\-@\t\r]/;

/** A cell as CSV text. */
export function csvField(cell: Cell): string {
  const text = typeof cell === 'number' ? String(cell) : FORMULA_START.test(cell) ? `'${cell}` : cell;
  return `"${text.replaceAll('"', '""')}"`;
}

/** Rows (the first being the header) as a CSV document. */
export function toCsv(rows: readonly (readonly Cell[])[]): string {
  return rows.map((r) => r.map(csvField).join(',')).join('\r\n') + '\r\n';
}
