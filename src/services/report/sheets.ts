// The sheets of a plan's report: Sammendrag/Summary (summarySheet.ts), Gevinster/Benefits (the register with realised and confirmed
// figures), Målinger/Measurements (every answer, corrections included), Læring/Lessons and
// Endringslogg/Change log, in the plan's language.
import { formatDate, formatInstant } from '../../domain/dates';
import { parseCadence } from '../../domain/cadence';
import { formatCadenceShort } from '../../domain/cadenceText';
import { formatNumber, unitLabel } from '../../domain/numbers';
import { periodLabel } from '../../cards/words';
import { summarySheet } from './summarySheet';
import { benefitDirection, benefitStart } from '../../domain/progress';
import type { Language } from '../../domain/types';
import { hasKey, t } from '../../i18n';
import type { HistoryRow, PeriodRow } from '../../storage';
import { summarizeRows } from '../../domain/measurements';
import { type ColumnKind, type ReportCell, type ReportColumn, type ReportSheet } from './workbook';

import type { ReportData } from './data';

export function reportSheets(data: ReportData, lang: Language): ReportSheet[] {
  return [summarySheet(data, lang), benefitsSheet(data, lang), measurementsSheet(data, lang), lessonsSheet(data, lang), auditSheet(data, lang)];
}

const col = (lang: Language, key: string, kind: ColumnKind, width: number): ReportColumn => ({
  header: t(lang, `report.col.${key}`),
  kind,
  width,
});
const ref = (planId: string, n: number) => `${planId}/${n}`;

/** A person in the register: name and e-mail address, so the sheet imports into another plan. */
export const personCell = (p: { name: string; upn?: string } | undefined): string | undefined =>
  p ? (p.upn ? `${p.name} <${p.upn}>` : p.name) : undefined;

export function benefitsSheet(data: ReportData, lang: Language): ReportSheet {
  const { plan } = data;
  const columns = [
    col(lang, 'id', 'text', 22),
    col(lang, 'title', 'text', 40),
    col(lang, 'type', 'text', 18),
    col(lang, 'unit', 'text', 10),
    col(lang, 'baseline', 'number', 12),
    col(lang, 'baselineDate', 'date', 14),
    col(lang, 'target', 'number', 12),
    col(lang, 'due', 'date', 14),
    col(lang, 'start', 'date', 14),
    col(lang, 'direction', 'text', 10),
    col(lang, 'cadence', 'text', 18),
    col(lang, 'owner', 'text', 22),
    col(lang, 'deputy', 'text', 22),
    col(lang, 'message', 'text', 50),
    col(lang, 'realization', 'text', 40),
    col(lang, 'state', 'text', 14),
    col(lang, 'status', 'text', 14),
    col(lang, 'latestValue', 'number', 12),
    col(lang, 'achievement', 'percent', 14),
    col(lang, 'measuredPeriods', 'int', 12),
    col(lang, 'realised', 'number', 16),
    col(lang, 'realisedNok', 'nok', 18),
    col(lang, 'realisedHours', 'hours', 16),
    col(lang, 'confirmedBy', 'text', 22),
    col(lang, 'confirmedAt', 'instant', 18),
    col(lang, 'confirmedValue', 'number', 16),
    col(lang, 'confirmedNok', 'nok', 16),
    col(lang, 'confirmComment', 'text', 40),
    col(lang, 'confirmations', 'int', 12),
  ];
  // Group once: a plan's rows are benefits × periods, and each benefit needs only its own.
  const rowsOf = groupBy(data.rows, (r) => r.benefitNumber);
  const rows = data.benefits.map((b): ReportCell[] => {
    const sum = summarizeRows(plan, b, rowsOf.get(b.number) ?? [], data.now);
    const confs = data.confirmations.filter((c) => c.benefitNumber === b.number).sort((x, y) => y.at.localeCompare(x.at));
    const last = confs[0];
    const hasBaseline = b.baseline !== undefined;
    return [
      ref(plan.id, b.number),
      b.title,
      t(lang, `report.type.${b.type}`),
      unitLabel(b.unit, lang),
      b.baseline,
      b.baselineDate,
      b.target,
      b.due,
      benefitStart(b),
      t(lang, `report.direction.${benefitDirection(b)}`),
      cadenceCell(b.cadence, lang),
      personCell(b.owner),
      personCell(b.deputy),
      b.message,
      b.realization,
      t(lang, `report.state.${b.state}`),
      t(lang, `report.status.${sum.status}`),
      sum.latestValue,
      sum.achievement,
      sum.measuredPeriods,
      hasBaseline ? sum.realised : undefined,
      hasBaseline ? sum.realisedNok : undefined,
      hasBaseline ? sum.realisedHours : undefined,
      last?.by.name,
      last?.at,
      last?.realisedValue,
      last?.realisedNok,
      last?.comment,
      confs.length,
    ];
  });
  return { name: t(lang, 'report.sheet.benefits'), columns, rows };
}

/** `man 09:00` in Norwegian, as people type it; a cadence that no longer parses shows as stored. */
function cadenceCell(stored: string, lang: Language): string {
  const parsed = parseCadence(stored);
  return parsed.ok ? formatCadenceShort(parsed.cadence, lang) : stored;
}

function groupBy<T, K>(items: readonly T[], key: (t: T) => K): Map<K, T[]> {
  const out = new Map<K, T[]>();
  for (const it of items) {
    const k = key(it);
    const list = out.get(k);
    if (list) list.push(it);
    else out.set(k, [it]);
  }
  return out;
}

export function measurementsSheet(data: ReportData, lang: Language): ReportSheet {
  const columns = [
    col(lang, 'benefit', 'text', 22),
    col(lang, 'title', 'text', 30),
    col(lang, 'period', 'text', 12),
    col(lang, 'periodStart', 'instant', 18),
    col(lang, 'state', 'text', 18),
    col(lang, 'baselineAnswer', 'text', 10),
    col(lang, 'value', 'number', 12),
    col(lang, 'unit', 'text', 10),
    col(lang, 'comment', 'text', 40),
    col(lang, 'reason', 'text', 30),
    col(lang, 'by', 'text', 22),
    col(lang, 'at', 'instant', 18),
    col(lang, 'version', 'int', 9),
    col(lang, 'versionState', 'text', 20),
    col(lang, 'replacedAt', 'instant', 18),
  ];
  const byNumber = new Map(data.benefits.map((b) => [b.number, b]));
  const all: Array<PeriodRow | HistoryRow> = [...data.rows, ...data.history];
  all.sort(
    (a, b) => a.benefitNumber - b.benefitNumber || a.periodStart.localeCompare(b.periodStart) || a.period.localeCompare(b.period) || a.version - b.version,
  );
  const rows = all.map((r): ReportCell[] => {
    const b = byNumber.get(r.benefitNumber);
    const replacedAt = 'replacedAt' in r ? r.replacedAt : undefined;
    return [
      ref(data.plan.id, r.benefitNumber),
      b?.title,
      periodLabel(r.period, lang),
      r.periodStart,
      t(lang, `report.period.${r.state}`),
      t(lang, r.baseline ? 'report.yes' : 'report.no'),
      r.value,
      b ? unitLabel(b.unit, lang) : undefined,
      r.comment,
      r.reason,
      r.by?.name,
      r.at,
      r.version,
      t(lang, replacedAt ? 'report.version.replaced' : 'report.version.current'),
      replacedAt,
    ];
  });
  return { name: t(lang, 'report.sheet.measurements'), columns, rows };
}

export function lessonsSheet(data: ReportData, lang: Language): ReportSheet {
  const columns = [
    col(lang, 'benefit', 'text', 22),
    col(lang, 'title', 'text', 30),
    col(lang, 'by', 'text', 22),
    col(lang, 'at', 'instant', 18),
    col(lang, 'lesson', 'text', 60),
    col(lang, 'newDue', 'date', 14),
    col(lang, 'newTarget', 'number', 12),
  ];
  const titles = new Map(data.benefits.map((b) => [b.number, b.title]));
  const lessons = [...data.lessons].sort((a, b) => a.benefitNumber - b.benefitNumber || a.at.localeCompare(b.at));
  const rows = lessons.map((l): ReportCell[] => [
    ref(data.plan.id, l.benefitNumber),
    titles.get(l.benefitNumber),
    l.by?.name,
    l.at,
    l.lesson,
    l.newDue,
    l.newTarget,
  ]);
  return { name: t(lang, 'report.sheet.lessons'), columns, rows };
}

export function auditSheet(data: ReportData, lang: Language): ReportSheet {
  const columns = [
    col(lang, 'at', 'instant', 18),
    col(lang, 'by', 'text', 22),
    col(lang, 'action', 'text', 18),
    col(lang, 'subject', 'text', 24),
    col(lang, 'change', 'text', 80),
  ];
  const rows = data.audit.map((e): ReportCell[] => [e.at, e.by?.name, e.action, e.subject, describeChange(e.before, e.after, lang, data.plan.timezone)]);
  return { name: t(lang, 'report.sheet.audit'), columns, rows };
}

/**
 * "Målverdi: 100 → 120; Gevinsteier: Kari Nordmann → Per Hansen": one part per field that
 * changed (or was set, for a creation). Field names are shown with the report's column names
 * where there is one.
 */
export function describeChange(
  before: Record<string, unknown> | undefined,
  after: Record<string, unknown> | undefined,
  lang: Language,
  tz: string,
): string {
  const keys = [...new Set([...Object.keys(after ?? {}), ...Object.keys(before ?? {})])];
  const parts: string[] = [];
  for (const k of keys) {
    const b = before?.[k];
    const a = after?.[k];
    const label = hasKey(`report.col.${k}`) ? t(lang, `report.col.${k}`) : k;
    if (before && after) {
      if (JSON.stringify(b) === JSON.stringify(a)) continue;
      parts.push(`${label}: ${readable(b, lang, tz)} → ${readable(a, lang, tz)}`);
    } else if (after) {
      parts.push(`${label}: ${readable(a, lang, tz)}`);
    } else {
      parts.push(`${label}: ${readable(b, lang, tz)} → ${readable(undefined, lang, tz)}`);
    }
  }
  return parts.join('; ');
}

function readable(v: unknown, lang: Language, tz: string): string {
  if (v === undefined || v === null || v === '') return '–';
  if (typeof v === 'number') return Number.isFinite(v) ? formatNumber(v, lang) : String(v);
  if (typeof v === 'boolean') return t(lang, v ? 'report.yes' : 'report.no');
  if (typeof v === 'string') {
    try {
      if (/^\d{4}-\d{2}-\d{2}$/.test(v)) return formatDate(v, lang);
      if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/.test(v)) return formatInstant(v, tz, lang);
    } catch {
      // not a real date after all: show it as typed
    }
    return v;
  }
  if (Array.isArray(v)) return v.map((x) => readable(x, lang, tz)).join(', ');
  if (typeof v === 'object' && typeof (v as { name?: unknown }).name === 'string') return (v as { name: string }).name;
  return JSON.stringify(v);
}
