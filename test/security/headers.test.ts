import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Portal } from "../support/harness";

/** The directives of a Content-Security-Policy header, by name. */
function directives(header: string | null): Record<string, string[]> {
  expect(header).not.toBeNull();
  return Object.fromEntries(
    header!
      .split(";")
      .map((part) => part.trim().split(/\s+/))
      .filter((words) => words[0])
      .map(([name, ...values]) => [name, values]),
  );
}

describe("security headers of the served web client", () => {
  let portal: Portal;
  let clientDir: string;

  beforeAll(async () => {
    // A stand-in for the client's build: what `vite build` writes to client/dist.
    clientDir = mkdtempSync(join(tmpdir(), "portal-client-"));
    mkdirSync(join(clientDir, "assets"));
    writeFileSync(join(clientDir, "index.html"), `<!doctype html><html><head><title>Partner Portal</title><script type="module" src="/assets/app.js"></script><link rel="stylesheet" href="/assets/app.css"></head><body><div id="app"></div></body></html>`);
    writeFileSync(join(clientDir, "assets", "app.js"), `document.getElementById("app").textContent = "Partner Portal";`);
    writeFileSync(join(clientDir, "assets", "app.css"), `body { margin: 0 }`);
    portal = await Portal.start({}, { clientDir });
  });
  afterAll(async () => {
    await portal.stop();
    rmSync(clientDir, { recursive: true, force: true });
  });

  describe("GET /", () => {
    let response: Response;
    let csp: Record<string, string[]>;
    beforeAll(async () => {
      response = await fetch(`${portal.url}/`);
      csp = directives(response.headers.get("content-security-policy"));
    });

    it("serves the client's index.html", async () => {
      expect(response.status).toBe(200);
      expect(response.headers.get("content-type")).toMatch(/^text\/html/);
      expect(await response.text()).toContain("<title>Partner Portal</title>");
    });

    it("has a strict Content-Security-Policy: only the portal's own scripts, no inline or eval'd code, no plugins", () => {
      expect(csp["default-src"]).toEqual(["'self'"]);
      expect(csp["script-src"]).toEqual(["'self'"]);
      expect(csp["style-src"]).toEqual(["'self'"]);
      expect(csp["connect-src"]).toEqual(["'self'"]);
      expect(csp["object-src"]).toEqual(["'none'"]);
      expect(csp["base-uri"]).toEqual(["'self'"]);
      expect(csp["form-action"]).toEqual(["'self'"]);
      for (const sources of Object.values(csp)) {
        expect(sources).not.toContain("'unsafe-inline'");
        expect(sources).not.toContain("'unsafe-eval'");
        expect(sources).not.toContain("*");
      }
    });

    it("cannot be framed by another site (frame-ancestors 'none')", () => {
      expect(csp["frame-ancestors"]).toEqual(["'none'"]);
      expect(response.headers.get("x-frame-options")).toMatch(/^(DENY|SAMEORIGIN)$/);
    });

    it("forbids content sniffing, leaks no referrer and does not name the server's framework", () => {
      expect(response.headers.get("x-content-type-options")).toBe("nosniff");
      expect(response.headers.get("referrer-policy")).toBe("no-referrer");
      expect(response.headers.get("cross-origin-opener-policy")).toBe("same-origin");
      expect(response.headers.get("strict-transport-security")).toMatch(/max-age=\d{7,}/);
      expect(response.headers.get("x-powered-by")).toBeNull();
    });
  });

  it("sends the same policy with the client's routes (e.g. the sign-up link) and its assets", async () => {
    const root = (await fetch(`${portal.url}/`)).headers.get("content-security-policy");

    const signUp = await fetch(`${portal.url}/sign-up?token=abc`);
    const script = await fetch(`${portal.url}/assets/app.js`);

    expect(signUp.status).toBe(200);
    expect(await signUp.text()).toContain("<title>Partner Portal</title>");
    expect(signUp.headers.get("content-security-policy")).toBe(root);
    expect(script.status).toBe(200);
    expect(script.headers.get("content-type")).toMatch(/javascript/);
    expect(script.headers.get("content-security-policy")).toBe(root);
    expect(script.headers.get("x-content-type-options")).toBe("nosniff");
  });

  it("keeps nosniff and hides the framework on the API too", async () => {
    const api = await portal.gql(`{ __typename }`);
    const health = await fetch(`${portal.url}/healthz`);

    for (const headers of [api.headers, health.headers]) {
      expect(headers.get("x-content-type-options")).toBe("nosniff");
      expect(headers.get("x-powered-by")).toBeNull();
    }
  });

  it("logged no unexpected server error along the way", () => {
    expect(portal.errorsLogged).toEqual([]);
  });
});
