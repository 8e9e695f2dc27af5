export { DeliveryError } from './delivery-error.js';
export { issuedEmail, type IssuedEmailInput, type EmailMessage } from './issued-email.js';
export { createMailer, type Mailer, type MailerOptions } from './mailer.js';
export { signWebhook, verifyWebhookSignature } from './webhook-signature.js';
export { postWebhook, type PostWebhookOptions, type WebhookEvent } from './post-webhook.js';
export { retryDelayMs, MAX_DELIVERY_ATTEMPTS } from './retry-delay.js';
export type {
  ChannelServices,
  DeliveryChannel,
  DeliveryTarget,
  FailureVerdict,
  IssuedCredentialNotice,
  IssuedRecipient,
} from './delivery-channel.js';
export { classifyDeliveryError } from './classify-delivery-error.js';
export {
  createDeliveryChannelRegistry,
  deliveryChannels,
  DeliveryChannelRegistryError,
  UnknownDeliveryChannelError,
  type DeliveryChannelRegistry,
} from './delivery-channel-registry.js';
export { DELIVERY_CHANNELS } from './channels/delivery-channels.js';
export { emailChannel } from './channels/email/email.channel.js';
export { webhookChannel } from './channels/webhook/webhook.channel.js';
