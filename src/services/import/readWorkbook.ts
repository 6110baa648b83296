// The rows of a benefit register workbook as text: the header row and, for each row below it, the
// text of each cell. Numbers stay as they were written (12.5), dates become 2027-06-30, links and
// rich text their visible text; a formula counts as the value Excel last showed for it (the bot
// never evaluates one), and a formula without such a value is reported. The leading apostrophe
// our own report puts before text that starts like a formula is taken off again.
import type ExcelJS from 'exceljs';
import { t } from '../../i18n';

/** The most rows one import takes (a benefits realisation plan has tens). */
export const MAX_IMPORT_ROWS = 500;
/** Cell text is cut here: far above any field's limit, so the limit's own message still applies. */
const MAX_CELL = 2000;

export interface SheetCell {
  text: string;
  /** A formula with no value Excel could show, or an error value (#REF!). */
  unreadable?: boolean;
}

export interface SheetRow {
  /** The row number as Excel shows it (the header is row 1). */
  row: number;
  cells: SheetCell[];
}

export type SheetRead =
  | { ok: true; sheetName: string; headers: string[]; rows: SheetRow[] }
  | { ok: false; reason: 'unreadable' | 'empty' | 'tooManyRows'; rows?: number };

function excel(): typeof ExcelJS {
  // Loaded on the first import, as for reports (bench/footprint.ts: ~30 MB resident).
  return require('exceljs') as typeof ExcelJS;
}

const isoDate = (d: Date) => (Number.isNaN(d.getTime()) ? '' : d.toISOString().slice(0, 10));

/** Our report writes `'=…` for text that would run as a formula; read it back as typed. */
const unneutralise = (s: string) => (/^'[=+\-@\t\r]/.test(s) ? s.slice(1) : s);

export function cellText(value: ExcelJS.CellValue): SheetCell {
  if (value === null || value === undefined) return { text: '' };
  if (typeof value === 'string') return { text: unneutralise(value).slice(0, MAX_CELL) };
  if (typeof value === 'number') return Number.isFinite(value) ? { text: String(value) } : { text: '', unreadable: true };
  if (typeof value === 'boolean') return { text: String(value) };
  if (value instanceof Date) return { text: isoDate(value) };
  if (typeof value === 'object') {
    if ('richText' in value && Array.isArray(value.richText)) return { text: value.richText.map((r) => r.text ?? '').join('').slice(0, MAX_CELL) };
    if ('hyperlink' in value) return { text: String(value.text ?? '').replace(/^mailto:/i, '').slice(0, MAX_CELL) };
    if ('formula' in value || 'sharedFormula' in value) {
      const result = (value as { result?: ExcelJS.CellValue }).result;
      if (result === undefined || result === null || (typeof result === 'object' && 'error' in result)) return { text: '', unreadable: true };
      return cellText(result);
    }
    if ('error' in value) return { text: '', unreadable: true };
  }
  return { text: '' };
}

/** The sheet to read: the one named as the report names its register (nb or en), else the first. */
function registerSheet(wb: ExcelJS.Workbook): ExcelJS.Worksheet | undefined {
  const names = [t('nb', 'report.sheet.benefits'), t('en', 'report.sheet.benefits')].map((n) => n.toLowerCase());
  return wb.worksheets.find((w) => names.includes(w.name.trim().toLowerCase())) ?? wb.worksheets[0];
}

export async function readRegister(bytes: Buffer): Promise<SheetRead> {
  const wb = new (excel().Workbook)();
  try {
    await wb.xlsx.load(bytes as unknown as ArrayBuffer);
  } catch {
    return { ok: false, reason: 'unreadable' };
  }
  const ws = registerSheet(wb);
  if (!ws || ws.actualRowCount === 0) return { ok: false, reason: 'empty' };
  const width = Math.min(ws.columnCount, 100);
  const rowsWithData = ws.actualRowCount - 1;
  if (rowsWithData > MAX_IMPORT_ROWS) return { ok: false, reason: 'tooManyRows', rows: rowsWithData };
  const headerRow = ws.getRow(1);
  const headers = Array.from({ length: width }, (_, i) => cellText(headerRow.getCell(i + 1).value).text.trim());
  const rows: SheetRow[] = [];
  ws.eachRow({ includeEmpty: false }, (r, number) => {
    if (number === 1) return;
    const cells = Array.from({ length: width }, (_, i) => cellText(r.getCell(i + 1).value));
    if (cells.some((c) => c.text.trim() !== '' || c.unreadable)) rows.push({ row: number, cells });
  });
  if (rows.length === 0) return { ok: false, reason: 'empty' };
  return { ok: true, sheetName: ws.name, headers, rows };
}
