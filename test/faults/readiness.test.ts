import { Portal } from "../support/harness";

async function probe(url: string): Promise<{ status: number; body: unknown }> {
  const response = await fetch(url);
  return { status: response.status, body: await response.json() };
}

/**
 * /healthz says the process is alive; /readyz says it can serve (database reachable, schema
 * current, not draining), so a load balancer sends traffic only to ready servers.
 */
describe("readiness (/readyz) beside liveness (/healthz)", () => {
  describe("a running server", () => {
    let portal: Portal;
    beforeAll(async () => (portal = await Portal.start()));
    afterAll(() => portal.stop());

    it("is ready when its database answers and has run every migration", async () => {
      expect(await probe(`${portal.url}/readyz`)).toEqual({ status: 200, body: { status: "ready", database: "ok" } });
    });

    it("is not ready while the database lacks a migration this server needs, and is again once it has run", async () => {
      const last = portal.dataSource.migrations[portal.dataSource.migrations.length - 1].name;
      await portal.dataSource.undoLastMigration({ transaction: "each" });

      const behind = await probe(`${portal.url}/readyz`);
      const alive = await probe(`${portal.url}/healthz`);
      await portal.dataSource.runMigrations({ transaction: "each" });
      const caughtUp = await probe(`${portal.url}/readyz`);

      expect(behind).toEqual({ status: 503, body: { status: "unavailable", database: "schema out of date", pendingMigrations: [last] } });
      expect(alive.status).toBe(200);
      expect(caughtUp.status).toBe(200);
    });

    it("is not ready, nor alive, when its database cannot be reached", async () => {
      await portal.dataSource.destroy();

      expect(await probe(`${portal.url}/readyz`)).toEqual({ status: 503, body: { status: "unavailable", database: "unreachable" } });
      expect((await probe(`${portal.url}/healthz`)).status).toBe(503);
    });
  });

  describe("a server stopping, as on SIGTERM, with DRAIN_DELAY_MS=3000", () => {
    let portal: Portal;
    beforeAll(async () => (portal = await Portal.start({ DRAIN_DELAY_MS: "3000" })));

    it("reports not ready at once while it still serves requests, then stops taking them", async () => {
      let stopped = false;
      const stopping = portal.stop().then(() => (stopped = true));

      const readyz = await probe(`${portal.url}/readyz`);
      const healthz = await probe(`${portal.url}/healthz`);
      const served = await portal.platform(`{ __typename }`);

      expect(readyz).toEqual({ status: 503, body: { status: "draining", database: "ok" } });
      expect(healthz.status).toBe(200);
      expect(served.status).toBe(200);
      expect(stopped).toBe(false);
      await stopping;
      await expect(fetch(`${portal.url}/readyz`)).rejects.toThrow();
    });
  });
});
