using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Volunteer.Infrastructure.Persistence.Migrations.Postgres
{
    /// <summary>
    /// Hand-written, changes no model: numbers and chains the ledger entries that existed before the
    /// hash chain (per member, in the order of CreatedAt then Id), then makes (member, sequence) unique
    /// and the table append-only (UPDATE, DELETE and TRUNCATE refused). The canonical form is the one
    /// in Volunteer.Domain.Points.LedgerChain.
    /// </summary>
    [DbContext(typeof(PostgresVolunteerDbContext))]
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
                           'v1|' || "Id"::text || '|' || "MemberId"::text || '|' || lower("Kind") || '|' || "Amount"::text || '|'
                               || "BalanceAfter"::text || '|' || "SourceId"::text || '|' || COALESCE("ActorId"::text, '') || '|'
                               || floor(extract(epoch FROM "CreatedAt") * 1000)::bigint::text || '|' AS body
                    FROM "LedgerEntries"
                ),
                chain AS (
                    SELECT "Id", "MemberId", n, '{Genesis}'::text AS prev,
                           encode(sha256(convert_to(body || '{Genesis}', 'UTF8')), 'hex') AS hash
                    FROM ordered WHERE n = 1
                    UNION ALL
                    SELECT o."Id", o."MemberId", o.n, c.hash, encode(sha256(convert_to(o.body || c.hash, 'UTF8')), 'hex')
                    FROM ordered o JOIN chain c ON o."MemberId" = c."MemberId" AND o.n = c.n + 1
                )
                UPDATE "LedgerEntries" l SET "Sequence" = chain.n, "PreviousHash" = chain.prev, "Hash" = chain.hash
                FROM chain WHERE chain."Id" = l."Id";
                """);
            migrationBuilder.Sql("""
                CREATE UNIQUE INDEX "UX_LedgerEntries_Member_Sequence" ON "LedgerEntries" ("MemberId", "Sequence");
                """);
            migrationBuilder.Sql("""
                CREATE FUNCTION ledger_entries_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    RAISE EXCEPTION 'ledger.appendOnly: ledger entries are never changed (% refused)', TG_OP
                        USING ERRCODE = 'restrict_violation';
                END
                $$;
                """);
            migrationBuilder.Sql("""
                CREATE TRIGGER "TR_LedgerEntries_AppendOnly" BEFORE UPDATE OR DELETE ON "LedgerEntries"
                FOR EACH ROW EXECUTE FUNCTION ledger_entries_append_only();
                """);
            migrationBuilder.Sql("""
                CREATE TRIGGER "TR_LedgerEntries_NoTruncate" BEFORE TRUNCATE ON "LedgerEntries"
                FOR EACH STATEMENT EXECUTE FUNCTION ledger_entries_append_only();
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""DROP TRIGGER IF EXISTS "TR_LedgerEntries_NoTruncate" ON "LedgerEntries";""");
            migrationBuilder.Sql("""DROP TRIGGER IF EXISTS "TR_LedgerEntries_AppendOnly" ON "LedgerEntries";""");
            migrationBuilder.Sql("""DROP FUNCTION IF EXISTS ledger_entries_append_only();""");
            migrationBuilder.Sql("""DROP INDEX IF EXISTS "UX_LedgerEntries_Member_Sequence";""");
        }
    }
}
