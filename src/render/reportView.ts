// The report model (domain/reportModel.ts) in words, in the plan's language: every label and
// formatted figure the confirmation document and the dashboard show. Both renderers lay out this
// one view, so the page and the PDF say the same things in the same words. User text (titles,
// names, comments, lessons) is passed through as typed; each renderer escapes it for its medium.
import type { ChartModel } from '../domain/chart';
import type { ReportBenefit, ReportModel } from '../domain/reportModel';
import { STATUSES } from '../domain/reportModel';
import type { Language, Status } from '../domain/types';
import { t } from '../i18n';
import { periodLabel } from '../cards/words';
import { date, hours, instant, localDate, money, number, percent, signedValue, value } from './format';

/** How many missing periods are named before "and N more". */
const MISSING_NAMED = 6;

export interface Fact {
  label: string;
  value: string;
  detail?: string;
}

export interface ChartView {
  model: ChartModel;
  caption: string;
  /** Short description for screen readers and the PDF's alternative text. */
  description: string;
  yLabels: string[];
  xLabels: string[];
  legend: { measured: string; expected: string; target: string; gap: string; today: string };
  /** Shown instead of lines when there is nothing to draw. */
  empty?: string;
}

export interface ConfirmationView {
  by: string;
  when: string;
  amount: string;
  comment?: string;
}

export interface LessonView {
  by: string;
  when: string;
  text: string;
  adjustments?: string;
}

export interface BenefitView {
  number: number;
  anchor: string;
  heading: string;
  title: string;
  status: Status;
  statusLabel: string;
  /** Set when the lifecycle says more than the status (missed, archived). */
  stateLabel?: string;
  meta: string;
  message?: { label: string; text: string };
  realization?: { label: string; text: string };
  facts: Fact[];
  chart: ChartView;
  confirmations: { heading: string; empty: string; rows: ConfirmationView[] };
  lessons: { heading: string; empty: string; rows: LessonView[] };
}

export interface ReportView {
  lang: Language;
  kicker: string;
  title: string;
  dashboardTitle: string;
  planName: string;
  planId: string;
  generated: string;
  intro: string;
  cover: Fact[];
  summary: { heading: string; facts: Fact[]; byStatusHeading: string; statuses: { status: Status; label: string; count: number }[]; archived?: string; notes: string[] };
  benefitsHeading: string;
  benefits: BenefitView[];
  signature: { heading: string; statement: string; by: string; name: string; role: string; date: string; sign: string };
  footer: string;
  /** `Side {page} av {pages}` with the placeholders left for the renderer. */
  pageTemplate: string;
  filter: { label: string; all: string };
  dashboardGenerated: string;
  /** Quotes a user's words the way the language does: «…» in Norwegian, “…” in English. */
  quote(text: string): string;
}

export function buildReportView(model: ReportModel, lang: Language): ReportView {
  const { plan, totals } = model;
  const tz = plan.timezone;
  const generated = instant(model.now, tz, lang);
  const title = t(lang, 'document.title');

  const cover: Fact[] = [
    { label: t(lang, 'document.cover.plan'), value: plan.name },
    {
      label: t(lang, 'document.cover.period'),
      value:
        model.from === model.to
          ? t(lang, 'document.cover.periodDay', { date: date(model.to, lang) })
          : t(lang, 'document.cover.periodValue', { from: date(model.from, lang), to: date(model.to, lang) }),
    },
    { label: t(lang, 'document.cover.leader'), value: plan.leader?.name ?? t(lang, 'document.cover.noLeader') },
    { label: t(lang, 'document.cover.generated'), value: generated },
    { label: t(lang, 'document.cover.benefits'), value: String(model.benefits.length) },
  ];

  const summaryFacts: Fact[] = [
    {
      label: t(lang, 'document.summary.realised'),
      value: money(totals.realisedNok, lang),
      detail: t(lang, 'document.summary.realisedDetail', { cost: money(totals.costNok, lang), timeNok: money(totals.timeNok, lang) }),
    },
    {
      label: t(lang, 'document.summary.time'),
      value: t(lang, 'document.summary.timeValue', { hours: hours(totals.hours, lang) }),
      detail: t(lang, 'document.summary.timeDetail', { perYear: hours(totals.hoursPerYear, lang), fte: number(totals.fte, lang, 2) }),
    },
    totals.confirmedBenefits === 0
      ? { label: t(lang, 'document.summary.confirmed'), value: money(0, lang), detail: t(lang, 'document.summary.confirmedNone') }
      : {
          label: t(lang, 'document.summary.confirmed'),
          value: t(lang, 'document.summary.confirmedValue', { confirmed: money(totals.confirmedNok, lang), realised: money(totals.realisedNok, lang) }),
          detail: t(lang, 'document.summary.confirmedShare', {
            share: totals.realisedNok !== 0 ? percent(totals.confirmedNok / totals.realisedNok, lang) : '–',
            benefits: totals.confirmedBenefits,
            confirmable: Math.max(totals.confirmable, totals.confirmedBenefits),
          }),
        },
    totals.response.rate === undefined
      ? { label: t(lang, 'document.summary.response'), value: '–', detail: t(lang, 'document.summary.responseNone') }
      : {
          label: t(lang, 'document.summary.response'),
          value: percent(totals.response.rate, lang),
          detail: t(lang, 'document.summary.responseDetail', { answered: totals.response.answered, prompted: totals.response.prompted }),
        },
    {
      label: t(lang, 'document.summary.periods'),
      value: t(lang, 'document.summary.periodsValue', { measured: totals.periods.measured, asked: totals.periods.asked }),
      detail: periodsDetail(totals.periods, lang),
    },
  ];
  const notes = [
    t(lang, 'document.summary.noteMeasured'),
    t(lang, 'document.summary.noteRates', { rate: money(plan.hourlyRate, lang), hoursPerFte: number(plan.hoursPerFte, lang) }),
  ];
  if (totals.quality > 0) notes.push(t(lang, 'document.summary.noteQuality', { count: totals.quality }));

  return {
    lang,
    kicker: t(lang, 'document.kicker'),
    title,
    dashboardTitle: t(lang, 'dashboard.title'),
    planName: plan.name,
    planId: plan.id,
    generated,
    intro: t(lang, 'document.cover.intro'),
    cover,
    summary: {
      heading: t(lang, 'document.summary.heading'),
      facts: summaryFacts,
      byStatusHeading: t(lang, 'document.summary.byStatus'),
      statuses: STATUSES.map((s) => ({ status: s, label: t(lang, `report.status.${s}`), count: totals.byStatus[s] })),
      ...(totals.archived > 0 ? { archived: t(lang, 'document.summary.archived', { count: totals.archived }) } : {}),
      notes,
    },
    benefitsHeading: t(lang, 'document.benefits.heading'),
    benefits: model.benefits.map((b) => benefitView(b, model, lang)),
    signature: {
      heading: t(lang, 'document.signature.heading'),
      statement: t(lang, 'document.signature.statement', { date: date(model.to, lang) }),
      by: t(lang, 'document.signature.by'),
      name: plan.leader?.name ?? '',
      role: t(lang, 'document.signature.role'),
      date: t(lang, 'document.signature.date'),
      sign: t(lang, 'document.signature.sign'),
    },
    footer: t(lang, 'document.footer', { plan: plan.name, title, date: date(model.to, lang) }),
    pageTemplate: t(lang, 'document.page', { page: '{page}', pages: '{pages}' }),
    filter: { label: t(lang, 'dashboard.filter'), all: t(lang, 'dashboard.filter.all') },
    dashboardGenerated: t(lang, 'dashboard.generated', { date: generated }),
    quote: (text: string) => `${t(lang, 'document.quoteOpen')}${text}${t(lang, 'document.quoteClose')}`,
  };
}

function periodsDetail(p: { asked: number; notMeasured: number; waiting: number }, lang: Language): string {
  if (p.asked === 0) return t(lang, 'document.periods.none');
  const parts: string[] = [];
  if (p.notMeasured > 0) parts.push(t(lang, 'document.summary.periodsNotMeasured', { count: p.notMeasured }));
  if (p.waiting > 0) parts.push(t(lang, 'document.summary.periodsWaiting', { count: p.waiting }));
  return parts.length ? parts.join(', ') : t(lang, 'document.summary.periodsAll');
}

function benefitView(rb: ReportBenefit, model: ReportModel, lang: Language): BenefitView {
  const { benefit: b, summary: s, periods } = rb;
  const tz = model.plan.timezone;
  const unit = b.unit;
  const target = value(b.target, unit, lang);
  const due = date(b.due, lang);

  const metaParts = [t(lang, `report.type.${b.type}`), t(lang, 'document.benefit.owner', { owner: b.owner.name })];
  if (b.deputy) metaParts.push(t(lang, 'document.benefit.deputy', { deputy: b.deputy.name }));
  const stateLabel = b.state === 'archived' || b.state === 'missed' ? t(lang, `report.state.${b.state}`) : undefined;
  if (stateLabel) metaParts.push(t(lang, 'document.benefit.state', { state: stateLabel }));
  else if (model.to > b.due && s.status !== 'achieved') metaParts.push(t(lang, 'digest.row.pastDue'));

  const facts: Fact[] = [];
  const baselineText =
    b.baseline === undefined
      ? undefined
      : b.baselineDate
        ? t(lang, 'document.benefit.fact.baselineDate', { value: value(b.baseline, unit, lang), date: date(b.baselineDate, lang) })
        : value(b.baseline, unit, lang);
  facts.push({
    label: t(lang, 'document.benefit.fact.goal'),
    value: baselineText ? t(lang, 'document.benefit.fact.goalValue', { baseline: baselineText, target, due }) : t(lang, 'document.benefit.fact.goalNoBaseline', { target, due }),
  });
  facts.push({
    label: t(lang, 'document.benefit.fact.latest'),
    value:
      s.latest && s.latestValue !== undefined
        ? t(lang, 'document.benefit.fact.latestValue', { value: value(s.latestValue, unit, lang), period: periodLabel(s.latest.period, lang) })
        : t(lang, 'document.benefit.fact.latestNone'),
  });
  if (s.achievement !== undefined) {
    facts.push({
      label: t(lang, 'document.benefit.fact.achievement'),
      value: t(lang, 'document.benefit.fact.achievementValue', { achievement: percent(s.achievement, lang), expected: percent(s.expectedAchievement, lang) }),
    });
  }
  facts.push({ label: t(lang, 'document.benefit.fact.status'), value: t(lang, `report.status.${s.status}`) });
  facts.push({ label: t(lang, 'document.benefit.fact.realised'), value: realisedText(rb, lang) });
  facts.push({ label: t(lang, 'document.benefit.fact.periods'), value: periodsText(periods, lang) });

  const confirmations = rb.confirmations.map((c) => ({
    by: c.by.name,
    when: instant(c.at, tz, lang),
    amount: confirmedAmount(rb, c, lang),
    ...(c.comment ? { comment: c.comment } : {}),
  }));
  const lessons = rb.lessons.map((l) => {
    const adj: string[] = [];
    if (l.newDue) adj.push(t(lang, 'document.benefit.newDue', { date: date(l.newDue, lang) }));
    if (l.newTarget !== undefined) adj.push(t(lang, 'document.benefit.newTarget', { value: value(l.newTarget, unit, lang) }));
    return { by: l.by.name, when: localDate(l.at, tz, lang), text: l.lesson, ...(adj.length ? { adjustments: adj.join(', ') } : {}) };
  });

  return {
    number: b.number,
    anchor: `gevinst-${b.number}`,
    heading: t(lang, 'document.benefit.heading', { n: b.number, title: b.title }),
    title: b.title,
    status: s.status,
    statusLabel: t(lang, `report.status.${s.status}`),
    ...(stateLabel ? { stateLabel } : {}),
    meta: metaParts.join(' · '),
    ...(b.message ? { message: { label: t(lang, 'document.benefit.message'), text: b.message } } : {}),
    ...(b.realization ? { realization: { label: t(lang, 'document.benefit.realization'), text: b.realization } } : {}),
    facts,
    chart: chartView(rb, lang),
    confirmations: { heading: t(lang, 'document.benefit.confirmations'), empty: t(lang, 'document.benefit.confirmationsNone'), rows: confirmations },
    lessons: { heading: t(lang, 'document.benefit.lessons'), empty: t(lang, 'document.benefit.lessonsNone'), rows: lessons },
  };
}

function realisedText(rb: ReportBenefit, lang: Language): string {
  const { benefit: b, summary: s } = rb;
  if (b.baseline === undefined || s.measuredPeriods === 0) return t(lang, 'document.benefit.fact.realisedNone');
  switch (b.type) {
    case 'cost':
      return money(s.realisedNok ?? s.realised, lang);
    case 'time':
      return t(lang, 'document.benefit.fact.realisedTime', { hours: hours(s.realised, lang), nok: money(s.realisedNok ?? 0, lang) });
    default: {
      const change = s.latestValue !== undefined ? s.latestValue - b.baseline : 0;
      return t(lang, 'document.benefit.fact.realisedQuality', { change: changeText(change, b.unit, lang) });
    }
  }
}

function confirmedAmount(rb: ReportBenefit, c: ReportBenefit['confirmations'][number], lang: Language): string {
  switch (rb.benefit.type) {
    case 'cost':
      return money(c.realisedNok ?? c.realisedValue, lang);
    case 'time':
      return t(lang, 'document.benefit.fact.realisedTime', { hours: hours(c.realisedHours ?? c.realisedValue, lang), nok: money(c.realisedNok ?? 0, lang) });
    default:
      // A quality benefit's sum of period gains is no amount anyone confirms: say what it is.
      return t(lang, 'document.benefit.confirmedQuality');
  }
}

/** A change in the benefit's unit; a change of a percentage is in percentage points. */
function changeText(n: number, unit: string, lang: Language): string {
  if (unit.trim() === '%') return t(lang, 'document.benefit.points', { value: signedValue(n, '', lang) });
  return signedValue(n, unit, lang);
}

function periodsText(p: ReportBenefit['periods'], lang: Language): string {
  if (p.asked === 0) return t(lang, 'document.periods.none');
  const parts: string[] = [];
  if (p.notMeasured > 0) {
    const named = p.missing.slice(0, MISSING_NAMED).map((id) => periodLabel(id, lang));
    if (p.missing.length > MISSING_NAMED) named.push(t(lang, 'document.periods.more', { count: p.missing.length - MISSING_NAMED }));
    parts.push(t(lang, 'document.periods.missing', { notMeasured: p.notMeasured, asked: p.asked, list: named.join(', ') }));
  } else if (p.waiting === 0) {
    parts.push(p.asked === 1 ? t(lang, 'document.periods.allOne') : t(lang, 'document.periods.all', { asked: p.asked }));
  } else {
    parts.push(t(lang, 'document.summary.periodsValue', { measured: p.measured, asked: p.asked }));
  }
  if (p.waiting > 0) parts.push(t(lang, 'document.periods.waiting', { waiting: p.waiting }));
  return capitalise(parts.join('; '));
}

function capitalise(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

function chartView(rb: ReportBenefit, lang: Language): ChartView {
  const { chart, benefit: b, summary: s } = rb;
  const unitLabel = b.unit.trim();
  const decimals = stepDecimals(chart.y.step);
  const target = value(b.target, b.unit, lang);
  const due = date(b.due, lang);
  const latest = s.latest && s.latestValue !== undefined ? `${value(s.latestValue, b.unit, lang)} (${periodLabel(s.latest.period, lang)})` : undefined;
  return {
    model: chart,
    caption: unitLabel ? t(lang, 'chart.caption', { unit: unitLabel }) : t(lang, 'chart.captionNoUnit'),
    description: latest
      ? t(lang, chart.measured.length === 1 ? 'chart.descOne' : 'chart.desc', { count: chart.measured.length, latest, target, due })
      : t(lang, 'chart.descNone', { target, due }),
    yLabels: chart.y.ticks.map((tk) => number(tk.value, lang, decimals)),
    xLabels: chart.x.ticks.map((tk) => {
      const [y, m] = tk.date.split('-');
      const month = t(lang, `chart.month.${Number(m)}`);
      return tk.showYear ? `${month} ${y}` : month;
    }),
    legend: {
      measured: t(lang, 'chart.legend.measured'),
      expected: t(lang, 'chart.legend.expected'),
      target: t(lang, 'chart.legend.target'),
      gap: t(lang, 'chart.legend.gap'),
      today: t(lang, 'chart.legend.today'),
    },
    ...(b.baseline === undefined ? { empty: t(lang, 'chart.noBaseline') } : chart.measured.length === 0 ? { empty: t(lang, 'chart.noValues') } : {}),
  };
}

/** Decimals that show a tick step exactly: 0 for 5, 1 for 2.5 or 0.5, 2 for 0.25. */
function stepDecimals(step: number): number {
  for (let d = 0; d <= 6; d++) if (Math.abs(Math.round(step * 10 ** d) - step * 10 ** d) < 1e-6) return d;
  return 6;
}
