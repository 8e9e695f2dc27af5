/**
 * A notification that was not delivered. `permanent` says whether trying again can help: a worker
 * fails the job for good when it is true (BullMQ's `UnrecoverableError`) and retries it otherwise.
 */
export class DeliveryError extends Error {
  override readonly name = 'DeliveryError';
  readonly permanent: boolean;

  constructor(message: string, options: { permanent: boolean; cause?: unknown }) {
    super(message, { cause: options.cause });
    this.permanent = options.permanent;
  }
}
