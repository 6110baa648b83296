// The card that replaces a saved benefit form: what was saved (or that this form was saved
// before), and buttons for the next step: another benefit, or change this one.
import { renderCard } from '../cards/build';
import { cadenceText, dateText, personText } from '../cards/words';
import type { BenefitField } from '../domain/fields';
import { formatValue } from '../domain/numbers';
import type { Language } from '../domain/types';
import { t } from '../i18n';
import type { BenefitRow, PlanRow } from '../storage';
import { benefitValueText, nextPromptText } from './benefit';

/** The card that replaces a saved form: what was saved, and buttons for the next step. */
export function savedCard(
  lang: Language,
  r: { kind: 'added' | 'changed'; again: boolean; plan: PlanRow; benefit: Omit<BenefitRow, 'etag'>; changed?: BenefitField[] },
): object {
  const { plan, benefit: b } = r;
  const ref = `${b.planId}/${b.number}`;
  const params = { ref, title: b.title, owner: personText(b.owner), cadence: cadenceText(lang, b.cadence), when: nextPromptText(lang, plan, b) };
  let title: string;
  let text: string;
  if (r.again) {
    title = t(lang, 'form.saved.again');
    text = t(lang, 'form.saved.againText', params);
  } else if (r.kind === 'added') {
    title = t(lang, 'form.saved.added');
    text = t(lang, b.state === 'planned' ? 'form.saved.addedPlanned' : 'form.saved.addedText', params);
  } else if (!r.changed?.length) {
    title = t(lang, 'form.saved.nothing');
    text = t(lang, 'form.saved.nothingText', params);
  } else {
    title = t(lang, 'form.saved.changed');
    const fields = r.changed.map((k) => `${t(lang, `cmd.key.${k}`)}: ${benefitValueText(lang, plan, b, k)}`).join('; ');
    text = t(lang, 'form.saved.changedText', { ...params, fields });
  }
  const facts = [
    { title: t(lang, 'form.fact.owner'), value: personText(b.owner) },
    { title: t(lang, 'form.fact.baseline'), value: b.baseline === undefined ? t(lang, 'cmd.baseline.unknown') : formatValue(b.baseline, b.unit, lang) },
    { title: t(lang, 'form.fact.target'), value: t(lang, 'cmd.targetBy', { value: formatValue(b.target, b.unit, lang), date: dateText(lang, b.due) }) },
  ];
  return renderCard('benefitSaved', {
    title,
    text,
    style: r.again || (r.kind === 'changed' && !r.changed?.length) ? 'default' : 'good',
    facts,
    buttons: [
      { title: t(lang, 'form.button.another'), data: { planId: plan.id, lang } },
      { title: t(lang, 'form.button.edit'), data: { planId: plan.id, number: String(b.number), lang } },
    ],
  });
}
