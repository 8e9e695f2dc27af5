import { availableParallelism } from 'node:os';
import { pathToFileURL } from 'node:url';
import { signCredential, signCredentialStock } from '../credential-signer.js';
import { didKeyIdentifiers } from '../did-key.js';
import { createDocumentLoader } from '../document-loader.js';
import { generateEd25519Key } from '../ed25519-key.js';
import { createEd25519Signer } from '../ed25519-signer.js';
import { levelCredentialInput, SIGNED_AT, VERIFIED_AT } from '../level-credential.fixture.js';
import { buildLevelCredential } from '../level-credential.builder.js';
import { checkSignature, checkSignatureStock } from '../signature.check.js';

export interface SigningBenchResult {
  stockIssuePerSec: number;
  fastIssuePerSec: number;
  stockVerifyPerSec: number;
  fastVerifyPerSec: number;
  /**
   * The same four rates per second of process CPU time (all threads, so GC helpers count): steadier
   * than wall-clock rates on a machine that other work shares.
   */
  perCpuSecond: { stockIssue: number; fastIssue: number; stockVerify: number; fastVerify: number };
}

type Operation = 'stockIssue' | 'fastIssue' | 'stockVerify' | 'fastVerify';

export interface SigningBenchOptions {
  /** Measured time per operation (after warm-up). */
  seconds?: number;
  /** Warm-up time per operation: JIT, the template cache, did:key resolution. */
  warmupSeconds?: number;
}

// Alternating slices, so that load from other processes falls on stock and fast alike.
const SLICE_MS = 200;
const DOCUMENTS = 64;

/**
 * Issuing and signature verification throughput, stock (`vc.issue` / `vc.verifyCredential`) against
 * the fast path (`signCredential` / `checkSignature`), in one process and one run. The credentials
 * are realistic: the level-credential fixture with ten alignments, each with its own id, names and
 * evidence, so that templates are reused across documents as in production.
 */
export async function benchSigning(options: SigningBenchOptions = {}): Promise<SigningBenchResult> {
  const seconds = options.seconds ?? 5;
  const warmupSeconds = options.warmupSeconds ?? 2;
  const documentLoader = createDocumentLoader();
  const key = await generateEd25519Key();
  const ids = didKeyIdentifiers(key.publicKeyMultibase);
  const signer = createEd25519Signer(key, ids.verificationMethodId);
  const credentials = Array.from({ length: DOCUMENTS }, (_, i) => benchCredential(ids.did, i));
  const signed = await Promise.all(
    credentials.map((credential) => signCredentialStock({ credential, signer, documentLoader, now: SIGNED_AT })),
  );

  let next = 0;
  const pick = <T>(items: T[]): T => items[next++ % items.length] as T;
  const operations: Record<Operation, () => Promise<unknown>> = {
    stockIssue: () => signCredentialStock({ credential: pick(credentials), signer, documentLoader, now: SIGNED_AT }),
    fastIssue: () => signCredential({ credential: pick(credentials), signer, documentLoader, now: SIGNED_AT }),
    stockVerify: () => checkSignatureStock(pick(signed), documentLoader, VERIFIED_AT),
    fastVerify: () => checkSignature(pick(signed), documentLoader, VERIFIED_AT),
  };
  const names = Object.keys(operations) as Operation[];
  for (const name of names) await runFor(operations[name], warmupSeconds * 1000);

  const totals = Object.fromEntries(names.map((name) => [name, { count: 0, ms: 0, cpuMs: 0 }]));
  const budget = seconds * 1000;
  while (names.some((name) => (totals[name]?.ms ?? 0) < budget)) {
    for (const name of names) {
      const total = totals[name];
      if (total === undefined || total.ms >= budget) continue;
      const slice = await runFor(operations[name], SLICE_MS);
      total.count += slice.count;
      total.ms += slice.ms;
      total.cpuMs += slice.cpuMs;
    }
  }
  const perSec = (name: Operation, clock: 'ms' | 'cpuMs'): number => {
    const total = totals[name];
    return total === undefined || total[clock] === 0 ? 0 : (total.count * 1000) / total[clock];
  };
  return {
    stockIssuePerSec: perSec('stockIssue', 'ms'),
    fastIssuePerSec: perSec('fastIssue', 'ms'),
    stockVerifyPerSec: perSec('stockVerify', 'ms'),
    fastVerifyPerSec: perSec('fastVerify', 'ms'),
    perCpuSecond: {
      stockIssue: perSec('stockIssue', 'cpuMs'),
      fastIssue: perSec('fastIssue', 'cpuMs'),
      stockVerify: perSec('stockVerify', 'cpuMs'),
      fastVerify: perSec('fastVerify', 'cpuMs'),
    },
  };
}

async function runFor(
  operation: () => Promise<unknown>,
  ms: number,
): Promise<{ count: number; ms: number; cpuMs: number }> {
  const cpuStart = process.cpuUsage();
  const start = performance.now();
  let count = 0;
  let now = start;
  while (now - start < ms) {
    await operation();
    count++;
    now = performance.now();
  }
  const cpu = process.cpuUsage(cpuStart);
  return { count, ms: now - start, cpuMs: (cpu.user + cpu.system) / 1000 };
}

function benchCredential(issuerId: string, index: number): Record<string, unknown> {
  const input = levelCredentialInput(issuerId);
  const base = `https://attain.example/frameworks/41-3031.00/v.26.05`;
  const statements = Array.from({ length: 10 }, (_, i) => ({
    code: `developing-${i + 1}`,
    text: `Statement ${i + 1} of the level, as the framework words it (variant ${index}).`,
    url: `${base}/statements/developing-${i + 1}`,
  }));
  return buildLevelCredential({
    ...input,
    id: `urn:uuid:6f1c7a52-3b8e-4d21-9a57-${index.toString(16).padStart(12, '0')}`,
    level: { ...input.level, statements },
    recipient: { email: `learner${index}@example.com`, salt: `3f9c1a7e5b2d${index.toString(16).padStart(4, '0')}` },
    evidence: [{ id: `https://attain.example/events/${index}`, name: `Observed client meeting #${index}` }],
  });
}

/** The table the CLI prints. */
export function formatSigningBench(result: SigningBenchResult): string {
  const row = (label: string, stock: number, fast: number): string =>
    `${label.padEnd(10)}${stock.toFixed(0).padStart(10)}${fast.toFixed(0).padStart(10)}${`${(fast / stock).toFixed(1)}×`.padStart(9)}`;
  const { perCpuSecond: cpu } = result;
  return [
    `${'wall'.padEnd(10)}${'stock/s'.padStart(10)}${'fast/s'.padStart(10)}${'ratio'.padStart(9)}`,
    row('issue', result.stockIssuePerSec, result.fastIssuePerSec),
    row('verify', result.stockVerifyPerSec, result.fastVerifyPerSec),
    `${'CPU'.padEnd(10)}${'stock/s'.padStart(10)}${'fast/s'.padStart(10)}${'ratio'.padStart(9)}`,
    row('issue', cpu.stockIssue, cpu.fastIssue),
    row('verify', cpu.stockVerify, cpu.fastVerify),
  ].join('\n');
}

// CLI: node packages/credentials/dist/bench/signing-bench.js [--seconds N] [--warmup N]
if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const argument = (flag: string): number | undefined => {
    const index = process.argv.indexOf(flag);
    const value = index < 0 ? undefined : Number(process.argv[index + 1]);
    return value !== undefined && Number.isFinite(value) && value > 0 ? value : undefined;
  };
  const seconds = argument('--seconds') ?? 5;
  const warmupSeconds = argument('--warmup') ?? 2;
  console.log(
    `eddsa-rdfc-2022 signing, level credential with 10 alignments; Node ${process.version}, ` +
      `${availableParallelism()} CPUs, ${seconds} s per operation after ${warmupSeconds} s warm-up`,
  );
  console.log(formatSigningBench(await benchSigning({ seconds, warmupSeconds })));
}
