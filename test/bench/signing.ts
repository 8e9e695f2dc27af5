import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

/** What `benchSigning` measures: issue (build + sign) and verify, stock suite against ours. */
export interface SigningFigures {
  stockIssuePerSec: number;
  fastIssuePerSec: number;
  stockVerifyPerSec: number;
  fastVerifyPerSec: number;
  /** The same per second of process CPU time, when the bench gives them (steadier on a shared machine). */
  perCpuSecond?: { stockIssue: number; fastIssue: number; stockVerify: number; fastVerify: number };
}

// ---------------------------------------------------------------------------------------------
// ADAPTER. `benchSigning({ seconds })` lives in packages/credentials/src/bench/signing-bench.ts
// (not exported from the package index), so it is loaded from its build by path. When that file
// is not built, the signing rows say "not available" and the rest of the bench runs. If its name
// or result shape changes, this function is the one place to adapt.
// SIGNING_BENCH_MODULE=<path> loads another module of the same shape (to try the adapter).
// ---------------------------------------------------------------------------------------------
const SIGNING_BENCH =
  process.env.SIGNING_BENCH_MODULE === undefined
    ? new URL('../../../packages/credentials/dist/bench/signing-bench.js', import.meta.url)
    : pathToFileURL(resolve(process.env.SIGNING_BENCH_MODULE));

type BenchSigning = (options: { seconds: number }) => Promise<SigningFigures>;

export async function benchSigning(options: { seconds: number }): Promise<SigningFigures | undefined> {
  if (!existsSync(fileURLToPath(SIGNING_BENCH))) return undefined;
  const module = (await import(SIGNING_BENCH.href)) as { benchSigning?: BenchSigning };
  if (typeof module.benchSigning !== 'function')
    throw new Error(`${fileURLToPath(SIGNING_BENCH)} does not export benchSigning`);
  const figures = await module.benchSigning(options);
  for (const key of ['stockIssuePerSec', 'fastIssuePerSec', 'stockVerifyPerSec', 'fastVerifyPerSec'] as const) {
    if (typeof figures[key] !== 'number') throw new Error(`benchSigning gave no number for ${key}`);
  }
  return figures;
}

export function signingBenchPath(): string {
  return fileURLToPath(SIGNING_BENCH);
}

/** The same measurement in a child process with extra node flags (e.g. --single-threaded-gc). */
export function benchSigningInChild(flags: string[], seconds: number): Promise<SigningFigures | undefined> {
  const script = fileURLToPath(new URL('./signing-child.js', import.meta.url));
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...flags, script, String(seconds)], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => {
      stdout += d.toString();
    });
    child.stderr.on('data', (d: Buffer) => {
      stderr += d.toString();
    });
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0) {
        reject(new Error(`signing bench (${flags.join(' ')}) exited with ${String(code)}: ${stderr.slice(-2000)}`));
        return;
      }
      // The figures are the last line; the bench may print progress before it.
      const last = stdout.trim().split('\n').at(-1) ?? 'null';
      resolve((JSON.parse(last) as SigningFigures | null) ?? undefined);
    });
  });
}
