import { parentPort } from 'node:worker_threads';
import { createDocumentLoader, type DocumentLoader } from './document-loader.js';
import { verifyPresentationProofs } from './presentation-proofs.js';
import { checkSignature } from './signature.check.js';
import type { StockJob } from './stock-verifier.js';

// The thread the stock JSON-LD path runs in (and the whole signature check of a large document),
// so that it never blocks the server's event loop. DIDs
// other than did:key were resolved by the main thread (it holds the database) and come with the job.
const base = createDocumentLoader();

function loaderFor(documents: [string, unknown][]): DocumentLoader {
  const known = new Map(documents);
  return async (url) => {
    if (!known.has(url)) return base(url);
    return { contextUrl: null, documentUrl: url, document: known.get(url) };
  };
}

parentPort?.on('message', (job: StockJob) => {
  const documentLoader = loaderFor(job.documents);
  const now = new Date(job.now);
  const work =
    job.kind === 'credential'
      ? checkSignature(job.document, documentLoader, now)
      : verifyPresentationProofs({
          presentation: job.document,
          challenge: job.challenge ?? '',
          ...(job.domain === undefined ? {} : { domain: job.domain }),
          documentLoader,
          now,
        });
  work.then(
    (result) => parentPort?.postMessage({ id: job.id, result }),
    (error: unknown) =>
      parentPort?.postMessage({ id: job.id, error: error instanceof Error ? error.message : String(error) }),
  );
});

parentPort?.postMessage({ id: 0, ready: true });
