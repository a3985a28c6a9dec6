using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace LiveDesk.Server.Data.Migrations.Sqlite
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
                type: "TEXT",
                maxLength: 2750,
                nullable: false,
                defaultValue: "");

            // SQLite's own text search: an FTS5 index over SearchText (external content, so the text is stored once),
            // kept in step by triggers. A later migration that makes EF rebuild the Contacts table drops these
            // triggers with the old table and must create them again (ContactSearchTests would fail otherwise).
            migrationBuilder.Sql("""
                UPDATE Contacts SET SearchText = trim(lower(Name) || ' ' || coalesce((SELECT group_concat(value, ' ') FROM json_each(Contacts.Emails)), ''));
                CREATE VIRTUAL TABLE ContactsFts USING fts5(SearchText, content='Contacts', content_rowid='Id');
                CREATE TRIGGER Contacts_fts_insert AFTER INSERT ON Contacts BEGIN
                    INSERT INTO ContactsFts(rowid, SearchText) VALUES (new.Id, new.SearchText);
                END;
                CREATE TRIGGER Contacts_fts_delete AFTER DELETE ON Contacts BEGIN
                    INSERT INTO ContactsFts(ContactsFts, rowid, SearchText) VALUES ('delete', old.Id, old.SearchText);
                END;
                CREATE TRIGGER Contacts_fts_update AFTER UPDATE OF SearchText ON Contacts BEGIN
                    INSERT INTO ContactsFts(ContactsFts, rowid, SearchText) VALUES ('delete', old.Id, old.SearchText);
                    INSERT INTO ContactsFts(rowid, SearchText) VALUES (new.Id, new.SearchText);
                END;
                INSERT INTO ContactsFts(ContactsFts) VALUES ('rebuild');
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                DROP TRIGGER IF EXISTS Contacts_fts_insert;
                DROP TRIGGER IF EXISTS Contacts_fts_delete;
                DROP TRIGGER IF EXISTS Contacts_fts_update;
                DROP TABLE IF EXISTS ContactsFts;
                """);
            migrationBuilder.DropColumn(
                name: "SearchText",
                table: "Contacts");
        }
    }
}
