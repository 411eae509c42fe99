using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Volunteer.Infrastructure.Persistence.Migrations.Sqlite
{
    /// <summary>
    /// Hand-written, changes no model: numbers and chains the ledger entries that existed before the
    /// hash chain (per member, in the order of CreatedAt then Id), then makes (member, sequence) unique
    /// and the table append-only. The canonical form is the one in Volunteer.Domain.Points.LedgerChain;
    /// volunteer_sha256 is registered on every connection (SqlitePragmas).
    /// Note: an EF Core migration that rebuilds the LedgerEntries table on SQLite drops these triggers
    /// and this index; such a migration must create them again.
    /// </summary>
    [DbContext(typeof(SqliteVolunteerDbContext))]
    [Migration("20261128090000_LedgerChainGuards")]
    public partial class LedgerChainGuards : Migration
    {
        private const string Genesis = "0000000000000000000000000000000000000000000000000000000000000000";

        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql($"""
                WITH RECURSIVE ordered AS (
                    SELECT "Id", "MemberId",
                           ROW_NUMBER() OVER (PARTITION BY "MemberId" ORDER BY "CreatedAt", "Id") AS n,
                           'v1|' || lower("Id") || '|' || lower("MemberId") || '|' || lower("Kind") || '|' || "Amount" || '|'
                               || "BalanceAfter" || '|' || lower("SourceId") || '|' || COALESCE(lower("ActorId"), '') || '|'
                               || (("CreatedAt" - 621355968000000000) / 10000) || '|' AS body
                    FROM "LedgerEntries"
                ),
                chain AS (
                    SELECT "Id", "MemberId", n, '{Genesis}' AS prev, volunteer_sha256(body || '{Genesis}') AS hash
                    FROM ordered WHERE n = 1
                    UNION ALL
                    SELECT o."Id", o."MemberId", o.n, c.hash, volunteer_sha256(o.body || c.hash)
                    FROM ordered o JOIN chain c ON o."MemberId" = c."MemberId" AND o.n = c.n + 1
                )
                UPDATE "LedgerEntries" SET "Sequence" = chain.n, "PreviousHash" = chain.prev, "Hash" = chain.hash
                FROM chain WHERE chain."Id" = "LedgerEntries"."Id";
                """);
            migrationBuilder.Sql("""
                CREATE UNIQUE INDEX "UX_LedgerEntries_Member_Sequence" ON "LedgerEntries" ("MemberId", "Sequence");
                """);
            migrationBuilder.Sql("""
                CREATE TRIGGER "TR_LedgerEntries_NoUpdate" BEFORE UPDATE ON "LedgerEntries"
                BEGIN SELECT RAISE(ABORT, 'ledger.appendOnly: ledger entries are never updated'); END;
                """);
            migrationBuilder.Sql("""
                CREATE TRIGGER "TR_LedgerEntries_NoDelete" BEFORE DELETE ON "LedgerEntries"
                BEGIN SELECT RAISE(ABORT, 'ledger.appendOnly: ledger entries are never deleted'); END;
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""DROP TRIGGER IF EXISTS "TR_LedgerEntries_NoDelete";""");
            migrationBuilder.Sql("""DROP TRIGGER IF EXISTS "TR_LedgerEntries_NoUpdate";""");
            migrationBuilder.Sql("""DROP INDEX IF EXISTS "UX_LedgerEntries_Member_Sequence";""");
        }
    }
}
