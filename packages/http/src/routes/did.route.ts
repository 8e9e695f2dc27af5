import type { Runtime } from '@attain/runtime';
import type { AttainFastify } from '../app-types.js';

/** did:web resolution: https://host/.well-known/did.json, present only when the issuer uses did:web. */
export function registerDidRoutes(app: AttainFastify, runtime: Runtime): void {
  if (runtime.config.issuer.didMethod !== 'web') return;
  // Read at request time: a rotated key appears here next to every earlier one.
  app.get(
    '/.well-known/did.json',
    { schema: { tags: ['credentials'], summary: "The issuer's DID document" } },
    (_request, reply) => reply.header('content-type', 'application/did+json').send(runtime.issuer.didDocument),
  );
}
