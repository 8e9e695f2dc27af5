import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../connection.js';
import { createTestSchema, type TestSchema } from '../test-schema.js';
import { seedLearner } from '../test-rows.js';
import {
  createLmsClient,
  findLmsClient,
  findLmsClientByXapiKey,
  findLmsClientOfLearner,
  listLearnerIdsOfClient,
  listLmsClients,
  rotateLmsClientSecrets,
  setLmsClientDisabled,
  setLmsClientWebhook,
  type LmsClient,
} from './lms-client.repository.js';

const MISSING = '00000000-0000-4000-8000-000000000000';
const secrets = (n: string): { hmacSecretSealed: string; xapiKey: string; xapiSecretHash: string } => ({
  hmacSecretSealed: `sealed-${n}`,
  xapiKey: `key-${n}`,
  xapiSecretHash: `hash-${n}`,
});

describe('LMS client repository', () => {
  let schema: TestSchema;
  let db: Db;
  let moodle: LmsClient;

  beforeAll(async () => {
    schema = await createTestSchema();
    db = schema.db;
    moodle = await createLmsClient(db, { name: 'Moodle', ...secrets('moodle') });
  });

  afterAll(async () => {
    await schema.drop();
  });

  it('creates an enabled client without a webhook and finds it by id and by xAPI key', async () => {
    expect(moodle).toEqual({
      id: expect.stringMatching(/^[0-9a-f-]{36}$/) as unknown,
      name: 'Moodle',
      hmacSecretSealed: 'sealed-moodle',
      xapiKey: 'key-moodle',
      xapiSecretHash: 'hash-moodle',
      disabled: false,
      createdAt: expect.any(Date) as unknown,
      webhookUrl: null,
    });
    expect(await findLmsClient(db, moodle.id)).toEqual(moodle);
    expect(await findLmsClientByXapiKey(db, 'key-moodle')).toEqual(moodle);
  });

  it('finds nothing for an unknown id, a malformed id or an unknown key', async () => {
    expect(await findLmsClient(db, MISSING)).toBeUndefined();
    expect(await findLmsClient(db, 'moodle')).toBeUndefined();
    expect(await findLmsClientByXapiKey(db, 'key-unknown')).toBeUndefined();
  });

  it('refuses a second client with the same xAPI key', async () => {
    await expect(createLmsClient(db, { name: 'Copy', ...secrets('moodle') })).rejects.toMatchObject({
      code: '23505',
    });
    expect((await listLmsClients(db)).map((c) => c.name)).toEqual(['Moodle']);
  });

  it('sets and removes the webhook; an unknown client gives undefined', async () => {
    const set = await setLmsClientWebhook(db, moodle.id, 'https://lms.example.edu/hooks/attain');
    expect(set).toEqual({ ...moodle, webhookUrl: 'https://lms.example.edu/hooks/attain' });
    expect((await findLmsClient(db, moodle.id))?.webhookUrl).toBe('https://lms.example.edu/hooks/attain');
    expect((await setLmsClientWebhook(db, moodle.id, null))?.webhookUrl).toBeNull();
    expect(await setLmsClientWebhook(db, MISSING, 'https://x.example')).toBeUndefined();
    // What an operator types into `attain lms-client webhook <id>`: no such client, not a database error.
    expect(await setLmsClientWebhook(db, 'moodle', null)).toBeUndefined();
  });

  it('disables a client once (keeping when it was disabled) and enables it again', async () => {
    const disabled = await setLmsClientDisabled(db, moodle.id, true);
    expect(disabled?.disabled).toBe(true);
    const disabledAt = async (): Promise<Date | null> =>
      (await db.selectFrom('lms_clients').select('disabled_at').where('id', '=', moodle.id).executeTakeFirstOrThrow())
        .disabled_at;
    const first = await disabledAt();
    expect(first).toBeInstanceOf(Date);
    await setLmsClientDisabled(db, moodle.id, true);
    expect(await disabledAt()).toEqual(first);
    expect((await setLmsClientDisabled(db, moodle.id, false))?.disabled).toBe(false);
    expect(await disabledAt()).toBeNull();
    expect(await setLmsClientDisabled(db, MISSING, true)).toBeUndefined();
    expect(await setLmsClientDisabled(db, 'not-a-uuid', true)).toBeUndefined();
  });

  it('rotates every secret at once: the old xAPI key stops finding the client', async () => {
    const rotated = await rotateLmsClientSecrets(db, moodle.id, secrets('moodle-2'));
    expect(rotated).toMatchObject({
      id: moodle.id,
      hmacSecretSealed: 'sealed-moodle-2',
      xapiKey: 'key-moodle-2',
      xapiSecretHash: 'hash-moodle-2',
    });
    expect(await findLmsClientByXapiKey(db, 'key-moodle')).toBeUndefined();
    expect((await findLmsClientByXapiKey(db, 'key-moodle-2'))?.id).toBe(moodle.id);
    expect(await rotateLmsClientSecrets(db, MISSING, secrets('x'))).toBeUndefined();
    expect(await rotateLmsClientSecrets(db, 'nope', secrets('y'))).toBeUndefined();
  });

  it('lists clients oldest first', async () => {
    const canvas = await createLmsClient(db, { name: 'Canvas', ...secrets('canvas') });
    const blackboard = await createLmsClient(db, { name: 'Blackboard', ...secrets('blackboard') });
    expect((await listLmsClients(db)).map((c) => c.id)).toEqual([moodle.id, canvas.id, blackboard.id]);
  });

  it("lists a client's learners and finds the client a learner came from", async () => {
    const other = await createLmsClient(db, { name: 'Other', ...secrets('other') });
    const ada = await seedLearner(db, { lmsClientId: moodle.id, lmsUserId: 'ada' });
    const bob = await seedLearner(db, { lmsClientId: moodle.id, lmsUserId: 'bob' });
    const eve = await seedLearner(db, { lmsClientId: other.id, lmsUserId: 'eve' });
    expect((await listLearnerIdsOfClient(db, moodle.id)).sort()).toEqual([ada, bob].sort());
    expect(await listLearnerIdsOfClient(db, other.id)).toEqual([eve]);
    expect(await listLearnerIdsOfClient(db, MISSING)).toEqual([]);
    expect((await findLmsClientOfLearner(db, eve))?.name).toBe('Other');
    expect(await db.transaction().execute((trx) => findLmsClientOfLearner(trx, ada))).toMatchObject({
      id: moodle.id,
      name: 'Moodle',
    });
    expect(await findLmsClientOfLearner(db, MISSING)).toBeUndefined();
  });
});
