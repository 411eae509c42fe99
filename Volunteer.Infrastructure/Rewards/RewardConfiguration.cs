using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Volunteer.Domain.Partners;
using Volunteer.Domain.Rewards;

namespace Volunteer.Infrastructure.Rewards;

internal sealed class RewardConfiguration : IEntityTypeConfiguration<Reward>
{
    public void Configure(EntityTypeBuilder<Reward> e)
    {
        e.ToTable(t =>
        {
            t.HasCheckConstraint("CK_Rewards_PointsCost", "\"PointsCost\" > 0");
            t.HasCheckConstraint("CK_Rewards_Stock", "\"Stock\" >= 0");
            t.HasCheckConstraint("CK_Rewards_PerMemberLimit", "\"PerMemberLimit\" >= 1");
            t.HasCheckConstraint("CK_Rewards_Validity", "\"ValidUntil\" > \"ValidFrom\"");
        });
        e.HasOne<Partner>().WithMany().HasForeignKey(x => x.PartnerId).OnDelete(DeleteBehavior.Restrict);
        e.HasMany(x => x.Communities).WithOne().HasForeignKey(x => x.RewardId).OnDelete(DeleteBehavior.Cascade);
        e.Navigation(x => x.Communities).HasField("_communities").UsePropertyAccessMode(PropertyAccessMode.Field);
        e.HasIndex(x => new { x.PartnerId, x.Status, x.CreatedAt });
        e.HasIndex(x => new { x.Status, x.ValidUntil });
        e.Property(x => x.Title).HasMaxLength(100);
        e.Property(x => x.Description).HasMaxLength(1000);
        e.Property(x => x.Version).IsConcurrencyToken();
    }
}
