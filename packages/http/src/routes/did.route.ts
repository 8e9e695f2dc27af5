import type { Runtime } from '@attain/runtime';
import type { AttainFastify } from '../app-types.js';

/** did:web resolution: https://host/.well-known/did.json, present only when the issuer uses did:web. */
export function registerDidRoutes(app: AttainFastify, runtime: Runtime): void {
  const document = runtime.issuer.didDocument;
  if (document === undefined) return;
  app.get(
    '/.well-known/did.json',
    { schema: { tags: ['credentials'], summary: "The issuer's DID document" } },
    (_request, reply) => reply.header('content-type', 'application/did+json').send(document),
  );
}
