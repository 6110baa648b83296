// The first sheet of the Excel report: what a leader reads before the tables. The figures are the
// confirmation document's (buildReportModel), so the workbook, the PDF and the dashboard agree.
import { formatDate } from '../../domain/dates';
import { formatMoney, formatNumber } from '../../domain/numbers';
import { buildReportModel, STATUSES } from '../../domain/reportModel';
import type { Language } from '../../domain/types';
import { t } from '../../i18n';
import type { ReportData } from './data';
import type { ReportCell, ReportSheet } from './workbook';

export function summarySheet(data: ReportData, lang: Language): ReportSheet {
  const { plan } = data;
  const model = buildReportModel({
    plan,
    benefits: data.benefits,
    rows: data.rows,
    confirmations: data.confirmations,
    lessons: data.lessons,
    now: data.now,
  });
  const { totals } = model;
  const row = (label: string, value?: ReportCell, note?: string): ReportCell[] => [label, value, note];
  const int = (n: number): ReportCell => ({ value: n, kind: 'int' });
  const nok = (n: number): ReportCell => ({ value: n, kind: 'nok' });
  const hours = (n: number): ReportCell => ({ value: n, kind: 'hours' });

  const channel = plan.channel.name ?? (plan.channel.general ? t(lang, 'cmd.channel.general') : undefined);
  const period =
    model.from === model.to
      ? formatDate(model.to, lang)
      : t(lang, 'document.cover.periodValue', { from: formatDate(model.from, lang), to: formatDate(model.to, lang) });
  const statusNote = totals.archived > 0 ? t(lang, 'document.summary.archived', { count: totals.archived }) : undefined;

  const rows: ReportCell[][] = [
    row(t(lang, 'document.cover.plan'), plan.name, plan.id),
    row(t(lang, 'report.summary.channel'), channel),
    row(t(lang, 'document.cover.leader'), plan.leader?.name ?? t(lang, 'document.cover.noLeader')),
    row(t(lang, 'document.cover.period'), period),
    row(t(lang, 'document.cover.generated'), { value: data.now, kind: 'instant' }),
    row(t(lang, 'document.cover.benefits'), int(model.benefits.length), statusNote),
    row(''),
    row(
      t(lang, 'document.summary.realised'),
      nok(totals.realisedNok),
      t(lang, 'document.summary.realisedDetail', { cost: formatMoney(totals.costNok, lang), timeNok: formatMoney(totals.timeNok, lang) }),
    ),
    row(t(lang, 'report.summary.hours'), hours(totals.hours), t(lang, 'report.summary.fte', { fte: formatNumber(totals.fte, lang, 2) })),
    row(
      t(lang, 'report.summary.confirmedNok'),
      nok(totals.confirmedNok),
      totals.confirmedBenefits === 0
        ? t(lang, 'document.summary.confirmedNone')
        : t(lang, 'report.summary.confirmedBenefits', { benefits: totals.confirmedBenefits, confirmable: totals.confirmable }),
    ),
    row(t(lang, 'report.summary.confirmedHours'), hours(totals.confirmedHours)),
    row(
      t(lang, 'document.summary.response'),
      totals.response.rate === undefined ? undefined : { value: totals.response.rate, kind: 'percent' },
      totals.response.prompted === 0
        ? t(lang, 'document.summary.responseNone')
        : t(lang, 'document.summary.responseDetail', { answered: totals.response.answered, prompted: totals.response.prompted }),
    ),
    row(
      t(lang, 'document.summary.periods'),
      int(totals.periods.measured),
      t(lang, 'report.summary.periodsOf', { asked: totals.periods.asked, notMeasured: totals.periods.notMeasured, waiting: totals.periods.waiting }),
    ),
    row(''),
    row(t(lang, 'document.summary.byStatus')),
    ...STATUSES.map((s) => row(t(lang, `report.status.${s}`), int(totals.byStatus[s]))),
    row(''),
    row(t(lang, 'document.summary.noteMeasured')),
    row(t(lang, 'document.summary.noteRates', { rate: formatMoney(plan.hourlyRate, lang), hoursPerFte: formatNumber(plan.hoursPerFte, lang) })),
    ...(totals.quality > 0 ? [row(t(lang, 'document.summary.noteQuality', { count: totals.quality }))] : []),
  ];
  return {
    name: t(lang, 'report.sheet.summary'),
    columns: [
      { header: t(lang, 'report.summary.item'), kind: 'text', width: 44 },
      { header: t(lang, 'report.summary.value'), kind: 'text', width: 26 },
      { header: t(lang, 'report.summary.note'), kind: 'text', width: 60 },
    ],
    rows,
    readOnly: true,
  };
}
