import { createServer, type Server, type Socket } from 'node:net';
import type { PGlite } from '@electric-sql/pglite';
import {
  CANCEL_REQUEST,
  commandComplete,
  GSSENC_REQUEST,
  listenCommand,
  queryText,
  searchPathOption,
  setSearchPath,
  splitBackendOutput,
  SSL_REQUEST,
  startupParameters,
  SYNC,
  takeFrontendMessage,
} from './wire-messages.js';

const CLOSED = Symbol('closed');

interface Client {
  readonly socket: Socket;
  buffer: Buffer;
  started: boolean;
  pending: (Buffer | typeof CLOSED)[];
  /** The search_path this client's session has (startup `options`, or a later SET). */
  searchPath: string;
  listens: Set<string>;
}

/**
 * Serves one PGlite (a single Postgres session) to many ordinary `pg` connections.
 *
 * PGlite has one session, so the connections must take turns on it. A connection is given the
 * session from its first message until the session is idle again (ReadyForQuery 'I'): for an
 * extended-protocol exchange (Parse … Sync) and for a whole transaction (BEGIN … COMMIT). Others
 * queue meanwhile, so their statements never land inside another connection's transaction or
 * between its Parse and its Bind. Per-connection session state that Attain relies on is kept
 * per connection: the search_path (from the startup `options` or a `SET search_path`) is put in
 * place whenever the session changes hands, and notifications go to the connections that
 * LISTENed (the session hears a NOTIFY in the reply of whoever committed it). A connection that
 * goes away mid-transaction is rolled back.
 *
 * What is not per connection: named prepared statements, session advisory locks, temporary
 * tables and other SET parameters are shared; Attain uses none of them across connections.
 */
export class PgliteSessionServer {
  private readonly server: Server;
  private readonly clients = new Set<Client>();
  private owner: Client | undefined;
  private readonly waiting: Client[] = [];
  private pumping = false;
  private idle: Promise<void> = Promise.resolve();
  private sessionSearchPath = 'public';
  private closing = false;

  constructor(private readonly db: PGlite) {
    this.server = createServer((socket) => {
      this.accept(socket);
    });
  }

  /** Listens on a TCP port (loopback) or a Unix socket path. */
  async listen(where: { host: string; port: number } | { path: string }): Promise<void> {
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      const done = (): void => {
        this.server.off('error', reject);
        resolve();
      };
      if ('path' in where) this.server.listen(where.path, done);
      else this.server.listen(where.port, where.host, done);
    });
  }

  /** The TCP port it listens on (after `listen` on a port). */
  get port(): number {
    const address = this.server.address();
    return typeof address === 'object' && address !== null ? address.port : 0;
  }

  /** Stops accepting, drops every connection and waits until the session is left idle. */
  async close(): Promise<void> {
    this.closing = true;
    const closed = new Promise<void>((resolve) => {
      this.server.close(() => {
        resolve();
      });
    });
    for (const client of this.clients) client.socket.destroy();
    await closed;
    await this.drained();
  }

  private async drained(): Promise<void> {
    while (this.pumping) await this.idle;
  }

  private accept(socket: Socket): void {
    socket.setNoDelay(true);
    const client: Client = {
      socket,
      buffer: Buffer.alloc(0),
      started: false,
      pending: [],
      searchPath: 'public',
      listens: new Set(),
    };
    this.clients.add(client);
    socket.on('data', (data) => {
      this.receive(client, data);
    });
    socket.on('error', () => {
      socket.destroy();
    });
    socket.on('close', () => {
      this.clients.delete(client);
      client.pending = [CLOSED];
      this.schedule(client);
    });
  }

  private receive(client: Client, data: Buffer): void {
    client.buffer = client.buffer.length === 0 ? data : Buffer.concat([client.buffer, data]);
    for (;;) {
      const next = takeFrontendMessage(client.buffer, client.started);
      if (next === undefined) break;
      client.buffer = next.rest;
      const { message } = next;
      if (!client.started) {
        const code = message.readInt32BE(4);
        if (code === SSL_REQUEST || code === GSSENC_REQUEST) {
          client.socket.write('N');
          continue;
        }
        if (code === CANCEL_REQUEST) {
          // One session cannot be interrupted from outside; the request is dropped, as a server may.
          client.socket.destroy();
          return;
        }
        client.started = true;
        client.searchPath = searchPathOption(startupParameters(message).get('options')) ?? 'public';
      } else if (message[0] === 0x58 /* X: Terminate */) {
        client.socket.end();
        return;
      }
      client.pending.push(Buffer.from(message));
    }
    this.schedule(client);
  }

  private schedule(client: Client): void {
    if (client !== this.owner && !this.waiting.includes(client)) this.waiting.push(client);
    if (!this.pumping) {
      this.pumping = true;
      this.idle = this.pump().finally(() => {
        this.pumping = false;
      });
    }
  }

  /** Runs queued messages one at a time, handing the session over only when it is idle. */
  private async pump(): Promise<void> {
    for (;;) {
      if (this.owner === undefined) {
        this.owner = this.waiting.shift();
        if (this.owner === undefined) return;
      }
      const client = this.owner;
      const message = client.pending.shift();
      if (message === undefined) {
        // The owner is mid-exchange or mid-transaction: nobody else may run until it goes on.
        return;
      }
      if (message === CLOSED) {
        await this.abandon();
        this.owner = undefined;
        continue;
      }
      const status = await this.run(client, message);
      if (status === 'I') {
        this.owner = undefined;
        if (client.pending.length > 0) this.waiting.push(client);
      }
    }
  }

  private async run(client: Client, message: Buffer): Promise<'I' | 'T' | 'E' | undefined> {
    const isStartup = !(message[0] !== 0 || message.length < 8 || message.readInt32BE(4) !== 196_608);
    let text: string | undefined;
    if (message[0] === 0x51 /* Q */) {
      text = queryText(message);
      const listen = listenCommand(text);
      if (listen?.command === 'UNLISTEN') {
        // Another connection may still listen on the shared session: keep listening, stop delivering.
        if (listen.channel === '*') client.listens.clear();
        else client.listens.delete(listen.channel);
        client.socket.write(commandComplete('UNLISTEN', this.db.isInTransaction() ? 'T' : 'I'));
        return this.db.isInTransaction() ? 'T' : 'I';
      }
      if (listen?.command === 'LISTEN') client.listens.add(listen.channel);
    }
    if (!isStartup && this.sessionSearchPath !== client.searchPath && !this.db.isInTransaction()) {
      await this.db.exec(`SET search_path TO ${client.searchPath}`);
      this.sessionSearchPath = client.searchPath;
    }
    let output: Uint8Array;
    try {
      output = await this.db.execProtocolRaw(new Uint8Array(message.buffer, message.byteOffset, message.length));
    } catch (error) {
      client.socket.destroy(error as Error);
      await this.abandon();
      return 'I';
    }
    const { reply, notifications, status } = splitBackendOutput(output);
    if (text !== undefined && status !== 'E') {
      const path = setSearchPath(text);
      if (path !== undefined) {
        client.searchPath = path;
        this.sessionSearchPath = path;
      }
    }
    if (isStartup) this.sessionSearchPath = '';
    if (reply.length > 0 && !client.socket.destroyed) client.socket.write(reply);
    for (const notification of notifications)
      for (const listener of this.clients)
        if (listener.listens.has(notification.channel) && !listener.socket.destroyed)
          listener.socket.write(notification.message);
    return status;
  }

  /** The session's owner went away: end its unfinished exchange and roll back its transaction. */
  private async abandon(): Promise<void> {
    // Closing: the database is about to close too, and nobody is left to see the difference.
    if (this.closing) return;
    await this.db.execProtocolRaw(new Uint8Array(SYNC));
    if (this.db.isInTransaction()) await this.db.exec('ROLLBACK');
  }
}
