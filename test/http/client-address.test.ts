import { Portal } from "../support/harness";
import { ops } from "../support/operations";

/**
 * The client's address (rate limits, log-in throttling, the audit log) is the socket's peer,
 * unless TRUST_PROXY_HOPS says how many proxies in front may be believed in X-Forwarded-For.
 */
const lastAddress = `{ auditLog(first: 1) { edges { node { action clientAddress } } } }`;

async function auditedAddress(portal: Portal, forwardedFor: string): Promise<{ action: string; clientAddress: string }> {
  const partner = await portal.given.partner();
  const site = await portal.given.site(partner);
  const response = await portal.gql(ops.updateSite, { input: { id: site.id, notes: "through a proxy" } }, { token: partner.master.token, headers: { "x-forwarded-for": forwardedFor } });
  expect(response.data.updateSite.userErrors).toEqual([]);
  const log = await portal.gql(lastAddress, {}, { token: partner.master.token });
  return log.data.auditLog.edges[0].node;
}

describe("the client's address", () => {
  describe("with no trusted proxy (the default)", () => {
    let portal: Portal;
    beforeAll(async () => (portal = await Portal.start()));
    afterAll(() => portal.stop());

    it("ignores a forged X-Forwarded-For and records the connection's own address", async () => {
      expect(await auditedAddress(portal, "203.0.113.7")).toEqual({ action: "updateSite", clientAddress: "127.0.0.1" });
    });
  });

  describe("behind one trusted proxy (TRUST_PROXY_HOPS=1)", () => {
    let portal: Portal;
    beforeAll(async () => (portal = await Portal.start({ TRUST_PROXY_HOPS: "1" })));
    afterAll(() => portal.stop());

    it("records the address the proxy forwarded, not the one a client prepended", async () => {
      expect(await auditedAddress(portal, "198.51.100.9, 203.0.113.7")).toEqual({ action: "updateSite", clientAddress: "203.0.113.7" });
    });
  });
});
