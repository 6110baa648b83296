// What a GET of a report link answers. In order:
//  1. the token: signature, format and expiry (links.ts); anything wrong is a bare 404;
//  2. the plan row, read on every GET (one point read), so an archive on any instance revokes at
//     once: a plan that is gone is a bare 404; a link older than the plan's link epoch gets a
//     small page in the plan's language (410) saying the plan is archived and who can get new links;
//  3. the built file of (plan, format, language, plan row etag), kept for REPORT_FRESH_MS: repeated GETs,
//     and every link to the same plan and kind, are served from memory; GETs that arrive during
//     a build wait for it (one build);
//  4. otherwise a build, if the tenant has builds left this minute (REPORT_BUILDS_PER_MINUTE;
//     else 429 with Retry-After) and the process has a slot or a place in line (else 503 with
//     Retry-After). Hits from memory take nothing from either bound.
import { performance } from 'node:perf_hooks';
import type { Language } from '../../domain/types';
import { t } from '../../i18n';
import { LINK_PAGE_HEADERS, linkPageHtml, type LinkPage } from '../../render/linkPage';
import type { PlanRow } from '../../storage';
import type { Services } from '../context';
import { buildTemplateFile } from '../import/template';
import { BuildSlots } from './buildSlots';
import { TenantBuildRate } from './buildRate';
import { PLAN_ID } from './data';
import { buildDocumentFile } from './document';
import { FileCache } from './fileCache';
import { buildReportFile } from './files';
import {
  REPORT_BUILDS_AT_ONCE,
  REPORT_BUILDS_PER_MINUTE,
  REPORT_BUILDS_WAITING,
  REPORT_BUSY_RETRY_SECONDS,
  REPORT_CACHE_BYTES,
  REPORT_CACHE_ENTRY_MAX_BYTES,
  REPORT_FRESH_MS,
} from './limits';
import { linkEpochOf, verifyReportToken, type TokenBody } from './links';
import type { ReportAnswer } from '../../ports/reportAnswer';

type BuiltFile = Omit<ReportAnswer, 'status'>;

const PAGE_TYPE = 'text/html; charset=utf-8';

/** The bounds on building (limits.ts); tests give smaller ones. */
export interface DownloadLimits {
  buildsPerMinute: number;
  buildsAtOnce: number;
  buildsWaiting: number;
}

const DOWNLOAD_LIMITS: DownloadLimits = {
  buildsPerMinute: REPORT_BUILDS_PER_MINUTE,
  buildsAtOnce: REPORT_BUILDS_AT_ONCE,
  buildsWaiting: REPORT_BUILDS_WAITING,
};

export class ReportDownloads {
  private readonly cache: FileCache<BuiltFile>;
  private readonly rate: TenantBuildRate;
  private readonly slots: BuildSlots;
  private builds = 0;

  constructor(
    private readonly s: Services,
    bounds: Partial<DownloadLimits> = {},
  ) {
    const limits = { ...DOWNLOAD_LIMITS, ...bounds };
    const now = () => s.clock.now().getTime();
    this.cache = new FileCache<BuiltFile>(REPORT_CACHE_BYTES, REPORT_CACHE_ENTRY_MAX_BYTES, REPORT_FRESH_MS, now);
    this.rate = new TenantBuildRate(limits.buildsPerMinute, now);
    this.slots = new BuildSlots(limits.buildsAtOnce, limits.buildsWaiting);
  }

  /** The answer to a GET of `token`, or undefined for a bare 404. */
  async get(token: string): Promise<ReportAnswer | undefined> {
    const s = this.s;
    const link = verifyReportToken(s.config.reportSecret, token, s.clock.now());
    if (!link || !PLAN_ID.test(link.p)) return undefined;
    const plan = await s.storage.plans.get(link.t, link.p);
    if (!plan) return undefined;
    if ((link.g ?? 0) < linkEpochOf(plan)) return this.revokedPage(plan);

    // Everything from here to the start of a build runs without awaiting, so two GETs of one key
    // cannot both decide to build, nor two builds take the last slot.
    const key = `${link.t}|${link.p}|${link.f}|${link.l ?? ''}|${plan.etag}`;
    const cached = this.cache.get(key);
    if (cached) return { status: 200, ...cached };
    let file = this.cache.inFlight(key);
    if (!file) {
      if (this.slots.full) return this.limitedPage(plan, 503, REPORT_BUSY_RETRY_SECONDS, 'busy');
      const allowed = this.rate.take(link.t);
      if (!allowed.ok) return this.limitedPage(plan, 429, allowed.retryAfterSeconds, 'tenant');
      file = this.cache.build(key, () => this.inSlot(link, plan));
    }
    try {
      const built = await file;
      return built ? { status: 200, ...built } : undefined;
    } catch {
      // Logged once by the build; every GET that waited for it gets the page.
      return page(503, { lang: languageOf(plan), title: 'reportLink.failed.title', plan: plan.name, paragraphs: [{ key: 'reportLink.failed.text' }] });
    }
  }

  /** Files built by this process so far (tests and figures). */
  get buildCount(): number {
    return this.builds;
  }

  private inSlot(link: TokenBody, plan: PlanRow): Promise<BuiltFile | undefined> {
    // `full` was checked just before, with nothing awaited in between: a slot or a place is free.
    const run = this.slots.run(() => this.build(link, plan));
    return run ?? Promise.resolve(undefined);
  }

  private async build(link: TokenBody, plan: PlanRow): Promise<BuiltFile | undefined> {
    this.builds++;
    const started = performance.now();
    try {
      const file = await buildFile(this.s, link, plan);
      this.s.log.debug({ planId: link.p, format: link.f, bytes: file?.body.length, ms: Math.round(performance.now() - started) }, 'report built');
      return file;
    } catch (e) {
      this.s.log.error({ err: e, planId: link.p, format: link.f }, 'report failed');
      throw e;
    }
  }

  private revokedPage(plan: PlanRow): ReportAnswer {
    const lang = languageOf(plan);
    const title = plan.archived ? 'reportLink.archived.title' : 'reportLink.revoked.title';
    return page(410, {
      lang,
      title,
      plan: plan.name,
      paragraphs: [{ key: plan.archived ? 'reportLink.archived.text' : 'reportLink.revoked.text' }, { key: 'reportLink.newLinks', params: { id: plan.id } }],
    });
  }

  private limitedPage(plan: PlanRow, status: 429 | 503, seconds: number, reason: 'tenant' | 'busy'): ReportAnswer {
    const lang = languageOf(plan);
    this.s.log.info({ event: 'report.limited', reason, planId: plan.id, retryAfter: seconds }, 'report build refused for now');
    const wait = t(lang, seconds === 1 ? 'reportLink.seconds.one' : 'reportLink.seconds', { n: seconds });
    const response = page(status, {
      lang,
      title: 'reportLink.tooMany.title',
      plan: plan.name,
      paragraphs: [{ key: reason === 'busy' ? 'reportLink.busy.text' : 'reportLink.tooMany.text', params: { wait } }],
    });
    response.headers = { ...response.headers, 'Retry-After': String(seconds) };
    return response;
  }
}

const languageOf = (plan: PlanRow): Language => plan.language ?? 'nb';

function buildFile(s: Services, link: TokenBody, plan: PlanRow): Promise<BuiltFile | undefined> {
  if (link.f === 'pdf' || link.f === 'html') return buildDocumentFile(s, link.t, link.p, link.f, plan);
  if (link.f === 'template') return buildTemplateFile(s, link.t, link.p, link.l ?? 'nb');
  return buildReportFile(s, link.t, link.p, link.f, plan);
}

function page(status: number, p: LinkPage): ReportAnswer {
  return { status, contentType: PAGE_TYPE, body: Buffer.from(linkPageHtml(p), 'utf8'), headers: { ...LINK_PAGE_HEADERS } };
}
