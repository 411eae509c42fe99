using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Volunteer.Domain.Communities;
using Volunteer.Domain.Partners;

namespace Volunteer.Infrastructure.Partners;

internal sealed class PartnerConfiguration : IEntityTypeConfiguration<Partner>
{
    public void Configure(EntityTypeBuilder<Partner> e)
    {
        e.HasOne<Street>().WithMany().HasForeignKey(x => x.StreetId).OnDelete(DeleteBehavior.Restrict);
        e.HasIndex(x => new { x.StreetId, x.Name }).IsUnique();
        e.Property(x => x.Name).HasMaxLength(100);
        e.Property(x => x.Contact).HasMaxLength(100);
        e.Property(x => x.Version).IsConcurrencyToken();
        e.HasMany(x => x.Badges).WithOne().HasForeignKey(x => x.PartnerId).OnDelete(DeleteBehavior.Restrict);
        e.Navigation(x => x.Badges).HasField("_badges").UsePropertyAccessMode(PropertyAccessMode.Field);
        e.Ignore(x => x.CurrentBadges);
    }
}
