import { createHash } from 'node:crypto';
import { hashIdentity, validateOpenBadgeSchema } from '@attain/credentials';
import {
  countAssessmentEvents,
  countOutbox,
  insertAttainments,
  saveActivityMappings,
  startEmbeddedPostgres,
  type Db,
  type EmbeddedPostgres,
} from '@attain/db';
import {
  attainmentId,
  createEvaluateLearnerProcessor,
  createIssueCredentialProcessor,
  createMapEventProcessor,
  FrameworkCache,
  pipelineDeps,
  mapEventWork,
} from '@attain/pipeline';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { waitFor } from '../support/services.js';
import { stockVerify } from '../support/stock-suite.js';
import { TestSystem, type TestBackend, type TestClient } from '../support/test-system.js';

const learner = { id: 'agent-1', email: 'Agent.One@Brokerage.example', name: 'Agent One' };

async function learnerId(db: Db, lmsUserId: string): Promise<string> {
  const row = await db
    .selectFrom('learners')
    .select('id')
    .where('lms_user_id', '=', lmsUserId)
    .executeTakeFirstOrThrow();
  return row.id;
}

// Every queue backend runs the same pipeline: Redis (production), BullMQ's PostgreSQL backend on the
// Postgres server (no Redis), and the embedded PostgreSQL (PGlite, the `npm start` default).
describe.each(['redis', 'postgres', 'embedded'] as const)('the pipeline with queues on %s', (kind) => {
  let system: TestSystem;
  let client: TestClient;
  let embedded: EmbeddedPostgres | undefined;

  beforeAll(async () => {
    // One embedded database for the file (booting PGlite takes seconds); a schema per test.
    if (kind === 'embedded') embedded = await startEmbeddedPostgres();
  }, 120_000);

  afterAll(async () => {
    await embedded?.close();
  });

  beforeEach(async () => {
    const backend: TestBackend =
      kind === 'embedded' && embedded !== undefined
        ? { kind, embedded }
        : { kind: kind === 'embedded' ? 'redis' : kind };
    system = await TestSystem.start({ backend });
    expect(system.runtime.stores.queue).toBe(kind === 'redis' ? 'redis' : 'postgres');
    client = await system.createClient();
    await system.mapEveryStatement();
    await system.startWorkers();
  });

  afterEach(async () => {
    await system.close();
  });

  it('turns 40 passing results into exactly 4 credentials that verify offline with the stock library', async () => {
    const response = await system.post(client, system.passingResults(learner));
    expect(response.statusCode).toBe(202);
    expect(response.json.accepted).toBe(40);

    await system.waitForCredentials(4);
    const credentials = await system.credentialsOf(learner.email);
    expect(
      credentials.map((c) => (c.credentialSubject as { achievement: { id: string } }).achievement.id).sort(),
    ).toEqual(
      ['advanced', 'developing', 'emerging', 'proficient'].map(
        (l) => `http://attain.test/frameworks/41-3031.00/v.26.05/levels/${l}`,
      ),
    );
    for (const credential of credentials) {
      // Stock verification with the bundled loader: no network is reachable, so none is used.
      const result = await stockVerify(system, credential);
      expect(result).toEqual({ verified: true, statusBits: [false] });
      expect(validateOpenBadgeSchema(credential)).toEqual({ valid: true, errors: [] });

      const subject = credential.credentialSubject as {
        identifier: { identityHash: string; salt: string; hashed: boolean }[];
        achievement: { alignment: { targetUrl: string; targetCode: string }[] };
      };
      const identity = subject.identifier[0];
      expect(identity?.hashed).toBe(true);
      const expectedHash = `sha256$${createHash('sha256')
        .update(`agent.one@brokerage.example${identity?.salt ?? ''}`)
        .digest('hex')}`;
      expect(identity?.identityHash).toBe(expectedHash);
      expect(hashIdentity(learner.email, identity?.salt ?? '')).toBe(expectedHash);
      expect(JSON.stringify(credential)).not.toMatch(/brokerage\.example/i);

      expect(subject.achievement.alignment).toHaveLength(10);
      for (const alignment of subject.achievement.alignment) {
        const served = await system.app.inject({ method: 'GET', url: new URL(alignment.targetUrl).pathname });
        expect(served.statusCode).toBe(200);
        expect(served.json<{ code: string }>().code).toBe(alignment.targetCode);
      }
      const verification = await system.app.inject({
        method: 'POST',
        url: '/credentials/verify',
        payload: { verifiableCredential: credential },
      });
      expect(verification.statusCode).toBe(200);
      expect(verification.json<{ verified: boolean }>().verified).toBe(true);
    }
  });

  it('still gives 4 when every event is posted twice', async () => {
    const results = system.passingResults(learner);
    const timestamp = Math.floor(Date.now() / 1000);
    expect((await system.post(client, results, { timestamp })).statusCode).toBe(202);
    // The LMS sends the same events again in a newly signed request: acknowledged, nothing changes.
    const replay = await system.post(client, results, { timestamp: timestamp + 1 });
    expect(replay.statusCode).toBe(202);
    expect(replay.json.accepted).toBe(0);
    expect(replay.json.duplicates).toBe(40);
    for (const result of results.slice(0, 5)) expect((await system.post(client, result)).json.duplicates).toBe(1);

    await system.waitForCredentials(4);
    expect(await countAssessmentEvents(system.db)).toBe(40);
  });

  it('still gives 4 when every job is run again, and one when issuing races itself', async () => {
    await system.post(client, system.passingResults(learner));
    await system.waitForCredentials(4);

    // Every job BullMQ completed, handed to its processor a second time.
    let rerun = 0;
    for (const topic of ['event.map', 'learner.evaluate', 'credential.issue'] as const) {
      const jobs = await system.runtime.producer.queue(topic).getCompleted(0, 1000);
      expect(jobs.length).toBeGreaterThan(0);
      const deps = pipelineDeps(system.runtime);
      const frameworks = new FrameworkCache(system.db);
      for (const job of jobs) {
        const data = job.data as never;
        if (topic === 'event.map') await createMapEventProcessor(deps)(data, job as never);
        if (topic === 'learner.evaluate') await createEvaluateLearnerProcessor(deps, frameworks)(data, job as never);
        if (topic === 'credential.issue') await createIssueCredentialProcessor(deps, frameworks)(data, job as never);
        rerun += 1;
      }
    }
    expect(rerun).toBeGreaterThanOrEqual(40 + 4 + 1);
    expect(await system.credentialCount()).toBe(4);

    // Two issue jobs for one attainment at the same moment: one credential.
    await system.stopWorkers();
    const other = { id: 'agent-2', email: 'agent.two@brokerage.example', name: 'Agent Two' };
    await system.post(client, system.passingResults(other).slice(0, 1));
    const id = attainmentId(
      await learnerId(system.db, other.id),
      system.framework.id,
      system.framework.version,
      'emerging',
    );
    await insertAttainments(system.db, [
      {
        id,
        learnerId: await learnerId(system.db, other.id),
        frameworkId: system.framework.id,
        version: system.framework.version,
        levelKey: 'emerging',
        attainedAt: new Date(),
        recipientSalt: 'ab',
        evidenceEventIds: [],
        policyVersion: 1,
      },
    ]);
    const issue = createIssueCredentialProcessor(pipelineDeps(system.runtime), new FrameworkCache(system.db));
    const data = { attainmentId: id, outboxId: '00000000-0000-4000-8000-000000000000', generation: 1 };
    await Promise.all([issue(data, {} as never), issue(data, {} as never), issue(data, {} as never)]);
    expect(await system.credentialCount()).toBe(5);
  });

  it('issues nothing for a level with a result below the threshold', async () => {
    const results = system.passingResults(learner);
    const weak = results.find((r) => r.activityId.endsWith('/advanced-7'));
    if (weak === undefined) throw new Error('fixture has no advanced-7');
    weak.score = { scaled: 0.79 };
    await system.post(client, results);
    await system.waitForCredentials(3);
    const levels = (await system.credentialsOf(learner.email)).map((c) =>
      (c.credentialSubject as { achievement: { id: string } }).achievement.id.split('/').pop(),
    );
    expect(levels.sort()).toEqual(['developing', 'emerging', 'proficient']);

    // The agent passes a retake: the level follows.
    await system.post(client, { ...weak, eventId: 'retake-advanced-7', score: { raw: 45, min: 0, max: 50 } });
    await system.waitForCredentials(4);
  });

  it('parks results of unmapped activities and processes them when their mapping arrives', async () => {
    const result = { ...system.passingResults(learner)[0]!, activityId: 'https://lms.test/activities/new-course' };
    await system.post(client, result);
    await waitFor(
      async () =>
        (await system.db.selectFrom('assessment_events').select('status').executeTakeFirst())?.status === 'unmapped'
          ? true
          : undefined,
      'the event to be parked',
    );
    const { requeued } = await saveActivityMappings(
      system.db,
      [
        {
          activityId: result.activityId,
          frameworkId: '41-3031.00',
          version: 'v.26.05',
          statements: ['emerging-1', 'emerging-2'],
        },
      ],
      new Date(),
      mapEventWork,
    );
    expect(requeued).toHaveLength(1);
    await waitFor(
      async () => ((await countOutbox(system.db)) === 0 ? true : undefined),
      'the re-queued event to be processed',
    );
    const evidence = await system.db
      .selectFrom('evidence')
      .select('statement_code')
      .orderBy('statement_code')
      .execute();
    expect(evidence.map((e) => e.statement_code)).toEqual(['emerging-1', 'emerging-2']);
  });
});
