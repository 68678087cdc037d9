import { readFileSync } from "node:fs";
import { join } from "node:path";
import { printPublicSchema } from "../../server/schema";

describe("schema.graphql, the committed public schema", () => {
  it("is what the TypeGraphQL classes emit (if not: run `npm run schema` and commit schema.graphql)", () => {
    const committed = readFileSync(join(__dirname, "..", "..", "schema.graphql"), "utf8");
    const emitted = printPublicSchema();

    if (committed !== emitted) {
      const committedLines = committed.split("\n");
      const emittedLines = emitted.split("\n");
      let line = 0;
      while (committedLines[line] === emittedLines[line]) line++;
      throw new Error(
        `schema.graphql is stale: run \`npm run schema\` and commit schema.graphql.\n` +
          `First difference at line ${line + 1}:\n  committed: ${committedLines[line] ?? "(end of file)"}\n  emitted:   ${emittedLines[line] ?? "(end of file)"}`,
      );
    }
    expect(committed).toBe(emitted);
  });
});
