import { MigrationInterface, QueryRunner } from "typeorm";

/** A person is a site's administrator at most once (the service also locks the site while inviting). */
export class OneInvitationPerPerson1764490000000 implements MigrationInterface {
    name = 'OneInvitationPerPerson1764490000000'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE UNIQUE INDEX \`uq_site_administrator_site_email\` ON \`site_administrator\` (\`site_id\`, \`email\`)`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP INDEX \`uq_site_administrator_site_email\` ON \`site_administrator\``);
    }
}
