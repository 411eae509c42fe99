using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Volunteer.Domain.Members;
using Volunteer.Domain.Notifications;

namespace Volunteer.Infrastructure.Notifications;

internal sealed class NotificationConfiguration : IEntityTypeConfiguration<Notification>
{
    public void Configure(EntityTypeBuilder<Notification> e)
    {
        e.Property(x => x.Kind).HasConversion<string>().HasMaxLength(32);
        e.Property(x => x.RecipientKind).HasConversion<string>().HasMaxLength(16);
        e.Property(x => x.Title).HasMaxLength(Notification.TitleMaxLength);
        e.Property(x => x.Body).HasMaxLength(Notification.BodyMaxLength);
        e.Property(x => x.Link).HasMaxLength(Notification.LinkMaxLength);
        e.Property(x => x.TemplateData).HasMaxLength(1000);
        // The sweep's events are written once however often, and on however many nodes, it runs. The
        // others are written with the state change they report, which its own version check lets
        // happen once; a unique index there would make the losers of a race fail on the notification
        // (409 "duplicate") instead of on the change (its own conflict code).
        e.HasIndex(x => new { x.Kind, x.SubjectId, x.RecipientId }).IsUnique()
            .HasFilter($"\"Kind\" IN ('{nameof(NotificationKind.TaskReminder)}', '{nameof(NotificationKind.RedemptionExpiring)}')")
            .HasDatabaseName("UX_Notifications_Kind_Subject_Recipient");
        // The inbox, newest first; and the unread count.
        e.HasIndex(x => new { x.RecipientId, x.CreatedAt });
        e.HasIndex(x => new { x.RecipientId, x.ReadAt });
    }
}

internal sealed class NotificationDeliveryConfiguration : IEntityTypeConfiguration<NotificationDelivery>
{
    public void Configure(EntityTypeBuilder<NotificationDelivery> e)
    {
        e.HasOne<Notification>().WithMany().HasForeignKey(x => x.NotificationId).OnDelete(DeleteBehavior.Cascade);
        e.Property(x => x.Channel).HasMaxLength(16);
        e.Property(x => x.Status).HasConversion<string>().HasMaxLength(16);
        e.Property(x => x.TemplateId).HasMaxLength(SubscribeCredit.TemplateIdMaxLength);
        e.Property(x => x.LastError).HasMaxLength(NotificationDelivery.ErrorMaxLength);
        e.Property(x => x.Version).IsConcurrencyToken();
        // Exactly one delivery per (notification, channel).
        e.HasIndex(x => new { x.NotificationId, x.Channel }).IsUnique().HasDatabaseName("UX_NotificationDeliveries_Notification_Channel");
        // What the worker looks for: due by state and time.
        e.HasIndex(x => new { x.Status, x.NextAttemptAt });
        e.ToTable(t => t.HasCheckConstraint("CK_NotificationDeliveries_Attempts", "\"Attempts\" >= 0"));
    }
}

internal sealed class SubscribeCreditConfiguration : IEntityTypeConfiguration<SubscribeCredit>
{
    public void Configure(EntityTypeBuilder<SubscribeCredit> e)
    {
        e.HasKey(x => new { x.MemberId, x.TemplateId });
        e.HasOne<Member>().WithMany().HasForeignKey(x => x.MemberId).OnDelete(DeleteBehavior.Cascade);
        e.Property(x => x.TemplateId).HasMaxLength(SubscribeCredit.TemplateIdMaxLength);
        e.ToTable(t => t.HasCheckConstraint("CK_SubscribeCredits_Count", "\"Count\" >= 0"));
    }
}
