using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Volunteer.Domain.Audit;

namespace Volunteer.Infrastructure.Audit;

public sealed class AuditEntryConfiguration : IEntityTypeConfiguration<AuditEntry>
{
    public void Configure(EntityTypeBuilder<AuditEntry> e)
    {
        e.Property(x => x.Action).HasConversion<string>().HasMaxLength(32);
        e.Property(x => x.Detail).HasMaxLength(AuditEntry.MaxDetailLength);
        e.HasIndex(x => new { x.StreetId, x.At });
        e.HasIndex(x => new { x.MemberId, x.At });
        e.HasIndex(x => new { x.ActorId, x.At });
    }
}
