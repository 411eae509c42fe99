using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Volunteer.Domain.Members;
using Volunteer.Domain.Partners;
using Volunteer.Domain.Tasks;

namespace Volunteer.Infrastructure.Tasks;

internal sealed class ClaimConfiguration : IEntityTypeConfiguration<Claim>
{
    public void Configure(EntityTypeBuilder<Claim> e)
    {
        e.ToTable(t =>
        {
            t.HasCheckConstraint("CK_Claims_OneClaimant", "(\"MemberId\" IS NULL) <> (\"PartnerId\" IS NULL)");
            t.HasCheckConstraint("CK_Claims_Rating", "\"RatingStars\" IS NULL OR (\"RatingStars\" >= 1 AND \"RatingStars\" <= 5)");
            t.HasCheckConstraint("CK_Claims_Minutes", "\"ServiceMinutes\" >= 0");
        });
        e.HasOne<ServiceTask>().WithMany().HasForeignKey(x => x.TaskId).OnDelete(DeleteBehavior.Restrict);
        e.HasOne<Member>().WithMany().HasForeignKey(x => x.MemberId).OnDelete(DeleteBehavior.Restrict);
        e.HasOne<Partner>().WithMany().HasForeignKey(x => x.PartnerId).OnDelete(DeleteBehavior.Restrict);
        // A member (or organisation) holds at most one live claim per task; cancelled claims
        // stay as history and do not block claiming again.
        e.HasIndex(x => new { x.TaskId, x.MemberId }).IsUnique()
            .HasFilter($"\"Status\" <> '{nameof(ClaimStatus.Cancelled)}'").HasDatabaseName("UX_Claims_Task_Member");
        e.HasIndex(x => new { x.TaskId, x.PartnerId }).IsUnique()
            .HasFilter($"\"Status\" <> '{nameof(ClaimStatus.Cancelled)}'").HasDatabaseName("UX_Claims_Task_Partner");
        e.HasIndex(x => new { x.MemberId, x.ClaimedAt });
        e.HasIndex(x => new { x.Status, x.TaskId });
        e.Property(x => x.RatingComment).HasMaxLength(Claim.MaxRatingCommentLength);
        e.Property(x => x.StaffConfirmationReason).HasMaxLength(Claim.MaxConfirmationReasonLength);
        // Anomaly rules look for services confirmed by staff without a check-in.
        e.HasIndex(x => new { x.CheckInMethod, x.ReviewedAt });
        e.ToTable(t => t.HasCheckConstraint("CK_Claims_StaffConfirmation",
            $"(\"CheckInMethod\" = '{nameof(CheckInMethod.StaffConfirmed)}') = (\"StaffConfirmationReason\" IS NOT NULL)"));
        e.Ignore(x => x.HoldsSlot);
        e.Property(x => x.Version).IsConcurrencyToken();
    }
}
