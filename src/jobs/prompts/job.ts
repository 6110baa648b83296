// One due prompt as the prompt job works on it: which period it asks about, who receives it, and
// what follows it.
import type { Language, LatestValue, PeriodRecord, Person } from '../../domain/types';
import type { BenefitRow, DueItem, PlanRow } from '../../storage';

export interface PromptJob {
  item: DueItem;
  plan: PlanRow;
  benefit: BenefitRow;
  /** The cadence occurrence this prompt is for. */
  occurrence: string;
  /** The occurrence after it: the next prompt. */
  next: string;
  period: { id: string; start: string; end: string };
  /** After this instant the period takes no answers. */
  closesAt: string;
  /** The owner, or the deputy while the owner is away; none when away without a deputy. */
  recipient?: Person;
  /** The card's language: the recipient's own choice, else the plan's. */
  lang: Language;
  state: PeriodRecord['state'];
  /** The benefit's newest answered value, shown on the card. */
  previous?: LatestValue;
}
