// `admin add|remove|list`: who may configure plans and benefits.
import { t } from '../i18n';
import { addAdmin, listAdmins, removeAdmin } from '../services/admins';
import type { Actor } from '../services/actor';
import { resolvePerson } from '../services/people';
import type { OutboundMessage } from '../ports/outbound';
import type { PersonValue } from './command';
import { personRefOf } from './fields';
import { quoteBack, renderProblems } from './errors';
import { usageOf, type CommandName } from './grammar';
import type { CommandHandler } from './handler';
import { fitListCard } from '../cards/lists';
import { instantText } from '../cards/words';
import type { Language, Person } from '../domain/types';

async function person(actor: Actor, value: PersonValue, lang: Language, command: CommandName): Promise<{ person: Person } | { reply: OutboundMessage[] }> {
  const r = await resolvePerson(actor, personRefOf(value));
  if (r.ok) return { person: r.person };
  return { reply: [{ text: renderProblems(lang, [{ key: 'cmd.err.unknownPerson', params: { who: r.who } }], usageOf(command)) }] };
}

export const adminAdd: CommandHandler<'admin.add'> = async ({ s, actor, command, lang }) => {
  const p = await person(actor, command.person, lang, 'admin.add');
  if ('reply' in p) return p.reply;
  const result = await addAdmin(s, actor, p.person);
  return [{ text: t(lang, result === 'added' ? 'cmd.admin.add.done' : 'cmd.admin.add.already', { name: quoteBack(p.person.name) }) }];
};

export const adminRemove: CommandHandler<'admin.remove'> = async ({ s, actor, command, lang }) => {
  const p = await person(actor, command.person, lang, 'admin.remove');
  if ('reply' in p) return p.reply;
  const result = await removeAdmin(s, actor, p.person);
  return [{ text: t(lang, `cmd.admin.remove.${result}`, { name: quoteBack(p.person.name) }) }];
};

export const adminList: CommandHandler<'admin.list'> = async ({ s, actor, lang }) => {
  const admins = await listAdmins(s, actor);
  const rows = admins.map((a) => ({
    heading: a.person?.name || a.configEntry || '–',
    details:
      a.source === 'config'
        ? t(lang, 'cmd.admin.list.config', { entry: a.configEntry ?? '' })
        : a.addedBy
          ? t(lang, 'cmd.admin.list.added', { who: a.addedBy, when: instantText(lang, a.addedAt, 'Europe/Oslo') })
          : t(lang, 'cmd.admin.list.addedUnknown'),
  }));
  const card = fitListCard(
    'adminList',
    {
      title: t(lang, 'cmd.admin.list.title', { n: admins.length }),
      empty: admins.length === 0 ? t(lang, 'cmd.admin.list.empty') : '',
      hint: t(lang, 'cmd.admin.list.hint'),
    },
    'rows',
    rows,
    (shown, total) => t(lang, 'cmd.more', { shown, total }),
  );
  return [{ card, summary: t(lang, 'cmd.admin.list.title', { n: admins.length }) }];
};
