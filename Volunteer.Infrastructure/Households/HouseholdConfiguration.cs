using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Volunteer.Domain.Communities;
using Volunteer.Domain.Households;
using Volunteer.Domain.Members;

namespace Volunteer.Infrastructure.Households;

public sealed class HouseholdConfiguration : IEntityTypeConfiguration<Household>
{
    public void Configure(EntityTypeBuilder<Household> e)
    {
        e.HasOne<Community>().WithMany().HasForeignKey(x => x.CommunityId).OnDelete(DeleteBehavior.Restrict);
        // One household per address unit of a community.
        e.HasIndex(x => new { x.CommunityId, x.AddressUnit }).IsUnique().HasDatabaseName("UX_Households_Community_AddressUnit");
        e.Property(x => x.AddressUnit).HasMaxLength(Household.MaxAddressUnitLength);
        e.HasOne<Member>().WithMany().HasForeignKey(x => x.HeadMemberId).OnDelete(DeleteBehavior.Restrict);
        // Member.HouseholdId: a member is in at most one household (one column), found by an index.
        e.HasMany<Member>().WithOne().HasForeignKey(m => m.HouseholdId).OnDelete(DeleteBehavior.Restrict);
        e.Property(x => x.Version).IsConcurrencyToken();
    }
}
