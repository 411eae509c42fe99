using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Volunteer.Domain.Common;
using Volunteer.Domain.Communities;
using Volunteer.Domain.Members;
using Volunteer.Domain.Reports;

namespace Volunteer.Infrastructure.Reports;

internal sealed class DualEvaluationEntryConfiguration : IEntityTypeConfiguration<DualEvaluationEntry>
{
    public void Configure(EntityTypeBuilder<DualEvaluationEntry> e)
    {
        e.HasKey(x => new { x.Period, x.MemberId });
        e.HasOne<Member>().WithMany().HasForeignKey(x => x.MemberId).OnDelete(DeleteBehavior.Restrict);
        e.HasOne<Community>().WithMany().HasForeignKey(x => x.CommunityId).OnDelete(DeleteBehavior.Restrict);
        e.HasIndex(x => new { x.Period, x.StreetId, x.WorkUnit });
        e.Property(x => x.MemberName).HasMaxLength(30);
        e.Property(x => x.WorkUnit).HasMaxLength(100);
        e.Property(x => x.PartyBranch).HasMaxLength(100);
        e.Ignore(x => x.AverageRating);
    }
}
