import { decodeEd25519PublicKey } from './ed25519-multikey.js';

/** The did:key DID of an Ed25519 public key and the id of its one verification method. */
export function didKeyIdentifiers(publicKeyMultibase: string): { did: string; verificationMethodId: string } {
  decodeEd25519PublicKey(publicKeyMultibase); // fail here rather than at verification time
  const did = `did:key:${publicKeyMultibase}`;
  return { did, verificationMethodId: `${did}#${publicKeyMultibase}` };
}
