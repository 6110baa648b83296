// The help card and the Teams manifest's command menus both come from the command contract: the
// card lists every command, and every menu title is a command a user can actually type.
import assert from 'node:assert/strict';
import { MANIFEST_COMMANDS } from '../../../src/bot/manifestCommands';
import { validateCard } from '../../../src/cards/validate';
import { COMMAND_USAGES, TOP_LEVEL_KEYWORDS } from '../../../src/commands/grammar';
import { helpCard } from '../../../src/commands/help';
import { parseCommand } from '../../../src/commands/parse';

function strings(card: unknown): string[] {
  const out: string[] = [];
  const walk = (n: unknown): void => {
    if (typeof n === 'string') out.push(n);
    else if (Array.isArray(n)) n.forEach(walk);
    else if (n && typeof n === 'object') Object.values(n).forEach(walk);
  };
  walk(card);
  return out;
}

describe('help card and manifest commands', () => {
  for (const lang of ['nb', 'en'] as const) {
    it(`the ${lang} help card lists every command of the contract with its description, and is a valid card`, () => {
      const card = helpCard(lang);
      const check = validateCard(card);
      assert.ok(check.ok, check.problems.join('\n'));
      const texts = strings(card);
      for (const u of COMMAND_USAGES) {
        assert.ok(texts.includes(u.usage), `usage of ${u.command}`);
        assert.ok(texts.includes(u.description[lang]), `description of ${u.command}`);
      }
    });
  }

  it('help <command> shows exactly that command; help <group> the group', () => {
    for (const u of COMMAND_USAGES) {
      const texts = strings(helpCard('nb', u.keyword, u.command));
      const shown = COMMAND_USAGES.filter((x) => texts.includes(x.usage)).map((x) => x.command);
      assert.deepEqual(shown, [u.command]);
    }
    const plan = strings(helpCard('en', 'plan'));
    assert.deepEqual(
      COMMAND_USAGES.filter((x) => plan.includes(x.usage)).map((x) => x.command),
      ['plan.new', 'plan.list', 'plan.show', 'plan.set', 'plan.archive'],
    );
  });

  const titles = new Set(COMMAND_USAGES.map((u) => u.title));
  for (const scope of ['personal', 'team'] as const) {
    it(`every ${scope} manifest command title is a real command keyword of the contract`, () => {
      for (const c of MANIFEST_COMMANDS[scope]) {
        assert.ok(titles.has(c.title), `"${c.title}" is the title of a command in COMMAND_USAGES`);
        const first = c.title.split(' ')[0] as (typeof TOP_LEVEL_KEYWORDS)[number];
        assert.ok(TOP_LEVEL_KEYWORDS.includes(first), `"${c.title}" starts with an English top-level keyword`);
        // Picking the title in Teams and sending it as is: the parser knows the command.
        const r = parseCommand({ text: c.title, mentions: [], botId: '' });
        const name = r.ok ? r.command.name : r.error.command;
        const expected = COMMAND_USAGES.find((u) => u.title === c.title)?.command;
        assert.equal(name, expected, `"${c.title}" parses to its command (or to an error about it)`);
      }
    });
  }
});
