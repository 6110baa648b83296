// The weekly digest's link to the dashboard ("Se hele oversikten"). A digest card stays in the
// channel for a week and is read again later, so its link outlives REPORT_TTL_HOURS: it opens the
// dashboard only (a token for `html`, never the PDF, the workbook or the CSV) and works for
// DIGEST_LINK_DAYS, so the latest two digests' links open the page; REPORT_TTL_HOURS wins when an
// operator set it longer. Older cards get the same bare 404 as any expired link; `report <plan>`
// gives fresh links.
import type { PlanRow } from '../../storage';
import type { Services } from '../context';
import { reportUrl } from './links';

export const DIGEST_LINK_DAYS = 14;

export function digestDashboardUrl(s: Services, plan: Pick<PlanRow, 'tenantId' | 'id' | 'linkEpoch'>): string {
  const hours = Math.max(s.config.reportTtlHours, DIGEST_LINK_DAYS * 24);
  return reportUrl(s, plan, 'html', hours).url;
}
