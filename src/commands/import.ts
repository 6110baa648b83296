// `import <plan>` (in the personal chat): the bot answers with what to send and a link to the
// template, then waits for the file, attached to that message or to a following one; a file
// becomes a preview card with Import and Cancel (services/import). Nothing changes before Import.
import { renderProblems } from './errors';
import { usageOf } from './grammar';
import type { CommandHandler } from './handler';
import { actorForPlan } from './planActor';
import { askCard, columnsText, fileProblemText, previewCard } from './importCards';
import type { Language } from '../domain/types';
import { t } from '../i18n';
import type { InboundFile, InboundMessage } from '../ports/inbound';
import type { OutboundMessage } from '../ports/outbound';
import { isAdmin } from '../services/admins';
import type { Services } from '../services/context';
import { intakeFile } from '../services/import/intake';
import { AWAIT_FILE_MINUTES } from '../services/import/pending';
import { personalLanguage } from '../services/language';
import { loadChangeablePlan } from '../services/plans';
import { reportUrl } from '../services/report/links';
import type { PlanRow } from '../storage';

async function waitForFile(s: Services, message: InboundMessage, planId: string, lang: Language): Promise<void> {
  const expiresAt = new Date(s.clock.now().getTime() + AWAIT_FILE_MINUTES * 60_000).toISOString();
  await s.storage.imports.setAwaiting({ tenantId: message.tenantId, userId: message.from.id, planId, lang, expiresAt });
}

export const importCommand: CommandHandler<'import'> = async ({ s, message, actor, command }) => {
  const lang = await personalLanguage(s, actor.tenantId, actor.person.id);
  if (message.conversationKind !== 'personal') return [{ text: t(lang, 'import.notInChannel', { plan: command.plan }) }];
  const loaded = await loadChangeablePlan(s, actor.tenantId, command.plan);
  if (!loaded.ok) return [{ text: renderProblems(lang, loaded.problems, usageOf('import')) }];
  const plan = loaded.value;
  if (message.files?.length) return importFile(s, message, plan, message.files, lang);
  await waitForFile(s, message, plan.id, lang);
  const template = reportUrl(s, plan, 'template', s.config.reportTtlHours, lang);
  return [{ card: askCard(lang, plan, template), summary: t(lang, 'import.ask.summary') }];
};

/** A file the person sends without a command: the import they asked for, if they did. */
export async function fileMessage(s: Services, message: InboundMessage): Promise<OutboundMessage[]> {
  const lang = await personalLanguage(s, message.tenantId, message.from.id);
  const waiting = message.conversationKind === 'personal' ? await s.storage.imports.getAwaiting(message.tenantId, message.from.id) : undefined;
  if (!waiting || waiting.expiresAt <= s.clock.now().toISOString()) return [{ text: t(lang, 'import.noRequest') }];
  const actor = actorForPlan(message, undefined);
  if (!(await isAdmin(s, actor))) return [{ text: t(lang, 'import.refused') }];
  const loaded = await loadChangeablePlan(s, message.tenantId, waiting.planId);
  if (!loaded.ok) return [{ text: renderProblems(waiting.lang, loaded.problems, usageOf('import')) }];
  return importFile(s, message, loaded.value, message.files ?? [], waiting.lang);
}

async function importFile(s: Services, message: InboundMessage, plan: PlanRow, files: readonly InboundFile[], lang: Language): Promise<OutboundMessage[]> {
  const file = files.find((f) => f.fileType === 'xlsx' || /\.xlsx$/i.test(f.name)) ?? files[0]!;
  const note = files.length > 1 ? [{ text: t(lang, 'import.oneFile', { file: file.name }) }] : [];
  const intake = await intakeFile(s, actorForPlan(message, plan), plan, file, lang);
  if (intake.kind === 'file' || intake.kind === 'columns') {
    // Still waiting: the fixed file can simply be sent again.
    await waitForFile(s, message, plan.id, lang);
    const text = intake.kind === 'file' ? fileProblemText(lang, intake.problem, intake.rows) : columnsText(lang, intake.missing, intake.twice);
    return [...note, { text: `${text}\n\n${t(lang, 'import.nothingChanged')}` }];
  }
  await s.storage.imports.clearAwaiting(message.tenantId, message.from.id);
  const card = previewCard(lang, file.name || 'register.xlsx', intake.preview, intake.columns, intake.pending);
  return [...note, { card, summary: t(lang, 'import.preview.summary', { plan: plan.name }) }];
}
