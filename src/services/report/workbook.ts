// The report's sheets as plain data (ReportSheet), and their Excel form. Keeping the content
// (report.ts) apart from the formatting here lets the CSV (reportCsv.ts) and the xlsx show the
// same rows, and keeps exceljs in one file.
import type ExcelJS from 'exceljs';
import { toZoned } from '../../domain/dates';
import type { Language } from '../../domain/types';

/**
 * How a column's values are stored and shown. Values are plain: numbers for the numeric kinds,
 * 'YYYY-MM-DD' for `date`, a UTC ISO instant for `instant`, text for `text`.
 */
export type ColumnKind = 'text' | 'int' | 'number' | 'nok' | 'hours' | 'percent' | 'date' | 'instant';

export interface ReportColumn {
  header: string;
  kind: ColumnKind;
  /** Excel column width in characters. */
  width: number;
}

/** A cell of another kind than its column's: the summary sheet's one value column holds kroner, hours, percents and dates. */
export interface TypedCell {
  value: string | number;
  kind: ColumnKind;
}

export type ReportCell = string | number | undefined | TypedCell;

export interface ReportSheet {
  name: string;
  columns: ReportColumn[];
  rows: ReportCell[][];
  /** A key–value sheet to read, not a table to sort: no frozen header row, no filter. */
  readOnly?: boolean;
}

/** The plain value of a cell and the kind it is shown as. */
export function resolveCell(v: ReportCell, columnKind: ColumnKind): { value: string | number | undefined; kind: ColumnKind } {
  return typeof v === 'object' ? v : { value: v, kind: columnKind };
}

/** Excel's own limit for the text of one cell. */
const CELL_TEXT_MAX = 32_000;

/**
 * Text that a spreadsheet could run as a formula (= + - @, or tab/CR that some tools strip
 * before looking) gets a leading apostrophe (OWASP "CSV injection"). Only text cells: numbers
 * stay numbers, so a negative gain is still -5.
 */
export function neutraliseFormula(text: string): string {
  return /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
}

/** Excel number formats. NOK uses the reader's thousands separator (`1 234 kr` in Norwegian Excel). */
function numFmt(kind: ColumnKind, lang: Language): string | undefined {
  switch (kind) {
    case 'int':
      return '0';
    case 'nok':
      return lang === 'nb' ? '#,##0" kr"' : '"NOK "#,##0';
    case 'hours':
      return '#,##0.0';
    case 'percent':
      return '0%';
    case 'date':
      return lang === 'nb' ? 'dd.mm.yyyy' : 'yyyy-mm-dd';
    case 'instant':
      return lang === 'nb' ? 'dd.mm.yyyy hh:mm' : 'yyyy-mm-dd hh:mm';
    default:
      return undefined; // text; 'number' keeps General, which shows what the owner typed
  }
}

/**
 * Excel dates have no time zone: a cell shows the date-time it holds. Instants are therefore
 * written as the plan's wall-clock time (the Date's UTC fields carry the local time), so a
 * reader in Oslo sees 08:00 for a prompt sent at 08:00 Oslo time.
 */
export function excelDate(value: string, kind: 'date' | 'instant', tz: string): Date | undefined {
  if (kind === 'date') {
    const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
    return m ? new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]))) : undefined;
  }
  try {
    const z = toZoned(value, tz);
    return new Date(Date.UTC(z.year, z.month - 1, z.day, z.hour, z.minute, z.second));
  } catch {
    return undefined;
  }
}

/** The value a cell of this kind gets in the workbook (undefined = empty cell). */
function cellValue(v: string | number | undefined, kind: ColumnKind, tz: string): string | number | Date | undefined {
  if (v === undefined || v === '') return undefined;
  if (kind === 'date' || kind === 'instant') return typeof v === 'string' ? excelDate(v, kind, tz) : undefined;
  if (kind === 'text') return neutraliseFormula(String(v)).slice(0, CELL_TEXT_MAX);
  return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
}

/**
 * exceljs is loaded on the first report, not at start: it costs ~30 MB of resident memory
 * (bench/footprint.ts) in a process that mostly sends prompts and takes answers, and
 * reports are asked for now and then.
 */
function excel(): typeof ExcelJS {
  return require('exceljs') as typeof ExcelJS;
}

export async function writeWorkbook(sheets: ReadonlyArray<ReportSheet>, lang: Language, tz: string, createdAt: Date): Promise<Buffer> {
  const wb = new (excel().Workbook)();
  wb.creator = 'Gevinstbot';
  wb.created = createdAt;
  wb.modified = createdAt;
  for (const sheet of sheets) {
    const ws = wb.addWorksheet(sheet.name, sheet.readOnly ? {} : { views: [{ state: 'frozen', xSplit: 0, ySplit: 1 }] });
    ws.columns = sheet.columns.map((c) => ({ header: c.header, width: c.width }));
    const header = ws.getRow(1);
    header.font = { bold: true };
    header.alignment = { vertical: 'top', wrapText: true };
    for (const row of sheet.rows) {
      const cells = sheet.columns.map((c, i) => resolveCell(row[i], c.kind));
      const r = ws.addRow(cells.map((cell) => cellValue(cell.value, cell.kind, tz) ?? null));
      sheet.columns.forEach((c, i) => {
        const cell = r.getCell(i + 1);
        const kind = cells[i]!.kind;
        const fmt = numFmt(kind, lang);
        if (fmt) cell.numFmt = fmt;
        // Long free text wraps inside its column instead of running across the sheet.
        if (kind === 'text' && c.width >= 40) cell.alignment = { vertical: 'top', wrapText: true };
        else cell.alignment = { vertical: 'top' };
      });
    }
    if (sheet.columns.length > 0 && !sheet.readOnly) {
      ws.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: sheet.columns.length } };
    }
  }
  const out = await wb.xlsx.writeBuffer();
  return Buffer.from(out as ArrayBuffer);
}
