import { DeliveryError } from './delivery-error.js';
import { signWebhook } from './webhook-signature.js';

export interface WebhookEvent {
  id: string;
  type: string;
  createdAt: string;
  data: Record<string, unknown>;
}

export interface PostWebhookOptions {
  url: string;
  secret: string;
  event: WebhookEvent;
  /** For the whole exchange up to the response headers; 10 s by default. */
  timeoutMs?: number;
  now?: () => Date;
}

/** Whether a non-2xx status can change on a later attempt: timeouts, rate limits and server errors can. */
function isTransientStatus(status: number): boolean {
  return status === 408 || status === 429 || status >= 500;
}

/** fetch's own message is just "fetch failed"; the reason (ECONNREFUSED, a TLS error) is its cause. */
function describe(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  return error.cause instanceof Error ? `${error.message} (${error.cause.message})` : error.message;
}

/** POSTs a signed event; resolves on 2xx, otherwise rejects with a DeliveryError. Never follows redirects. */
export async function postWebhook(options: PostWebhookOptions): Promise<{ status: number }> {
  const url = URL.canParse(options.url) ? new URL(options.url) : null;
  if (url === null || (url.protocol !== 'https:' && url.protocol !== 'http:')) {
    // Not the URL itself: it may carry the receiver's token, and error messages end up in logs.
    throw new DeliveryError(`webhook ${options.event.id}: its URL is not an http(s) URL`, { permanent: true });
  }
  // The origin only, for the same reason.
  const target = `webhook ${options.event.id} to ${url.origin}`;
  const timestamp = Math.floor((options.now ?? (() => new Date()))().getTime() / 1000);
  const body = JSON.stringify(options.event);

  let response: Response;
  try {
    response = await fetch(url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'attain-webhook-id': options.event.id,
        'attain-webhook-timestamp': String(timestamp),
        'attain-webhook-signature': signWebhook(options.secret, timestamp, body),
      },
      body,
      // A redirect could hand the signed event to another origin; the receiver must give its final URL.
      redirect: 'manual',
      signal: AbortSignal.timeout(options.timeoutMs ?? 10_000),
    });
  } catch (error) {
    throw new DeliveryError(`${target} failed: ${describe(error)}`, { permanent: false, cause: error });
  }
  // The receiver's reply body is not used; cancelling frees the connection. Its failure changes nothing.
  await response.body?.cancel().catch(() => undefined);

  const { status } = response;
  if (status >= 200 && status < 300) return { status };
  throw new DeliveryError(`${target} answered HTTP ${status}`, { permanent: !isTransientStatus(status) });
}
