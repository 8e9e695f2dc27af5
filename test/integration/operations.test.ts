import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestSystem, type TestClient } from '../support/test-system.js';

describe('operations: Prometheus metrics, per-client ingest limits and the queue dashboard', () => {
  let system: TestSystem;
  let client: TestClient;
  const token = 'metrics-token-for-tests-0123456789';

  beforeAll(async () => {
    system = await TestSystem.start({ env: { INGEST_RATE_LIMIT_PER_MINUTE: '3', METRICS_TOKEN: token } });
    client = await system.createClient();
    await system.mapEveryStatement();
    await system.startWorkers();
  });
  afterAll(async () => {
    await system.close();
  });

  const scrape = async (): Promise<string> => {
    const response = await system.app.inject({
      method: 'GET',
      url: '/metrics',
      headers: { authorization: `Bearer ${token}` },
    });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toMatch(/^text\/plain/);
    return response.body;
  };
  const value = (text: string, series: string): number => {
    const line = text.split('\n').find((l) => l.startsWith(series));
    return line === undefined ? NaN : Number(line.slice(line.lastIndexOf(' ') + 1));
  };

  it('reports ingest, job, credential, queue and outbox metrics; only with the token when one is set', async () => {
    expect((await system.app.inject({ method: 'GET', url: '/metrics' })).statusCode).toBe(401);
    await system.post(
      client,
      system.passingResults({ id: 'm-1', email: 'm-1@brokerage.example', name: 'M' }).slice(0, 10),
    );
    await system.waitForCredentials(1);
    const text = await scrape();
    expect(value(text, 'attain_ingested_results_total{source="native",outcome="accepted"}')).toBeGreaterThanOrEqual(10);
    expect(value(text, 'attain_credentials_issued_total{kind="issued"}')).toBeGreaterThanOrEqual(1);
    expect(value(text, 'attain_jobs_total{queue="credential.issue",outcome="completed"}')).toBeGreaterThanOrEqual(1);
    expect(text).toMatch(/^attain_job_duration_seconds_count\{queue="event.map"\} \d+/m);
    expect(text).toMatch(
      /^attain_http_request_duration_seconds_count\{method="POST",route="\/v1\/assessment-results",status="202"\} \d+/m,
    );
    expect(text).toMatch(/^attain_queue_jobs\{queue="credential.issue",state="completed"\} \d+/m);
    expect(text).toMatch(/^attain_queue_oldest_waiting_seconds\{queue="event.map"\} [\d.]+/m);
    expect(value(text, 'attain_outbox_pending')).toBe(0);
    expect(text).toMatch(/^attain_outbox_oldest_seconds [\d.]+/m);
    expect(text).toMatch(/^attain_dead_letters\{kind="work"\} 0/m);
    expect(text).toMatch(/^attain_process_resident_memory_bytes \d+/m);
  });

  it('answers 429 with Retry-After to a client over its limit, and no other client is affected', async () => {
    const other = await system.createClient('another LMS');
    const results = (id: string) =>
      system.passingResults({ id, email: `${id}@brokerage.example`, name: id }).slice(0, 1);
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) statuses.push((await system.post(client, results(`rl-${i}`))).statusCode);
    expect(statuses.filter((s) => s === 202).length).toBeLessThanOrEqual(3);
    expect(statuses.at(-1)).toBe(429);
    const refused = await system.post(client, results('rl-x'));
    expect(refused).toMatchObject({ statusCode: 429, json: { code: 'rate_limited', status: 429 } });
    expect(refused.contentType).toMatch(/^application\/problem\+json/);
    expect((await system.post(other, results('rl-other'))).statusCode).toBe(202);
    expect(value(await scrape(), 'attain_rate_limited_total{route="/v1/assessment-results"}')).toBeGreaterThanOrEqual(
      2,
    );
  });

  it('shows the queue dashboard only to an admin token, which a browser sends as Basic auth', async () => {
    const anonymous = await system.app.inject({ method: 'GET', url: '/admin/queues' });
    expect(anonymous.statusCode).toBe(401);
    expect(anonymous.headers['www-authenticate']).toBe('Basic realm="Attain admin"');
    const wrong = `Basic ${Buffer.from('ops:not-the-token').toString('base64')}`;
    expect(
      (await system.app.inject({ method: 'GET', url: '/admin/queues/api/queues', headers: { authorization: wrong } }))
        .statusCode,
    ).toBe(401);

    const basic = `Basic ${Buffer.from(`ops:${system.runtime.config.adminToken ?? ''}`).toString('base64')}`;
    const page = await system.app.inject({ method: 'GET', url: '/admin/queues', headers: { authorization: basic } });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Attain queues');
    const api = await system.app.inject({
      method: 'GET',
      url: '/admin/queues/api/queues',
      headers: { authorization: `Bearer ${system.runtime.config.adminToken ?? ''}` },
    });
    expect(api.statusCode).toBe(200);
    const queues = api.json<{ queues: { name: string; counts: Record<string, number> }[] }>().queues;
    expect(queues.map((q) => q.name).sort()).toEqual(
      ['credential.issue', 'event.map', 'learner.evaluate', 'notify.deliver', 'status.publish'].sort(),
    );
    expect(queues.find((q) => q.name === 'credential.issue')?.counts.completed).toBeGreaterThanOrEqual(1);
  });
});
