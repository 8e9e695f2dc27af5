import { randomUUID } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { saveActivityMappings } from '@attain/db';
import { mapEventWork } from '@attain/pipeline';
import { bundledFrameworkPath } from '@attain/framework';
import { importFrameworkFile } from '@attain/runtime';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestSystem } from '../support/test-system.js';

type Json = Record<string, unknown>;

/** An LER.me export of another occupation: three levels of 2, 5 and 7 statements. */
function advisorExport(): Json {
  const statements = (prefix: string, n: number) =>
    Array.from({ length: n }, (_, i) => `${prefix} statement ${i + 1}.`);
  return {
    schemaVersion: '1.0',
    exportedAt: '2026-06-01T00:00:00Z',
    occupation: { soc: '13-2052.00', title: 'Personal Financial Advisors' },
    framework: {
      version: 'v.26.06',
      description: 'Advising households',
      levels: {
        foundation: { label: 'Foundation', statements: statements('Foundation', 2) },
        practitioner: { label: 'Practitioner', statements: statements('Practitioner', 5) },
        expert: { label: 'Expert', statements: statements('Expert', 7) },
      },
    },
  };
}

describe('several frameworks and versions side by side', () => {
  let system: TestSystem;
  let folder: string;

  beforeAll(async () => {
    system = await TestSystem.start();
    folder = await mkdtemp(join(tmpdir(), 'attain-frameworks-'));
    await system.startWorkers();
  });
  afterAll(async () => {
    await system.close();
    await rm(folder, { recursive: true, force: true });
  });

  it('issues against another occupation and a newer version of the bundled one, each credential naming its version', async () => {
    const advisor = join(folder, 'advisor.json');
    await writeFile(advisor, JSON.stringify(advisorExport()));
    expect((await importFrameworkFile(system.db, advisor)).outcome).toBe('created');
    expect((await importFrameworkFile(system.db, advisor)).outcome).toBe('unchanged');

    // v.26.11 of the bundled framework: same occupation, one statement reworded.
    const bundled = JSON.parse(await readFile(bundledFrameworkPath(), 'utf8')) as {
      framework: { version: string; levels: { emerging: { statements: string[] } } };
    };
    bundled.framework.version = 'v.26.11';
    bundled.framework.levels.emerging.statements[0] = 'Sales order tickets — reworded for v.26.11.';
    const newer = join(folder, 'newer.json');
    await writeFile(newer, JSON.stringify(bundled));
    const imported = await importFrameworkFile(system.db, newer);
    expect(imported.framework.version).toBe('v.26.11');

    // One course maps to both versions' emerging-1; the advisor courses to its own statements.
    await saveActivityMappings(
      system.db,
      [
        { activityId: 'course-orders', frameworkId: '41-3031.00', version: 'v.26.05', statements: ['emerging-1'] },
        { activityId: 'course-orders', frameworkId: '41-3031.00', version: 'v.26.11', statements: ['emerging-1'] },
        {
          activityId: 'advisor-foundation',
          frameworkId: '13-2052.00',
          version: 'v.26.06',
          statements: ['foundation-1', 'foundation-2'],
        },
      ],
      new Date(),
      mapEventWork,
    );
    const client = await system.createClient();
    const learner = { id: 'multi-1', email: 'multi@brokerage.example', name: 'M' };
    const result = (activityId: string) => ({
      eventId: randomUUID(),
      learner,
      activityId,
      passed: true,
      completedAt: new Date(Date.now() - 1000).toISOString(),
    });
    expect((await system.post(client, [result('course-orders'), result('advisor-foundation')])).statusCode).toBe(202);

    await system.waitForCredentials(1);
    const [credential] = await system.credentialsOf(learner.email);
    const achievement = (
      credential!.credentialSubject as {
        achievement: { id: string; version: string; alignment: { targetUrl: string; targetFramework: string }[] };
      }
    ).achievement;
    expect(achievement.id).toBe('http://attain.test/frameworks/13-2052.00/v.26.06/levels/foundation');
    expect(achievement.version).toBe('v.26.06');
    expect(achievement.alignment).toHaveLength(2);
    expect(achievement.alignment[0]!.targetFramework).toContain('Personal Financial Advisors');
    const statement = await system.app.inject({
      method: 'GET',
      url: new URL(achievement.alignment[1]!.targetUrl).pathname,
    });
    expect(statement.json<Json>()).toMatchObject({ code: 'foundation-2', text: 'Foundation statement 2.' });

    // Evidence counted separately per version: both emerging-1 rows exist, neither level is complete.
    const evidence = await system.db
      .selectFrom('evidence')
      .select(['framework_id', 'version', 'statement_code'])
      .orderBy('version')
      .orderBy('statement_code')
      .execute();
    expect(evidence).toEqual([
      { framework_id: '41-3031.00', version: 'v.26.05', statement_code: 'emerging-1' },
      { framework_id: '13-2052.00', version: 'v.26.06', statement_code: 'foundation-1' },
      { framework_id: '13-2052.00', version: 'v.26.06', statement_code: 'foundation-2' },
      { framework_id: '41-3031.00', version: 'v.26.11', statement_code: 'emerging-1' },
    ]);
    const reworded = await system.app.inject({
      method: 'GET',
      url: '/frameworks/41-3031.00/v.26.11/statements/emerging-1',
    });
    expect(reworded.json<Json>().text).toBe('Sales order tickets — reworded for v.26.11.');
  });
});
