// What durable writes cost in local mode. The embedded storage, persisted under DATA_DIR/azurite,
// answers a write only once Azurite's table database (LokiJS, one JSON file) is saved to disk
// (src/storage/azuriteChild.ts): every save writes the whole file, so a write costs more as the
// database grows; writes that arrive during a save share the next one. Measured against the same
// Azurite in memory (no saves at all), for a database of N entities of ~400 bytes:
//   · one writer: the latency of an upsert, one after another (p50, p99)
//   · 16 writers at once: upserts per second
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startAzurite, type EmbeddedAzurite } from '../src/storage';
import { TableStore } from '../src/storage/tables';
import { isQuick } from './lib/inputs';
import { fmt, goal, info, main, pool, progress, quantile } from './lib/report';

const BENCH = 'localDurability';
const FILLER = 'x'.repeat(300);

async function measure(azurite: EmbeddedAzurite, entities: number, writes: number): Promise<{ p50: number; p99: number; perSecond: number }> {
  const store = new TableStore(azurite.connectionString, 'bench');
  await store.ensureTables();
  const table = store.table('measurements');
  // Fill: entity-group transactions of 100 (one save each).
  for (let start = 0; start < entities; start += 100) {
    const actions = Array.from({ length: Math.min(100, entities - start) }, (_, i) => ['upsert', { partitionKey: `p${Math.floor((start + i) / 1000)}`, rowKey: String(start + i).padStart(6, '0'), filler: FILLER, value: start + i }] as const);
    const byPartition = new Map<string, (typeof actions)[number][]>();
    for (const a of actions) byPartition.set(a[1].partitionKey, [...(byPartition.get(a[1].partitionKey) ?? []), a]);
    for (const group of byPartition.values()) await table.submitTransaction(group.map((a) => [a[0], a[1]]));
  }
  const serial: number[] = [];
  for (let i = 0; i < writes; i++) {
    const t = performance.now();
    await table.upsertEntity({ partitionKey: 'w', rowKey: `s${i}`, filler: FILLER, value: i }, 'Replace');
    serial.push(performance.now() - t);
  }
  const started = performance.now();
  await pool(Array.from({ length: writes }, (_, i) => i), 16, async (i) => {
    await table.upsertEntity({ partitionKey: 'w', rowKey: `c${i}`, filler: FILLER, value: i }, 'Replace');
  });
  const perSecond = writes / ((performance.now() - started) / 1000);
  return { p50: quantile(serial, 0.5), p99: quantile(serial, 0.99), perSecond };
}

main(BENCH, async () => {
  const sizes = isQuick() ? [1_000] : [1_000, 10_000, 50_000];
  const writes = isQuick() ? 100 : 300;
  for (const entities of sizes) {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'gevinstbot-durable-bench-'));
    try {
      progress(`${entities} entities in memory`);
      const memory = await startAzurite({});
      const m = await measure(memory, entities, writes).finally(() => memory.stop());
      progress(`${entities} entities persisted (durable writes)`);
      const persisted = await startAzurite({ location: path.join(dir, 'azurite') });
      const d = await measure(persisted, entities, writes).finally(() => persisted.stop());
      const fileMb = statSync(path.join(dir, 'azurite', '__azurite_db_table__.json')).size / 1024 / 1024;
      info(
        BENCH,
        `${entities} entities (${fmt(fileMb, 1)} MB file): one writer p50 ${fmt(d.p50, 1)} ms / p99 ${fmt(d.p99, 1)} ms durable vs ${fmt(m.p50, 1)} / ${fmt(m.p99, 1)} ms in memory (${fmt(d.p50 / m.p50, 1)}× p50); 16 writers ${fmt(d.perSecond, 0)}/s vs ${fmt(m.perSecond, 0)}/s (${writes} upserts each)`,
      );
      if (entities === sizes[0]) {
        goal(BENCH, `a durable upsert in a ${entities}-entity database: p50 ${fmt(d.p50, 1)} ms`, 'p50 ≤ 50 ms', d.p50 <= 50);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
});
