// Is this file an Excel workbook that is safe to open? An .xlsx is a zip archive; before exceljs
// unpacks it, its directory is read here and every entry is inflated once with a hard cap on the
// output, so a zip bomb (a few kilobytes that inflate to gigabytes, or entries whose declared sizes
// lie) is refused after at most the budget, and a file that is not a workbook is told apart.
import zlib from 'node:zlib';

/** What a workbook may unpack to in all: far above any register of 500 rows. */
export const MAX_UNPACKED_BYTES = 50 * 1024 * 1024;
const MAX_ENTRIES = 2000;

export type ZipVerdict = { ok: true } | { ok: false; reason: 'notZip' | 'oldExcel' | 'bomb' | 'notWorkbook' };

const EOCD = 0x06054b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;

export function checkWorkbookZip(buf: Buffer, budget = MAX_UNPACKED_BYTES): ZipVerdict {
  // The old binary Excel format (.xls) is an OLE compound file.
  if (buf.length >= 8 && buf.readUInt32BE(0) === 0xd0cf11e0 && buf.readUInt32BE(4) === 0xa1b11ae1) return { ok: false, reason: 'oldExcel' };
  if (buf.length < 22 || buf.readUInt32LE(0) !== LOCAL) return { ok: false, reason: 'notZip' };
  // The end-of-central-directory record sits in the last 64 KiB + 22 bytes.
  let eocd = -1;
  for (let i = buf.length - 22; i >= Math.max(0, buf.length - 22 - 0xffff); i--) {
    if (buf.readUInt32LE(i) === EOCD) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) return { ok: false, reason: 'notZip' };
  const entries = buf.readUInt16LE(eocd + 10);
  let p = buf.readUInt32LE(eocd + 16);
  if (entries === 0xffff || p === 0xffffffff) return { ok: false, reason: 'notWorkbook' }; // zip64: no workbook needs it
  if (entries > MAX_ENTRIES) return { ok: false, reason: 'bomb' };
  const names = new Set<string>();
  let unpacked = 0;
  for (let n = 0; n < entries; n++) {
    if (p + 46 > buf.length || buf.readUInt32LE(p) !== CENTRAL) return { ok: false, reason: 'notZip' };
    const method = buf.readUInt16LE(p + 10);
    const compressed = buf.readUInt32LE(p + 20);
    const nameLen = buf.readUInt16LE(p + 28);
    const extraLen = buf.readUInt16LE(p + 30);
    const commentLen = buf.readUInt16LE(p + 32);
    const localAt = buf.readUInt32LE(p + 42);
    const name = buf.toString('utf8', p + 46, p + 46 + nameLen);
    p += 46 + nameLen + extraLen + commentLen;
    names.add(name);
    if (localAt + 30 > buf.length || buf.readUInt32LE(localAt) !== LOCAL) return { ok: false, reason: 'notZip' };
    const dataAt = localAt + 30 + buf.readUInt16LE(localAt + 26) + buf.readUInt16LE(localAt + 28);
    if (dataAt + compressed > buf.length) return { ok: false, reason: 'notZip' };
    const data = buf.subarray(dataAt, dataAt + compressed);
    const left = budget - unpacked;
    if (method === 0) {
      unpacked += data.length;
    } else if (method === 8) {
      try {
        // Inflate for real, never more than what is left of the budget: declared sizes can lie.
        unpacked += zlib.inflateRawSync(data, { maxOutputLength: Math.max(1, left + 1) }).length;
      } catch (e) {
        if ((e as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE' || /Cannot create a Buffer larger|buffer/i.test(String(e))) return { ok: false, reason: 'bomb' };
        return { ok: false, reason: 'notZip' };
      }
    } else {
      return { ok: false, reason: 'notWorkbook' };
    }
    if (unpacked > budget) return { ok: false, reason: 'bomb' };
  }
  if (!names.has('[Content_Types].xml') || !names.has('xl/workbook.xml')) return { ok: false, reason: 'notWorkbook' };
  return { ok: true };
}
