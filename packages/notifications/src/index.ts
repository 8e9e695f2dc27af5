export { DeliveryError } from './delivery-error.js';
export { issuedEmail, type IssuedEmailInput, type EmailMessage } from './issued-email.js';
export { createMailer, type Mailer, type MailerOptions } from './mailer.js';
export { signWebhook, verifyWebhookSignature } from './webhook-signature.js';
export { postWebhook, type PostWebhookOptions, type WebhookEvent } from './post-webhook.js';
export { retryDelayMs, MAX_DELIVERY_ATTEMPTS } from './retry-delay.js';
