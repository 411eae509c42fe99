using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Volunteer.Domain.Common;
using Volunteer.Domain.Communities;
using Volunteer.Domain.Members;
using Volunteer.Domain.Points;

namespace Volunteer.Infrastructure.Points;

internal sealed class MonthlyTotalConfiguration : IEntityTypeConfiguration<MonthlyTotal>
{
    public void Configure(EntityTypeBuilder<MonthlyTotal> e)
    {
        e.HasKey(x => new { x.Period, x.MemberId, x.CommunityId, x.GridId });
        e.HasOne<Member>().WithMany().HasForeignKey(x => x.MemberId).OnDelete(DeleteBehavior.Restrict);
        e.HasOne<Community>().WithMany().HasForeignKey(x => x.CommunityId).OnDelete(DeleteBehavior.Restrict);
        e.HasIndex(x => new { x.Period, x.CommunityId });
    }
}
