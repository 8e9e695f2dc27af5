import { DeliveryError } from './delivery-error.js';
import type { FailureVerdict } from './delivery-channel.js';

/**
 * The usual verdict: a transient `DeliveryError` is retried; a permanent one, and any other error
 * (a bug, a broken payload), is dead at once, since trying again cannot change it.
 */
export function classifyDeliveryError(error: unknown): FailureVerdict {
  return error instanceof DeliveryError && !error.permanent ? 'retry' : 'dead';
}
