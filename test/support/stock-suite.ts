import { DataIntegrityProof } from '@digitalbazaar/data-integrity';
import { cryptosuite } from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';

/** The stock verification suite, independent of our signing code. */
export function stockSuite(): unknown {
  return new DataIntegrityProof({ cryptosuite });
}
