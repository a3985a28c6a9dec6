using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace LiveDesk.Server.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class ContactSearch : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "SearchText",
                table: "Contacts",
                type: "character varying(2750)",
                maxLength: 2750,
                nullable: false,
                defaultValue: "");

            // PostgreSQL's own text search: a trigram GIN index, so a substring search (LIKE '%text%') of names and
            // addresses is an index scan. pg_trgm is a trusted extension: the database owner may create it.
            migrationBuilder.Sql("""
                CREATE EXTENSION IF NOT EXISTS pg_trgm;
                UPDATE "Contacts" SET "SearchText" = trim(lower("Name") || ' ' || array_to_string("Emails", ' '));
                CREATE INDEX "IX_Contacts_SearchText_trgm" ON "Contacts" USING gin ("SearchText" gin_trgm_ops);
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""DROP INDEX IF EXISTS "IX_Contacts_SearchText_trgm";""");
            migrationBuilder.DropColumn(
                name: "SearchText",
                table: "Contacts");
        }
    }
}
