// The weekly digest as Adaptive Cards: one card when it fits, else pages (Teams refuses messages
// over ~28 KB). The first card carries the totals, the chart and the mentions; the rows follow.
import { formatDate, formatInstant, toZoned } from '../domain/dates';
import type { DigestModel, DigestRow, PersonBenefits } from '../domain/digest';
import { formatHours, formatMoney, formatNumber, formatPercent, formatValue } from '../domain/numbers';
import { truncate } from '../domain/text';
import type { Language, Status } from '../domain/types';
import { t } from '../i18n';
import { cardBytes, MAX_CARD_BYTES, renderCard } from './build';
import { mentionOf, mentionText, periodLabel } from './words';

/** Lessons can be 1 000 characters; the digest shows the start, the report has them whole. */
const LESSON_CHARS = 300;
/** Room left under MAX_CARD_BYTES for what Teams adds around the card. */
const SIZE_MARGIN = 512;

const STATUS_COLOR: Record<Status, string> = {
  achieved: 'Good',
  onTrack: 'Good',
  atRisk: 'Warning',
  offTrack: 'Attention',
  noData: 'Default',
};

/**
 * The digest as cards: one when it fits, else the first card with the summary and pages of rows.
 * `dashboardUrl` (a signed link) becomes the first card's "See the full overview" button.
 */
export function renderDigestCards(lang: Language, model: DigestModel, portfolio: { nok: number; plans: number }, dashboardUrl?: string): object[] {
  const head = { ...headData(model, lang, portfolio), showLink: dashboardUrl !== undefined, linkTitle: t(lang, 'digest.dashboardLink'), linkUrl: dashboardUrl ?? '' };
  const rows = model.rows.map((r) => rowData(r, lang, model.timezone));
  const whole = renderCard('digest', { ...head, rows });
  if (fits(whole)) return [whole];

  // Greedy paging: as many rows as fit on each card. The first card keeps the totals, chart and
  // mentions (the mention entities must sit on the card whose text names them).
  const pages: object[][] = [];
  let current: object[] = [];
  const render = (pageRows: object[], first: boolean) =>
    renderCard('digest', first ? { ...head, rows: pageRows } : { ...continuation(head), rows: pageRows });
  for (const row of rows) {
    const candidate = [...current, row];
    if (current.length > 0 && !fits(render(candidate, pages.length === 0))) {
      pages.push(current);
      current = [row];
    } else {
      current = candidate;
    }
  }
  pages.push(current);
  return pages.map((pageRows, i) => {
    const data = i === 0 ? { ...head, rows: pageRows } : { ...continuation(head), rows: pageRows };
    return renderCard('digest', { ...data, title: t(lang, 'digest.page', { title: head.title, page: i + 1, pages: pages.length }) });
  });
}

function fits(card: object): boolean {
  return cardBytes(card) <= MAX_CARD_BYTES - SIZE_MARGIN;
}

function continuation(head: ReturnType<typeof headData> & { showLink: boolean }) {
  return { ...head, showFacts: false, showChart: false, showEmpty: false, showUnanswered: false, showUnreachable: false, showLink: false, mentions: [] };
}

function headData(model: DigestModel, lang: Language, portfolio: { nok: number; plans: number }) {
  const week = model.week.slice(model.week.indexOf('W') + 1).replace(/^0/, '');
  const tot = model.totals;
  const facts = [
    {
      title: t(lang, 'digest.fact.realised'),
      value: t(lang, 'digest.fact.realisedValue', {
        nok: formatMoney(tot.realisedNok, lang),
        cost: formatMoney(tot.realisedCostNok, lang),
        timeNok: formatMoney(tot.realisedHoursNok, lang),
      }),
    },
    {
      title: t(lang, 'digest.fact.time'),
      value: t(lang, 'digest.fact.timeValue', {
        hours: formatHours(tot.realisedHours, lang),
        perYear: formatHours(tot.hoursPerYear, lang),
        fte: formatNumber(tot.fte, lang, 2),
      }),
    },
    {
      title: t(lang, 'digest.fact.response'),
      value:
        model.response.rate === undefined
          ? t(lang, 'digest.fact.responseNone')
          : t(lang, 'digest.fact.responseValue', {
              rate: formatPercent(model.response.rate, lang),
              answered: model.response.answered,
              prompted: model.response.prompted,
            }),
    },
    {
      title: t(lang, 'digest.fact.portfolio', { year: model.year }),
      value: t(lang, portfolio.plans === 1 ? 'digest.fact.portfolioValueOne' : 'digest.fact.portfolioValue', {
        nok: formatMoney(portfolio.nok, lang),
        plans: portfolio.plans,
      }),
    },
  ];
  const points = model.trend
    .filter((p) => p.achievement !== undefined)
    .map((p) => {
      const pct = Math.round(p.achievement! * 100);
      const label = t(lang, 'digest.chart.week', { week: p.week.slice(p.week.indexOf('W') + 1) });
      return { x: label, y: pct, bar: `${label.padEnd(4)} ${'▇'.repeat(Math.max(0, Math.min(20, Math.round(pct / 5))))} ${formatPercent(p.achievement!, lang)}` };
    });
  const mentions = [...model.unanswered, ...model.unreachable.filter((u) => !model.unanswered.some((a) => a.person.id === u.person.id))].map((p) =>
    mentionOf(p.person),
  );
  return {
    title: t(lang, 'digest.title', { plan: model.planName }),
    subtitle: t(lang, 'digest.subtitle', { week, date: formatInstant(model.now, model.timezone, lang) }),
    showFacts: true,
    facts,
    showChart: points.length > 0,
    chart: { title: t(lang, 'digest.chart.title'), x: t(lang, 'digest.chart.x'), y: t(lang, 'digest.chart.y'), points },
    showEmpty: model.rows.length === 0,
    emptyText: t(lang, 'digest.empty'),
    showUnanswered: model.unanswered.length > 0,
    unansweredText: t(lang, 'digest.unanswered', { people: peopleList(model.unanswered) }),
    showUnreachable: model.unreachable.length > 0,
    unreachableTitle: t(lang, 'digest.unreachable.title'),
    unreachableText: t(lang, 'digest.unreachable.text', { people: peopleList(model.unreachable) }),
    mentions,
  };
}

/** `<at>Kari Nordmann</at> (2, 5), <at>Per Hansen</at> (3)`: who, and for which benefits. */
function peopleList(list: PersonBenefits[]): string {
  return list.map((p) => `${mentionText(p.person)} (${p.benefits.join(', ')})`).join(', ');
}

function rowData(r: DigestRow, lang: Language, tz: string) {
  const target = formatValue(r.target, r.unit, lang);
  const due = formatDate(r.due, lang);
  const metaParts = [t(lang, 'digest.row.owner', { owner: r.owner.name })];
  if (r.confirmed && r.confirmedAt) metaParts.push(t(lang, 'digest.row.confirmed', { date: localDate(r.confirmedAt, tz, lang) }));
  if (r.phase === 'notStarted') metaParts.push(t(lang, 'digest.row.notStarted', { date: formatDate(r.start, lang) }));
  if (r.phase === 'pastDue' && r.status !== 'achieved') metaParts.push(t(lang, 'digest.row.pastDue'));

  const line1 =
    r.baseline === undefined
      ? t(lang, 'digest.row.planned', { target, due })
      : r.latestValue === undefined
        ? t(lang, 'digest.row.noValue', { target, due })
        : t(lang, 'digest.row.latest', { value: formatValue(r.latestValue, r.unit, lang), period: r.latestPeriod ? periodLabel(r.latestPeriod, lang) : '', target, due });

  const line2Parts: string[] = [];
  if (r.achievement !== undefined) {
    line2Parts.push(
      t(lang, 'digest.row.achievement', { achievement: formatPercent(r.achievement, lang), expected: formatPercent(r.expectedAchievement, lang) }),
    );
  }
  if (r.change !== undefined) line2Parts.push(t(lang, 'digest.row.change', { change: signed(r.change, r.unit, lang) }));
  if (r.type !== 'quality' && r.latestValue !== undefined) {
    const value = formatValue(r.realised, r.unit, lang);
    line2Parts.push(
      r.type === 'time' && r.realisedNok !== undefined
        ? t(lang, 'digest.row.realisedNok', { value: formatHours(r.realised, lang), nok: formatMoney(r.realisedNok, lang) })
        : t(lang, 'digest.row.realised', { value: r.type === 'cost' ? formatMoney(r.realised, lang) : value }),
    );
  }

  const lesson = r.lesson
    ? t(lang, 'digest.row.lesson', { date: localDate(r.lesson.at, tz, lang), lesson: shorten(r.lesson.lesson, LESSON_CHARS) })
    : '';
  return {
    heading: t(lang, 'digest.row.heading', { n: r.number, title: r.title }),
    statusText: `● ${t(lang, `digest.status.${r.status}`)}`,
    statusColor: STATUS_COLOR[r.status],
    meta: metaParts.join(' · '),
    line1,
    showLine2: line2Parts.length > 0,
    line2: line2Parts.join(' · '),
    showLesson: lesson !== '',
    lesson,
  };
}

/** A change with its sign: `+2,5 besøk`, `-3 t`, `0 besøk`. */
export function signed(n: number, unit: string, lang: Language): string {
  const text = formatValue(n, unit, lang);
  return n > 0 && !text.startsWith('-') ? `+${text}` : text;
}

const shorten = (text: string, max: number): string => truncate(text.replace(/\s+/g, ' ').trim(), max);

/** The plan-local calendar date of an instant, formatted: nb `04.12.2026`, en `2026-12-04`. */
function localDate(instant: string, tz: string, lang: Language): string {
  return formatDate(toZoned(instant, tz).toISODate()!, lang);
}
