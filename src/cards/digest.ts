// The weekly digest as Adaptive Cards: one card when it fits, else pages (Teams refuses messages
// over ~28 KB). The first card carries the totals, the chart and the mentions; the rows follow.
import { formatDate, formatInstant, toZoned } from '../domain/dates';
import type { DigestModel, DigestRow, PersonBenefits } from '../domain/digest';
import { formatHours, formatMoney, formatNumber, formatPercent, formatSigned, formatValue } from '../domain/numbers';
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
  // A plan of quality benefits only has no kroner or hours to speak of: no "0 kr … 0 årsverk" lines.
  const hasCostOrTime = model.rows.some((r) => r.type !== 'quality');
  const hasTime = model.rows.some((r) => r.type === 'time');
  const money = [
    {
      title: t(lang, 'digest.fact.realised'),
      // The split only where there is something to split: cost and time benefits both.
      value:
        hasTime && model.rows.some((r) => r.type === 'cost')
          ? t(lang, 'digest.fact.realisedValue', {
              nok: formatMoney(tot.realisedNok, lang),
              cost: formatMoney(tot.realisedCostNok, lang),
              timeNok: formatMoney(tot.realisedHoursNok, lang),
            })
          : formatMoney(tot.realisedNok, lang),
    },
    {
      title: t(lang, 'digest.fact.time'),
      value: t(lang, 'digest.fact.timeValue', {
        hours: formatHours(tot.realisedHours, lang),
        perYear: formatHours(tot.hoursPerYear, lang),
        fte: formatNumber(tot.fte, lang, 2),
      }),
    },
  ].filter((_, i) => (i === 0 ? hasCostOrTime : hasTime));
  const facts = [
    ...money,
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
  // One line a meaning, in the same colour in every digest: achieved (blue), expected on the
  // trajectory (grey), the target at 100 % (green). Whole percents, so the axis ticks are round.
  const points = model.trend.filter((p) => p.achievement !== undefined);
  const label = (week: string) => t(lang, 'digest.chart.week', { week: String(Number(week.slice(week.indexOf('W') + 1))) });
  const series = (legend: string, color: string, y: (p: (typeof points)[number]) => number) => ({
    legend,
    color,
    values: points.map((p) => ({ x: label(p.week), y: y(p) })),
  });
  const chartSeries = [
    series(t(lang, 'digest.chart.achieved'), 'categoricalBlue', (p) => Math.round(p.achievement! * 100)),
    series(t(lang, 'digest.chart.expected'), 'neutral', (p) => Math.round((p.expected ?? 0) * 100)),
    series(t(lang, 'digest.chart.target'), 'good', () => 100),
  ];
  const bars = points.map((p) => {
    const pct = Math.round(p.achievement! * 100);
    return {
      bar: t(lang, 'digest.chart.bar', {
        week: t(lang, 'digest.chart.barWeek', { week: label(p.week) }).padEnd(7),
        bar: '▇'.repeat(Math.max(0, Math.min(20, Math.round(pct / 5)))) || '·',
        achieved: formatPercent(p.achievement!, lang),
        expected: formatPercent(p.expected ?? 0, lang),
      }),
    };
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
    chart: { title: t(lang, 'digest.chart.title'), x: t(lang, 'digest.chart.x'), y: t(lang, 'digest.chart.y'), series: chartSeries, bars },
    showEmpty: model.rows.length === 0,
    emptyText: t(lang, 'digest.empty'),
    showUnanswered: model.unanswered.length > 0,
    unansweredText: t(lang, 'digest.unanswered', { people: peopleList(model.unanswered, model, lang) }),
    showUnreachable: model.unreachable.length > 0,
    unreachableTitle: t(lang, 'digest.unreachable.title'),
    unreachableText: t(lang, 'digest.unreachable.text', { people: peopleList(model.unreachable, model, lang) }),
    mentions,
  };
}

/** At most this many benefit titles after a person; the rest are counted. */
const TITLES_PER_PERSON = 3;

/** `<at>Kari Nordmann</at> («Spart porto», «Flere besøk»), <at>Per Hansen</at> («Færre fall»)`. */
function peopleList(list: PersonBenefits[], model: DigestModel, lang: Language): string {
  const titles = new Map(model.rows.map((r) => [r.number, r.title]));
  const quote = (s: string) => (lang === 'nb' ? `«${s}»` : `“${s}”`);
  return list
    .map((p) => {
      const named = p.benefits.slice(0, TITLES_PER_PERSON).map((n) => quote(shorten(titles.get(n) ?? `${model.planId}/${n}`, 40)));
      const more = p.benefits.length - named.length;
      if (more > 0) named.push(t(lang, 'digest.people.more', { n: more }));
      return `${mentionText(p.person)} (${named.join(', ')})`;
    })
    .join(', ');
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
  if (r.change !== undefined) line2Parts.push(t(lang, 'digest.row.change', { change: formatSigned(r.change, r.unit, lang) }));
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


const shorten = (text: string, max: number): string => truncate(text.replace(/\s+/g, ' ').trim(), max);

/** The plan-local calendar date of an instant, formatted: nb `04.12.2026`, en `2026-12-04`. */
function localDate(instant: string, tz: string, lang: Language): string {
  return formatDate(toZoned(instant, tz).toISODate()!, lang);
}
