using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Volunteer.Domain.Members;
using Volunteer.Domain.Points;

namespace Volunteer.Infrastructure.Points;

internal sealed class PointsAccountConfiguration : IEntityTypeConfiguration<PointsAccount>
{
    public void Configure(EntityTypeBuilder<PointsAccount> e)
    {
        e.HasKey(x => x.MemberId);
        e.HasOne<Member>().WithOne().HasForeignKey<PointsAccount>(x => x.MemberId).OnDelete(DeleteBehavior.Restrict);
        e.ToTable(t =>
        {
            t.HasCheckConstraint("CK_PointsAccounts_Balance", "\"Balance\" >= 0");
            t.HasCheckConstraint("CK_PointsAccounts_Minutes", "\"Minutes\" >= 0");
        });
        e.Ignore(x => x.StarLevel);
    }
}
