using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Volunteer.Domain.Common;
using Volunteer.Domain.Jobs;

namespace Volunteer.Infrastructure.Jobs;

internal sealed class JobRunConfiguration : IEntityTypeConfiguration<JobRun>
{
    public void Configure(EntityTypeBuilder<JobRun> e)
    {
        // One run per job and period: the claim that stops two instances computing the same month.
        e.HasIndex(x => new { x.Job, x.Period }).IsUnique().HasDatabaseName("UX_JobRuns_Job_Period");
        e.HasIndex(x => x.StartedAt);
        e.Property(x => x.Summary).HasMaxLength(500);
        e.Property(x => x.Error).HasMaxLength(JobRun.MaxErrorLength);
        e.Ignore(x => x.PeriodValue);
        e.ToTable(t => t.HasCheckConstraint("CK_JobRuns_Attempts", "\"Attempts\" >= 1"));
    }
}
