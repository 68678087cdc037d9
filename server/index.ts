import "reflect-metadata";
import { createApp } from "./app";
import { BillingScheduler } from "./billing/billing.scheduler";
import { describeDatabase, openDatabase } from "./boot";
import { clockStartingAt, systemClock } from "./clock";
import { ConfigError, loadConfig, resolveJwtSecret } from "./config";
import { OutboxWorker } from "./mail/outbox.worker";
import { createMailTransport } from "./mail/transport";
import { ensureDemoData, ensureDemoPartner } from "./partners/demo";
import { createServices } from "./services";

/** Start-up only: config → data source → services → HTTP. */
async function main() {
  let config;
  try {
    config = resolveJwtSecret(loadConfig());
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(`Configuration error: ${error.message}`);
      process.exit(78);
    }
    throw error;
  }
  const dataSource = await openDatabase(config);
  const clock = config.clockStart ? clockStartingAt(config.clockStart) : systemClock;
  const services = createServices({ config, dataSource, clock });
  const worker = new OutboxWorker({ dataSource, transport: createMailTransport(config), clock, pollMs: config.mailPollMs, outbox: services.outbox });
  const portal = await createApp(services);
  worker.start();
  const scheduler = config.billingScheduler ? new BillingScheduler(services.billing, services.audit, clock) : null;
  scheduler?.start();

  // Before listening, so the first screen a newcomer opens is already alive.
  const demoLink = await ensureDemoPartner(services);
  const demoSites = await ensureDemoData(services);
  await new Promise<void>((resolve) => portal.httpServer.listen(config.port, resolve));
  console.info(`Partner Portal (${config.env}) on ${config.publicUrl}  ·  database: ${describeDatabase(config)}`);
  console.info(`  API: ${config.publicUrl}/graphql${config.sandbox ? " (Apollo Sandbox: open it in a browser)" : ""}`);
  console.info(`  Mail: ${config.smtpUrl ? "SMTP" : `written as .eml files under ${config.dataDir}/mail, links printed here`}`);
  console.info(`  Monthly billing: ${scheduler ? "runs daily in this server" : "scheduler off (BILLING_SCHEDULER=off)"}`);
  console.info(
    config.platformApiKey
      ? "  Platform API: on (PLATFORM_API_KEY is set: partners, credits and usage over the API)"
      : "  Platform API: off (set PLATFORM_API_KEY to create partners over the API)",
  );
  if (demoSites) console.info(`  Demo data: the demo partner has credits and ${demoSites} demo sites with usage (named "Demo · …").`);
  if (demoLink) console.info(`\n  A demo partner was created. Sign up as its Master to start:\n  ${demoLink}\n`);

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.info(`[portal] ${signal}: ${config.drainDelayMs ? `not ready (/readyz) for ${config.drainDelayMs} ms, then ` : ""}finishing requests in flight, then stopping`);
    await portal.stop();
    await scheduler?.stop();
    await worker.stop();
    await dataSource.destroy();
    console.info("[portal] stopped");
    process.exit(0);
  };
  process.on("SIGTERM", () => void shutdown("SIGTERM"));
  process.on("SIGINT", () => void shutdown("SIGINT"));
}

main().catch((error) => {
  console.error("[portal] could not start:", error instanceof Error ? error.message : error);
  process.exit(1);
});
