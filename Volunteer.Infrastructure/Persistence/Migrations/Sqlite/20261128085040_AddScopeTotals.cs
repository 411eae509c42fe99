using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Volunteer.Infrastructure.Persistence.Migrations.Sqlite
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
                    Period = table.Column<int>(type: "INTEGER", nullable: false),
                    Scope = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    ScopeId = table.Column<Guid>(type: "TEXT", nullable: false),
                    MemberId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Points = table.Column<int>(type: "INTEGER", nullable: false),
                    Minutes = table.Column<int>(type: "INTEGER", nullable: false)
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
