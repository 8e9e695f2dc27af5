/** Postgres is down, overloaded or gave up a transaction: nothing was committed, so the client must retry. */
export function isDatabaseUnavailable(error: unknown): boolean {
  const e = error as { code?: string; message?: string };
  return (
    // Connection refused/reset/timed out, admin shutdown, cannot connect now, too many
    // connections, deadlock and serialization failures: all worth a retry by the client.
    // Class 08 is "connection exception"; 57P0x an administrator or crash ended the session.
    ['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', '57P01', '57P02', '57P03', '53300', '40P01', '40001'].includes(
      e.code ?? '',
    ) ||
    /^08/.test(e.code ?? '') ||
    /timeout exceeded when trying to connect|Connection terminated|not queryable|not currently accepting connections/i.test(
      e.message ?? '',
    )
  );
}
