using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Volunteer.Domain.Common;
using Volunteer.Domain.Rankings;

namespace Volunteer.Infrastructure.Rankings;

internal sealed class RankingEntryConfiguration : IEntityTypeConfiguration<RankingEntry>
{
    public void Configure(EntityTypeBuilder<RankingEntry> e)
    {
        e.HasKey(x => new { x.Period, x.Scope, x.ScopeId, x.List, x.Metric, x.MemberId });
        // No foreign key to Members: every row is derived from MonthlyTotals, whose key already
        // guarantees the member, and a snapshot can be a million rows written in one statement.
        e.ToTable(t =>
        {
            t.HasCheckConstraint("CK_RankingEntries_Rank", "\"Rank\" >= 1");
            t.HasCheckConstraint("CK_RankingEntries_Value", "\"Value\" > 0");
        });
    }
}
