import { AdminRole } from "../../server/roles";
import { adminOps } from "../support/admin-operations";
import { csvRecords, parseCsv } from "../support/csv";
import { uniqueEmail, type GivenPartner, type GivenSite, type Session } from "../support/given";
import { outcome, platformKey, Portal } from "../support/harness";
import { ops } from "../support/operations";

const columns = ["createdAt", "kind", "credits", "siteName", "siteId", "unallocatedCreditsAfter", "siteCreditsAfter", "actorEmail", "note", "reference", "id"];

describe("the credit history as CSV: GET /exports/credit-history.csv", () => {
  let portal: Portal;
  let partner: GivenPartner;
  let observer: Session;
  let operator: Session;
  let site: GivenSite;
  let formulaSite: GivenSite;
  let otherPartner: GivenPartner;
  const at: Record<string, string> = {};

  beforeAll(async () => {
    portal = await Portal.start({ JWT_TTL_SECONDS: String(7 * 24 * 3600) });
    // The clock stands still at each step, so every entry's time is known to the millisecond.
    portal.clock.freeze();
    portal.clock.moveTo("2026-10-01T00:00:00.000Z");
    partner = await portal.given.partner({ name: "Export VAR" });
    observer = await portal.given.admin(partner, AdminRole.OBSERVER);
    operator = await portal.given.admin(partner, AdminRole.OPERATOR);
    otherPartner = await portal.given.partner({ name: "Secret VAR" });
    await portal.given.site(otherPartner, { name: "Secret site", credits: 77 });

    const step = (name: string, time: string) => {
      portal.clock.moveTo(time);
      at[name] = time;
    };
    step("purchase", "2026-10-02T09:00:00.000Z");
    await portal.given.credits(partner, 500, "@SUM(A1:A9)");
    step("allocation", "2026-10-03T09:00:00.000Z");
    site = await portal.given.site(partner, { name: 'Plant, "Main"', by: operator });
    formulaSite = await portal.given.site(partner, { name: "=1+2", by: operator });
    await portal.gql(ops.allocateCredits, { input: { siteId: site.id, credits: 40, note: '=HYPERLINK("http://evil.example","click")' } }, { token: operator.token });
    step("reclaim", "2026-10-04T09:00:00.000Z");
    await portal.gql(ops.reclaimCredits, { input: { siteId: site.id, credits: 15, note: "-2+3\nsecond line" } }, { token: operator.token });
    step("formula", "2026-10-04T10:00:00.000Z");
    await portal.gql(ops.allocateCredits, { input: { siteId: formulaSite.id, credits: 5, note: "+cmd|' /C calc'!A0" } }, { token: operator.token });
    step("now", "2026-10-05T09:00:00.000Z");
  });
  afterAll(() => portal.stop());
  afterEach(() => expect(portal.errorsLogged).toEqual([]));

  const download = (query = "", headers: Record<string, string> = { authorization: `Bearer ${observer.token}` }) =>
    fetch(`${portal.url}/exports/credit-history.csv${query}`, { headers });

  describe("as an Observer", () => {
    it("downloads every entry of the partner as CSV, newest first, with the same values as the API", async () => {
      const response = await download();
      expect(response.status).toBe(200);
      expect(response.headers.get("content-type")).toMatch(/^text\/csv/);
      expect(response.headers.get("content-disposition")).toBe('attachment; filename="credit-history-all.csv"');
      const text = await response.text();
      expect(parseCsv(text)[0]).toEqual(columns);

      const records = csvRecords(text);
      const api = (await portal.gql(ops.creditTransactions, { first: 100 }, { token: observer.token })).data.creditTransactions.nodes;
      expect(records.map((r) => r.id)).toEqual(api.map((t: { id: string }) => t.id));
      expect(records.map((r) => [r.kind, r.credits])).toEqual([
        ["ALLOCATION", "5"],
        ["RECLAIM", "15"],
        ["ALLOCATION", "40"],
        ["PURCHASE", "500"],
      ]);
      expect(records[1]).toEqual({
        createdAt: at.reclaim,
        kind: "RECLAIM",
        credits: "15",
        siteName: 'Plant, "Main"',
        siteId: site.id,
        unallocatedCreditsAfter: String(500 - 40 + 15),
        siteCreditsAfter: "25",
        actorEmail: operator.email,
        note: "'-2+3\nsecond line",
        reference: "",
        id: api[1].id,
      });
      expect(records[3]).toMatchObject({ kind: "PURCHASE", siteName: "", siteId: "", siteCreditsAfter: "", actorEmail: "", unallocatedCreditsAfter: "500" });
    });

    it("names a file that ends at midnight after the last day it holds, not the exclusive end", async () => {
      const response = await download(`?from=2026-10-03T00:00:00.000Z&to=2026-10-05T00:00:00.000Z`);
      expect(response.headers.get("content-disposition")).toBe('attachment; filename="credit-history-2026-10-03-to-2026-10-04.csv"');
      expect(csvRecords(await response.text()).map((r) => r.kind)).toContain("RECLAIM");
    });

    it("names the file of one day, or of an open range, so it reads well", async () => {
      const name = async (query: string) => (await download(query)).headers.get("content-disposition");
      expect(await name(`?from=2026-10-03T00:00:00.000Z&to=2026-10-04T00:00:00.000Z`)).toBe('attachment; filename="credit-history-2026-10-03.csv"');
      expect(await name(`?from=2026-10-03T00:00:00.000Z`)).toBe('attachment; filename="credit-history-from-2026-10-03.csv"');
      expect(await name(`?to=2026-10-05T00:00:00.000Z`)).toBe('attachment; filename="credit-history-until-2026-10-04.csv"');
    });

    it("neutralises cells a spreadsheet would run as a formula", async () => {
      const records = csvRecords(await (await download()).text());
      expect(records[0]).toMatchObject({ siteName: "'=1+2", note: "'+cmd|' /C calc'!A0" });
      expect(records[2]).toMatchObject({ note: `'=HYPERLINK("http://evil.example","click")` });
      expect(records[3]).toMatchObject({ reference: "'@SUM(A1:A9)" });
      for (const record of records) for (const value of Object.values(record)) expect(value).not.toMatch(/^[=+@]/);
    });

    it("exports only the entries from `from` (inclusive) to `to` (exclusive), and names the file after them", async () => {
      const response = await download(`?from=${encodeURIComponent(at.allocation)}&to=${encodeURIComponent(at.reclaim)}`);
      expect(response.headers.get("content-disposition")).toBe('attachment; filename="credit-history-2026-10-03-to-2026-10-04.csv"');
      expect(csvRecords(await response.text()).map((r) => [r.kind, r.credits])).toEqual([["ALLOCATION", "40"]]);
    });

    it("filters by site and by kinds like the API", async () => {
      const bySite = csvRecords(await (await download(`?siteId=${site.id}`)).text());
      expect(bySite.map((r) => r.kind)).toEqual(["RECLAIM", "ALLOCATION"]);
      const byKind = csvRecords(await (await download("?kinds=PURCHASE,RECLAIM")).text());
      expect(byKind.map((r) => r.kind)).toEqual(["RECLAIM", "PURCHASE"]);
    });

    it("answers 400 for a date that is not one, from after to, and a kind that does not exist", async () => {
      for (const query of ["?from=yesterday", `?from=${at.reclaim}&to=${at.purchase}`, "?kinds=GIFT"]) {
        const response = await download(query);
        expect(response.status).toBe(400);
        expect(((await response.json()) as { error: string }).error).toEqual(expect.any(String));
      }
    });

    it("streams more than a thousand entries, many of the same millisecond across its pages, each exactly once", async () => {
      // 34 sites made in 2024, billed for 30 months with the clock standing still: 1,020 charges of one millisecond.
      const busy = await portal.given.partner({ name: "Busy VAR" });
      portal.clock.moveTo("2024-01-01T00:00:00.000Z");
      for (let i = 0; i < 34; i += 10) await Promise.all(Array.from({ length: Math.min(10, 34 - i) }, () => portal.given.site(busy, { credits: 30, usage: { users: 0, devices: 1 } })));
      portal.clock.moveTo(at.now);
      for (let m = 0; m < 30; m++) {
        const month = `${2024 + Math.floor(m / 12)}-${String((m % 12) + 1).padStart(2, "0")}`;
        const run = await portal.platform(ops.runMonthlyBilling, { input: { month } });
        expect(run.data.runMonthlyBilling.sitesCharged).toBe(34);
      }
      const response = await download("", { authorization: `Bearer ${busy.master.token}` });
      const records = csvRecords(await response.text());
      const stored: Array<{ id: string }> = await portal.dataSource.query("SELECT id FROM credit_transaction WHERE partner_id = ?", [busy.id]);
      expect(stored).toHaveLength(34 * 2 + 1020);
      expect(records).toHaveLength(stored.length);
      expect(new Set(records.map((r) => r.id))).toEqual(new Set(stored.map((r) => r.id)));
      expect(records.filter((r) => r.kind === "MONTHLY_CHARGE").every((r) => r.createdAt === at.now)).toBe(true);
      // Thirty months of billing warned about every site: let that mail go before the next test waits for its own.
      await portal.mailSettled(60_000);
    });
  });

  describe("with cells written by hostile admins", () => {
    it("neutralises a formula in every column, the acting admin's email included, also after leading whitespace", async () => {
      const hostile = await portal.given.partner({ name: "Hostile VAR" });
      const target = await portal.given.site(hostile, { name: "\uFF1D1+2", credits: 10 });
      // Emails a spreadsheet would run: valid addresses, invited and signed up as Operators.
      const emails = [uniqueEmail("=cmd|calc"), uniqueEmail("-2+3"), uniqueEmail("+1")];
      for (const email of emails) {
        const invited = await portal.gql(adminOps.inviteAdmin, { input: { email, role: AdminRole.OPERATOR } }, { token: hostile.master.token });
        expect(invited.data.inviteAdmin.userErrors).toEqual([]);
        const actor = await portal.given.signUp(email, "Hostile operator");
        const moved = await portal.gql(ops.reclaimCredits, { input: { siteId: target.id, credits: 1, note: "ok" } }, { token: actor.token });
        expect(moved.errors).toBeUndefined();
      }
      // A note stored with leading whitespace (the API trims notes today; older rows or other writers may not).
      await portal.dataSource.query("UPDATE credit_transaction SET note = ? WHERE partner_id = ? AND kind = 'PURCHASE'", [" \t=1+2", hostile.id]);

      const records = csvRecords(await (await download("", { authorization: `Bearer ${hostile.master.token}` })).text());

      expect(records.filter((r) => r.kind === "RECLAIM").map((r) => r.actorEmail).sort()).toEqual(emails.map((email) => `'${email}`).sort());
      expect(records.find((r) => r.kind === "PURCHASE")!.note).toBe("' \t=1+2");
      expect(records.find((r) => r.kind === "ALLOCATION")!.siteName).toBe("'\uFF1D1+2");
      for (const record of records) for (const value of Object.values(record)) expect(value).not.toMatch(/^\s*[=+\-@\uFF1D\uFF0B\uFF0D\uFF20]/);
    });
  });

  describe("with a filter that is not exactly one of the export's", () => {
    it.each([
      ["a repeated siteId", () => `?siteId=${site.id}&siteId=${formulaSite.id}`, /siteId may be given once/],
      ["siteId as a list", () => `?siteId[]=${site.id}`, /Unknown parameter: siteId\[\]/],
      ["siteId as an object", () => `?siteId[id]=${site.id}`, /Unknown parameter: siteId\[id\]/],
      ["a repeated kinds", () => "?kinds=PURCHASE&kinds=RECLAIM", /kinds may be given once/],
      ["a repeated from", () => `?from=${at.reclaim}&from=${at.purchase}`, /from may be given once/],
      ["kinds=__proto__", () => "?kinds=__proto__", /Unknown kinds: "__proto__"/],
      ["kinds=constructor,toString", () => "?kinds=constructor,toString", /Unknown kinds: "constructor", "toString"/],
      ["a kind in lower case", () => "?kinds=purchase", /Unknown kinds: "purchase"/],
      ["a misspelt parameter", () => `?siteID=${site.id}`, /Unknown parameter: siteID\. The export takes only from, to, siteId, kinds\./],
      ["a siteId that is no site's id", () => `?siteId=${encodeURIComponent(site.id + " ")}`, /siteId must be a site's id/],
    ])("answers 400 with a message for %s, and exports nothing", async (_case, query, message) => {
      const response = await download(query());

      expect(response.status).toBe(400);
      expect(response.headers.get("content-type")).toMatch(/^application\/json/);
      expect(((await response.json()) as { error: string }).error).toMatch(message);
    });
  });

  describe("with the web client's session cookie", () => {
    it("downloads the same CSV as with the bearer token", async () => {
      const byCookie = await download("", { cookie: `portal_session=${operator.token}` });
      expect(byCookie.status).toBe(200);
      expect(await byCookie.text()).toBe(await (await download()).text());
    });
  });

  describe("as another partner's Master", () => {
    it("sees only its own partner's entries, even when filtering by this partner's site", async () => {
      const own = csvRecords(await (await download("", { authorization: `Bearer ${otherPartner.master.token}` })).text());
      expect(own.map((r) => `${r.kind} ${r.siteName}`).sort()).toEqual(["ALLOCATION Secret site", "PURCHASE "]);
      const foreign = await download(`?siteId=${site.id}`, { authorization: `Bearer ${otherPartner.master.token}` });
      expect(foreign.status).toBe(200);
      expect(parseCsv(await foreign.text())).toEqual([columns]);
    });
  });

  describe("anonymous", () => {
    it.each([
      ["no credentials", {}],
      ["a bearer token that is not valid", { authorization: "Bearer not-a-token" }],
      ["a session cookie that is not valid", { cookie: "portal_session=forged" }],
    ])("is refused with 401 with %s", async (_case, headers) => {
      const response = await download("", headers);
      expect(response.status).toBe(401);
      const body = await response.text();
      expect(JSON.parse(body)).toMatchObject({ code: "UNAUTHENTICATED" });
      expect(body).not.toContain("PURCHASE");
    });
  });

  describe("as the platform operator", () => {
    it("is refused as the creditTransactions query refuses it (the same rule): the export is a partner's own history", async () => {
      expect(outcome(await portal.platform(ops.creditTransactions))).toBe("FORBIDDEN");
      const response = await download("", { authorization: `Bearer ${platformKey}` });
      expect(response.status).toBe(403);
      const body = await response.text();
      expect(JSON.parse(body)).toEqual({ code: "FORBIDDEN", error: "The platform key cannot act as a partner admin." });
      expect(body).not.toContain("PURCHASE");
    });
  });
});
