using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Volunteer.Domain.Points;

namespace Volunteer.Infrastructure.Points;

public sealed class LedgerRootConfiguration : IEntityTypeConfiguration<LedgerRoot>
{
    public void Configure(EntityTypeBuilder<LedgerRoot> e)
    {
        e.HasKey(x => x.Period);
        e.Property(x => x.Period).ValueGeneratedNever();
        e.Property(x => x.Root).HasMaxLength(64);
    }
}

public sealed class LedgerVerificationRunConfiguration : IEntityTypeConfiguration<LedgerVerificationRun>
{
    public void Configure(EntityTypeBuilder<LedgerVerificationRun> e)
    {
        e.HasIndex(x => x.Day).IsUnique().HasDatabaseName("UX_LedgerVerificationRuns_Day");
        e.Property(x => x.Summary).HasMaxLength(LedgerVerificationRun.MaxSummaryLength);
    }
}
