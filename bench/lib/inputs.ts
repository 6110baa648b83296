// Benchmark inputs: sizes from bench/inputs/inputs.json, everything else (titles, values,
// comments) generated from its seed, so two runs of the same mode see the same input.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { BenefitType } from '../../src/domain/types';
import { mulberry32 } from '../../test/support/fakeConnector';

export interface Sizes {
  sendRate: { owners: number; plans: number; latencyMs: number; capPerSecond: number; sequentialPrompts: number; coldOwners: number };
  roundTrips: { answers: number; digestBenefits: number; digestWeeks: number; duePrompts: number };
  answerLatency: { answers: number; concurrency: number; plans: number; baselineOps: number; rounds?: number };
  footprint: { benefits: number; tenants: number; plans: number; runs: number; maxRssMb: number; maxIdleRssMb: number };
  report: { benefits: number; weeks: number; runs: number };
  tenants: { tenants: number; ownersPerTenant: number; plansPerTenant: number; latencyMs: number; capPerSecond: number; alsoTenants: number; alsoLatencyMs: number };
  shards: { tenants: number; promptsPerTenant: number; capPerSecond: number; latencyMs: number; leaseTtlSeconds: number; takeoverPrompts: number };
  backlog: { items: number; plans: number; maxPeakHeapMb: number };
}

interface InputFile {
  seed: number;
  full: Sizes;
  quick: Sizes;
}

export const INPUT_FILE = path.join(__dirname, '..', 'inputs', 'inputs.json');

export function loadInputs(quick: boolean): { seed: number; mode: 'full' | 'quick' | 'custom'; sizes: Sizes } {
  const file = JSON.parse(readFileSync(INPUT_FILE, 'utf8')) as InputFile;
  const sizes = quick ? file.quick : file.full;
  // For experiments: BENCH_SIZES='{"footprint":{"benefits":4000}}' overrides some sizes.
  const override = process.env.BENCH_SIZES ? (JSON.parse(process.env.BENCH_SIZES) as Partial<Record<keyof Sizes, object>>) : undefined;
  if (!override) return { seed: file.seed, mode: quick ? 'quick' : 'full', sizes };
  const merged = { ...sizes } as Record<string, object>;
  for (const [k, v] of Object.entries(override)) merged[k] = { ...merged[k], ...v };
  return { seed: file.seed, mode: 'custom', sizes: merged as unknown as Sizes };
}

export const isQuick = (argv = process.argv): boolean => argv.includes('--quick');

/** A seeded generator of the values the benchmarks need. */
export class Gen {
  private readonly next: () => number;
  constructor(seed: number, stream: string) {
    // One independent stream per benchmark: adding draws to one never shifts another's input.
    let h = seed >>> 0;
    for (const c of stream) h = Math.imul(h ^ c.charCodeAt(0), 16777619) >>> 0;
    this.next = mulberry32(h);
  }
  float(): number {
    return this.next();
  }
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.next() * (hi - lo + 1));
  }
  pick<T>(xs: readonly T[]): T {
    return xs[Math.floor(this.next() * xs.length)];
  }
}

const TOPICS = ['Digitale søknader', 'Automatisk saksbehandling', 'Færre telefoner', 'Selvbetjening', 'Elektronisk arkiv', 'Digitalt tilsyn', 'Chatbot for innbyggere', 'Samordnet registrering'];
const UNITS: { type: BenefitType; unit: string }[] = [
  { type: 'time', unit: 'timer' },
  { type: 'cost', unit: 'kroner' },
  { type: 'quality', unit: 'prosent' },
];
const COMMENTS = ['', '', 'Bra uke', 'Ferieavvikling', 'Nytt skjema tatt i bruk', 'Systemet var tregt mandag', 'Som forventet'];

/** Deterministic benefit fields for benefit `n` (baseline below target, direction up). */
export function benefitFields(g: Gen, n: number) {
  const u = g.pick(UNITS);
  const baseline = u.unit === 'prosent' ? g.int(10, 50) : g.int(5, 200);
  const target = u.unit === 'prosent' ? Math.min(100, baseline + g.int(10, 40)) : baseline + g.int(10, 200);
  return { title: `${g.pick(TOPICS)} ${n}`, type: u.type, unit: u.unit, baseline, target };
}

/** An answer value between baseline and target (never meets it: no success notice mid-benchmark). */
export function answerValue(g: Gen, baseline: number, target: number): string {
  const v = baseline + Math.floor(g.float() * Math.max(1, target - baseline - 1));
  return g.float() < 0.3 ? `${v},5` : String(v);
}

export const comment = (g: Gen): string => g.pick(COMMENTS);
