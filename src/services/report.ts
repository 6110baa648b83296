// Placeholder replaced by the report issue (#6): the Excel and CSV report of a plan.
import type { Services } from './context';

export async function buildReportFile(
  _s: Services,
  _tenantId: string,
  _planId: string,
  _format: 'xlsx' | 'csv',
): Promise<{ fileName: string; contentType: string; body: Buffer } | undefined> {
  return undefined;
}
