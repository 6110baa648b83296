// Workbooks for import tests: a register filled in on the template's columns (nb or en headers),
// and hostile files (random bytes, a zip bomb, a document that is not a workbook, huge ones).
import { randomBytes } from 'node:crypto';
import zlib from 'node:zlib';
import ExcelJS from 'exceljs';
import { t } from '../../src/i18n';

export type Cell = string | number | Date | ExcelJS.CellValue | undefined;

/** A register with the template's headers for `columns` (report column keys), one row per entry. */
export async function registerWorkbook(columns: string[], rows: Cell[][], lang: 'nb' | 'en' = 'nb', sheetName?: string): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet(sheetName ?? t(lang, 'report.sheet.benefits'));
  ws.addRow(columns.map((c) => t(lang, `report.col.${c}`)));
  for (const r of rows) ws.addRow(r.map((c) => (c === undefined ? null : c)));
  return Buffer.from((await wb.xlsx.writeBuffer()) as ArrayBuffer);
}

/** The columns of a register filled in by hand (the template's, without the report's figures). */
export const TEMPLATE_COLUMNS = ['id', 'title', 'type', 'unit', 'baseline', 'target', 'due', 'cadence', 'owner', 'deputy', 'message', 'realization'];

/** A minimal zip (stored or deflated entries), to build archives no spreadsheet program would. */
export function zipOf(entries: { name: string; data: Buffer; deflate?: boolean }[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const e of entries) {
    const data = e.deflate ? zlib.deflateRawSync(e.data, { level: 9 }) : e.data;
    const name = Buffer.from(e.name, 'utf8');
    const crc = typeof (zlib as { crc32?: (b: Buffer) => number }).crc32 === 'function' ? (zlib as unknown as { crc32: (b: Buffer) => number }).crc32(e.data) : 0;
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(e.deflate ? 8 : 0, 8);
    local.writeUInt32LE(crc >>> 0, 14);
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(e.data.length >>> 0, 22);
    local.writeUInt16LE(name.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(e.deflate ? 8 : 0, 10);
    central.writeUInt32LE(crc >>> 0, 16);
    central.writeUInt32LE(data.length, 20);
    central.writeUInt32LE(e.data.length >>> 0, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, data);
    centrals.push(central, name);
    offset += 30 + name.length + data.length;
  }
  const dir = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(dir.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, dir, end]);
}

/** An .xlsx-looking zip of a few kilobytes whose sheet inflates to `mb` megabytes. */
export function zipBomb(mb = 80): Buffer {
  return zipOf([
    { name: '[Content_Types].xml', data: Buffer.from('<Types/>') },
    { name: 'xl/workbook.xml', data: Buffer.from('<workbook/>') },
    { name: 'xl/worksheets/sheet1.xml', data: Buffer.alloc(mb * 1024 * 1024, 0x20), deflate: true },
  ]);
}

/** A zip that is a Word document, not a workbook. */
export const notAWorkbook = (): Buffer =>
  zipOf([
    { name: '[Content_Types].xml', data: Buffer.from('<Types/>') },
    { name: 'word/document.xml', data: Buffer.from('<document/>'), deflate: true },
  ]);

export const noise = (bytes: number): Buffer => randomBytes(bytes);
