using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Volunteer.Domain.Communities;

namespace Volunteer.Infrastructure.Communities;

internal sealed class CommunityConfiguration : IEntityTypeConfiguration<Community>
{
    public void Configure(EntityTypeBuilder<Community> e)
    {
        e.HasOne<Street>().WithMany().HasForeignKey(x => x.StreetId).OnDelete(DeleteBehavior.Restrict);
        e.HasIndex(x => new { x.StreetId, x.Name }).IsUnique();
        e.Property(x => x.Name).HasMaxLength(50);
    }
}
