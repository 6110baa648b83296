// Every chat command and its handler. The type makes a command without a handler a compile
// error, and "go to definition" on a handler reaches its code.
import type { CommandName } from '../commands/grammar';
import type { CommandHandler } from '../commands/handler';
import { adminAdd, adminList, adminRemove } from '../commands/admin';
import { benefitAdd, benefitArchive, benefitList, benefitSet, benefitShow } from '../commands/benefit';
import { confirm } from '../commands/confirm';
import { digest } from '../commands/digest';
import { help } from '../commands/help';
import { importCommand } from '../commands/import';
import { language } from '../commands/language';
import { away, back, measure, my } from '../commands/owner';
import { planArchive, planList, planNew, planSet, planShow } from '../commands/plan';
import { report } from '../commands/report';

export type CommandTable = { readonly [N in CommandName]: CommandHandler<N> };

export const COMMANDS: CommandTable = {
  help,
  'plan.new': planNew,
  'plan.list': planList,
  'plan.show': planShow,
  'plan.set': planSet,
  'plan.archive': planArchive,
  'benefit.add': benefitAdd,
  'benefit.set': benefitSet,
  'benefit.show': benefitShow,
  'benefit.list': benefitList,
  'benefit.archive': benefitArchive,
  'admin.add': adminAdd,
  'admin.remove': adminRemove,
  'admin.list': adminList,
  digest,
  report,
  import: importCommand,
  confirm,
  my,
  measure,
  away,
  back,
  language,
};
