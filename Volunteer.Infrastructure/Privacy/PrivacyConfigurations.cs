using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Volunteer.Domain.Members;
using Volunteer.Domain.Privacy;

namespace Volunteer.Infrastructure.Privacy;

public sealed class ConsentConfiguration : IEntityTypeConfiguration<Consent>
{
    public void Configure(EntityTypeBuilder<Consent> e)
    {
        e.HasOne<Member>().WithMany().HasForeignKey(x => x.MemberId).OnDelete(DeleteBehavior.Restrict);
        e.HasIndex(x => new { x.MemberId, x.PolicyVersion }).IsUnique().HasDatabaseName("UX_Consents_Member_Version");
        e.Property(x => x.PolicyVersion).HasMaxLength(32);
    }
}
