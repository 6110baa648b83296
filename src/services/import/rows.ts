// One row of an imported register → the BenefitInput that `benefit add` (a new benefit) or
// `benefit set` (an existing one) takes: cells as typed, the report's own words for type and
// direction turned back into the contract's, people by the e-mail address in their cell. What a
// row leaves empty keeps what a benefit has (an empty deputy, message or realisation removes it:
// a report imported as is says exactly what the benefit is); what a column the file does not have
// would hold is not touched at all.
import { inferDirection, benefitDirection, benefitStart } from '../../domain/progress';
import { parseNumber } from '../../domain/numbers';
import type { Problem } from '../../domain/problems';
import { echo } from '../../domain/text';
import type { BenefitType, Direction } from '../../domain/types';
import { t } from '../../i18n';
import type { BenefitRow } from '../../storage';
import type { BenefitInput } from '../benefits';
import type { ColumnMap, ImportField } from './columns';
import type { SheetRow } from './readWorkbook';

const EMAIL = /[\p{L}\p{N}._%+'-]{1,64}@[\p{L}\p{N}-]{1,63}(?:\.[\p{L}\p{N}-]{1,63})+/u;

/** The cells of one row by field, and the fields whose cell could not be read. */
export interface RowCells {
  row: number;
  values: Partial<Record<ImportField, string>>;
  unreadable: ImportField[];
}

export function rowCells(columns: ColumnMap, row: SheetRow): RowCells {
  const values: Partial<Record<ImportField, string>> = {};
  const unreadable: ImportField[] = [];
  for (const [field, i] of Object.entries(columns.index) as [ImportField, number][]) {
    const cell = row.cells[i];
    if (!cell) continue;
    if (cell.unreadable) unreadable.push(field);
    else values[field] = cell.text.trim();
  }
  return { row: row.row, values, unreadable };
}

let typeWords: Map<string, BenefitType> | undefined;
let directionWords: Map<string, Direction> | undefined;
const lower = (s: string) => s.normalize('NFC').toLowerCase().trim();

/** The report's words for a type ("Spart tid", "Time saved") as the contract's (`time`). */
function contractType(text: string): string {
  if (!typeWords) {
    typeWords = new Map();
    for (const type of ['cost', 'time', 'quality'] as const) {
      for (const lang of ['nb', 'en'] as const) {
        typeWords.set(lower(t(lang, `report.type.${type}`)), type);
        typeWords.set(lower(t(lang, `cmd.type.${type}`)), type);
      }
    }
  }
  return typeWords.get(lower(text)) ?? text;
}

function contractDirection(text: string): string {
  if (!directionWords) {
    directionWords = new Map();
    for (const d of ['up', 'down'] as const) for (const lang of ['nb', 'en'] as const) directionWords.set(lower(t(lang, `report.direction.${d}`)), d);
  }
  return directionWords.get(lower(text)) ?? text;
}

/** The e-mail address in a person cell ("Kari Nordmann <kari@kommune.no>", or the address alone). */
export function emailIn(cell: string): string | undefined {
  return EMAIL.exec(cell.replace(/^mailto:/i, ''))?.[0]?.toLowerCase();
}

export interface RowInput {
  input: BenefitInput;
  /** Problems the row has before any value is validated (a person without an e-mail address). */
  problems: Problem[];
}

/** The input for this row: for a new benefit (`current` undefined) or a change to `current`. */
export function rowInput(cells: RowCells, current: BenefitRow | undefined): RowInput {
  const v = cells.values;
  const input: BenefitInput = {};
  const problems: Problem[] = cells.unreadable.map((field) => ({ key: 'import.err.unreadable', field }));
  const has = (f: ImportField) => v[f] !== undefined && v[f] !== '';
  const unreadable = (f: ImportField) => cells.unreadable.includes(f);

  for (const f of ['title', 'unit', 'target', 'due', 'cadence'] as const) if (has(f)) input[f] = v[f];
  if (has('type')) input.type = contractType(v.type!);
  // An empty baseline: not known yet for a new benefit; for an existing one, leave it as it is.
  if (has('baseline')) input.baseline = v.baseline;
  else if (!current && !unreadable('baseline') && v.baseline !== undefined) input.baseline = 'unknown';
  if (has('start') && !(current && v.start === benefitStart(current))) input.start = v.start;
  if (has('direction')) {
    // Only a direction other than the one the numbers give is asked for (a report shows both).
    const b = has('baseline') ? parseNumber(v.baseline!) : current?.baseline;
    const g = has('target') ? parseNumber(v.target!) : current?.target;
    const implied = b !== undefined && g !== undefined && b !== g ? inferDirection(b, g) : current ? benefitDirection(current) : 'up';
    const wanted = contractDirection(v.direction!);
    if (wanted !== implied) input.direction = wanted;
  }
  for (const f of ['owner', 'deputy'] as const) {
    if (!has(f)) continue;
    const email = emailIn(v[f]!);
    if (email) input[f] = { kind: 'upn', upn: email };
    else problems.push({ key: 'import.err.noEmail', params: { value: echo(v[f]!) }, field: f });
  }
  if (current) {
    if (v.deputy === '' && current.deputy) input.deputy = 'none';
    for (const f of ['message', 'realization'] as const) if (v[f] === '' && current[f]) input[f] = '';
  }
  for (const f of ['message', 'realization'] as const) if (has(f)) input[f] = v[f];
  return { input, problems };
}
