import { DataIntegrityProof } from '@digitalbazaar/data-integrity';
import { cryptosuite } from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';
import * as vc from '@digitalbazaar/vc';
import { checkStatus } from '@digitalbazaar/vc-bitstring-status-list';
import type { TestSystem } from './test-system.js';

/** The stock verification suite, independent of our signing code. */
export function stockSuite(): unknown {
  return new DataIntegrityProof({ cryptosuite });
}

export interface StockVerification {
  verified: boolean;
  /** One bit per status entry, as the stock Bitstring Status List library reads it. */
  statusBits: boolean[];
  error?: unknown;
}

/**
 * Verifies with the stock libraries only: @digitalbazaar/vc for the proof and
 * @digitalbazaar/vc-bitstring-status-list for status, fetching status lists from the running app.
 */
export async function stockVerify(system: TestSystem, credential: unknown): Promise<StockVerification> {
  const documentLoader = async (url: string) => {
    const path = url.startsWith('http://attain.test/') ? new URL(url).pathname : undefined;
    if (path === undefined) return system.runtime.issuer.documentLoader(url);
    const response = await system.app.inject({ method: 'GET', url: path });
    if (response.statusCode !== 200) throw new Error(`GET ${path} answered ${response.statusCode}`);
    return { contextUrl: null, documentUrl: url, document: response.json<unknown>() };
  };
  const result = (await vc.verifyCredential({
    credential,
    suite: stockSuite(),
    documentLoader,
    checkStatus: (options) => checkStatus({ ...options, documentLoader, suite: stockSuite() }),
  })) as vc.VcVerifyResult & { statusResult?: { verified: boolean; results?: { status: boolean }[] } };
  return {
    verified: result.verified && result.statusResult?.verified !== false,
    statusBits: result.statusResult?.results?.map((r) => r.status) ?? [],
    ...(result.error === undefined ? {} : { error: result.error }),
  };
}
