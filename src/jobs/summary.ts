// What one run of the due work sent, as the ticker logs it and `gevinstbot run-due` prints it.
export interface RunSummary {
  prompts: number;
  reminders: number;
  digests: number;
  notices: number;
  failed: number;
}

export const emptySummary = (): RunSummary => ({ prompts: 0, reminders: 0, digests: 0, notices: 0, failed: 0 });

export function formatSummary(r: RunSummary): string {
  const base = `sent ${r.prompts} prompts, ${r.reminders} reminders, ${r.digests} digests, ${r.notices} notices`;
  return r.failed > 0 ? `${base} (${r.failed} items failed and stay due)` : base;
}
