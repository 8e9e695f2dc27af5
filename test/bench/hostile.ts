import { crc32, deflateSync } from 'node:zlib';
import type { Row } from './report.js';
import type { BenchSystem } from './system.js';

// Section 6: the hostile inputs of issue 13, each sent to the running API while GET /health/live
// is probed back to back, then the verification rate of a genuine credential over HTTP.

type Json = Record<string, unknown>;

export interface HostileCase {
  name: string;
  /** Slowest answer over the tries, ms, and the status it got (0: the connection was closed). */
  answerMs: number;
  status: number;
  /** Slowest /health/live answer while the case ran, ms. */
  healthMaxMs: number;
}

export interface HostileFigures {
  cases: HostileCase[];
  genuinePerSecond: number;
}

const V2 = 'https://www.w3.org/ns/credentials/v2';
const TRIES = 3;

export async function benchHostile(
  system: BenchSystem,
  options: { seconds: number; log: (line: string) => void },
): Promise<HostileFigures> {
  const issuers = (await system.adminCall('GET', '/admin/issuers')) as unknown as { did: string | null }[];
  const issued = await system.adminCall('POST', '/credentials/issue', {
    credential: {
      '@context': [V2],
      issuer: issuers.find((issuer) => issuer.did !== null)?.did,
      type: ['VerifiableCredential'],
      validFrom: '2026-01-01T00:00:00Z',
      credentialSubject: { id: 'did:example:bench', name: 'Series 7 exam passed' },
    },
  });
  const genuine = issued.verifiableCredential as Json;
  const proof = (Array.isArray(genuine.proof) ? genuine.proof[0] : genuine.proof) as Json;
  const forgedProof = { ...proof, proofValue: `z${'1'.repeat(86)}` };
  const json = (body: unknown) => ({ type: 'application/json', body: JSON.stringify(body) });
  const verify = (credential: unknown) => ({
    path: '/credentials/verify',
    ...json({ verifiableCredential: credential }),
  });
  const cases: [string, { path: string; type: string; body: string | Buffer }][] = [
    [
      '@context: the VC 2.0 context 400 times',
      verify({ ...genuine, '@context': Array.from({ length: 400 }, () => V2) }),
    ],
    [
      '2,000 credentialStatus entries',
      verify({ ...genuine, credentialStatus: repeat(genuine.credentialStatus, 2000) }),
    ],
    ['2,000 proofs', verify({ ...genuine, proof: repeat(proof, 2000) })],
    ['a genuine proof and a forged one', verify({ ...genuine, proof: [proof, forgedProof] })],
    [
      'worst case within the limits (600 typed nodes under the examples @vocab, 4 forged proofs: stock path)',
      verify({
        ...genuine,
        '@context': [V2, 'https://www.w3.org/ns/credentials/examples/v2'],
        credentialSubject: {
          id: 'did:example:bench',
          items: Array.from({ length: 600 }, (_, i) => ({ type: `Thing${String(i)}`, p: i })),
        },
        proof: repeat({ ...proof, proofValue: `${String(proof.proofValue).slice(0, -3)}abc` }, 4),
      }),
    ],
    [
      'a PNG whose iTXt inflates to 6 MB of [[[…]]]',
      { path: '/verify/check', type: 'image/png', body: inflatingPng(6 * 1024 * 1024) },
    ],
    [
      'a 5 MB unauthenticated ingest body',
      { path: '/v1/assessment-results', ...json(repeat({ eventId: 'x'.repeat(64), score: 1 }, 60_000)) },
    ],
  ];
  const figures: HostileCase[] = [];
  for (const [name, request] of cases) {
    let worst: HostileCase = { name, answerMs: 0, status: 0, healthMaxMs: 0 };
    for (let i = 0; i < TRIES; i++) {
      const probe = probeHealth(system.base);
      const started = performance.now();
      // A server may answer early and close the connection while the body is still being sent.
      const status = await fetch(`${system.base}${request.path}`, {
        method: 'POST',
        headers: { 'content-type': request.type },
        body: request.body,
      })
        .then(async (response) => {
          await response.arrayBuffer();
          return response.status;
        })
        .catch(() => 0);
      const answerMs = performance.now() - started;
      const healthMaxMs = await probe.stop();
      worst = {
        name,
        answerMs: Math.max(worst.answerMs, answerMs),
        status,
        healthMaxMs: Math.max(worst.healthMaxMs, healthMaxMs),
      };
    }
    options.log(
      `  ${name}: ${String(worst.status)} in ${worst.answerMs.toFixed(0)} ms, health max ${worst.healthMaxMs.toFixed(0)} ms`,
    );
    figures.push(worst);
  }
  return { cases: figures, genuinePerSecond: await genuineRate(system.base, genuine, options.seconds) };
}

export function hostileRows(figures: HostileFigures): Row[] {
  return [
    ...figures.cases.map((c) => ({
      section: '6 hostile verification',
      figure: c.name,
      value: `${String(c.status)} in ${c.answerMs.toFixed(0)} ms; /health/live max ${c.healthMaxMs.toFixed(0)} ms`,
    })),
    {
      section: '6 hostile verification',
      figure: 'genuine credential, POST /credentials/verify (4 at a time)',
      value: `${figures.genuinePerSecond.toFixed(0)} verifications/s`,
    },
  ];
}

/** GET /health/live back to back until stopped; resolves with the slowest answer (ms). */
function probeHealth(base: string): { stop: () => Promise<number> } {
  const state = { running: true };
  let slowest = 0;
  const loop = (async () => {
    while (state.running) {
      const started = performance.now();
      await fetch(`${base}/health/live`).then((r) => r.arrayBuffer());
      slowest = Math.max(slowest, performance.now() - started);
    }
  })();
  return {
    stop: async () => {
      state.running = false;
      await loop;
      return slowest;
    },
  };
}

/** Verifications per second of a genuine credential, four requests in flight, for `seconds`. */
async function genuineRate(base: string, credential: Json, seconds: number): Promise<number> {
  const body = JSON.stringify({ verifiableCredential: credential });
  const until = performance.now() + seconds * 1000;
  let done = 0;
  const client = async () => {
    while (performance.now() < until) {
      const response = await fetch(`${base}/credentials/verify`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body,
      });
      await response.arrayBuffer();
      if (response.status !== 200) throw new Error(`a genuine credential answered ${String(response.status)}`);
      done += 1;
    }
  };
  const started = performance.now();
  await Promise.all([client(), client(), client(), client()]);
  return done / ((performance.now() - started) / 1000);
}

function repeat(value: unknown, n: number): unknown[] {
  return Array.from({ length: n }, () => value);
}

/** A 1×1 PNG with one compressed iTXt credential chunk of `bytes` '[' characters. */
function inflatingPng(bytes: number): Buffer {
  const chunk = (name: string, data: Buffer): Buffer => {
    const head = Buffer.alloc(4);
    head.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(name, 'latin1'), data]);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(body));
    return Buffer.concat([head, body, crc]);
  };
  const text = deflateSync(Buffer.alloc(bytes, '['), { level: 9 });
  const itxt = Buffer.concat([Buffer.from('openbadgecredential\0\u0001\0\0\0', 'latin1'), text]);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', Buffer.from([0, 0, 0, 1, 0, 0, 0, 1, 8, 0, 0, 0, 0])),
    chunk('iTXt', itxt),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}
