// The check for a missed target, as a due item (09:00 the first working day after the target date).
import type { Services } from '../services/context';
import { checkTarget } from '../services/missedTarget';
import type { DueItem } from '../storage';
import type { RunSummary } from './dueWork';

export async function handleTargetCheck(s: Services, item: DueItem, now: Date, summary: RunSummary): Promise<void> {
  summary.notices += await checkTarget(s, item, now);
}
