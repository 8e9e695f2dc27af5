import type { DeliveryChannel } from '../delivery-channel.js';
import { emailChannel } from './email/email.channel.js';
import { webhookChannel } from './webhook/webhook.channel.js';

/**
 * Every delivery channel, one line each. The order is the order in which an issued credential's
 * deliveries are created. A name stored in `deliveries.channel` must stay registered, or its
 * pending deliveries are given up as unknown.
 */
export const DELIVERY_CHANNELS: readonly DeliveryChannel[] = [emailChannel, webhookChannel];
