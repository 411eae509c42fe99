using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Volunteer.Domain.Communities;
using Volunteer.Domain.Households;
using Volunteer.Domain.Members;

namespace Volunteer.Infrastructure.Households;

public sealed class BuildingConfiguration : IEntityTypeConfiguration<Building>
{
    public void Configure(EntityTypeBuilder<Building> e)
    {
        e.HasOne<Community>().WithMany().HasForeignKey(x => x.CommunityId).OnDelete(DeleteBehavior.Restrict);
        e.HasOne<Grid>().WithMany().HasForeignKey(x => x.GridId).OnDelete(DeleteBehavior.Restrict);
        e.HasIndex(x => new { x.CommunityId, x.Name }).IsUnique().HasDatabaseName("UX_Buildings_Community_Name");
        e.HasIndex(x => x.GridId);
        e.Property(x => x.Name).HasMaxLength(Building.MaxNameLength);
        e.Property(x => x.Version).IsConcurrencyToken();
        // Households live in buildings.
        e.HasMany<Household>().WithOne().HasForeignKey(h => h.BuildingId).OnDelete(DeleteBehavior.Restrict);
    }
}

public sealed class PartyGroupConfiguration : IEntityTypeConfiguration<PartyGroup>
{
    public void Configure(EntityTypeBuilder<PartyGroup> e)
    {
        e.HasOne<Building>().WithOne().HasForeignKey<PartyGroup>(x => x.BuildingId).OnDelete(DeleteBehavior.Restrict);
        e.HasIndex(x => x.BuildingId).IsUnique().HasDatabaseName("UX_PartyGroups_Building");
        e.HasOne<Member>().WithMany().HasForeignKey(x => x.LeaderMemberId).OnDelete(DeleteBehavior.Restrict);
        e.Property(x => x.Name).HasMaxLength(PartyGroup.MaxNameLength);
        e.Property(x => x.Version).IsConcurrencyToken();
    }
}

public sealed class CentralHouseholdConfiguration : IEntityTypeConfiguration<CentralHousehold>
{
    public void Configure(EntityTypeBuilder<CentralHousehold> e)
    {
        e.HasOne<Household>().WithOne().HasForeignKey<CentralHousehold>(x => x.HouseholdId).OnDelete(DeleteBehavior.Restrict);
        e.HasIndex(x => x.HouseholdId).IsUnique().HasDatabaseName("UX_CentralHouseholds_Household");
        e.HasOne<Member>().WithMany().HasForeignKey(x => x.PartyMemberId).OnDelete(DeleteBehavior.Restrict);
        // The households it looks after.
        e.HasMany<Household>().WithOne().HasForeignKey(h => h.CentralHouseholdId).OnDelete(DeleteBehavior.Restrict);
    }
}
