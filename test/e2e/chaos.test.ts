import { describe, expect, it } from 'vitest';
import { runChaos } from '../chaos/chaos-run.js';
import { serviceUrls } from '../support/services.js';

/** The CI-sized chaos run (`npm run chaos -- --agents 1000` is the full one). */
describe('chaos: worker SIGKILLs, Redis data loss and a Postgres outage while agents post results', () => {
  it('loses no result, duplicates no credential, misses none, and every credential verifies', async () => {
    const { databaseUrl, redisUrl } = serviceUrls();
    const lines: string[] = [];
    const report = await runChaos({
      agents: 24,
      workers: 2,
      killEveryMs: 1200,
      flushAll: false,
      // Every stage's lines, for the leak scan.
      logLevel: 'debug',
      databaseUrl,
      redisUrl,
      log: (line) => lines.push(line),
    });
    expect(report, lines.join('\n')).toMatchObject({
      resultsAccepted: 24 * 40,
      resultsLost: 0,
      credentialsExpected: 96,
      credentialsIssued: 96,
      credentialsDuplicated: 0,
      credentialsMissing: 0,
      credentialsUnverified: 0,
      logLeaks: [],
      redisFlushed: true,
      ok: true,
    });
    expect(report.workersKilled).toBeGreaterThanOrEqual(3);
    expect(report.postgresOutageMs).toBeGreaterThan(0);
    expect(report.logLines, "the leak scan read the services' logs").toBeGreaterThan(100);
  }, 300_000);
});
