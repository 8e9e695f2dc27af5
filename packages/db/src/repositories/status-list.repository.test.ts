import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../connection.js';
import { createTestSchema, type TestSchema } from '../test-schema.js';
import { enqueueOutbox } from './outbox.repository.js';
import {
  allocateStatusEntries,
  findStatusList,
  saveSignedStatusList,
  setIndexesOf,
  setStatusBit,
  statusListsToPublish,
} from './status-list.repository.js';

// The topic of the re-signing work is the caller's: the repository only looks for it.
const PUBLISH = 'test.publish';

describe('status list repository', () => {
  let schema: TestSchema;
  let db: Db;
  let listId: string;

  beforeAll(async () => {
    schema = await createTestSchema();
    db = schema.db;
  });

  afterAll(async () => {
    await schema.drop();
  });

  it('gives a credential one random entry per purpose in an open list of its issuer, kept on a second call', async () => {
    const args = {
      credentialId: 'urn:uuid:00000000-0000-4000-8000-000000000001',
      issuerDid: 'did:web:attain.test',
      purposes: ['revocation'] as const,
      listLength: 131_072,
    };
    const [entry] = await db.transaction().execute((trx) => allocateStatusEntries(trx, args));
    if (entry === undefined) throw new Error('no entry');
    expect(entry).toMatchObject({ purpose: 'revocation', isSet: false, credentialId: args.credentialId });
    expect(entry.index).toBeGreaterThanOrEqual(0);
    expect(entry.index).toBeLessThan(131_072);
    expect(await db.transaction().execute((trx) => allocateStatusEntries(trx, args))).toEqual([entry]);
    listId = entry.listId;
    const list = await findStatusList(db, listId);
    expect(list).toMatchObject({ issuerDid: 'did:web:attain.test', purpose: 'revocation', length: 131_072 });

    await db.transaction().execute((trx) => setStatusBit(trx, entry, { isSet: true, reason: 'fraud', at: new Date() }));
    expect(await setIndexesOf(db, listId)).toEqual([entry.index]);
  });

  it('names a list to publish while its signed copy is missing or stale, unless re-signing work of the given topic is pending', async () => {
    const refreshBefore = new Date(Date.now() + 3600_000);
    expect(await statusListsToPublish(db, refreshBefore, PUBLISH)).toEqual([listId]);

    const [pending] = await enqueueOutbox(db, [{ topic: PUBLISH, jobKey: listId, payload: { listId } }], new Date());
    expect(await statusListsToPublish(db, refreshBefore, PUBLISH)).toEqual([]);
    // Work of another topic under the same key does not count.
    expect(await statusListsToPublish(db, refreshBefore, 'test.other')).toEqual([listId]);
    await db
      .deleteFrom('outbox')
      .where('id', '=', pending?.id ?? '')
      .execute();

    const list = await findStatusList(db, listId);
    if (list === undefined) throw new Error('no list');
    const validUntil = new Date(Date.now() + 2 * 3600_000);
    expect(
      await saveSignedStatusList(db, { id: listId, version: list.version, document: { signed: true }, validUntil }),
    ).toBe(true);
    expect(await statusListsToPublish(db, refreshBefore, PUBLISH)).toEqual([]);
    // Within the refresh window it is due again.
    expect(await statusListsToPublish(db, new Date(validUntil.getTime() + 1), PUBLISH)).toEqual([listId]);
  });
});
