// Signed, expiring report links: PUBLIC_URL/reports/<token>. The token names one plan of one
// tenant, one format, an expiry and the plan's link epoch, signed with HMAC-SHA256
// (REPORT_SECRET). Tokens are not stored: they cannot be listed, and they die at their expiry or
// when the plan's epoch moves on (archiving a plan does that: every link handed out before no
// longer opens anything). What a valid token opens is served by downloads.ts.
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { Language } from '../../domain/types';
import type { PlanRow } from '../../storage';
import type { Services } from '../context';

/** What a link opens: the workbook, the CSV, the confirmation document, the dashboard, or the import template. */
export type ReportFormat = 'xlsx' | 'csv' | 'pdf' | 'html' | 'template';
const FORMATS: readonly string[] = ['xlsx', 'csv', 'pdf', 'html', 'template'];

export interface TokenBody {
  t: string; // tenant id
  p: string; // plan id
  f: ReportFormat;
  e: number; // expiry, ms since epoch
  l?: Language; // the reader's language, where it is not the plan's (the import template)
  /** The plan's link epoch when the link was made; absent in links made before epochs (= 0). */
  g?: number;
}

/** What a token may carry besides plan, format and expiry. */
export interface TokenExtras {
  lang?: Language;
  epoch?: number;
}

/** The plan's current link epoch: a link signed with an older one is revoked. */
export const linkEpochOf = (plan: Pick<PlanRow, 'linkEpoch'>): number => plan.linkEpoch ?? 0;

const sign = (secret: string, payload: string) => createHmac('sha256', secret).update(payload).digest('base64url');

export function createReportToken(secret: string, tenantId: string, planId: string, format: ReportFormat, expiresAt: Date, extras: TokenExtras = {}): string {
  const { lang, epoch = 0 } = extras;
  const body: TokenBody = { t: tenantId, p: planId, f: format, e: expiresAt.getTime(), ...(lang ? { l: lang } : {}), ...(epoch > 0 ? { g: epoch } : {}) };
  const payload = Buffer.from(JSON.stringify(body)).toString('base64url');
  return `${payload}.${sign(secret, payload)}`;
}

export function verifyReportToken(secret: string, token: string, now: Date): TokenBody | undefined {
  if (typeof token !== 'string' || token.length > 600 || !/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]{43}$/.test(token)) return undefined;
  const [payload, mac] = token.split('.');
  const expected = Buffer.from(sign(secret, payload));
  const given = Buffer.from(mac);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return undefined;
  let body: unknown;
  try {
    body = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
  } catch {
    return undefined;
  }
  const b = body as Partial<TokenBody>;
  if (typeof b.t !== 'string' || typeof b.p !== 'string' || !FORMATS.includes(b.f as string) || typeof b.e !== 'number') return undefined;
  if (b.g !== undefined && !(Number.isSafeInteger(b.g) && b.g >= 0)) return undefined;
  if (b.e <= now.getTime()) return undefined;
  if (b.l !== undefined && b.l !== 'nb' && b.l !== 'en') return undefined;
  return b as TokenBody;
}

/**
 * A signed link to `plan`'s report (at its current link epoch) that works for `ttlHours` (default
 * REPORT_TTL_HOURS) from now; `lang` names the reader's language where the plan's is not meant.
 */
export function reportUrl(
  s: Services,
  plan: Pick<PlanRow, 'tenantId' | 'id' | 'linkEpoch'>,
  format: ReportFormat,
  ttlHours = s.config.reportTtlHours,
  lang?: Language,
): { url: string; expiresAt: Date } {
  const expiresAt = new Date(s.clock.now().getTime() + ttlHours * 3_600_000);
  const token = createReportToken(s.config.reportSecret, plan.tenantId, plan.id, format, expiresAt, { lang, epoch: linkEpochOf(plan) });
  return { url: `${s.config.publicUrl}/reports/${token}`, expiresAt };
}
