using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Volunteer.Infrastructure.Persistence.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class LedgerChainAndPrivacy : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_LedgerEntries_MemberId_CreatedAt",
                table: "LedgerEntries");

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "ErasedAt",
                table: "Members",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Hash",
                table: "LedgerEntries",
                type: "character varying(64)",
                maxLength: 64,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<string>(
                name: "PreviousHash",
                table: "LedgerEntries",
                type: "character varying(64)",
                maxLength: 64,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<long>(
                name: "Sequence",
                table: "LedgerEntries",
                type: "bigint",
                nullable: false,
                defaultValue: 0L);

            migrationBuilder.CreateTable(
                name: "AuditEntries",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    At = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    ActorId = table.Column<Guid>(type: "uuid", nullable: false),
                    ActorRole = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    Action = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    MemberId = table.Column<Guid>(type: "uuid", nullable: true),
                    StreetId = table.Column<Guid>(type: "uuid", nullable: true),
                    Detail = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AuditEntries", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "Consents",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    MemberId = table.Column<Guid>(type: "uuid", nullable: false),
                    PolicyVersion = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    AcceptedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Consents", x => x.Id);
                    table.ForeignKey(
                        name: "FK_Consents_Members_MemberId",
                        column: x => x.MemberId,
                        principalTable: "Members",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "LedgerRoots",
                columns: table => new
                {
                    Period = table.Column<int>(type: "integer", nullable: false),
                    Root = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Accounts = table.Column<int>(type: "integer", nullable: false),
                    Entries = table.Column<long>(type: "bigint", nullable: false),
                    ComputedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_LedgerRoots", x => x.Period);
                });

            migrationBuilder.CreateTable(
                name: "LedgerVerificationRuns",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    Day = table.Column<int>(type: "integer", nullable: false),
                    StartedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    FinishedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    Ok = table.Column<bool>(type: "boolean", nullable: false),
                    Accounts = table.Column<int>(type: "integer", nullable: false),
                    Entries = table.Column<long>(type: "bigint", nullable: false),
                    Problems = table.Column<int>(type: "integer", nullable: false),
                    Summary = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_LedgerVerificationRuns", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_LedgerEntries_MemberId",
                table: "LedgerEntries",
                column: "MemberId");

            migrationBuilder.CreateIndex(
                name: "IX_AuditEntries_ActorId_At",
                table: "AuditEntries",
                columns: new[] { "ActorId", "At" });

            migrationBuilder.CreateIndex(
                name: "IX_AuditEntries_MemberId_At",
                table: "AuditEntries",
                columns: new[] { "MemberId", "At" });

            migrationBuilder.CreateIndex(
                name: "IX_AuditEntries_StreetId_At",
                table: "AuditEntries",
                columns: new[] { "StreetId", "At" });

            migrationBuilder.CreateIndex(
                name: "UX_Consents_Member_Version",
                table: "Consents",
                columns: new[] { "MemberId", "PolicyVersion" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "UX_LedgerVerificationRuns_Day",
                table: "LedgerVerificationRuns",
                column: "Day",
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "AuditEntries");

            migrationBuilder.DropTable(
                name: "Consents");

            migrationBuilder.DropTable(
                name: "LedgerRoots");

            migrationBuilder.DropTable(
                name: "LedgerVerificationRuns");

            migrationBuilder.DropIndex(
                name: "IX_LedgerEntries_MemberId",
                table: "LedgerEntries");

            migrationBuilder.DropColumn(
                name: "ErasedAt",
                table: "Members");

            migrationBuilder.DropColumn(
                name: "Hash",
                table: "LedgerEntries");

            migrationBuilder.DropColumn(
                name: "PreviousHash",
                table: "LedgerEntries");

            migrationBuilder.DropColumn(
                name: "Sequence",
                table: "LedgerEntries");

            migrationBuilder.CreateIndex(
                name: "IX_LedgerEntries_MemberId_CreatedAt",
                table: "LedgerEntries",
                columns: new[] { "MemberId", "CreatedAt" });
        }
    }
}
