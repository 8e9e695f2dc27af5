import * as Ed25519Multikey from '@digitalbazaar/ed25519-multikey';

/** An Ed25519 key pair in Multikey form, as stored (encrypted) by the caller. */
export interface Ed25519KeyMaterial {
  publicKeyMultibase: string;
  secretKeyMultibase: string;
}

export async function generateEd25519Key(): Promise<Ed25519KeyMaterial> {
  const keyPair = await Ed25519Multikey.generate();
  if (keyPair.secretKeyMultibase === undefined) throw new Error('Ed25519Multikey.generate() returned no secret key');
  return { publicKeyMultibase: keyPair.publicKeyMultibase, secretKeyMultibase: keyPair.secretKeyMultibase };
}
