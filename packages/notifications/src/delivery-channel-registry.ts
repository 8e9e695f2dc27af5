import { DELIVERY_CHANNELS } from './channels/delivery-channels.js';
import type { ChannelServices, DeliveryChannel, IssuedRecipient } from './delivery-channel.js';

/** A channel list that cannot work: a duplicate or malformed name. Thrown when the registry is built. */
export class DeliveryChannelRegistryError extends Error {
  override readonly name = 'DeliveryChannelRegistryError';
}

/** A delivery names a channel that is not registered (say, one removed while deliveries were pending). */
export class UnknownDeliveryChannelError extends Error {
  override readonly name = 'UnknownDeliveryChannelError';

  constructor(
    readonly channel: string,
    known: readonly string[],
  ) {
    super(`no delivery channel named '${channel}' is registered (known: ${known.join(', ')})`);
  }
}

/** The channels, looked up by name: the only place that knows which channels exist. */
export interface DeliveryChannelRegistry {
  /** In registration order. */
  readonly names: readonly string[];
  /** @throws UnknownDeliveryChannelError */
  get(name: string): DeliveryChannel;
  has(name: string): boolean;
  /** The deliveries to record for an issued credential, one per channel that applies, in registration order. */
  targetsFor(recipient: IssuedRecipient, services: ChannelServices): { channel: string; lmsClientId: string | null }[];
}

// Stored in a text column and shown in CLI and API output: keep names plain and short.
const NAME = /^[a-z][a-z0-9-]{0,39}$/;

export function createDeliveryChannelRegistry(channels: readonly DeliveryChannel[]): DeliveryChannelRegistry {
  const byName = new Map<string, DeliveryChannel>();
  for (const channel of channels) {
    if (!NAME.test(channel.name))
      throw new DeliveryChannelRegistryError(`delivery channel name '${channel.name}' is not ${String(NAME)}`);
    if (byName.has(channel.name))
      throw new DeliveryChannelRegistryError(`delivery channel '${channel.name}' is registered twice`);
    byName.set(channel.name, channel);
  }
  const names = [...byName.keys()];
  return {
    names,
    get(name) {
      const channel = byName.get(name);
      if (channel === undefined) throw new UnknownDeliveryChannelError(name, names);
      return channel;
    },
    has: (name) => byName.has(name),
    targetsFor(recipient, services) {
      return channels.flatMap((channel) => {
        const target = channel.appliesTo(recipient, services);
        return target === undefined ? [] : [{ channel: channel.name, lmsClientId: target.lmsClientId }];
      });
    },
  };
}

/** The registry of `DELIVERY_CHANNELS`; built at import, so a bad list stops the process at start-up. */
export const deliveryChannels: DeliveryChannelRegistry = createDeliveryChannelRegistry(DELIVERY_CHANNELS);
