using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Volunteer.Domain.Communities;
using Volunteer.Domain.Recognition;

namespace Volunteer.Infrastructure.Recognition;

internal sealed class HonorSettingsConfiguration : IEntityTypeConfiguration<HonorSettings>
{
    public void Configure(EntityTypeBuilder<HonorSettings> e)
    {
        e.HasKey(x => x.CommunityId);
        e.HasOne<Community>().WithOne().HasForeignKey<HonorSettings>(x => x.CommunityId).OnDelete(DeleteBehavior.Restrict);
        e.Property(x => x.Version).IsConcurrencyToken();
        e.ToTable(t =>
        {
            t.HasCheckConstraint("CK_HonorSettings_TopN", $"\"TopN\" >= 1 AND \"TopN\" <= {HonorSettings.MaxTopN}");
            t.HasCheckConstraint("CK_HonorSettings_Bonus", $"\"BonusPoints\" >= 0 AND \"BonusPoints\" <= {HonorSettings.MaxBonusPoints}");
        });
    }
}
