import "reflect-metadata";
import { parseArgs } from "node:util";
import { AuditActorKind } from "./audit/audit-entry.entity";
import { actingAsSystem } from "./audit/audit.service";
import { openDatabase } from "./boot";
import { systemClock, type Clock } from "./clock";
import { ConfigError, loadConfig, resolveJwtSecret } from "./config";
import { UserFacingError } from "./errors";
import { OutboxWorker } from "./mail/outbox.worker";
import { createMailTransport } from "./mail/transport";
import { createServices, type Services } from "./services";
import { billingMonthOf } from "./sites/site-cost";

/** The platform operator's command line: npm run portal -- <command> [options]. */

/** How the audit log names the changes made here. */
const commandLine = actingAsSystem(AuditActorKind.PLATFORM, "platform command line");

interface Command {
  usage: string;
  options: Record<string, { type: "string"; required?: boolean }>;
  /** migrated: what opening the database said it migrated (every command brings the schema up to date first). */
  run(services: Services, values: Record<string, string>, migrated: string[]): Promise<string>;
}

const commands: Record<string, Command> = {
  migrate: {
    usage: "migrate   (brings the database schema up to date, then exits; safe while servers run)",
    options: {},
    async run(_services, _values, migrated) {
      return migrated.length ? migrated.join("\n") : "The database schema is up to date; no migration was pending.";
    },
  },
  "create-partner": {
    usage: 'create-partner --name "Acme Security" --country ES --master-email master@acme.example',
    options: { name: { type: "string", required: true }, country: { type: "string", required: true }, "master-email": { type: "string", required: true } },
    async run(services, values) {
      const { partner, signUpUrl } = await services.partners.create(commandLine, { name: values.name, country: values.country, masterEmail: values["master-email"] });
      return `Created partner ${partner.name} (${partner.id}), PENDING_ACTIVATION.\nInvitation emailed to ${values["master-email"]}; its Sign Up link:\n${signUpUrl}`;
    },
  },
  "list-partners": {
    usage: "list-partners   (every partner: id, state, credits in its pool, country and name)",
    options: {},
    async run(services) {
      const partners = await services.partners.list();
      if (!partners.length) return "No partners yet. Create one with: npm run portal -- create-partner …";
      const rows = [["ID", "STATE", "POOL", "COUNTRY", "NAME"], ...partners.map((p) => [p.id, p.status, String(p.unallocatedCredits), p.country, p.name])];
      const widths = rows[0].map((_, column) => Math.max(...rows.map((row) => row[column].length)));
      // Columns padded to their widest cell; the pool right-aligned, the name last and as it is.
      const lines = rows.map((row) => row.map((cell, column) => (column === 2 ? cell.padStart(widths[column]) : column === 4 ? cell : cell.padEnd(widths[column]))).join("  "));
      return [...lines, "", `${partners.length} ${partners.length === 1 ? "partner" : "partners"}.`].join("\n");
    },
  },
  "grant-credits": {
    usage: 'grant-credits --partner <partner id> --credits 1000 --reference "PO-2026-0042" [--idempotency-key <key>]',
    options: { partner: { type: "string", required: true }, credits: { type: "string", required: true }, reference: { type: "string", required: true }, "idempotency-key": { type: "string" } },
    async run(services, values) {
      const { partner, transaction } = await services.credits.grant(commandLine, {
        partnerId: values.partner,
        credits: wholeNumber(values.credits, "credits"),
        reference: values.reference,
        idempotencyKey: values["idempotency-key"] ?? null,
      });
      return `Granted ${transaction.credits} credits to ${partner.name} (${transaction.reference}); its pool now holds ${partner.unallocatedCredits}.`;
    },
  },
  "report-usage": {
    usage: "report-usage --site <site id> --users 250 --devices 12",
    options: { site: { type: "string", required: true }, users: { type: "string", required: true }, devices: { type: "string", required: true } },
    async run(services, values) {
      const { site } = await services.sites.reportUsage(commandLine, { siteId: values.site, userCount: wholeNumber(values.users, "users"), deviceCount: wholeNumber(values.devices, "devices") });
      return `${site.name}: ${site.userCount} users, ${site.deviceCount} devices, monthly cost ${site.monthlyCost} credits.`;
    },
  },
  "run-billing": {
    usage: "run-billing [--month 2026-11]   (default: the current month)",
    options: { month: { type: "string" } },
    async run(services, values) {
      const result = await services.billing.run(values.month ?? billingMonthOf(services.clock.now()));
      return `Billing ${result.month}: ${result.sitesCharged} sites charged ${result.creditsCharged} credits; ${result.sitesSuspended} sites suspended.`;
    },
  },
};

/** A whole-number option; anything else is a usage error. */
function wholeNumber(raw: string, option: string): number {
  if (!/^-?\d+$/.test(raw.trim())) throw new UsageError(`--${option} must be a whole number, got "${raw}".`);
  return Number(raw);
}

class UsageError extends Error {}

function usage(): string {
  return ["Usage: npm run portal -- <command> [options]", "", ...Object.values(commands).map((c) => `  ${c.usage}`)].join("\n");
}

/** Runs one command; the clock is the system's except in tests. Returns the process exit code. */
export async function runCli(argv: string[], clock: Clock = systemClock): Promise<number> {
  const [name, ...rest] = argv;
  const command = commands[name];
  if (!command) {
    console.error(name ? `Unknown command "${name}".\n\n${usage()}` : usage());
    return 64;
  }
  let values: Record<string, string>;
  try {
    values = parseArgs({ args: rest, options: command.options, strict: true }).values as Record<string, string>;
  } catch (error) {
    console.error(`${(error as Error).message}\n\nUsage: npm run portal -- ${command.usage}`);
    return 64;
  }
  const missing = Object.entries(command.options).filter(([key, o]) => o.required && !values[key]).map(([key]) => `--${key}`);
  if (missing.length) {
    console.error(`Missing ${missing.join(", ")}.\n\nUsage: npm run portal -- ${command.usage}`);
    return 64;
  }

  let config;
  try {
    config = resolveJwtSecret(loadConfig());
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(`Configuration error: ${error.message}`);
      return 78;
    }
    throw error;
  }
  const migrated: string[] = [];
  const dataSource = await openDatabase(config, { info: (line: string) => void migrated.push(line) });
  const services = createServices({ config, dataSource, clock });
  try {
    console.log(await command.run(services, values, migrated));
    // Send what the command queued now, so a one-off command does not leave mail waiting for the server.
    const worker = new OutboxWorker({ dataSource, transport: createMailTransport(config), clock, pollMs: config.mailPollMs, outbox: services.outbox });
    await worker.deliverDue();
    await worker.stop();
    return 0;
  } catch (error) {
    if (error instanceof UsageError) {
      console.error(`${error.message}\n\nUsage: npm run portal -- ${command.usage}`);
      return 64;
    }
    if (error instanceof UserFacingError) {
      for (const e of error.errors) console.error(`${e.field ? `${e.field.slice(1).join(".")}: ` : ""}${e.message} (${e.code})`);
      return 65;
    }
    throw error;
  } finally {
    await dataSource.destroy();
  }
}

if (require.main === module) {
  runCli(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (error) => {
      console.error("Failed:", error instanceof Error ? error.message : error);
      process.exit(1);
    },
  );
}
