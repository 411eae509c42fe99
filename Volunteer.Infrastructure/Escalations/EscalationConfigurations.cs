using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Volunteer.Domain.Communities;
using Volunteer.Domain.Escalations;
using Volunteer.Domain.Members;
using Volunteer.Domain.Needs;

namespace Volunteer.Infrastructure.Escalations;

internal sealed class DepartmentConfiguration : IEntityTypeConfiguration<Department>
{
    public void Configure(EntityTypeBuilder<Department> e)
    {
        e.HasOne<Street>().WithMany().HasForeignKey(x => x.StreetId).OnDelete(DeleteBehavior.Restrict);
        e.Property(x => x.Name).HasMaxLength(Department.NameMaxLength);
        e.HasIndex(x => new { x.StreetId, x.Name }).IsUnique().HasDatabaseName("UX_Departments_Street_Name");
    }
}

internal sealed class EscalationConfiguration : IEntityTypeConfiguration<Escalation>
{
    public void Configure(EntityTypeBuilder<Escalation> e)
    {
        e.HasOne<Need>().WithMany().HasForeignKey(x => x.NeedId).OnDelete(DeleteBehavior.Restrict);
        e.HasOne<Street>().WithMany().HasForeignKey(x => x.StreetId).OnDelete(DeleteBehavior.Restrict);
        e.HasOne<Community>().WithMany().HasForeignKey(x => x.CommunityId).OnDelete(DeleteBehavior.Restrict);
        e.HasOne<Member>().WithMany().HasForeignKey(x => x.RequesterId).OnDelete(DeleteBehavior.Restrict);
        e.HasOne<Account>().WithMany().HasForeignKey(x => x.RaisedByAccountId).OnDelete(DeleteBehavior.Restrict);
        e.Property(x => x.State).HasConversion<string>().HasMaxLength(16);
        e.Property(x => x.Satisfaction).HasConversion<string>().HasMaxLength(24);
        e.Property(x => x.Reason).HasMaxLength(Escalation.ReasonMaxLength);
        e.Property(x => x.SatisfactionComment).HasMaxLength(Escalation.CommentMaxLength);
        e.Property(x => x.Version).IsConcurrencyToken();
        e.HasMany(x => x.Assignments).WithOne().HasForeignKey(x => x.EscalationId).OnDelete(DeleteBehavior.Cascade);
        e.Navigation(x => x.Assignments).HasField("_assignments").UsePropertyAccessMode(PropertyAccessMode.Field);
        e.HasMany(x => x.Timeline).WithOne().HasForeignKey(x => x.EscalationId).OnDelete(DeleteBehavior.Cascade);
        e.Navigation(x => x.Timeline).HasField("_timeline").UsePropertyAccessMode(PropertyAccessMode.Field);
        e.Ignore(x => x.IsOpen);
        // A need has at most one escalation that is not resolved.
        e.HasIndex(x => x.NeedId).IsUnique().HasFilter($"\"State\" <> '{nameof(EscalationState.Resolved)}'")
            .HasDatabaseName("UX_Escalations_Need_Open");
        // The street's queue and a community's list, newest first, by state.
        e.HasIndex(x => new { x.StreetId, x.State, x.CreatedAt });
        e.HasIndex(x => new { x.CommunityId, x.CreatedAt });
        e.HasIndex(x => new { x.RequesterId, x.CreatedAt });
        e.ToTable(t =>
        {
            t.HasCheckConstraint("CK_Escalations_Resolved", "(\"State\" = 'Resolved') = (\"ResolvedAt\" IS NOT NULL)");
            t.HasCheckConstraint("CK_Escalations_RatedWhenResolved", "\"Satisfaction\" IS NULL OR \"State\" = 'Resolved'");
        });
    }
}

internal sealed class EscalationAssignmentConfiguration : IEntityTypeConfiguration<EscalationAssignment>
{
    public void Configure(EntityTypeBuilder<EscalationAssignment> e)
    {
        // Added through the escalation's collection: a set key must not read as "already stored".
        e.Property(x => x.Id).ValueGeneratedNever();
        e.HasOne<Department>().WithMany().HasForeignKey(x => x.DepartmentId).OnDelete(DeleteBehavior.Restrict);
        e.Property(x => x.Outcome).HasMaxLength(Escalation.OutcomeMaxLength);
        e.Ignore(x => x.IsOverdue);
        // A department is sent an escalation once.
        e.HasIndex(x => new { x.EscalationId, x.DepartmentId }).IsUnique().HasDatabaseName("UX_EscalationAssignments_Escalation_Department");
        // A department's list, and the statistics of a street's month.
        e.HasIndex(x => new { x.DepartmentId, x.AssignedAt });
        // What the overdue job looks for.
        e.HasIndex(x => new { x.ResolvedAt, x.DueAt });
        e.ToTable(t =>
        {
            t.HasCheckConstraint("CK_EscalationAssignments_ResolvedAfterAcknowledged", "\"ResolvedAt\" IS NULL OR \"AcknowledgedAt\" IS NOT NULL");
            t.HasCheckConstraint("CK_EscalationAssignments_Due", "\"AcknowledgeDueAt\" <= \"DueAt\"");
        });
    }
}

internal sealed class EscalationEventConfiguration : IEntityTypeConfiguration<EscalationEvent>
{
    public void Configure(EntityTypeBuilder<EscalationEvent> e)
    {
        e.Property(x => x.Id).ValueGeneratedNever();
        e.Property(x => x.Kind).HasConversion<string>().HasMaxLength(32);
        e.Property(x => x.Note).HasMaxLength(Escalation.OutcomeMaxLength + 20);
        // One row per place in the timeline: two changes that both started from the same timeline cannot both be kept.
        e.HasIndex(x => new { x.EscalationId, x.Sequence }).IsUnique().HasDatabaseName("UX_EscalationEvents_Escalation_Sequence");
        // Each deadline is found late once per department, however often (and on however many nodes) the job runs.
        e.HasIndex(x => new { x.EscalationId, x.DepartmentId, x.Kind }).IsUnique()
            .HasFilter($"\"Kind\" IN ('{nameof(EscalationEventKind.AcknowledgementOverdue)}', '{nameof(EscalationEventKind.ResolutionOverdue)}')")
            .HasDatabaseName("UX_EscalationEvents_Overdue");
    }
}
