using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Volunteer.Domain.Communities;
using Volunteer.Domain.Rewards;

namespace Volunteer.Infrastructure.Rewards;

internal sealed class RewardCommunityConfiguration : IEntityTypeConfiguration<RewardCommunity>
{
    public void Configure(EntityTypeBuilder<RewardCommunity> e)
    {
        e.HasKey(x => new { x.RewardId, x.CommunityId });
        e.HasOne<Community>().WithMany().HasForeignKey(x => x.CommunityId).OnDelete(DeleteBehavior.Restrict);
        e.HasIndex(x => x.CommunityId);
    }
}
