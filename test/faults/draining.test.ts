import type { GivenPartner, GivenSite } from "../support/given";
import { Portal } from "../support/harness";
import { send } from "../support/http";
import { ops } from "../support/operations";

/**
 * On SIGTERM, server/index.ts stops the app (the same stop() the harness calls) before the
 * mail worker and the database: requests in flight finish, new connections are refused.
 */
describe("stopping the server while a request is in flight", () => {
  let portal: Portal;
  let partner: GivenPartner;
  let site: GivenSite;
  let stopped = false;

  beforeAll(async () => {
    portal = await Portal.start();
    partner = await portal.given.partner();
    site = await portal.given.site(partner, { name: "Drained", credits: 1 });
    await portal.given.credits(partner, 10);
  });
  afterAll(async () => {
    if (!stopped) await portal.stop();
  });

  it("finishes the request that is being received, refuses new connections, and only then stops", async () => {
    const body = JSON.stringify({ query: ops.allocateCredits, variables: { input: { siteId: site.id, credits: 4, note: "slow client" } } });
    const half = Math.floor(body.length / 2);
    let stopping: Promise<void> | null = null;
    let stoppedAt = 0;

    // A slow client: the request's headers and first half arrive, the rest 1.5 s later.
    const inFlight = send(`${portal.url}/graphql`, {
      headers: { "content-type": "application/json", authorization: `Bearer ${partner.master.token}` },
      body: [body.slice(0, half), body.slice(half)],
      pauseMs: 1500,
      onSent: () => {
        setTimeout(() => {
          stopping = portal.stop().then(() => {
            stoppedAt = Date.now();
          });
        }, 100);
      },
    });

    // While it drains, a new client cannot connect.
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect(stopping).not.toBeNull();
    await expect(fetch(`${portal.url}/healthz`)).rejects.toThrow();
    // Just before the rest of the body arrives, the server is still waiting for it.
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(stoppedAt).toBe(0);

    // The request is answered in full, its change made while the database was still open.
    const response = await inFlight;
    expect(response.status).toBe(200);
    expect(response.json.errors).toBeUndefined();
    expect(response.json.data.allocateCredits).toMatchObject({ site: { credits: 5 }, partner: { unallocatedCredits: 6 }, userErrors: [] });

    await stopping;
    stopped = true;
    expect(stoppedAt).toBeGreaterThan(0);
    expect(portal.errorsLogged).toEqual([]);
  });
});
