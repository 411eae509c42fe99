using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Volunteer.Domain.Members;
using Volunteer.Domain.Partners;

namespace Volunteer.Infrastructure.Partners;

internal sealed class PartnerBadgeConfiguration : IEntityTypeConfiguration<PartnerBadge>
{
    public void Configure(EntityTypeBuilder<PartnerBadge> e)
    {
        // Added through the partner's collection: a set key must not read as "already stored".
        e.Property(x => x.Id).ValueGeneratedNever();
        // A badge is held at most once at a time; revoked grants stay as history.
        e.HasIndex(x => new { x.PartnerId, x.Badge }).IsUnique()
            .HasFilter("\"RevokedAt\" IS NULL").HasDatabaseName("UX_PartnerBadges_Current");
        e.HasOne<Account>().WithMany().HasForeignKey(x => x.GrantedByAccountId).OnDelete(DeleteBehavior.Restrict);
        e.HasOne<Account>().WithMany().HasForeignKey(x => x.RevokedByAccountId).OnDelete(DeleteBehavior.Restrict);
        e.Ignore(x => x.IsCurrent);
    }
}
