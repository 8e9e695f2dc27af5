/** Just enough of the PostgreSQL wire protocol (v3) to multiplex clients onto one session. */

export const SSL_REQUEST = 80_877_103;
export const GSSENC_REQUEST = 80_877_104;
export const CANCEL_REQUEST = 80_877_102;
export const PROTOCOL_3 = 196_608;

/** A complete frontend message, split off the front of `buffer`; undefined when more bytes are due. */
export function takeFrontendMessage(buffer: Buffer, started: boolean): { message: Buffer; rest: Buffer } | undefined {
  // Before the startup packet, messages have no type byte: int32 length, int32 code.
  const headerLength = started ? 5 : 8;
  if (buffer.length < headerLength) return undefined;
  const length = started ? 1 + buffer.readInt32BE(1) : buffer.readInt32BE(0);
  if (buffer.length < length) return undefined;
  return { message: buffer.subarray(0, length), rest: buffer.subarray(length) };
}

/** The parameters of a startup packet (user, database, options, application_name, ...). */
export function startupParameters(packet: Buffer): Map<string, string> {
  const parts = packet.subarray(8).toString('utf8').split('\0');
  const parameters = new Map<string, string>();
  for (let i = 0; i + 1 < parts.length && parts[i] !== ''; i += 2) parameters.set(parts[i] ?? '', parts[i + 1] ?? '');
  return parameters;
}

/** The search_path a client asked for in its startup `options` (`-c search_path=x`), if any. */
export function searchPathOption(options: string | undefined): string | undefined {
  const match = /(?:-c\s*|--)search_path=("[^"]*"|[^\s]+)/.exec(options ?? '');
  return match?.[1];
}

/** The text of a simple-protocol Query ('Q') message. */
export function queryText(message: Buffer): string {
  return message.subarray(5, message.length - 1).toString('utf8');
}

/** The statement without the comments before it (BullMQ's SQL files start with some). */
function withoutLeadingComments(text: string): string {
  return text.replace(/^(?:\s+|--[^\n]*(?:\n|$)|\/\*[\s\S]*?\*\/)*/, '');
}

/** `LISTEN ch` / `UNLISTEN ch|*` in a simple query: the channel as the server names it. */
export function listenCommand(sql: string): { command: 'LISTEN' | 'UNLISTEN'; channel: string } | undefined {
  const text = withoutLeadingComments(sql);
  const match = /^\s*(LISTEN|UNLISTEN)\s+(?:"((?:[^"]|"")+)"|([A-Za-z_][\w$]*|\*))\s*;?\s*$/i.exec(text);
  if (match === null) return undefined;
  const command = (match[1] ?? '').toUpperCase() as 'LISTEN' | 'UNLISTEN';
  const channel = match[2] !== undefined ? match[2].replaceAll('""', '"') : (match[3] ?? '').toLowerCase();
  return { command, channel };
}

/** A session-level `SET search_path ...` (not SET LOCAL): the value it sets. */
export function setSearchPath(sql: string): string | undefined {
  const text = withoutLeadingComments(sql);
  const match = /^\s*SET\s+(?:SESSION\s+)?search_path\s*(?:=|TO)\s*(.+?)\s*;?\s*$/i.exec(text);
  return match?.[1];
}

export interface BackendOutput {
  /** Everything but the notifications, to go to the client that ran the message. */
  reply: Buffer;
  /** NotificationResponse messages, whole, by channel: they go to the clients that listen. */
  notifications: { channel: string; message: Buffer }[];
  /** The transaction status of the last ReadyForQuery ('I' idle, 'T' in a transaction, 'E' failed). */
  status: 'I' | 'T' | 'E' | undefined;
}

/** Splits a backend reply into what its client gets, the notifications in it, and its final status. */
export function splitBackendOutput(output: Uint8Array): BackendOutput {
  const bytes = Buffer.from(output.buffer, output.byteOffset, output.byteLength);
  const kept: Buffer[] = [];
  const notifications: BackendOutput['notifications'] = [];
  let status: BackendOutput['status'];
  let offset = 0;
  while (offset + 5 <= bytes.length) {
    const type = String.fromCharCode(bytes[offset] ?? 0);
    const end = offset + 1 + bytes.readInt32BE(offset + 1);
    if (end > bytes.length) break;
    const message = bytes.subarray(offset, end);
    if (type === 'A') {
      const body = message.subarray(9);
      const nul = body.indexOf(0);
      notifications.push({ channel: body.subarray(0, nul).toString('utf8'), message: Buffer.from(message) });
    } else {
      if (type === 'Z') status = String.fromCharCode(message[5] ?? 73) as 'I' | 'T' | 'E';
      kept.push(message);
    }
    offset = end;
  }
  if (offset < bytes.length) kept.push(bytes.subarray(offset));
  return { reply: Buffer.concat(kept.map((b) => Buffer.from(b))), notifications, status };
}

/** CommandComplete + ReadyForQuery, for a command answered without running it. */
export function commandComplete(tag: string, status: 'I' | 'T' | 'E'): Buffer {
  const tagBytes = Buffer.from(`${tag}\0`, 'utf8');
  const complete = Buffer.alloc(5 + tagBytes.length);
  complete.write('C', 0, 'latin1');
  complete.writeInt32BE(4 + tagBytes.length, 1);
  tagBytes.copy(complete, 5);
  const ready = Buffer.from([0x5a, 0, 0, 0, 5, status.charCodeAt(0)]);
  return Buffer.concat([complete, ready]);
}

/** A Sync message: ends an unfinished extended-protocol exchange. */
export const SYNC = Buffer.from([0x53, 0, 0, 0, 4]);
