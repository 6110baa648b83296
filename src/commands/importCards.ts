// What `import <plan>` shows: the card that says what to send (with the template link), what is
// wrong with a file, the preview card (counts, the rule for rows with problems, new rows, changes
// and problems by row and column, Import and Cancel), and the cards that replace it afterwards.
import { cardBytes, MAX_CARD_BYTES, renderCard } from '../cards/build';
import { dateText, instantText, personText } from '../cards/words';
import { formatNumber, formatValue } from '../domain/numbers';
import type { Language } from '../domain/types';
import { t } from '../i18n';
import type { ColumnMap, ImportField } from '../services/import/columns';
import type { FileProblem } from '../services/import/intake';
import type { ApplyOutcome, ImportResult } from '../services/import/pending';
import type { ImportPreview } from '../services/import/preview';
import type { PlanRow } from '../storage';
import { benefitValueText } from './benefit';
import { problemTextIn } from './problemWords';

interface Section {
  heading: string;
  lines: string[];
}

/** Renders, dropping list lines from the end of the longest section until the card fits Teams. */
function fitted(data: Record<string, unknown> & { sections: Section[] }, lang: Language): object {
  const sections = data.sections.map((s) => ({ ...s, lines: [...s.lines] }));
  const dropped = sections.map(() => 0);
  for (;;) {
    const shown = sections.map((s, i) => ({ heading: s.heading, lines: dropped[i]! > 0 ? [...s.lines, t(lang, 'import.preview.more', { n: dropped[i] })] : s.lines }));
    const card = renderCard('importCard', { ...data, sections: shown });
    if (cardBytes(card) <= MAX_CARD_BYTES - 1024) return card;
    const longest = sections.reduce((best, s, i) => (s.lines.length > sections[best]!.lines.length ? i : best), 0);
    if (sections[longest]!.lines.length === 0) return card;
    const cut = Math.max(1, Math.floor(sections[longest]!.lines.length / 4));
    sections[longest]!.lines.splice(-cut, cut);
    dropped[longest]! += cut;
  }
}

const card = (lang: Language, title: string, text: string, style: 'good' | 'attention' | 'default', lines: Section[] = []) =>
  fitted({ title, style, subtitle: '', facts: [], notes: [{ text, strong: false, subtle: false, attention: false }], sections: lines, footer: '', links: [], buttons: [] }, lang);

export function askCard(lang: Language, plan: PlanRow, template: { url: string; expiresAt: Date }): object {
  return renderCard('importCard', {
    title: t(lang, 'import.ask.title', { plan: plan.name }),
    style: 'default',
    subtitle: '',
    facts: [],
    notes: [
      { text: t(lang, 'import.ask.text'), strong: false, subtle: false, attention: false },
      { text: t(lang, 'import.ask.rules'), strong: false, subtle: true, attention: false },
    ],
    sections: [],
    footer: t(lang, 'import.ask.expires', { expires: instantText(lang, template.expiresAt.toISOString(), plan.timezone) }),
    links: [{ title: t(lang, 'import.ask.template'), url: template.url }],
    buttons: [],
  });
}

export function fileProblemText(lang: Language, problem: FileProblem, rows?: number): string {
  return t(lang, `import.file.${problem}`, { rows: rows === undefined ? '' : formatNumber(rows, lang) });
}

export function columnsText(lang: Language, missing: readonly ImportField[], twice: readonly ImportField[]): string {
  const names = (fields: readonly ImportField[]) => fields.map((f) => `«${t(lang, `report.col.${f}`)}»`).join(', ');
  return [missing.length ? t(lang, 'import.columns.missing', { columns: names(missing) }) : '', twice.length ? t(lang, 'import.columns.twice', { columns: names(twice) }) : '']
    .filter(Boolean)
    .join('\n\n');
}

/** "Måldato: «31.02.2027» er ikke en dato." — a problem named by the column as the file calls it. */
function cellProblem(lang: Language, columns: ColumnMap, p: Parameters<typeof problemTextIn>[1]): string {
  const header = (field: string) => columns.header[field as ImportField] ?? t(lang, `report.col.${field}`);
  const text = problemTextIn(lang, p, 'import', header);
  return p.field ? `${header(p.field)}: ${text}` : text;
}

export function previewCard(
  lang: Language,
  file: string,
  preview: ImportPreview,
  columns: ColumnMap,
  pending: { id: string; expiresAt: string } | undefined,
): object {
  const { plan, counts } = preview;
  const valid = counts.new + counts.changed;
  const newLines: string[] = [];
  const changedLines: string[] = [];
  const problemLines: string[] = [];
  for (const r of preview.rows) {
    if (r.kind === 'new') {
      const b = r.draft;
      const target = t(lang, 'cmd.targetBy', { value: formatValue(b.target, b.unit, lang), date: dateText(lang, b.due) });
      newLines.push(t(lang, 'import.preview.newRow', { row: r.row, title: b.title, owner: personText(b.owner), target }));
    } else if (r.kind === 'changed') {
      const changes = r.changed
        .map((k) => `${t(lang, `cmd.key.${k}`)}: ${benefitValueText(lang, plan, r.before, k)} → ${benefitValueText(lang, plan, r.after, k)}`)
        .join('; ');
      changedLines.push(t(lang, 'import.preview.changedRow', { row: r.row, ref: `${plan.id}/${r.before.number}`, title: r.before.title, changes }));
    } else if (r.kind === 'problems') {
      const texts = [...new Set(r.problems.map((p) => cellProblem(lang, columns, p)))];
      problemLines.push(t(lang, 'import.preview.problemRow', { row: r.row, problems: texts.join(' · ') }));
    }
  }
  const sections: Section[] = [
    ...(problemLines.length ? [{ heading: t(lang, 'import.preview.problemsHeading'), lines: problemLines }] : []),
    ...(newLines.length ? [{ heading: t(lang, 'import.preview.newHeading'), lines: newLines }] : []),
    ...(changedLines.length ? [{ heading: t(lang, 'import.preview.changedHeading'), lines: changedLines }] : []),
  ];
  const rule = valid === 0 ? 'import.preview.ruleNothing' : counts.problems === 0 ? 'import.preview.ruleOk' : valid === 1 ? 'import.preview.ruleErrors.one' : 'import.preview.ruleErrors';
  const buttons = pending
    ? [
        {
          title: valid === 1 ? t(lang, 'import.button.apply.one') : t(lang, 'import.button.apply.many', { n: valid }),
          verb: 'import.apply',
          style: 'positive',
          data: { importId: pending.id, lang },
        },
        { title: t(lang, 'import.button.cancel'), verb: 'import.cancel', style: 'default', data: { importId: pending.id, lang } },
      ]
    : [];
  const rows = counts.new + counts.changed + counts.unchanged + counts.problems;
  return fitted(
    {
      title: t(lang, 'import.preview.title', { plan: plan.name }),
      style: 'default',
      subtitle: t(lang, rows === 1 ? 'import.preview.file.one' : 'import.preview.file', { file, rows: formatNumber(rows, lang) }),
      facts: (['new', 'changed', 'unchanged', 'problems'] as const).map((k) => ({ title: t(lang, `import.preview.count.${k}`), value: formatNumber(counts[k], lang) })),
      notes: [
        { text: t(lang, rule, { valid: formatNumber(valid, lang) }), strong: true, subtle: false, attention: counts.problems > 0 },
        { text: t(lang, 'import.preview.matching', { plan: plan.id }), strong: false, subtle: true, attention: false },
      ],
      sections,
      footer: pending ? t(lang, 'import.preview.expires', { expires: instantText(lang, pending.expiresAt, plan.timezone) }) : '',
      links: [],
      buttons,
    },
    lang,
  );
}

function resultSections(lang: Language, r: ImportResult): Section[] {
  const refs = (list: { ref: string; title: string }[]) => list.map((x) => `\`${x.ref}\` ${x.title}`);
  return [
    ...(r.created.length ? [{ heading: t(lang, 'import.done.createdHeading'), lines: refs(r.created) }] : []),
    ...(r.changed.length ? [{ heading: t(lang, 'import.done.changedHeading'), lines: refs(r.changed) }] : []),
    ...(r.failed.length ? [{ heading: t(lang, 'import.done.failedHeading'), lines: r.failed.map((f) => t(lang, 'import.preview.problemRow', { row: f.row, problems: f.title })) }] : []),
  ];
}

/** "2 nye gevinster er lagt til og 1 gevinst er endret." */
function resultText(lang: Language, r: ImportResult): string {
  const part = (n: number, key: string) => (n === 0 ? undefined : t(lang, `${key}.${n === 1 ? 'one' : 'many'}`, { n: formatNumber(n, lang) }));
  const parts = [part(r.created.length, 'import.done.created'), part(r.changed.length, 'import.done.changed')].filter((p): p is string => p !== undefined);
  const what = parts.length === 2 ? t(lang, 'import.done.and', { a: parts[0], b: parts[1] }) : parts.length === 1 ? t(lang, 'import.done.one', { a: parts[0] }) : t(lang, 'import.done.none');
  return t(lang, 'import.done.text', { what });
}

/** The card that replaces the preview after Import or Cancel (or a click that cannot be done). */
export function outcomeCard(lang: Language, outcome: ApplyOutcome, planName?: string, importId?: string): object {
  switch (outcome.kind) {
    case 'working':
      return renderCard('importCard', {
        title: t(lang, 'import.working.title'),
        style: 'default',
        subtitle: '',
        facts: [],
        notes: [{ text: t(lang, 'import.working.text', { done: formatNumber(outcome.done, lang), total: formatNumber(outcome.total, lang) }), strong: false, subtle: false, attention: false }],
        sections: [],
        footer: '',
        links: [],
        buttons: importId ? [{ title: t(lang, 'import.button.result'), verb: 'import.apply', style: 'default', data: { importId, lang } }] : [],
      });
    case 'refused':
      return card(lang, t(lang, 'import.cardTitle'), t(lang, 'import.refused'), 'attention');
    case 'gone':
      return card(lang, t(lang, 'import.cardTitle'), t(lang, 'import.gone'), 'attention');
    case 'expired':
      return card(lang, t(lang, 'import.cardTitle'), t(lang, 'import.expired'), 'attention');
    case 'busy':
      return card(lang, t(lang, 'import.cardTitle'), t(lang, 'import.busy'), 'default');
    case 'cancelled':
      return card(lang, t(lang, 'import.cancelled.title'), t(lang, outcome.again ? 'import.cancelled.again' : 'import.cancelled.text'), 'default');
    case 'done': {
      const r = outcome.result;
      const text = resultText(lang, r);
      return card(
        lang,
        t(lang, 'import.done.title', { plan: planName ?? outcome.planId }),
        outcome.again ? `${t(lang, 'import.done.again')}\n\n${text}` : text,
        outcome.again ? 'default' : 'good',
        resultSections(lang, r),
      );
    }
  }
}
