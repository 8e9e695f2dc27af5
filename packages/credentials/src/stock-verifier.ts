import { Worker } from 'node:worker_threads';
import type { DocumentLoader } from './document-loader.js';
import { isRecord } from './is-record.js';
import type { PresentationProofs } from './presentation-proofs.js';
import { proofsOf, verificationMethodIdOf } from './proofs.js';
import type { SignatureResult } from './signature.check.js';

/** One piece of stock JSON-LD work, as posted to the worker thread. */
export interface StockJob {
  id: number;
  kind: 'credential' | 'presentation';
  document: Record<string, unknown>;
  documents: [string, unknown][];
  now: string;
  challenge?: string;
  domain?: string;
}

/**
 * Runs the stock (jsonld + rdf-canonize) verification path in a worker thread, one job at a time
 * (a credential's job is the whole signature check: fast path first, then stock),
 * each under a deadline: the stock path never yields to the event loop, and a credential within the
 * verification limits can still keep it busy for hundreds of milliseconds. A job past its deadline
 * has its thread terminated and answers "not verified"; more than `maxQueued` waiting jobs are refused
 * with VerifierBusyError (HTTP 503), so a flood of hostile documents queues no further.
 */
export interface StockVerifier {
  credentialSignature(args: {
    credential: Record<string, unknown>;
    documentLoader: DocumentLoader;
    now: Date;
  }): Promise<SignatureResult>;
  presentationProofs(args: {
    presentation: Record<string, unknown>;
    challenge: string;
    domain?: string;
    documentLoader: DocumentLoader;
    now: Date;
  }): Promise<PresentationProofs>;
  /** Starts the thread now (it loads jsonld and the suites), so the first document does not wait for that. */
  warm(): void;
  close(): Promise<void>;
}

/** Too many documents are waiting for the stock verification path; try again shortly. */
export class VerifierBusyError extends Error {
  override readonly name = 'VerifierBusyError';
  constructor(readonly retryAfterSeconds: number) {
    super('The verifier is busy with other documents; retry in a moment.');
  }
}

export interface StockVerifierOptions {
  /** Longest a single job may run before its thread is terminated (default 800 ms). */
  deadlineMs?: number;
  /** Jobs allowed to wait behind the running one (default 8). */
  maxQueued?: number;
}

interface Pending {
  job: StockJob;
  resolve: (result: unknown) => void;
  reject: (error: Error) => void;
}

class DeadlineError extends Error {}

export function createStockVerifier(options: StockVerifierOptions = {}): StockVerifier {
  const deadlineMs = options.deadlineMs ?? 800;
  const maxQueued = options.maxQueued ?? 8;
  const queue: Pending[] = [];
  let worker: Worker | undefined;
  // A new thread loads jsonld and the suites first (a few hundred ms): no deadline runs until it says so.
  let ready = false;
  let running: (Pending & { timer: NodeJS.Timeout }) | undefined;
  let nextId = 1;
  let closed = false;

  const spawn = (): Worker => {
    const thread = new Worker(new URL('./stock-verification.worker.js', import.meta.url));
    thread.unref();
    thread.on('message', (message: { id: number; ready?: true; result?: unknown; error?: string }) => {
      if (message.ready === true) {
        if (worker === thread) ready = true;
        pump();
        return;
      }
      if (running === undefined || running.job.id !== message.id) return;
      const done = running;
      clearTimeout(done.timer);
      running = undefined;
      if (message.error !== undefined) done.reject(new Error(message.error));
      else done.resolve(message.result);
      pump();
    });
    thread.on('error', (error) => {
      fail(error);
    });
    thread.on('exit', () => {
      // A thread terminated at its deadline has already answered its job.
      if (worker !== thread) return;
      worker = undefined;
      fail(new Error('the verification thread stopped'));
    });
    return thread;
  };

  const fail = (error: Error): void => {
    if (running === undefined) return;
    const done = running;
    clearTimeout(done.timer);
    running = undefined;
    done.reject(error);
    pump();
  };

  const pump = (): void => {
    if (running !== undefined || closed || queue.length === 0) return;
    if (worker === undefined) {
      ready = false;
      worker = spawn();
    }
    if (!ready) return;
    const thread = worker;
    const next = queue.shift();
    if (next === undefined) return;
    const timer = setTimeout(() => {
      // Terminating is the only way to stop a synchronous JSON-LD computation; a new thread takes the next job.
      worker = undefined;
      const done = running;
      running = undefined;
      void thread.terminate();
      done?.reject(new DeadlineError(`it could not be checked within ${String(deadlineMs)} ms`));
      pump();
    }, deadlineMs);
    running = { ...next, timer };
    thread.postMessage(next.job);
  };

  const submit = <T>(job: Omit<StockJob, 'id'>): Promise<T> => {
    if (closed) return Promise.reject(new Error('the stock verifier is closed'));
    if (queue.length >= maxQueued) return Promise.reject(new VerifierBusyError(1));
    return new Promise<T>((resolve, reject) => {
      queue.push({
        job: { ...job, id: nextId++ },
        resolve: (result) => {
          resolve(result as T);
        },
        reject,
      });
      pump();
    });
  };

  return {
    async credentialSignature({ credential, documentLoader, now }) {
      const documents = await preResolve([credential], documentLoader);
      try {
        return await submit<SignatureResult>({
          kind: 'credential',
          document: credential,
          documents,
          now: now.toISOString(),
        });
      } catch (error) {
        if (error instanceof VerifierBusyError) throw error;
        return {
          check: {
            check: 'signature',
            ok: false,
            message: `The digital signature could not be verified: ${(error as Error).message}.`,
          },
          verifiedMethodIds: [],
        };
      }
    },
    async presentationProofs({ presentation, challenge, domain, documentLoader, now }) {
      const documents = await preResolve([presentation], documentLoader);
      try {
        return await submit<PresentationProofs>({
          kind: 'presentation',
          document: presentation,
          documents,
          now: now.toISOString(),
          challenge,
          ...(domain === undefined ? {} : { domain }),
        });
      } catch (error) {
        if (error instanceof VerifierBusyError) throw error;
        return { results: [], error: (error as Error).message };
      }
    },
    warm() {
      if (worker !== undefined || closed) return;
      ready = false;
      worker = spawn();
    },
    async close() {
      closed = true;
      for (const pending of queue.splice(0)) pending.reject(new Error('the stock verifier is closed'));
      fail(new Error('the stock verifier is closed'));
      await worker?.terminate();
      worker = undefined;
    },
  };
}

/**
 * The keys (and their controllers' DID documents) the proofs name, resolved here where the loader
 * can reach the database: the worker has only the bundled contexts and did:key. Unresolvable ones
 * are left out, and the worker reports them as it would any unknown document.
 */
async function preResolve(
  documents: Record<string, unknown>[],
  documentLoader: DocumentLoader,
): Promise<[string, unknown][]> {
  const urls = new Set<string>();
  for (const document of documents) {
    for (const proof of proofsOf(document)) {
      const id = verificationMethodIdOf(proof);
      if (id !== undefined && !id.startsWith('did:key:')) urls.add(id);
    }
  }
  const resolved: [string, unknown][] = [];
  for (const url of urls) {
    try {
      const method = (await documentLoader(url)).document;
      resolved.push([url, method]);
      const controller = isRecord(method) ? method.controller : undefined;
      if (typeof controller === 'string' && !controller.startsWith('did:key:'))
        resolved.push([controller, (await documentLoader(controller)).document]);
    } catch {
      // The worker's loader fails on it in turn, with the library's own message.
    }
  }
  return resolved;
}
