// The due prompts of one run, plan by plan (plans in parallel), page by page (several pages at
// once). The tenant's send pool and its list of people away are shared by all its plans and pages
// in the run, so the tenant's cap holds however its prompts fall into pages.
import { isDeferral } from '../../delivery/fence';
import type { Services } from '../../services/context';
import type { DueItem, PersonRow } from '../../storage';
import type { DueBatchHandler } from '../dueWork';
import { promptPlan, type PromptRun } from './plan';

export const startPromptRun: DueBatchHandler = (s, now, summary) => {
  const run: PromptRun = { now, summary, peopleByTenant: new Map<string, Promise<PersonRow[]>>(), pools: new Map() };
  return (items) => promptPage(s, items, run);
};

async function promptPage(s: Services, items: DueItem[], run: PromptRun): Promise<DueItem[]> {
  const { summary } = run;
  const byPlan = new Map<string, DueItem[]>();
  for (const item of items) {
    const key = `${item.tenantId}|${item.planId}`;
    let list = byPlan.get(key);
    if (!list) byPlan.set(key, (list = []));
    list.push(item);
  }
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
}
