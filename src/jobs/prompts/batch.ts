// The due prompts of one run, plan by plan (plans in parallel). The tenant's send pool and its
// list of people away are shared by all its plans in the run.
import { isDeferral } from '../../delivery/fence';
import type { DueItem, PersonRow } from '../../storage';
import type { DueBatchHandler } from '../dueWork';
import { promptPlan, type PromptRun } from './plan';

export const runPromptBatch: DueBatchHandler = async (s, items, now, summary) => {
  const byPlan = new Map<string, DueItem[]>();
  for (const item of items) {
    const key = `${item.tenantId}|${item.planId}`;
    let list = byPlan.get(key);
    if (!list) byPlan.set(key, (list = []));
    list.push(item);
  }
  const run: PromptRun = { now, summary, peopleByTenant: new Map<string, Promise<PersonRow[]>>(), pools: new Map() };
  const done: DueItem[] = [];
  await Promise.all(
    [...byPlan.values()].map(async (planItems) => {
      try {
        done.push(...(await promptPlan(s, planItems, run)));
      } catch (e) {
        if (isDeferral(e)) {
          summary.deferred += planItems.length;
          return;
        }
        summary.failed += planItems.length;
        s.log.error({ err: e, planId: planItems[0].planId, event: 'prompt.planFailed' }, 'prompts of a plan failed; kept for the next run');
      }
    }),
  );
  return done;
};
