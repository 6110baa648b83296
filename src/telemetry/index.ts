// Telemetry: one typed API for the events operators watch (what was sent, answered, refused,
// throttled, and how long a run took). By default every call is a no-op and nothing is loaded;
// with APPLICATIONINSIGHTS_CONNECTION_STRING set, src/telemetry/azureMonitor.ts starts the
// Azure Monitor OpenTelemetry distribution and installs the OpenTelemetry implementation below.
//
// Attributes carry ids only (tenant id, plan id, benefit number, HTTP status, table): the API
// takes nothing else, so a name, a UPN, a comment or a measured value cannot reach it.
import type { Attributes, Counter, Histogram, Meter, Tracer } from '@opentelemetry/api';

/** The attribute keys telemetry may carry; tests hold every exported record to this list. */
export const ATTRIBUTE_KEYS = [
  'gevinstbot.tenant_id',
  'gevinstbot.plan_id',
  'gevinstbot.benefit_number',
  'gevinstbot.answer.kind',
  'gevinstbot.answer.outcome',
  'gevinstbot.answer.correction',
  'gevinstbot.table',
  'http.response.status_code',
  'error.type',
  'gevinstbot.prompts',
  'gevinstbot.reminders',
  'gevinstbot.digests',
  'gevinstbot.notices',
  'gevinstbot.failed',
] as const;

export interface RunDueCounts {
  prompts: number;
  reminders: number;
  digests: number;
  notices: number;
  failed: number;
}

export interface RunDueTimer {
  /** The run is over: counts and duration are recorded, the span ends. */
  finished(summary: RunDueCounts): void;
}

export interface Telemetry {
  /** runDue(now) started; call finished() with its summary. */
  runDueStarted(): RunDueTimer;
  /** A measurement answer was stored (or, outcome not_saved, could not be). */
  answer(tenantId: string, planId: string, benefitNumber: number, kind: 'value' | 'skip', outcome: 'saved' | 'not_saved', correction: boolean): void;
  /** Teams answered 429; retryAfterMs is the wait it asked for (undefined: none given). */
  throttled(tenantId: string, retryAfterMs: number | undefined): void;
  /** Teams refused a person (403/404): they are no longer prompted. */
  ownerUnreachable(tenantId: string): void;
  /** Table Storage failed a request (5xx, 408, 429, 401/403, or no answer at all). */
  storageError(table: string | undefined, status: number | undefined, errorType: string | undefined): void;
}

const noopTimer: RunDueTimer = { finished: () => undefined };

export const NOOP: Telemetry = {
  runDueStarted: () => noopTimer,
  answer: () => undefined,
  throttled: () => undefined,
  ownerUnreachable: () => undefined,
  storageError: () => undefined,
};

let current: Telemetry = NOOP;

/** The call sites' handle: forwards to whatever is installed (the no-op by default). */
export const telemetry: Telemetry = {
  runDueStarted: () => current.runDueStarted(),
  answer: (...a) => current.answer(...a),
  throttled: (...a) => current.throttled(...a),
  ownerUnreachable: (...a) => current.ownerUnreachable(...a),
  storageError: (...a) => current.storageError(...a),
};

export function isTelemetryActive(): boolean {
  return current !== NOOP;
}

/** Installs OpenTelemetry instruments on a meter and a tracer (the distro's, or a test's). */
export function installTelemetry(meter: Meter, tracer: Tracer): Telemetry {
  const counter = (name: string, description: string, unit = '{count}'): Counter => meter.createCounter(name, { description, unit });
  const histogram = (name: string, description: string, unit: string): Histogram => meter.createHistogram(name, { description, unit });
  const prompts = counter('gevinstbot.prompts.sent', 'measurement prompts sent to benefit owners');
  const reminders = counter('gevinstbot.reminders.sent', 'reminders sent for unanswered prompts');
  const digests = counter('gevinstbot.digests.sent', 'weekly digests posted to plan channels');
  const notices = counter('gevinstbot.notices.sent', 'success and missed-target notices posted');
  const dueFailed = counter('gevinstbot.due.failed', 'due items that failed and stay due');
  const runDuration = histogram('gevinstbot.run_due.duration', 'duration of one runDue(now)', 'ms');
  const answers = counter('gevinstbot.answers', 'measurement answers');
  const throttled = counter('gevinstbot.teams.throttled', 'Teams answers 429 (too many requests)');
  const retryAfter = histogram('gevinstbot.teams.retry_after', 'waits Teams asked for with Retry-After', 'ms');
  const unreachable = counter('gevinstbot.owners.unreachable', 'people Teams refused (403/404), no longer prompted');
  const storageErrors = counter('gevinstbot.storage.errors', 'failed Table Storage requests');

  const tenant = (tenantId: string): Attributes => ({ 'gevinstbot.tenant_id': tenantId });
  const impl: Telemetry = {
    runDueStarted() {
      const started = performance.now();
      const span = tracer.startSpan('gevinstbot.run_due');
      return {
        finished(s) {
          const ms = performance.now() - started;
          if (s.prompts) prompts.add(s.prompts);
          if (s.reminders) reminders.add(s.reminders);
          if (s.digests) digests.add(s.digests);
          if (s.notices) notices.add(s.notices);
          if (s.failed) dueFailed.add(s.failed);
          runDuration.record(ms);
          span.setAttributes({
            'gevinstbot.prompts': s.prompts,
            'gevinstbot.reminders': s.reminders,
            'gevinstbot.digests': s.digests,
            'gevinstbot.notices': s.notices,
            'gevinstbot.failed': s.failed,
          });
          span.end();
        },
      };
    },
    answer(tenantId, planId, benefitNumber, kind, outcome, correction) {
      answers.add(1, {
        ...tenant(tenantId),
        'gevinstbot.plan_id': planId,
        'gevinstbot.benefit_number': benefitNumber,
        'gevinstbot.answer.kind': kind,
        'gevinstbot.answer.outcome': outcome,
        'gevinstbot.answer.correction': correction,
      });
    },
    throttled(tenantId, retryAfterMs) {
      throttled.add(1, tenant(tenantId));
      if (retryAfterMs !== undefined) retryAfter.record(retryAfterMs, tenant(tenantId));
    },
    ownerUnreachable(tenantId) {
      unreachable.add(1, tenant(tenantId));
    },
    storageError(table, status, errorType) {
      const a: Attributes = {};
      if (table) a['gevinstbot.table'] = table;
      if (status !== undefined) a['http.response.status_code'] = status;
      if (errorType) a['error.type'] = errorType;
      storageErrors.add(1, a);
    },
  };
  current = impl;
  return impl;
}

/** Back to the no-op (tests; and after shutdown, so late events go nowhere). */
export function uninstallTelemetry(): void {
  current = NOOP;
}
