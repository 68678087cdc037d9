import { MigrationInterface, QueryRunner } from "typeorm";

/** A site administrator's last spent link (accepted, revoked or replaced), so its page can say which. */
export class SpentSiteInvitationLinks1764660000000 implements MigrationInterface {
    name = 'SpentSiteInvitationLinks1764660000000'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE \`site_administrator\` ADD \`spent_token_hash\` varchar(64) NULL`);
        await queryRunner.query(`CREATE INDEX \`idx_site_administrator_spent_token\` ON \`site_administrator\` (\`spent_token_hash\`)`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP INDEX \`idx_site_administrator_spent_token\` ON \`site_administrator\``);
        await queryRunner.query(`ALTER TABLE \`site_administrator\` DROP COLUMN \`spent_token_hash\``);
    }
}
