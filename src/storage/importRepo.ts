// imports: PartitionKey = tenant key. Two kinds of rows:
// - 'imp~<id>': a pending import (the preview an admin is looking at) with its state, and
//   'imp~<id>~<n>': the rows it will apply, as opaque bytes in chunks of one binary property each
//   (a property holds at most 64 KiB). Header and chunks are written in one transaction, so an
//   import is either whole or absent, and any instance can apply it after a restart.
// - 'wait~<user>': an admin asked to import into a plan and the bot waits for the file.
import type { TransactionAction } from '@azure/data-tables';
import { fromEntity, toEntity } from './codec';
import { assertSafe, encodeId, tenantKey } from './keys';
import { getOrUndefined, listAll, odata } from './query';
import type { TableStore } from './tables';

export type ImportState = 'pending' | 'applying' | 'done' | 'cancelled';

export interface ImportHeader {
  tenantId: string;
  id: string;
  planId: string;
  /** Teams user id of the admin who sent the file. */
  by: string;
  lang: 'nb' | 'en';
  fileName: string;
  createdAt: string;
  expiresAt: string;
  state: ImportState;
  /** When the state last changed (an 'applying' import whose process died is taken over later). */
  stateAt: string;
  /** What the preview showed (counts), and after Import what was done; opaque to storage. */
  summary?: Record<string, unknown>;
  result?: Record<string, unknown>;
}

export interface AwaitingFile {
  tenantId: string;
  userId: string;
  planId: string;
  lang: 'nb' | 'en';
  expiresAt: string;
}

/** Bytes per chunk row: below the 64 KiB limit of one binary property. */
export const IMPORT_CHUNK_BYTES = 60_000;
/** Header + chunks go in one transaction of at most 100 rows (and a 4 MiB request). */
export const IMPORT_MAX_BYTES = 40 * IMPORT_CHUNK_BYTES;

const headerKey = (id: string) => `imp~${assertSafe(id)}`;
const chunkKey = (id: string, n: number) => `imp~${assertSafe(id)}~${String(n).padStart(3, '0')}`;
const waitKey = (userId: string) => `wait~${encodeId(userId)}`;

export class ImportRepo {
  constructor(private readonly store: TableStore) {}
  private get t() {
    return this.store.table('imports');
  }

  /** Stores a new pending import with its payload; throws when the payload is too large. */
  async create(header: ImportHeader, payload: Buffer): Promise<void> {
    if (payload.length > IMPORT_MAX_BYTES) throw new Error(`import payload of ${payload.length} bytes is over ${IMPORT_MAX_BYTES}`);
    const pk = tenantKey(header.tenantId);
    const chunks = Math.max(1, Math.ceil(payload.length / IMPORT_CHUNK_BYTES));
    const actions: TransactionAction[] = [['create', toEntity(pk, headerKey(header.id), { ...header, chunks, kind: 'import' })]];
    for (let i = 0; i < chunks; i++) {
      const data = new Uint8Array(payload.subarray(i * IMPORT_CHUNK_BYTES, (i + 1) * IMPORT_CHUNK_BYTES));
      actions.push(['create', { partitionKey: pk, rowKey: chunkKey(header.id, i), kind: 'chunk', data }]);
    }
    await this.t.submitTransaction(actions);
  }

  async get(tenantId: string, id: string): Promise<(ImportHeader & { etag: string; chunks: number }) | undefined> {
    const e = await getOrUndefined<Record<string, unknown>>(this.t, tenantKey(tenantId), headerKey(id));
    if (!e) return undefined;
    const { kind: _k, ...row } = fromEntity<ImportHeader & { chunks: number; kind: string }>(e);
    return row;
  }

  /** The payload of an import, or undefined when its rows are gone (applied, cancelled). */
  async payload(tenantId: string, id: string, chunks: number): Promise<Buffer | undefined> {
    const pk = tenantKey(tenantId);
    const parts: Buffer[] = [];
    for (let i = 0; i < chunks; i++) {
      const e = await getOrUndefined<{ data?: Uint8Array }>(this.t, pk, chunkKey(id, i));
      if (!e || !(e.data instanceof Uint8Array)) return undefined;
      parts.push(Buffer.from(e.data));
    }
    return Buffer.concat(parts);
  }

  /** Changes the state (and summary/result), etag-checked; false when someone else changed it first. */
  async update(header: ImportHeader & { chunks: number }, etag: string): Promise<string | undefined> {
    try {
      const r = await this.t.updateEntity(toEntity(tenantKey(header.tenantId), headerKey(header.id), { ...header, kind: 'import' }), 'Replace', { etag });
      return r.etag ?? '';
    } catch (e) {
      if ((e as { statusCode?: number }).statusCode === 412) return undefined;
      throw e;
    }
  }

  /** Deletes the payload rows of an import that is finished (its header stays until it expires). */
  async dropPayload(tenantId: string, id: string, chunks: number): Promise<void> {
    const pk = tenantKey(tenantId);
    for (let i = 0; i < chunks; i++) {
      try {
        await this.t.deleteEntity(pk, chunkKey(id, i));
      } catch (e) {
        if ((e as { statusCode?: number }).statusCode !== 404) throw e;
      }
    }
  }

  /** Deletes the tenant's imports that expired before `now` (header and payload). */
  async deleteExpired(tenantId: string, now: string): Promise<number> {
    const pk = tenantKey(tenantId);
    const expired = await listAll(this.t, odata`PartitionKey eq ${pk} and kind eq 'import' and expiresAt lt ${now}`, ['RowKey', 'chunks']);
    for (const e of expired) {
      const rk = String(e.rowKey);
      const chunks = typeof e.chunks === 'number' ? e.chunks : 0;
      for (let i = 0; i < chunks; i++) await this.t.deleteEntity(pk, `${rk}~${String(i).padStart(3, '0')}`).catch(() => undefined);
      await this.t.deleteEntity(pk, rk).catch(() => undefined);
    }
    return expired.length;
  }

  // ── waiting for a file ──

  async setAwaiting(w: AwaitingFile): Promise<void> {
    await this.t.upsertEntity(toEntity(tenantKey(w.tenantId), waitKey(w.userId), { ...w, kind: 'wait' }), 'Replace');
  }

  async getAwaiting(tenantId: string, userId: string): Promise<AwaitingFile | undefined> {
    const e = await getOrUndefined<Record<string, unknown>>(this.t, tenantKey(tenantId), waitKey(userId));
    if (!e) return undefined;
    const { etag: _e, kind: _k, ...row } = fromEntity<AwaitingFile & { kind: string }>(e);
    return row;
  }

  async clearAwaiting(tenantId: string, userId: string): Promise<void> {
    try {
      await this.t.deleteEntity(tenantKey(tenantId), waitKey(userId));
    } catch (e) {
      if ((e as { statusCode?: number }).statusCode !== 404) throw e;
    }
  }
}
