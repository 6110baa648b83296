// Which benefit a row of an imported register is about. The rule, in this order:
// 1. an id `<plan>/<n>` that names this plan: that benefit (it must exist and not be archived);
// 2. otherwise (no id, or the id of another plan, as in a report of another plan): the benefit of
//    this plan with the same title (case, spacing and Unicode form do not matter), if exactly one
//    that is not archived has it;
// 3. otherwise a new benefit.
// Two rows that land on the same benefit, or two new rows with the same title, are a problem on
// the later row: importing the file twice must give the same result as importing it once. Pure.
import type { BenefitState } from './types';

export interface KnownBenefit {
  number: number;
  title: string;
  state: BenefitState;
}

export interface RowKey {
  row: number;
  /** The id cell as written, if any. */
  id?: string;
  title: string;
}

export type RowMatch =
  | { kind: 'new' }
  | { kind: 'existing'; number: number; by: 'id' | 'title' }
  | { kind: 'problem'; key: 'import.err.unknownId' | 'import.err.archived' | 'import.err.ambiguousTitle' | 'import.err.sameBenefit' | 'import.err.sameTitle'; params: Record<string, string | number> };

export const sameTitle = (a: string, b: string): boolean => titleKey(a) === titleKey(b);
const titleKey = (s: string) => s.normalize('NFC').toLowerCase().replace(/\s+/g, ' ').trim();

/** `<plan>/<n>` of this plan → n; anything else → undefined. */
function numberIn(planId: string, id: string | undefined): number | undefined {
  const m = /^\s*([a-z0-9][a-z0-9-]{0,59})\s*\/\s*0*([1-9][0-9]{0,3})\s*$/i.exec(id ?? '');
  return m && m[1]!.toLowerCase() === planId ? Number(m[2]) : undefined;
}

export function matchRows(planId: string, existing: readonly KnownBenefit[], rows: readonly RowKey[]): RowMatch[] {
  const byNumber = new Map(existing.map((b) => [b.number, b]));
  const claimed = new Map<number, number>(); // benefit number → first row
  const newTitles = new Map<string, number>(); // title → first row
  return rows.map((r): RowMatch => {
    let match: RowMatch;
    const n = numberIn(planId, r.id);
    if (n !== undefined) {
      const b = byNumber.get(n);
      if (!b) return { kind: 'problem', key: 'import.err.unknownId', params: { id: `${planId}/${n}` } };
      if (b.state === 'archived') return { kind: 'problem', key: 'import.err.archived', params: { id: `${planId}/${n}` } };
      match = { kind: 'existing', number: n, by: 'id' };
    } else {
      const same = existing.filter((b) => b.state !== 'archived' && r.title !== '' && sameTitle(b.title, r.title));
      if (same.length > 1) return { kind: 'problem', key: 'import.err.ambiguousTitle', params: { ids: same.map((b) => `${planId}/${b.number}`).join(', ') } };
      match = same.length === 1 ? { kind: 'existing', number: same[0]!.number, by: 'title' } : { kind: 'new' };
    }
    if (match.kind === 'existing') {
      const first = claimed.get(match.number);
      if (first !== undefined) return { kind: 'problem', key: 'import.err.sameBenefit', params: { first, id: `${planId}/${match.number}` } };
      claimed.set(match.number, r.row);
    } else if (r.title !== '') {
      const first = newTitles.get(titleKey(r.title));
      if (first !== undefined) return { kind: 'problem', key: 'import.err.sameTitle', params: { first } };
      newTitles.set(titleKey(r.title), r.row);
    }
    return match;
  });
}
