using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Volunteer.Domain.Communities;

namespace Volunteer.Infrastructure.Communities;

internal sealed class GridConfiguration : IEntityTypeConfiguration<Grid>
{
    public void Configure(EntityTypeBuilder<Grid> e)
    {
        e.HasOne<Community>().WithMany().HasForeignKey(x => x.CommunityId).OnDelete(DeleteBehavior.Restrict);
        e.HasIndex(x => new { x.CommunityId, x.Name }).IsUnique();
        e.Property(x => x.Name).HasMaxLength(50);
        e.Property(x => x.WorkerName).HasMaxLength(30);
    }
}
