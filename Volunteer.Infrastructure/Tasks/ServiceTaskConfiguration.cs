using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Volunteer.Domain.Communities;
using Volunteer.Domain.Members;
using Volunteer.Domain.Needs;
using Volunteer.Domain.Tasks;

namespace Volunteer.Infrastructure.Tasks;

internal sealed class ServiceTaskConfiguration : IEntityTypeConfiguration<ServiceTask>
{
    public void Configure(EntityTypeBuilder<ServiceTask> e)
    {
        e.ToTable("Tasks", t =>
        {
            t.HasCheckConstraint("CK_Tasks_SlotsTaken", "\"Taken\" >= 0 AND \"Taken\" <= \"Slots\"");
            t.HasCheckConstraint("CK_Tasks_Slots", "\"Slots\" > 0");
            t.HasCheckConstraint("CK_Tasks_Points", "\"Points\" >= 0");
            t.HasCheckConstraint("CK_Tasks_Window", "\"EndsAt\" > \"StartsAt\"");
            t.HasCheckConstraint("CK_Tasks_Location", "(\"Latitude\" IS NULL) = (\"Longitude\" IS NULL) AND (\"Latitude\" IS NULL OR "
                + "(\"Latitude\" >= -90 AND \"Latitude\" <= 90 AND \"Longitude\" >= -180 AND \"Longitude\" <= 180))");
        });
        e.HasOne<Community>().WithMany().HasForeignKey(x => x.CommunityId).OnDelete(DeleteBehavior.Restrict);
        e.HasOne<Grid>().WithMany().HasForeignKey(x => x.GridId).OnDelete(DeleteBehavior.Restrict);
        e.HasOne<Need>().WithMany().HasForeignKey(x => x.NeedId).OnDelete(DeleteBehavior.Restrict);
        e.HasOne<Member>().WithMany().HasForeignKey(x => x.RequesterId).OnDelete(DeleteBehavior.Restrict);
        e.HasIndex(x => x.NeedId).IsUnique();
        e.HasIndex(x => new { x.CommunityId, x.Status, x.StartsAt });
        e.HasIndex(x => new { x.Status, x.EndsAt });
        e.Property(x => x.Title).HasMaxLength(100);
        e.Property(x => x.Description).HasMaxLength(2000);
        e.Ignore(x => x.Remaining);
        e.Ignore(x => x.Location);
        e.Ignore(x => x.IsWish);
        e.HasIndex(x => new { x.CommunityId, x.Category, x.CreatedAt });
        e.Property(x => x.Version).IsConcurrencyToken();
    }
}
