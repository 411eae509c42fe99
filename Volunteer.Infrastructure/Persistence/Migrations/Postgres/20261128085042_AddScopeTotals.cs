using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Volunteer.Infrastructure.Persistence.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class AddScopeTotals : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "ScopeTotals",
                columns: table => new
                {
                    Period = table.Column<int>(type: "integer", nullable: false),
                    Scope = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    ScopeId = table.Column<Guid>(type: "uuid", nullable: false),
                    MemberId = table.Column<Guid>(type: "uuid", nullable: false),
                    Points = table.Column<int>(type: "integer", nullable: false),
                    Minutes = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ScopeTotals", x => new { x.Period, x.Scope, x.ScopeId, x.MemberId });
                });

            migrationBuilder.CreateIndex(
                name: "IX_ScopeTotals_Minutes",
                table: "ScopeTotals",
                columns: new[] { "Period", "Scope", "ScopeId", "Minutes" });

            migrationBuilder.CreateIndex(
                name: "IX_ScopeTotals_Points",
                table: "ScopeTotals",
                columns: new[] { "Period", "Scope", "ScopeId", "Points" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "ScopeTotals");
        }
    }
}
