using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Volunteer.Domain.Common;
using Volunteer.Domain.Communities;
using Volunteer.Domain.Members;
using Volunteer.Domain.Recognition;

namespace Volunteer.Infrastructure.Recognition;

internal sealed class HonorConfiguration : IEntityTypeConfiguration<Honor>
{
    public void Configure(EntityTypeBuilder<Honor> e)
    {
        e.HasOne<Community>().WithMany().HasForeignKey(x => x.CommunityId).OnDelete(DeleteBehavior.Restrict);
        e.HasOne<Member>().WithMany().HasForeignKey(x => x.MemberId).OnDelete(DeleteBehavior.Restrict);
        e.HasIndex(x => new { x.Period, x.CommunityId, x.MemberId, x.Kind }).IsUnique().HasDatabaseName("UX_Honors_Period_Community_Member_Kind");
        e.HasIndex(x => new { x.MemberId, x.Period });
        e.Property(x => x.Title).HasMaxLength(32);
    }
}
