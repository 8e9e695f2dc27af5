import { describe, expect, it } from 'vitest';
import { DELIVERY_CHANNELS } from './channels/delivery-channels.js';
import type { ChannelServices, DeliveryChannel } from './delivery-channel.js';
import {
  createDeliveryChannelRegistry,
  deliveryChannels,
  DeliveryChannelRegistryError,
  UnknownDeliveryChannelError,
} from './delivery-channel-registry.js';
import { classifyDeliveryError } from './classify-delivery-error.js';
import type { Mailer } from './mailer.js';

const channel = (name: string): DeliveryChannel => ({
  name,
  appliesTo: () => ({ lmsClientId: null }),
  deliver: () => Promise.resolve(),
  classify: classifyDeliveryError,
});

const mailer = {} as Mailer;
const services = (withMailer: boolean): ChannelServices => ({
  mailer: withMailer ? mailer : undefined,
  openSecret: (sealed) => sealed,
  now: () => new Date('2026-03-01T12:00:00.000Z'),
});

describe('delivery channel registry', () => {
  it('registers e-mail and webhook, in that order, each name once', () => {
    expect(deliveryChannels.names).toEqual(['email', 'webhook']);
    expect(new Set(DELIVERY_CHANNELS.map((c) => c.name)).size).toBe(DELIVERY_CHANNELS.length);
    expect(deliveryChannels.get('webhook')).toBe(DELIVERY_CHANNELS[1]);
    expect(deliveryChannels.has('email')).toBe(true);
  });

  it('refuses a channel registered twice, or a name the deliveries table should not hold', () => {
    expect(() => createDeliveryChannelRegistry([channel('email'), channel('sms'), channel('email')])).toThrow(
      new DeliveryChannelRegistryError("delivery channel 'email' is registered twice"),
    );
    for (const name of ['', 'Wallet', 'wallet pickup', 'x'.repeat(41), '-x'])
      expect(() => createDeliveryChannelRegistry([channel(name)])).toThrow(DeliveryChannelRegistryError);
    expect(createDeliveryChannelRegistry([channel('wallet-pickup')]).names).toEqual(['wallet-pickup']);
  });

  it('refuses an unknown name', () => {
    expect(deliveryChannels.has('sms')).toBe(false);
    expect(() => deliveryChannels.get('sms')).toThrow(UnknownDeliveryChannelError);
    expect(() => deliveryChannels.get('sms')).toThrow(
      "no delivery channel named 'sms' is registered (known: email, webhook)",
    );
    expect(() => deliveryChannels.get('Email')).toThrow(UnknownDeliveryChannelError);
  });

  it('picks the channels that apply to an issued credential, as the pipeline did before', () => {
    const client = { id: 'c-1', webhookUrl: 'https://lms.example/hook' };
    expect(deliveryChannels.targetsFor({ identityType: 'emailAddress', lmsClient: client }, services(true))).toEqual([
      { channel: 'email', lmsClientId: null },
      { channel: 'webhook', lmsClientId: 'c-1' },
    ]);
    expect(deliveryChannels.targetsFor({ identityType: 'emailAddress', lmsClient: client }, services(false))).toEqual([
      { channel: 'webhook', lmsClientId: 'c-1' },
    ]);
    expect(
      deliveryChannels.targetsFor(
        { identityType: 'lmsUserId', lmsClient: { id: 'c-1', webhookUrl: null } },
        services(true),
      ),
    ).toEqual([]);
  });
});
