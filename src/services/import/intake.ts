// From a file an admin sent to a preview they can import: download it (size-limited, from Teams'
// file hosts only), check it is a workbook and not a zip bomb, read its register, map its columns,
// validate every row as the command would, and store the preview for the Import click.
import type { Language } from '../../domain/types';
import type { PlanRow } from '../../storage';
import type { Actor } from '../actor';
import type { Services } from '../context';
import { mapColumns, type ColumnMap, type ImportField } from './columns';
import { downloadFile, type DownloadFailure } from './download';
import { storePendingImport } from './pending';
import { previewImport, type ImportPreview } from './preview';
import { readRegister } from './readWorkbook';
import { checkWorkbookZip } from './zipCheck';

export type FileProblem = DownloadFailure | 'notZip' | 'oldExcel' | 'bomb' | 'notWorkbook' | 'unreadable' | 'empty' | 'tooManyRows' | 'tooMuchText';

export type Intake =
  | { kind: 'file'; problem: FileProblem; rows?: number }
  | { kind: 'columns'; missing: ImportField[]; twice: ImportField[] }
  | { kind: 'preview'; preview: ImportPreview; columns: ColumnMap; pending?: { id: string; expiresAt: string } };

export async function intakeFile(
  s: Services,
  actor: Actor,
  plan: PlanRow,
  file: { name: string; downloadUrl: string },
  lang: Language,
): Promise<Intake> {
  const download = await downloadFile(s, file.downloadUrl);
  if (!download.ok) return { kind: 'file', problem: download.reason };
  const zip = checkWorkbookZip(download.bytes);
  if (!zip.ok) return { kind: 'file', problem: zip.reason };
  const sheet = await readRegister(download.bytes);
  if (!sheet.ok) return { kind: 'file', problem: sheet.reason, ...(sheet.rows !== undefined ? { rows: sheet.rows } : {}) };
  const columns = mapColumns(sheet.headers);
  if (columns.missing.length > 0 || columns.twice.length > 0) return { kind: 'columns', missing: columns.missing, twice: columns.twice };
  const preview = await previewImport(s, actor, plan, columns, sheet.rows);
  if (preview.counts.new + preview.counts.changed === 0) return { kind: 'preview', preview, columns };
  const pending = await storePendingImport(s, actor, preview, file.name || 'register.xlsx', lang);
  if (!pending) return { kind: 'file', problem: 'tooMuchText' };
  return { kind: 'preview', preview, columns, pending };
}
