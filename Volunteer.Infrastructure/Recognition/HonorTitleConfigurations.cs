using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Volunteer.Domain.Communities;
using Volunteer.Domain.Households;
using Volunteer.Domain.Members;
using Volunteer.Domain.Recognition;

namespace Volunteer.Infrastructure.Recognition;

internal sealed class HonorTitleConfiguration : IEntityTypeConfiguration<HonorTitle>
{
    public void Configure(EntityTypeBuilder<HonorTitle> e)
    {
        e.HasOne<Street>().WithMany().HasForeignKey(x => x.StreetId).OnDelete(DeleteBehavior.Restrict);
        e.HasOne<Account>().WithMany().HasForeignKey(x => x.CreatedByAccountId).OnDelete(DeleteBehavior.Restrict);
        e.HasIndex(x => new { x.StreetId, x.Name }).IsUnique().HasDatabaseName("UX_HonorTitles_Street_Name");
        e.Property(x => x.Name).HasMaxLength(HonorTitle.MaxNameLength);
        e.Property(x => x.Description).HasMaxLength(HonorTitle.MaxDescriptionLength);
        e.Property(x => x.Subject).HasConversion<string>().HasMaxLength(16);
        e.Property(x => x.Cadence).HasConversion<string>().HasMaxLength(16);
        e.Property(x => x.Version).IsConcurrencyToken();
        e.ToTable(t => t.HasCheckConstraint("CK_HonorTitles_Bonus", $"\"BonusPoints\" >= 0 AND \"BonusPoints\" <= {HonorSettings.MaxBonusPoints}"));
    }
}

internal sealed class HonorNominationConfiguration : IEntityTypeConfiguration<HonorNomination>
{
    public void Configure(EntityTypeBuilder<HonorNomination> e)
    {
        e.HasOne<HonorTitle>().WithMany().HasForeignKey(x => x.TitleId).OnDelete(DeleteBehavior.Restrict);
        e.HasOne<Community>().WithMany().HasForeignKey(x => x.CommunityId).OnDelete(DeleteBehavior.Restrict);
        e.HasOne<Member>().WithMany().HasForeignKey(x => x.MemberId).OnDelete(DeleteBehavior.Restrict);
        e.HasOne<Member>().WithMany().HasForeignKey(x => x.BonusMemberId).OnDelete(DeleteBehavior.Restrict);
        e.HasOne<Household>().WithMany().HasForeignKey(x => x.HouseholdId).OnDelete(DeleteBehavior.Restrict);
        e.HasOne<Account>().WithMany().HasForeignKey(x => x.NominatedByAccountId).OnDelete(DeleteBehavior.Restrict);
        e.HasOne<Account>().WithMany().HasForeignKey(x => x.DecidedByAccountId).OnDelete(DeleteBehavior.Restrict);
        // A subject holds a title at most once per period (a yearly title once a year): one live
        // (pending or approved) nomination per title, subject and period; a rejected one can be tried again.
        var live = $"\"Status\" <> '{nameof(NominationStatus.Rejected)}'";
        e.HasIndex(x => new { x.TitleId, x.MemberId, x.Period }).IsUnique().HasFilter(live).HasDatabaseName("UX_HonorNominations_Title_Member_Period");
        e.HasIndex(x => new { x.TitleId, x.HouseholdId, x.Period }).IsUnique().HasFilter(live).HasDatabaseName("UX_HonorNominations_Title_Household_Period");
        e.HasIndex(x => new { x.StreetId, x.Status, x.NominatedAt });
        e.HasIndex(x => new { x.CommunityId, x.Status, x.NominatedAt });
        e.Property(x => x.Subject).HasConversion<string>().HasMaxLength(16);
        e.Property(x => x.Cadence).HasConversion<string>().HasMaxLength(16);
        e.Property(x => x.Status).HasConversion<string>().HasMaxLength(16);
        e.Property(x => x.Reason).HasMaxLength(HonorNomination.MaxReasonLength);
        e.Property(x => x.RejectionReason).HasMaxLength(200);
        e.Property(x => x.Version).IsConcurrencyToken();
        e.Ignore(x => x.HonorPeriod);
        e.ToTable(t =>
        {
            t.HasCheckConstraint("CK_HonorNominations_OneSubject", "(\"MemberId\" IS NULL) <> (\"HouseholdId\" IS NULL)");
            t.HasCheckConstraint("CK_HonorNominations_Bonus", $"\"BonusPoints\" >= 0 AND \"BonusPoints\" <= {HonorSettings.MaxBonusPoints}");
            t.HasCheckConstraint("CK_HonorNominations_Decided",
                $"(\"Status\" = '{nameof(NominationStatus.Pending)}') = (\"DecidedAt\" IS NULL)");
        });
    }
}
