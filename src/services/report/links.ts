// Signed, expiring report links: PUBLIC_URL/reports/<token>. The token names one plan of one
// tenant and an expiry, signed with HMAC-SHA256 (REPORT_SECRET); anything else is a 404 with no
// detail. Tokens are not stored: they cannot be listed, and they die at their expiry.
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { Language } from '../../domain/types';
import type { Services } from '../context';
import { buildTemplateFile } from '../import/template';
import { buildDocumentFile } from './document';
import { buildReportFile } from './files';

/** What a link opens: the workbook, the CSV, the confirmation document, the dashboard, or the import template. */
export type ReportFormat = 'xlsx' | 'csv' | 'pdf' | 'html' | 'template';
const FORMATS: readonly string[] = ['xlsx', 'csv', 'pdf', 'html', 'template'];

interface TokenBody {
  t: string; // tenant id
  p: string; // plan id
  f: ReportFormat;
  e: number; // expiry, ms since epoch
  l?: Language; // the reader's language, where it is not the plan's (the import template)
}

const sign = (secret: string, payload: string) => createHmac('sha256', secret).update(payload).digest('base64url');

export function createReportToken(secret: string, tenantId: string, planId: string, format: ReportFormat, expiresAt: Date, lang?: Language): string {
  const body: TokenBody = { t: tenantId, p: planId, f: format, e: expiresAt.getTime(), ...(lang ? { l: lang } : {}) };
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
  if (b.e <= now.getTime()) return undefined;
  if (b.l !== undefined && b.l !== 'nb' && b.l !== 'en') return undefined;
  return b as TokenBody;
}

/** A signed link that works for `ttlHours` (default REPORT_TTL_HOURS) from now. */
export function reportUrl(
  s: Services,
  tenantId: string,
  planId: string,
  format: ReportFormat,
  ttlHours = s.config.reportTtlHours,
  lang?: Language,
): { url: string; expiresAt: Date } {
  const expiresAt = new Date(s.clock.now().getTime() + ttlHours * 3_600_000);
  const token = createReportToken(s.config.reportSecret, tenantId, planId, format, expiresAt, lang);
  return { url: `${s.config.publicUrl}/reports/${token}`, expiresAt };
}

/** The download behind a link, or undefined (→ 404) for any token that is not valid now. */
export async function reportDownload(
  s: Services,
  token: string,
): Promise<{ fileName: string; contentType: string; body: Buffer; inline?: boolean; headers?: Record<string, string> } | undefined> {
  const body = verifyReportToken(s.config.reportSecret, token, s.clock.now());
  if (!body) return undefined;
  if (body.f === 'pdf' || body.f === 'html') return buildDocumentFile(s, body.t, body.p, body.f);
  if (body.f === 'template') return buildTemplateFile(s, body.t, body.p, body.l ?? 'nb');
  return buildReportFile(s, body.t, body.p, body.f);
}
