import { Portal, onMysql } from "../support/harness";

/** The migrations (one set per dialect, run at start-up) build exactly the schema the entities describe. */
describe(`the ${onMysql ? "MySQL" : "SQLite"} migrations`, () => {
  let portal: Portal;
  beforeAll(async () => (portal = await Portal.start()));
  afterAll(() => portal.stop());

  // On MariaDB, TypeORM's "mysql" driver reads a nullable column's default as the text 'NULL' and
  // so reports every nullable column as changed; its comparison is exact only on SQLite. Both
  // dialects' migrations are written side by side, so this catches an entity change that a
  // migration forgot.
  (onMysql ? it.skip : it)("leave nothing for TypeORM to change: the entities and the tables agree", async () => {
    const pending = await portal.dataSource.driver.createSchemaBuilder().log();
    expect(pending.upQueries.map((q) => q.query)).toEqual([]);
  });

  it("have all run, in order, each once", async () => {
    const ran: Array<{ name: string }> = await portal.dataSource.query("SELECT name FROM migrations ORDER BY id");
    expect(ran.map((m) => m.name)).toEqual(portal.dataSource.migrations.map((m) => m.name));
    expect(await portal.dataSource.showMigrations()).toBe(false);
  });
});
