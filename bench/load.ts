import autocannon from "autocannon";

/** HTTP load with autocannon: a fixed number of connections for a fixed time, POSTing GraphQL. */

export interface LoadOptions {
  url: string;
  connections: number;
  durationS: number;
  /** Run first and thrown away: JIT, caches and pools warm up. */
  warmupS: number;
  headers: Record<string, string>;
  /** The body of each request (called per request, so it may vary). */
  body: () => string;
  /** Called before and after the measured run (not the warm-up), e.g. to read the SQL counter. */
  around?: { before(): Promise<void>; after(): Promise<void> };
}

export interface LoadResult {
  requests: number;
  durationS: number;
  rps: number;
  latencyMs: { avg: number; p50: number; p90: number; p99: number; max: number };
  /** Responses that were not 200 or whose body held errors or userErrors. */
  failed: number;
  /** Connection errors and timeouts. */
  errors: number;
  firstFailure: string | null;
}

/** A 200 GraphQL response without errors or userErrors. */
export function failure(status: number, body: string): string | null {
  if (status !== 200) return `HTTP ${status}: ${body.slice(0, 300)}`;
  if (/"errors"\s*:/.test(body)) return `errors: ${body.slice(0, 300)}`;
  if (/"userErrors"\s*:\s*\[\s*\{/.test(body)) return `userErrors: ${body.slice(0, 300)}`;
  return null;
}

function once(options: LoadOptions, durationS: number): Promise<LoadResult> {
  let failed = 0;
  let firstFailure: string | null = null;
  return new Promise((resolve, reject) => {
    autocannon(
      {
        url: options.url,
        connections: options.connections,
        duration: durationS,
        timeout: 30,
        requests: [
          {
            method: "POST",
            path: "/graphql",
            headers: { "content-type": "application/json", ...options.headers },
            setupRequest: (request) => ({ ...request, body: options.body() }),
            onResponse: (status, body) => {
              const problem = failure(status, body);
              if (problem) {
                failed++;
                firstFailure ??= problem;
              }
            },
          },
        ],
      },
      (error, result) => {
        if (error) return reject(error);
        resolve({
          requests: result.requests.total,
          durationS: result.duration,
          rps: result.requests.total / result.duration,
          latencyMs: { avg: result.latency.average, p50: result.latency.p50, p90: result.latency.p90, p99: result.latency.p99, max: result.latency.max },
          failed: Math.max(failed, result.non2xx),
          errors: result.errors + result.timeouts,
          firstFailure,
        });
      },
    );
  });
}

export async function load(options: LoadOptions): Promise<LoadResult> {
  if (options.warmupS > 0) await once(options, options.warmupS);
  await options.around?.before();
  const result = await once(options, options.durationS);
  await options.around?.after();
  return result;
}
