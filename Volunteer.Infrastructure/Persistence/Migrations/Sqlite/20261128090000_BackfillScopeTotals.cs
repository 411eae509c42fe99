using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Volunteer.Infrastructure.Persistence.Migrations.Sqlite
{
    /// <summary>
    /// Hand-written, changes no model: fills the per-scope running totals of the live leaderboard
    /// from the monthly totals already kept, so a month in progress ranks the same after the upgrade.
    /// From here on each earn/adjust entry writes both (ProviderSql.AddToMonthlyTotalAsync).
    /// </summary>
    [DbContext(typeof(SqliteVolunteerDbContext))]
    [Migration("20261128090000_BackfillScopeTotals")]
    public partial class BackfillScopeTotals : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder) => migrationBuilder.Sql(ScopeTotalsBackfill.Sql);

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder) => migrationBuilder.Sql("DELETE FROM \"ScopeTotals\"");
    }
}
