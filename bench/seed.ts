import { AdminStatus } from "../server/admins/admin.entity";
import { hashPassword } from "../server/auth/passwords";
import { policyVersions } from "../server/auth/auth.messages";
import { warningThresholds } from "../server/sites/low-credit-warnings";
import { CreditTransactionKind } from "../server/credits/credit-transaction.entity";
import { PartnerStatus } from "../server/partners/partner.entity";
import { AdminRole } from "../server/roles";
import { billingMonthOf, creditsRunOutOn, monthlyCost, runwayMonths, type Prices, type RunOutState } from "../server/sites/site-cost";
import { SiteStatus } from "../server/sites/site.entity";
import { siteInvitationLifetimeMs } from "../server/sites/sites.service";
import { AscendingIds, Random } from "./random";
import { BulkInsert, connect, type SqlValue } from "./sql";
import * as words from "./vocabulary";

/**
 * The bench's data set, written straight into the portal's tables with multi-row INSERTs.
 *
 * Every column of the entities is filled as the portal itself would fill it, and the
 * balances hold: each site's credits and each partner's pool equal the sums of their ledger
 * rows, every ledger row carries the balances after it, and no balance is ever negative
 * along the way. The ledger covers the 24 full months before the seed's month; that month
 * itself is left unbilled, for the bench's billing run.
 */

export interface SeedSize {
  partners: number;
  sites: number;
  /** The sites of the one large partner the page, search, history and allocation scenarios use. */
  bigPartnerSites: number;
  ledgerRows: number;
  admins: number;
  bigPartnerAdmins: number;
}

export const seedSizes: Record<"full" | "smoke", SeedSize> = {
  full: { partners: 2_000, sites: 100_000, bigPartnerSites: 10_000, ledgerRows: 2_000_000, admins: 20_000, bigPartnerAdmins: 60 },
  smoke: { partners: 5, sites: 200, bigPartnerSites: 50, ledgerRows: 2_000, admins: 50, bigPartnerAdmins: 12 },
};

/** Raise when the data the seed writes changes, so older seeds are made again. */
export const seedVersion = 1;
const monthsOfHistory = 24;
const purchasesPerPartner = monthsOfHistory;
const hourMs = 3600 * 1000;
const dayMs = 24 * hourMs;
/** The password of every seeded admin that has one; its scrypt hash is computed once. */
export const seedPassword = "bench-password-not-secret";
/** The place name the site search scenario looks for. */
export const searchTerm = "Harbour";

export interface SeedInfo {
  version: number;
  size: SeedSize;
  seededAt: string;
  /** The seed's month (YYYY-MM): not billed by the seed. */
  unbilledMonth: string;
  /** The last full month of the ledger (YYYY-MM), for the month-of-history scenario. */
  historyMonth: string;
  /** Every seeded ledger row is older than this (the start of the unbilled month). */
  ledgerEnd: string;
  bigPartnerId: string;
  /** The large partner's first Master, who signs in for every scenario. */
  benchAdminId: string;
  searchTerm: string;
  prices: Prices;
  seconds: number;
  counts: { partners: number; admins: number; sites: number; siteAdministrators: number; ledgerRows: number };
}

const tables = {
  partner: ["id", "name", "country", "status", "unallocated_credits", "created_at", "activated_at"],
  partner_admin: [
    "id", "partner_id", "email", "live_email", "name", "role", "status", "password_hash", "invited_by_id", "created_at", "last_log_in_at",
    "invitation_token_hash", "invitation_expires_at", "invitation_message_id", "accepted_at", "privacy_policy_version", "privacy_policy_accepted_at",
    "terms_version", "terms_accepted_at", "reset_token_hash", "reset_expires_at", "removed_at",
  ],
  site: [
    "id", "partner_id", "name", "country", "time_zone", "notes", "status", "credits", "user_count", "device_count", "monthly_cost", "runway_months",
    "billed_through", "warned_within_days", "created_at", "updated_at", "deleted_at",
  ],
  site_administrator: ["id", "partner_id", "site_id", "email", "token_hash", "invited_at", "expires_at", "accepted_at", "revoked_at", "message_id"],
  credit_transaction: [
    "id", "partner_id", "kind", "credits", "site_id", "site_name", "unallocated_credits_after", "site_credits_after", "actor_id", "note", "reference",
    "idempotency_key", "billing_month", "created_at",
  ],
} as const;

interface LedgerEvent {
  at: number;
  kind: CreditTransactionKind;
  credits: number;
  siteId: string | null;
  siteName: string | null;
  siteCreditsAfter: number | null;
  poolAfter: number;
  actorId: string | null;
  note: string | null;
  reference: string | null;
  idempotencyKey: string | null;
  billingMonth: string | null;
}

/** Splits total into `count` whole shares proportional to weights (the remainder goes one by one). */
function share(total: number, weights: number[], minimum: number): number[] {
  const free = total - minimum * weights.length;
  if (free < 0) throw new Error(`cannot give ${weights.length} shares of at least ${minimum} out of ${total}`);
  const sum = weights.reduce((a, b) => a + b, 0);
  const shares = weights.map((w) => minimum + Math.floor((free * w) / sum));
  let left = total - shares.reduce((a, b) => a + b, 0);
  for (let i = 0; left > 0; i = (i + 1) % shares.length, left--) shares[i]++;
  return shares;
}

/** What ran out of credits in the seed month sequence, as the billing run's warning would see it. */
function warnedWithinDays(site: RunOutState, now: Date): number | null {
  const runsOut = creditsRunOutOn(site, now);
  if (!runsOut) return null;
  const days = (runsOut.getTime() - now.getTime()) / dayMs;
  return [...warningThresholds].reverse().find((threshold) => days <= threshold) ?? null;
}

function slug(text: string): string {
  return text.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "");
}

export async function seed(databaseUrl: string, size: SeedSize, prices: Prices, log: (line: string) => void): Promise<SeedInfo> {
  const started = Date.now();
  const random = new Random(20261123 + size.sites);
  const ledgerIds = new AscendingIds(random);
  const now = new Date();
  const currentMonth = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1);
  const monthStart = (i: number) => Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - monthsOfHistory + i, 1);
  const windowStart = monthStart(0);
  const windowEnd = monthStart(monthsOfHistory);
  const passwordHash = await hashPassword(seedPassword);

  if (size.bigPartnerSites > size.sites || size.partners < 2) throw new Error("the seed needs a large partner and at least one other");
  const partnerSites = [size.bigPartnerSites, ...share(size.sites - size.bigPartnerSites, Array.from({ length: size.partners - 1 }, () => 0.2 + random.next() ** 3 * 5), 0)];
  const partnerAdmins = [size.bigPartnerAdmins, ...share(size.admins - size.bigPartnerAdmins, Array.from({ length: size.partners - 1 }, () => 0.3 + random.next() * 1.4), 1)];
  const siteRows = size.ledgerRows - purchasesPerPartner * size.partners;
  const siteBudgets = share(siteRows, Array.from({ length: size.sites }, () => 0.5 + random.next()), 1);

  // Two connections: the ledger on one, everything else on the other, so both write at once.
  const ledgerConnection = await connect(databaseUrl);
  const otherConnection = await connect(databaseUrl);
  const counts = { partners: 0, admins: 0, sites: 0, siteAdministrators: 0, ledgerRows: 0 };
  let bigPartnerId = "";
  let benchAdminId = "";
  try {
    for (const connection of [ledgerConnection, otherConnection]) {
      // The data is unique by construction (and counted afterwards), so InnoDB may skip the
      // duplicate look-ups of the unique secondary indexes for this session's inserts.
      await connection.query("SET SESSION unique_checks = 0");
    }
    const insert = {
      partner: new BulkInsert(otherConnection, "partner", tables.partner, 1000),
      admin: new BulkInsert(otherConnection, "partner_admin", tables.partner_admin, 1000),
      site: new BulkInsert(otherConnection, "site", tables.site, 1000),
      siteAdministrator: new BulkInsert(otherConnection, "site_administrator", tables.site_administrator, 1000),
      ledger: new BulkInsert(ledgerConnection, "credit_transaction", tables.credit_transaction, 2500),
    };
    let siteOrdinal = 0;
    let adminOrdinal = 0;
    let lastReport = Date.now();

    for (let p = 0; p < size.partners; p++) {
      const big = p === 0;
      // The partner.
      const partnerId = random.uuid();
      const [country, partnerZone] = random.pick(words.countries);
      const partnerName = big ? "Vertex Integrations (large partner)" : `${random.pick(words.companyWords)} ${random.pick(words.companySuffixes)} ${p}`;
      const domain = `${slug(partnerName)}.example`;
      const partnerCreated = windowStart - random.int(30, 700) * dayMs - random.int(0, dayMs);
      const activated = partnerCreated + random.int(1, 72) * hourMs;

      // Its admins: the first Master, then a mix of levels and states.
      const admins: Array<{ id: string; role: AdminRole; canMove: boolean }> = [];
      for (let a = 0; a < partnerAdmins[p]; a++) {
        const first = a === 0;
        const id = random.uuid();
        const role = first ? AdminRole.MASTER : random.weighted({ MASTER: 8, ADMINISTRATOR: 20, OPERATOR: 42, OBSERVER: 30 } as Record<AdminRole, number>);
        const state = first ? "active" : random.weighted({ active: 80, invited: 8, removed: 7, revoked: 5 });
        const firstName = random.pick(words.firstNames);
        const lastName = random.pick(words.lastNames);
        const email = `${firstName}.${lastName}.${adminOrdinal++}@${domain}`.toLowerCase();
        const created = first ? partnerCreated : random.int(activated, windowEnd - dayMs);
        const accepted = first ? activated : Math.min(created + random.int(1, 72) * hourMs, windowEnd - hourMs);
        const signedUp = state === "active" || state === "removed";
        const removedAt = state === "removed" ? random.int(accepted, windowEnd - 1) : state === "revoked" ? Math.min(created + random.int(1, 6) * dayMs, windowEnd - 1) : null;
        const status = state === "active" ? AdminStatus.ACTIVE : state === "removed" ? AdminStatus.DISABLED : AdminStatus.INVITED;
        if (first && big) benchAdminId = id;
        admins.push({ id, role, canMove: signedUp && role !== AdminRole.OBSERVER });
        const values: SqlValue[] = [
          id, partnerId, email, removedAt === null ? email : null, signedUp ? `${firstName} ${lastName}` : null, role, status,
          signedUp ? passwordHash : null, first ? null : admins[0].id, new Date(created), signedUp ? new Date(random.int(accepted, windowEnd - 1)) : null,
          state === "invited" ? random.hex(64) : null, new Date(created + 7 * dayMs), null, signedUp ? new Date(accepted) : null,
          signedUp ? policyVersions.privacyPolicy : null, signedUp ? new Date(accepted) : null, signedUp ? policyVersions.termsOfUsage : null,
          signedUp ? new Date(accepted) : null, null, null, removedAt === null ? null : new Date(removedAt),
        ];
        await insert.admin.add(values);
      }
      counts.admins += admins.length;
      const movers = admins.filter((a) => a.canMove);
      const actor = () => (movers.length ? random.pick(movers).id : admins[0].id);

      // Its sites, each with its ledger rows.
      const events: LedgerEvent[] = [];
      const siteEvents: LedgerEvent[][] = [];
      for (let s = 0; s < partnerSites[p]; s++, siteOrdinal++) {
        const siteId = random.uuid();
        const [siteCountry, zone] = random.chance(0.7) ? [country, partnerZone] : random.pick(words.countries);
        // Places in turn, so one in every places.length sites of a partner holds the search term.
        const name = `${words.places[(s + p) % words.places.length]} ${random.pick(words.siteKinds)} ${s + 1}`;
        const deviceCount = random.chance(0.03) ? 0 : 1 + Math.floor(random.next() ** 2 * 150);
        const userCount = deviceCount * random.int(2, 25);
        const cost = monthlyCost({ userCount, deviceCount }, prices);
        const k = siteBudgets[siteOrdinal];

        // Created in month m0; charged on the 1st of every later month of the window.
        let m0: number;
        if (cost > 0) {
          const lo = Math.max(0, monthsOfHistory - k);
          const hi = Math.max(lo, monthsOfHistory - 1 - Math.max(0, Math.ceil((k - 3) / 4)));
          m0 = random.int(lo, hi);
        } else m0 = random.int(0, monthsOfHistory - 1);
        const suspended = cost >= 2 && m0 <= monthsOfHistory - 3 && random.chance(0.02);
        const lastCharged = suspended ? monthsOfHistory - 2 : monthsOfHistory - 1;
        const created = monthStart(m0) + random.int(1, 26) * dayMs + random.int(0, dayMs - 1);
        const charges: number[] = [];
        if (cost > 0) for (let m = m0 + 1; m <= lastCharged; m++) charges.push(monthStart(m) + 5 * 60_000 + siteOrdinal * 2);
        const moves = k - charges.length;
        if (moves < 1) throw new Error("seed budget too small for a site");
        const moveEnd = suspended ? monthStart(monthsOfHistory - 1) : windowEnd - hourMs;
        const moveTimes = [created + 60_000];
        for (let j = 1; j < moves; j++) moveTimes.push(random.int(created + hourMs, moveEnd - 1));
        moveTimes.sort((a, b) => a - b);
        const runwayTarget = random.weighted({ r0: 8, r1: 12, r2: 13, r3: 12, rMore: 55 });
        const finalCredits =
          cost === 0
            ? random.int(0, 1000)
            : suspended
              ? random.int(0, cost - 2)
              : (runwayTarget === "rMore" ? random.int(4, 12) : Number(runwayTarget.slice(1))) * cost + random.int(0, cost - 1);

        // Walk the site's timeline: each move leaves enough for the charges until the next one.
        const timeline: LedgerEvent[] = [];
        let balance = 0;
        let c = 0;
        const chargesBefore = (until: number) => {
          let n = 0;
          for (let i = c; i < charges.length && charges[i] < until; i++) n++;
          return n * cost;
        };
        const row = (at: number, kind: CreditTransactionKind, credits: number, extra: Partial<LedgerEvent> = {}): LedgerEvent => ({
          at, kind, credits, siteId, siteName: name, siteCreditsAfter: balance, poolAfter: 0, actorId: null, note: null, reference: null,
          idempotencyKey: null, billingMonth: null, ...extra,
        });
        const charge = () => {
          balance -= cost;
          if (balance < 0) throw new Error("seed bug: a charge overdrew a site");
          const month = billingMonthOf(new Date(charges[c]));
          timeline.push(row(charges[c], CreditTransactionKind.MONTHLY_CHARGE, cost, { note: `Monthly charge ${month}`, billingMonth: month }));
          c++;
        };
        for (let j = 0; j < moves; j++) {
          while (c < charges.length && charges[c] <= moveTimes[j]) charge();
          const last = j === moves - 1;
          const needed = chargesBefore(last ? Infinity : moveTimes[j + 1]);
          let kind = CreditTransactionKind.ALLOCATION;
          let credits: number;
          if (last) {
            const delta = needed + finalCredits - balance;
            if (delta <= -1 && j > 0) [kind, credits] = [CreditTransactionKind.RECLAIM, -delta];
            else credits = Math.max(1, delta);
          } else if (j % 6 === 3 && balance - needed >= 2) [kind, credits] = [CreditTransactionKind.RECLAIM, Math.floor((balance - needed) / 2)];
          else credits = Math.max(1, needed + (cost > 0 ? random.int(0, 2 * cost) : random.int(10, 500)) - balance);
          balance += kind === CreditTransactionKind.ALLOCATION ? credits : -credits;
          const note =
            kind === CreditTransactionKind.RECLAIM ? random.pick(["Moved to another site", "Customer downsized", null]) : random.chance(0.2) ? random.pick(["Top-up", "Monthly top-up", "New devices"]) : null;
          timeline.push(row(moveTimes[j], kind, credits, { actorId: actor(), note, idempotencyKey: random.chance(0.3) ? random.uuid() : null }));
        }
        while (c < charges.length) charge();
        if (suspended && balance >= cost) throw new Error("seed bug: a suspended site could pay");
        siteEvents.push(timeline);
        events.push(...timeline);

        const status = suspended ? SiteStatus.SUSPENDED : SiteStatus.ACTIVE;
        const runway = runwayMonths(balance, cost);
        const billedThrough = c > 0 ? billingMonthOf(new Date(charges[c - 1])) : null;
        const updated = Math.max(created, ...timeline.map((e) => e.at));
        await insert.site.add([
          siteId, partnerId, name, siteCountry, zone, random.pick(words.notes), status, balance, userCount, deviceCount, cost, runway,
          billedThrough, warnedWithinDays({ status, runwayMonths: runway, billedThrough }, now), new Date(created), new Date(updated), null,
        ]);
        counts.sites++;

        // The site's administrators: the one it was created with, sometimes a second one.
        const invitations = [created, ...(random.chance(0.25) ? [random.int(created + hourMs, windowEnd - hourMs)] : [])];
        const siteEmails = new Set<string>();
        for (const invited of invitations) {
          const accepted = random.chance(0.85) && invited + 2 * dayMs < windowEnd;
          // One person is a site's administrator once (unique key site + email): draw again on a repeat.
          let email: string;
          do email = `${random.pick(words.firstNames)}.${random.pick(words.lastNames)}`.toLowerCase() + `@${slug(name)}.customer.example`;
          while (siteEmails.has(email));
          siteEmails.add(email);
          await insert.siteAdministrator.add([
            random.uuid(), partnerId, siteId, email, accepted ? null : random.hex(64), new Date(invited),
            new Date(invited + siteInvitationLifetimeMs), accepted ? new Date(invited + random.int(1, 47) * hourMs) : null, null, null,
          ]);
          counts.siteAdministrators++;
        }
      }

      // The pool: a purchase at the start of each month covers that month's allocations.
      const purchaseAt = (m: number) => monthStart(m) + 9 * hourMs + p * 1000;
      const purchases: LedgerEvent[] = [];
      const allocations = events.filter((e) => e.kind === CreditTransactionKind.ALLOCATION).map((e) => [e.at, e.credits] as const);
      for (let m = 0; m < purchasesPerPartner; m++) {
        const from = purchaseAt(m);
        const to = m + 1 < purchasesPerPartner ? purchaseAt(m + 1) : Infinity;
        const needed = allocations.filter(([at]) => at >= from && at < to).reduce((sum, [, credits]) => sum + credits, 0);
        let credits = Math.ceil((needed * 1.1) / 100) * 100 + 100;
        if (m === purchasesPerPartner - 1) credits += big ? 5_000_000 : random.int(0, 20_000);
        purchases.push({
          at: from, kind: CreditTransactionKind.PURCHASE, credits, siteId: null, siteName: null, siteCreditsAfter: null, poolAfter: 0, actorId: null,
          note: null, reference: `PO-${billingMonthOf(new Date(from))}-${p}`, idempotencyKey: random.chance(0.5) ? `po-${p}-${m}` : null, billingMonth: null,
        });
      }
      events.push(...purchases);
      events.sort((a, b) => a.at - b.at || (a.kind === CreditTransactionKind.PURCHASE ? -1 : 0) - (b.kind === CreditTransactionKind.PURCHASE ? -1 : 0));
      let pool = 0;
      for (const event of events) {
        if (event.kind === CreditTransactionKind.PURCHASE || event.kind === CreditTransactionKind.RECLAIM) pool += event.credits;
        else if (event.kind === CreditTransactionKind.ALLOCATION) pool -= event.credits;
        if (pool < 0) throw new Error("seed bug: the pool went negative");
        event.poolAfter = pool;
      }

      await insert.partner.add([partnerId, partnerName, country, PartnerStatus.ACTIVE, pool, new Date(partnerCreated), new Date(activated)]);
      counts.partners++;
      if (big) bigPartnerId = partnerId;

      // Ledger rows go in the partner's purchases first, then site by site: the ascending ids
      // and each site's entries land together in the indexes.
      for (const event of [...purchases, ...siteEvents.flat()]) {
        const sent = insert.ledger.add([
          ledgerIds.next(), partnerId, event.kind, event.credits, event.siteId, event.siteName, event.poolAfter, event.siteCreditsAfter, event.actorId,
          event.note, event.reference, event.idempotencyKey, event.billingMonth, new Date(event.at),
        ]);
        if (sent) await sent;
      }
      counts.ledgerRows += events.length;
      if (Date.now() - lastReport > 10_000) {
        lastReport = Date.now();
        log(`  seeding: ${counts.partners}/${size.partners} partners, ${counts.sites} sites, ${counts.ledgerRows} ledger rows (${((Date.now() - started) / 1000).toFixed(0)} s)`);
      }
    }
    for (const bulk of Object.values(insert)) await bulk.finish();
  } finally {
    await ledgerConnection.end();
    await otherConnection.end();
  }
  if (counts.ledgerRows !== size.ledgerRows) throw new Error(`seed bug: ${counts.ledgerRows} ledger rows instead of ${size.ledgerRows}`);

  return {
    version: seedVersion,
    size,
    seededAt: now.toISOString(),
    unbilledMonth: billingMonthOf(new Date(currentMonth)),
    historyMonth: billingMonthOf(new Date(monthStart(monthsOfHistory - 1))),
    ledgerEnd: new Date(windowEnd).toISOString(),
    bigPartnerId,
    benchAdminId,
    searchTerm,
    prices,
    seconds: (Date.now() - started) / 1000,
    counts,
  };
}
