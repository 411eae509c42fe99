using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Volunteer.Domain.Communities;
using Volunteer.Domain.Partners;

namespace Volunteer.Infrastructure.Partners;

internal sealed class CoBuildingAgreementConfiguration : IEntityTypeConfiguration<CoBuildingAgreement>
{
    public void Configure(EntityTypeBuilder<CoBuildingAgreement> e)
    {
        e.ToTable(t => t.HasCheckConstraint("CK_CoBuildingAgreements_Dates", "\"EndsOn\" >= \"StartsOn\""));
        e.HasOne<Partner>().WithMany().HasForeignKey(x => x.PartnerId).OnDelete(DeleteBehavior.Restrict);
        e.HasOne<Community>().WithMany().HasForeignKey(x => x.CommunityId).OnDelete(DeleteBehavior.Restrict);
        e.HasIndex(x => new { x.PartnerId, x.CommunityId }).IsUnique().HasDatabaseName("UX_CoBuildingAgreements_Partner_Community");
        e.HasIndex(x => new { x.CommunityId, x.EndsOn });
        e.Property(x => x.Version).IsConcurrencyToken();
    }
}
