import { MigrationInterface, QueryRunner } from "typeorm";

/** Emails in the reader's language: each admin's preferred language, and the language of each site administrator invitation. */
export class PreferredLanguage1764670000000 implements MigrationInterface {
    name = 'PreferredLanguage1764670000000'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE \`partner_admin\` ADD \`preferred_language\` varchar(5) NOT NULL DEFAULT 'en'`);
        await queryRunner.query(`ALTER TABLE \`site_administrator\` ADD \`language\` varchar(5) NOT NULL DEFAULT 'en'`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE \`site_administrator\` DROP COLUMN \`language\``);
        await queryRunner.query(`ALTER TABLE \`partner_admin\` DROP COLUMN \`preferred_language\``);
    }
}
