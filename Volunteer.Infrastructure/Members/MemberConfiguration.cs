using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Volunteer.Domain.Communities;
using Volunteer.Domain.Members;

namespace Volunteer.Infrastructure.Members;

internal sealed class MemberConfiguration : IEntityTypeConfiguration<Member>
{
    public void Configure(EntityTypeBuilder<Member> e)
    {
        e.HasIndex(x => x.OpenId).IsUnique();
        e.HasIndex(x => new { x.CommunityId, x.PartyStatus });
        // The residents erased recently (ErasedMembers reads them every 30 s on each instance): without an index that read
        // scanned every member, ~80 ms for a street of 100,000. Only erased rows are indexed, so it costs nothing else.
        e.HasIndex(x => x.ErasedAt).HasFilter("\"ErasedAt\" IS NOT NULL");
        e.HasOne<Community>().WithMany().HasForeignKey(x => x.CommunityId).OnDelete(DeleteBehavior.Restrict);
        e.HasOne<Grid>().WithMany().HasForeignKey(x => x.GridId).OnDelete(DeleteBehavior.Restrict);
        e.Property(x => x.OpenId).HasMaxLength(64);
        e.Property(x => x.UnionId).HasMaxLength(64);
        e.Property(x => x.PendingName).HasMaxLength(30);
        e.Property(x => x.Name).HasMaxLength(30);
        e.Property(x => x.Phone).HasMaxLength(11);
        e.Property(x => x.PartyBranch).HasMaxLength(100);
        e.Property(x => x.PartyWorkUnit).HasMaxLength(100);
        e.Property(x => x.Version).IsConcurrencyToken();
    }
}
