using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Volunteer.Domain.Communities;
using Volunteer.Domain.Members;
using Volunteer.Domain.Partners;
using Volunteer.Domain.Rewards;

namespace Volunteer.Infrastructure.Rewards;

internal sealed class RedemptionConfiguration : IEntityTypeConfiguration<Redemption>
{
    public void Configure(EntityTypeBuilder<Redemption> e)
    {
        e.ToTable(t =>
        {
            t.HasCheckConstraint("CK_Redemptions_PointsCost", "\"PointsCost\" > 0");
            t.HasCheckConstraint("CK_Redemptions_Fulfilled",
                $"(\"Status\" = '{nameof(RedemptionStatus.Fulfilled)}') = (\"FulfilledAt\" IS NOT NULL)");
        });
        e.HasOne<Reward>().WithMany().HasForeignKey(x => x.RewardId).OnDelete(DeleteBehavior.Restrict);
        e.HasOne<Partner>().WithMany().HasForeignKey(x => x.PartnerId).OnDelete(DeleteBehavior.Restrict);
        e.HasOne<Member>().WithMany().HasForeignKey(x => x.MemberId).OnDelete(DeleteBehavior.Restrict);
        e.HasOne<Community>().WithMany().HasForeignKey(x => x.CommunityId).OnDelete(DeleteBehavior.Restrict);
        e.HasOne<Account>().WithMany().HasForeignKey(x => x.FulfilledByAccountId).OnDelete(DeleteBehavior.Restrict);
        e.HasIndex(x => x.Code).IsUnique().HasDatabaseName("UX_Redemptions_Code");
        // One redemption per client request: retries with the same key find the first one.
        e.HasIndex(x => new { x.MemberId, x.IdempotencyKey }).IsUnique().HasDatabaseName("UX_Redemptions_Member_IdempotencyKey");
        e.HasIndex(x => new { x.MemberId, x.RewardId, x.Status });
        e.HasIndex(x => new { x.MemberId, x.CreatedAt });
        e.HasIndex(x => new { x.PartnerId, x.Status, x.CreatedAt });
        e.HasIndex(x => new { x.PartnerId, x.FulfilledAt });
        e.HasIndex(x => new { x.Status, x.ExpiresAt });
        e.Property(x => x.RewardTitle).HasMaxLength(100);
        e.Property(x => x.Code).HasMaxLength(RedemptionCode.Length);
        e.Property(x => x.Note).HasMaxLength(RedemptionRequest.MaxNoteLength);
        e.Property(x => x.IdempotencyKey).HasMaxLength(RedemptionRequest.MaxKeyLength);
        e.Property(x => x.RequestFingerprint).HasMaxLength(64);
        e.Property(x => x.Version).IsConcurrencyToken();
    }
}
