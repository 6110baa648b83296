// Which column of a register holds which field. The template is the report workbook's benefits
// sheet, so its headers are the report's column names, in Norwegian or English; the command keys
// (title, owner …) and their Norwegian names are accepted too. Columns the import does not read
// (status, realised to date, confirmations …) are left alone.
import { t } from '../../i18n';

/** The fields an import reads, in the order the template shows them. */
export const IMPORT_FIELDS = [
  'id',
  'title',
  'type',
  'unit',
  'baseline',
  'target',
  'due',
  'start',
  'direction',
  'cadence',
  'owner',
  'deputy',
  'message',
  'realization',
] as const;
export type ImportField = (typeof IMPORT_FIELDS)[number];

/** Columns a register must have to create benefits from it. */
export const REQUIRED_COLUMNS: readonly ImportField[] = ['title', 'type', 'unit', 'baseline', 'target', 'due', 'owner'];

const normalise = (h: string) =>
  h
    .normalize('NFC')
    .toLowerCase()
    .replace(/[*:]/g, '')
    .replace(/\s+/g, ' ')
    .trim();

let names: Map<string, ImportField> | undefined;

/** Every header text that names a field: the report's columns and the command keys, nb and en. */
function headerNames(): Map<string, ImportField> {
  if (names) return names;
  names = new Map();
  for (const f of IMPORT_FIELDS) {
    const spellings = [f, t('nb', `report.col.${f}`), t('en', `report.col.${f}`)];
    if (f !== 'id') spellings.push(t('nb', `cmd.key.${f}`), t('en', `cmd.key.${f}`));
    for (const s of spellings) if (!names.has(normalise(s))) names.set(normalise(s), f);
  }
  return names;
}

export interface ColumnMap {
  /** The column index of each field found. */
  index: Partial<Record<ImportField, number>>;
  /** The header as the file writes it, for messages ("Rad 4, Måldato: …"). */
  header: Partial<Record<ImportField, string>>;
  missing: ImportField[];
  /** Fields named by more than one column. */
  twice: ImportField[];
}

export function mapColumns(headers: readonly string[]): ColumnMap {
  const known = headerNames();
  const map: ColumnMap = { index: {}, header: {}, missing: [], twice: [] };
  headers.forEach((h, i) => {
    const field = known.get(normalise(h));
    if (!field) return;
    if (map.index[field] !== undefined) {
      if (!map.twice.includes(field)) map.twice.push(field);
      return;
    }
    map.index[field] = i;
    map.header[field] = h.trim();
  });
  map.missing = REQUIRED_COLUMNS.filter((f) => map.index[f] === undefined);
  return map;
}
