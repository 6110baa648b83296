// The import preview's buttons: Import ('import.apply') applies the stored preview, Cancel
// ('import.cancel') drops it (services/import/pending). Each answers with the card that replaces
// the preview, in the language the preview was sent in; a second click answers with what the
// first one did.
import { actorForPlan } from '../../commands/planActor';
import { outcomeCard } from '../../commands/importCards';
import { applyImport, cancelImport, IMPORT_ID_PATTERN, sendImportResult } from '../../services/import/pending';
import { personalLanguage } from '../../services/language';
import type { CardActionHandler } from '../cardActionHandler';
import type { InboundAction } from '../../ports/inbound';
import type { Services } from '../../services/context';
import { languageIn, t } from '../../i18n';

async function act(s: Services, action: InboundAction, run: typeof applyImport): Promise<object> {
  const lang = languageIn(action.data.lang) ?? (await personalLanguage(s, action.tenantId, action.from.id));
  const id = typeof action.data.importId === 'string' && IMPORT_ID_PATTERN.test(action.data.importId) ? action.data.importId : '';
  const header = id ? await s.storage.imports.get(action.tenantId, id) : undefined;
  const plan = header ? await s.storage.plans.get(action.tenantId, header.planId) : undefined;
  const actor = actorForPlan(action, plan);
  const outcome = await run(s, actor, id);
  if (outcome.kind === 'working') {
    // The rest finishes after this answer; its result is sent to the admin's personal chat.
    void outcome.finished
      .then((final) => sendImportResult(s, actor, { card: outcomeCard(lang, final, plan?.name), summary: t(lang, 'import.done.title', { plan: plan?.name ?? '' }) }, action.serviceUrl))
      .catch((e: unknown) => s.log.error({ err: e, tenantId: action.tenantId }, 'import did not finish; the next click takes it over'));
  }
  return outcomeCard(lang, outcome, plan?.name, id);
}

export const applyImportFromCard: CardActionHandler = (s, action) => act(s, action, applyImport);
export const cancelImportFromCard: CardActionHandler = (s, action) => act(s, action, cancelImport);
