/**
 * Printable documents as PDF with pdfkit: A4, DejaVu Sans embedded (subset) so Finnish and Swedish
 * letters show in every viewer, Title/Author/Subject and the language in the metadata, page numbers in
 * the footer. The document's words come from the core ({@link PrintDocument}); this only lays them out.
 */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import PDFDocument from 'pdfkit';
import type { DocumentRenderer } from '../../src/app/ports.js';
import type { DocBlock, PrintDocument } from '../../src/views/document.js';

/** The DejaVu TTFs, found through the package (so the compiled `dist/` finds them too). */
function fontFiles(): { regular: string; bold: string } {
  const dir = join(dirname(createRequire(import.meta.url).resolve('dejavu-fonts-ttf/package.json')), 'ttf');
  return { regular: join(dir, 'DejaVuSans.ttf'), bold: join(dir, 'DejaVuSans-Bold.ttf') };
}

const MM = 72 / 25.4;
const MARGIN = { top: 20 * MM, bottom: 22 * MM, left: 25 * MM, right: 20 * MM };
const SIZE = { body: 10.5, small: 8.5, heading: 12, title: 15 };
const GREY = '#555555';
const RULE = '#999999';

/** Lays out {@link PrintDocument}s as PDF files. */
export class PdfkitDocumentRenderer implements DocumentRenderer {
  private readonly fonts = fontFiles();

  pdf(doc: PrintDocument): Promise<Uint8Array> {
    return new Promise((resolve, reject) => {
      const pdf = new PDFDocument({
        size: 'A4',
        margins: MARGIN,
        bufferPages: true,
        lang: doc.lang,
        displayTitle: true,
        pdfVersion: '1.7',
        font: this.fonts.regular,
        info: { Title: doc.title, Author: doc.author, Subject: doc.subject, Creator: 'Neuvo', Producer: 'Neuvo (pdfkit)' },
      });
      const chunks: Buffer[] = [];
      pdf.on('data', (c: Buffer) => chunks.push(c));
      pdf.on('end', () => resolve(new Uint8Array(Buffer.concat(chunks))));
      pdf.on('error', reject);
      try {
        pdf.registerFont('regular', this.fonts.regular);
        pdf.registerFont('bold', this.fonts.bold);
        layout(pdf, doc);
        numberPages(pdf, doc.pageLabel);
        pdf.end();
      } catch (err) {
        reject(err);
      }
    });
  }
}

type Pdf = PDFKit.PDFDocument;

const width = (pdf: Pdf) => pdf.page.width - pdf.page.margins.left - pdf.page.margins.right;
const bottom = (pdf: Pdf) => pdf.page.height - pdf.page.margins.bottom;

/** A new page unless `height` more points fit on this one. */
function room(pdf: Pdf, height: number): void {
  if (pdf.y + height > bottom(pdf)) pdf.addPage();
}

function layout(pdf: Pdf, doc: PrintDocument): void {
  const left = pdf.page.margins.left;
  const top = pdf.y;
  // Letterhead: the sender on the left, document type, date and reference on the right.
  const half = width(pdf) / 2;
  pdf.font('bold').fontSize(SIZE.body).fillColor('black').text(doc.author, left, top, { width: half - 10 });
  const leftEnd = pdf.y;
  pdf.font('bold').text(doc.reference[0] ?? '', left + half, top, { width: half });
  pdf.font('regular');
  for (const line of doc.reference.slice(1)) pdf.text(line, { width: half });
  pdf.y = Math.max(leftEnd, pdf.y) + 18;
  pdf.x = left;
  for (const line of doc.recipient) pdf.text(line, left, pdf.y, { width: half });
  pdf.moveDown(2);
  pdf.font('bold').fontSize(SIZE.title).text(doc.title, left, pdf.y, { width: width(pdf) });
  pdf.moveDown(0.8);
  for (const block of doc.blocks) render(pdf, block);
}

function render(pdf: Pdf, b: DocBlock): void {
  const left = pdf.page.margins.left;
  switch (b.kind) {
    case 'heading': {
      pdf.font('bold').fontSize(SIZE.heading);
      // A heading never ends a page: keep room for it and a couple of lines after it.
      room(pdf, pdf.heightOfString(b.text, { width: width(pdf) }) + 3 * pdf.currentLineHeight(true) + 8);
      pdf.moveDown(0.6);
      pdf.text(b.text, left, pdf.y, { width: width(pdf) });
      pdf.moveDown(0.3);
      return;
    }
    case 'paragraph':
      pdf.font('regular').fontSize(SIZE.body).fillColor('black').text(b.text, left, pdf.y, { width: width(pdf), align: 'left', lineGap: 2 });
      pdf.moveDown(0.6);
      return;
    case 'fields': {
      const labelWidth = width(pdf) * 0.32;
      for (const f of b.fields) {
        pdf.fontSize(SIZE.body);
        const h = Math.max(pdf.font('bold').heightOfString(f.label, { width: labelWidth - 8 }), pdf.font('regular').heightOfString(f.value, { width: width(pdf) - labelWidth }));
        room(pdf, h + 4);
        const y = pdf.y;
        pdf.font('bold').text(f.label, left, y, { width: labelWidth - 8 });
        pdf.font('regular').text(f.value, left + labelWidth, y, { width: width(pdf) - labelWidth });
        pdf.y = y + h + 4;
      }
      pdf.moveDown(0.4);
      return;
    }
    case 'table':
      table(pdf, b.columns, b.rows);
      return;
    case 'signatures': {
      pdf.font('regular').fontSize(SIZE.body);
      room(pdf, 20 + 70);
      pdf.text(b.placeDate, left, pdf.y + 4, { width: width(pdf) });
      pdf.moveDown(0.5);
      // Two signatures a row, each a line to sign above the printed name and role.
      const col = (width(pdf) - 30) / 2;
      for (let i = 0; i < b.signers.length; i += 2) {
        room(pdf, 80);
        const y = pdf.y + 42;
        const row = b.signers.slice(i, i + 2);
        let end = y;
        row.forEach((s, j) => {
          const x = left + j * (col + 30);
          pdf.moveTo(x, y).lineTo(x + col, y).lineWidth(0.6).strokeColor('black').stroke();
          pdf.font('regular').fontSize(SIZE.body).fillColor('black').text(s.name, x, y + 4, { width: col });
          pdf.fontSize(SIZE.small).fillColor(GREY).text(s.role, x, pdf.y, { width: col });
          end = Math.max(end, pdf.y);
        });
        pdf.fillColor('black');
        pdf.y = end + 6;
      }
      return;
    }
  }
}

/** A table that breaks between rows, repeating its header on every page it spans. */
function table(pdf: Pdf, columns: readonly string[], rows: readonly (readonly string[])[]): void {
  const left = pdf.page.margins.left;
  const total = width(pdf);
  const pad = 4;
  // Every column is at least as wide as its longest word (no word is broken); the width left over is
  // shared by how much text each column holds, so the number column stays narrow.
  const longestWord = (i: number) =>
    Math.max(
      ...[columns[i]!, ...rows.map((r) => r[i] ?? '')].flatMap((cell, n) => {
        pdf.font(n === 0 ? 'bold' : 'regular').fontSize(SIZE.body);
        return cell.split(/\s+/).map((w) => pdf.widthOfString(w));
      }),
    ) +
    2 * pad +
    // pdfkit wraps a word that fits its width only to the last rounding error.
    1;
  const least = columns.map((_, i) => longestWord(i));
  const weights = columns.map((c, i) => Math.max(c.length, ...rows.map((r) => Math.max(...(r[i] ?? '').split('\n').map((l) => l.length)))));
  const spare = Math.max(0, total - least.reduce((a, b) => a + b, 0));
  const shareable = weights.map((w, i) => Math.max(0, w * 7 - least[i]!));
  const sum = shareable.reduce((a, b) => a + b, 0) || 1;
  const fits = least.map((l, i) => l + (spare * shareable[i]!) / sum);
  const scale = total / fits.reduce((a, b) => a + b, 0);
  const widths = fits.map((w) => w * scale);
  const rowHeight = (cells: readonly string[], font: 'regular' | 'bold') => {
    pdf.font(font).fontSize(SIZE.body);
    return Math.max(...cells.map((c, i) => pdf.heightOfString(c || ' ', { width: widths[i]! - 2 * pad }))) + 2 * pad;
  };
  const draw = (cells: readonly string[], font: 'regular' | 'bold', shade: boolean) => {
    const h = rowHeight(cells, font);
    const y = pdf.y;
    if (shade) pdf.rect(left, y, total, h).fillColor('#eeeeee').fill();
    let x = left;
    cells.forEach((c, i) => {
      pdf.font(font).fontSize(SIZE.body).fillColor('black').text(c, x + pad, y + pad, { width: widths[i]! - 2 * pad });
      x += widths[i]!;
    });
    pdf.moveTo(left, y + h).lineTo(left + total, y + h).lineWidth(0.5).strokeColor(RULE).stroke();
    pdf.y = y + h;
  };
  const header = () => draw(columns, 'bold', true);
  room(pdf, rowHeight(columns, 'bold') + (rows[0] ? rowHeight(rows[0], 'regular') : 0));
  header();
  for (const r of rows) {
    const h = rowHeight(r, 'regular');
    if (pdf.y + h > bottom(pdf)) {
      pdf.addPage();
      header();
    }
    draw(r, 'regular', false);
  }
  pdf.x = left;
  pdf.moveDown(0.8);
}

/** `Sivu 1/2` at the foot of every page (the pages are buffered until the end, so the total is known). */
function numberPages(pdf: Pdf, label: string): void {
  const { start, count } = pdf.bufferedPageRange();
  for (let i = start; i < start + count; i++) {
    pdf.switchToPage(i);
    const text = label.replace('{page}', String(i - start + 1)).replace('{pages}', String(count));
    // Writing below the bottom margin would start a new page: lift the margin while the footer is written.
    const margin = pdf.page.margins.bottom;
    pdf.page.margins.bottom = 0;
    pdf.font('regular').fontSize(SIZE.small).fillColor(GREY).text(text, pdf.page.margins.left, pdf.page.height - margin / 2 - SIZE.small, {
      width: width(pdf),
      align: 'center',
      lineBreak: false,
    });
    pdf.page.margins.bottom = margin;
  }
}
