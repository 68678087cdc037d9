import { readFileSync } from "node:fs";

/**
 * node dist/bench/profile-summary.js <file.cpuprofile> [top]
 * Where a CPU profile of `npm run bench -- --profile` spent its time: by package (self time)
 * and by function (self and total time).
 */

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}

interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

function place(url: string): string {
  const modules = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (modules) return modules[1];
  const own = /\/dist\/(server|bench)\/(.*)$/.exec(url) ?? /\/(server|bench)\/(.*)$/.exec(url);
  if (own) return `${own[1]}/${own[2]}`;
  if (url.startsWith("node:")) return "node";
  return url ? url : "(native)";
}

function main() {
  const [file, topArg] = process.argv.slice(2);
  if (!file) throw new Error("usage: node dist/bench/profile-summary.js <file.cpuprofile> [top]");
  const top = Number(topArg ?? 25);
  const profile = JSON.parse(readFileSync(file, "utf8")) as Profile;
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);

  const self = new Map<string, number>();
  const total = new Map<string, number>();
  const packages = new Map<string, number>();
  let all = 0;
  let idle = 0;
  for (let i = 0; i < profile.samples.length; i++) {
    const ms = (profile.timeDeltas[i] ?? 0) / 1000;
    const node = byId.get(profile.samples[i])!;
    all += ms;
    const name = node.callFrame.functionName || "(anonymous)";
    if (name === "(idle)") {
      idle += ms;
      continue;
    }
    const key = `${name}  ${place(node.callFrame.url)}:${node.callFrame.lineNumber + 1}`;
    self.set(key, (self.get(key) ?? 0) + ms);
    const pkg = name === "(garbage collector)" ? "(garbage collector)" : name === "(program)" ? "(program)" : place(node.callFrame.url);
    packages.set(pkg, (packages.get(pkg) ?? 0) + ms);
    const seen = new Set<string>();
    for (let id: number | undefined = node.id; id !== undefined; id = parent.get(id)) {
      const frame = byId.get(id)!.callFrame;
      const k = `${frame.functionName || "(anonymous)"}  ${place(frame.url)}:${frame.lineNumber + 1}`;
      if (seen.has(k)) continue;
      seen.add(k);
      total.set(k, (total.get(k) ?? 0) + ms);
    }
  }
  const busy = all - idle;
  const show = (title: string, map: Map<string, number>) => {
    console.log(`\n${title}`);
    for (const [key, ms] of [...map.entries()].sort((a, b) => b[1] - a[1]).slice(0, top))
      console.log(`${((ms / busy) * 100).toFixed(1).padStart(6)}%  ${ms.toFixed(0).padStart(7)} ms  ${key}`);
  };
  console.log(`${file}: ${all.toFixed(0)} ms sampled, ${idle.toFixed(0)} ms idle, ${busy.toFixed(0)} ms busy (percentages of busy time)`);
  show("Self time by package", packages);
  show("Self time by function", self);
  show("Total time by function (including what it calls)", total);
}

main();
