// The card under the reply to `plan new`: the next step, with a button that opens the benefit form.
import type { Language } from '../domain/types';
import { t } from '../i18n';
import { renderCard } from './build';

export function planCreatedCard(lang: Language, planId: string): object {
  return renderCard('planCreated', { text: t(lang, 'form.planCreated.next', { id: planId }), button: t(lang, 'form.button.add'), planId, lang });
}
