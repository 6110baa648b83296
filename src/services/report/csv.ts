// A report sheet as CSV for Excel: UTF-8 with a BOM (without it Excel reads æøå as mojibake),
// `;` between fields (Norwegian Excel's list separator, since `,` is its decimal comma), CRLF
// line ends and RFC 4180 quoting. Text that could run as a formula gets a leading apostrophe.
import { toZoned } from '../../domain/dates';
import type { Language } from '../../domain/types';
import { neutraliseFormula, resolveCell, type ColumnKind, type ReportSheet } from './workbook';

export const CSV_SEPARATOR = ';';
const BOM = '\uFEFF';

/** RFC 4180: a field with the separator, a quote or a line break is quoted, quotes doubled. */
export function csvField(text: string): string {
  return /[";\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** Plain digits for machines and Excel alike: no grouping, decimal comma in Norwegian. */
function csvNumber(n: number, lang: Language): string {
  const rounded = Math.round(n * 1e6) / 1e6;
  const text = String(rounded === 0 ? 0 : rounded);
  return lang === 'nb' ? text.replace('.', ',') : text;
}

/** Dates as ISO (`2026-11-30`, `2026-11-30 08:00` in the plan's zone): Excel reads them in every locale. */
function csvValue(v: string | number | undefined, kind: ColumnKind, lang: Language, tz: string): string {
  if (v === undefined || v === '') return '';
  if (typeof v === 'number') return kind === 'text' ? v.toString() : csvNumber(v, lang);
  if (kind === 'instant') {
    try {
      return toZoned(v, tz).toFormat('yyyy-MM-dd HH:mm');
    } catch {
      return '';
    }
  }
  if (kind === 'date') return /^\d{4}-\d{2}-\d{2}$/.test(v) ? v : '';
  return csvField(neutraliseFormula(v));
}

export function toCsv(sheet: ReportSheet, lang: Language, tz: string): Buffer {
  const lines = [sheet.columns.map((c) => csvField(neutraliseFormula(c.header))).join(CSV_SEPARATOR)];
  for (const row of sheet.rows) {
    lines.push(sheet.columns.map((c, i) => {
      const cell = resolveCell(row[i], c.kind);
      return csvValue(cell.value, cell.kind, lang, tz);
    }).join(CSV_SEPARATOR));
  }
  return Buffer.from(BOM + lines.join('\r\n') + '\r\n', 'utf8');
}
