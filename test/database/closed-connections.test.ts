import type { MysqlDriver } from "typeorm/driver/mysql/MysqlDriver.js";
import { Portal, onMysql } from "../support/harness";

/**
 * A store that rolls back without a callback on a connection that was closed (after a statement
 * timed out, or by the pool) gets an 'error' event; rate-limiter-flexible's MySQL store does
 * that. Such an event must not end the server.
 */
(onMysql ? describe : describe.skip)("MariaDB only (SQLite has no pool): a pooled connection closed under a caller", () => {
  let portal: Portal;

  beforeAll(async () => (portal = await Portal.start()));
  afterAll(() => portal.stop());

  it("answers a command sent without a callback after it closed with an error event that nothing throws", async () => {
    type Pooled = { query(sql: string): unknown; destroy(): void; listenerCount(event: string): number };
    const connection = (await (portal.dataSource.driver as MysqlDriver).obtainMasterConnection()) as Pooled;
    connection.destroy();
    // Twice: the pool's own once-listener handles the first event only.
    expect(() => connection.query("ROLLBACK")).not.toThrow();
    expect(() => connection.query("ROLLBACK")).not.toThrow();
    // The portal still serves.
    expect((await portal.gql("{ __typename }")).data).toEqual({ __typename: "Query" });
  });
});
