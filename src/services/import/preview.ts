// What importing a register would do, row by row, without storing anything: each row is matched
// to a benefit (domain/registerMatch) and validated by the same use case a typed command runs
// (addBenefit for a new benefit, setBenefit for an existing one), as a dry run. The rows that
// would change something are what Import applies later (services/import/pending).
import type { BenefitField } from '../../domain/fields';
import type { Problem } from '../../domain/problems';
import { matchRows } from '../../domain/registerMatch';
import type { BenefitRow, PlanRow } from '../../storage';
import type { Actor } from '../actor';
import { addBenefit, setBenefit, type BenefitInput } from '../benefits';
import type { Services } from '../context';
import type { ColumnMap } from './columns';
import { rowCells, rowInput } from './rows';
import type { SheetRow } from './readWorkbook';

/** A row Import will apply: everything needed to run it again, as JSON. */
export interface PlannedRow {
  row: number;
  mode: 'add' | 'set';
  number?: number;
  title: string;
  input: BenefitInput;
}

export type RowOutcome =
  | { row: number; kind: 'new'; planned: PlannedRow; draft: Omit<BenefitRow, 'etag'> }
  | { row: number; kind: 'changed'; planned: PlannedRow; before: BenefitRow; after: Omit<BenefitRow, 'etag'>; changed: BenefitField[] }
  | { row: number; kind: 'unchanged'; number: number; title: string }
  | { row: number; kind: 'problems'; title: string; problems: Problem[] };

export interface ImportPreview {
  plan: PlanRow;
  rows: RowOutcome[];
  counts: { new: number; changed: number; unchanged: number; problems: number };
}

/** One problem per cell: a cell that could not be read (or names no e-mail) is not also "missing". */
function perCell(problems: Problem[]): Problem[] {
  const own = new Set(problems.filter((p) => p.key.startsWith('import.err.')).map((p) => p.field));
  return problems.filter((p) => !(p.key === 'cmd.err.required' && own.has(p.field)));
}

/** Fields whose change names the same person again (same Teams id) are no change at all. */
function samePeople(before: BenefitRow, after: Omit<BenefitRow, 'etag'>, changed: BenefitField[], input: BenefitInput): BenefitField[] {
  return changed.filter((f) => {
    if (f !== 'owner' && f !== 'deputy') return true;
    const same = before[f]?.id !== undefined && before[f]?.id === after[f]?.id;
    if (same) delete input[f];
    return !same;
  });
}

export async function previewImport(s: Services, actor: Actor, plan: PlanRow, columns: ColumnMap, sheetRows: readonly SheetRow[]): Promise<ImportPreview> {
  const existing = await s.storage.benefits.list(actor.tenantId, plan.id);
  const byNumber = new Map(existing.map((b) => [b.number, b]));
  const cells = sheetRows.map((r) => rowCells(columns, r));
  const matches = matchRows(
    plan.id,
    existing,
    cells.map((c) => ({ row: c.row, id: c.values.id, title: c.values.title ?? '' })),
  );
  const rows: RowOutcome[] = [];
  for (let i = 0; i < cells.length; i++) {
    const c = cells[i]!;
    const match = matches[i]!;
    const title = c.values.title ?? '';
    if (match.kind === 'problem') {
      rows.push({ row: c.row, kind: 'problems', title, problems: [{ key: match.key, params: match.params, field: match.key === 'import.err.sameTitle' ? 'title' : 'id' }] });
      continue;
    }
    const current = match.kind === 'existing' ? byNumber.get(match.number) : undefined;
    const { input, problems } = rowInput(c, current);
    if (match.kind === 'new') {
      const r = await addBenefit(s, actor, plan.id, input, { dryRun: true });
      const all = perCell([...problems, ...(r.ok ? [] : r.problems)]);
      if (all.length > 0) rows.push({ row: c.row, kind: 'problems', title, problems: all });
      else if (r.ok) rows.push({ row: c.row, kind: 'new', planned: { row: c.row, mode: 'add', title, input }, draft: r.value.benefit });
      continue;
    }
    const r = await setBenefit(s, actor, { plan: plan.id, number: match.number }, input, { dryRun: true });
    const all = perCell([...problems, ...(r.ok ? [] : r.problems)]);
    if (all.length > 0 || !r.ok || !current) {
      rows.push({ row: c.row, kind: 'problems', title, problems: all });
      continue;
    }
    const changed = samePeople(current, r.value.benefit, r.value.changed, input);
    if (changed.length === 0) rows.push({ row: c.row, kind: 'unchanged', number: match.number, title: current.title });
    else rows.push({ row: c.row, kind: 'changed', planned: { row: c.row, mode: 'set', number: match.number, title, input }, before: current, after: r.value.benefit, changed });
  }
  const counts = { new: 0, changed: 0, unchanged: 0, problems: 0 };
  for (const r of rows) counts[r.kind === 'problems' ? 'problems' : r.kind]++;
  return { plan, rows, counts };
}
