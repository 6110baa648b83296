// The route tables are the registry: every command the parser can produce has its handler, every
// verb a card template carries has its card action, and every kind of due item its job.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { COMMAND_NAMES } from '../../../src/commands/grammar';
import { DUE_HANDLERS } from '../../../src/jobs/runDue';
import { PROJECT_ROOT } from '../../../src/paths';
import { CARD_ACTIONS } from '../../../src/routes/cardActions';
import { COMMANDS } from '../../../src/routes/commandTable';

describe('routes: the tables', () => {
  it('has a handler for every command the parser can produce, and no other', () => {
    assert.deepEqual(Object.keys(COMMANDS).sort(), [...COMMAND_NAMES].sort());
    for (const name of COMMAND_NAMES) assert.equal(typeof COMMANDS[name], 'function', name);
  });

  it('has a card action for every Action.Execute verb in the card templates', () => {
    const dir = path.join(PROJECT_ROOT, 'cards');
    const verbs = new Set<string>();
    for (const file of readdirSync(dir).filter((f) => f.endsWith('.json'))) {
      for (const m of readFileSync(path.join(dir, file), 'utf8').matchAll(/"verb"\s*:\s*"([^"$]+)"/g)) verbs.add(m[1]!);
    }
    assert.ok(verbs.size >= 4, `verbs found: ${[...verbs]}`);
    for (const verb of verbs) assert.equal(typeof (CARD_ACTIONS as Record<string, unknown>)[verb], 'function', verb);
  });

  it('has a job for every kind of due item', () => {
    for (const kind of ['prompt', 'reminder', 'periodEnd', 'digest', 'targetCheck'] as const) assert.ok(DUE_HANDLERS[kind], kind);
  });
});
