using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Volunteer.Domain.Rankings;

namespace Volunteer.Infrastructure.Rankings;

/// <summary>
/// Per-place running totals for the live leaderboard. The two value indexes are walked from the
/// top for the first ranks (points, hours) and counted from a value upwards for a rank.
/// </summary>
internal sealed class ScopeTotalConfiguration : IEntityTypeConfiguration<ScopeTotal>
{
    public void Configure(EntityTypeBuilder<ScopeTotal> e)
    {
        e.HasKey(x => new { x.Period, x.Scope, x.ScopeId, x.MemberId });
        // No foreign keys: every row is derived from MonthlyTotals, whose keys already guarantee the
        // member and the place, and each earn entry writes three of these rows.
        e.HasIndex(x => new { x.Period, x.Scope, x.ScopeId, x.Points }).HasDatabaseName("IX_ScopeTotals_Points");
        e.HasIndex(x => new { x.Period, x.Scope, x.ScopeId, x.Minutes }).HasDatabaseName("IX_ScopeTotals_Minutes");
    }
}
