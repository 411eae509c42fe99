using Microsoft.Extensions.DependencyInjection;
using Volunteer.Infrastructure.Jobs;

namespace Volunteer.Infrastructure.Notifications;

/// <summary>
/// The one place that binds notification work to the job server: two recurring jobs calling the
/// scheduler-agnostic use cases <see cref="DeliverNotifications.RunAsync"/> (every
/// <c>Notifications:DeliveryInterval</c>, 15 s) and <see cref="ProduceTimedNotifications.RunAsync"/>
/// (every <c>Notifications:SweepInterval</c>, 2 min). Both are safe to run twice at once or on
/// several nodes; a failed run is not retried by the job server, the next firing does the work.
/// </summary>
public static class NotificationSchedule
{
    public const string DeliveryJobId = "notification-deliveries";
    public const string SweepJobId = "notification-reminders";

    internal static IServiceCollection AddNotificationJobs(this IServiceCollection services, NotificationOptions options)
    {
        services.AddRecurringJob<DeliverNotifications>(DeliveryJobId, JobSchedule.Every(options.DeliveryInterval),
            (useCase, ct) => useCase.RunAsync(ct), JobRetries.NextFiring);
        services.AddRecurringJob<ProduceTimedNotifications>(SweepJobId, JobSchedule.Every(options.SweepInterval),
            (useCase, ct) => useCase.RunAsync(ct), JobRetries.NextFiring);
        return services;
    }
}
