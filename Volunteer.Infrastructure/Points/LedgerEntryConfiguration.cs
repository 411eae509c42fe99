using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Volunteer.Domain.Members;
using Volunteer.Domain.Points;

namespace Volunteer.Infrastructure.Points;

internal sealed class LedgerEntryConfiguration : IEntityTypeConfiguration<LedgerEntry>
{
    public void Configure(EntityTypeBuilder<LedgerEntry> e)
    {
        e.ToTable(t => t.HasCheckConstraint("CK_LedgerEntries_Minutes", "\"Minutes\" >= 0"));
        e.HasOne<Member>().WithMany().HasForeignKey(x => x.MemberId).OnDelete(DeleteBehavior.Restrict);
        e.HasIndex(x => new { x.Kind, x.SourceId }).IsUnique().HasDatabaseName("UX_LedgerEntries_Source");
        // The unique index (MemberId, Sequence), UX_LedgerEntries_Member_Sequence, and the triggers that
        // refuse UPDATE and DELETE are created by the hand-written migration LedgerChainGuards, after it
        // has backfilled the chain of existing rows.
        e.Property(x => x.Hash).HasMaxLength(64);
        e.Property(x => x.PreviousHash).HasMaxLength(64);
        e.Ignore(x => x.CountsForRanking);
    }
}
