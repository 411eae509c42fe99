using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Quartz;

namespace Volunteer.Infrastructure.Notifications;

/// <summary>
/// THE ONE PLACE that binds notification work to the job scheduler (Quartz today). Everything else is
/// scheduler-agnostic: the jobs below only call <see cref="DeliverNotifications.RunAsync"/> (every
/// <c>Notifications:DeliveryInterval</c>, 15 s) and <see cref="ProduceTimedNotifications.RunAsync"/>
/// (every <c>Notifications:SweepInterval</c>, 2 min), both safe to run twice or on several nodes.
/// To move to another scheduler, replace this file with two recurring triggers calling those methods.
/// </summary>
public static class NotificationSchedule
{
    public static readonly JobKey DeliveryKey = new("notifications.deliver", "volunteer");
    public static readonly JobKey SweepKey = new("notifications.sweep", "volunteer");

    public static void AddNotificationJobs(this IQuartzBuilder q, IConfiguration configuration)
    {
        var options = configuration.GetSection(NotificationOptions.Section).Get<NotificationOptions>() ?? new NotificationOptions();

        q.AddJob<DeliverNotificationsJob>(j => j.WithIdentity(DeliveryKey).StoreDurably().WithDescription("发送到期的微信订阅消息"));
        q.AddTrigger(t => t.ForJob(DeliveryKey).WithIdentity("notifications.deliver.schedule", "volunteer").StartNow()
            .WithSimpleSchedule(s => s.WithInterval(options.DeliveryInterval).RepeatForever()));

        q.AddJob<TimedNotificationsJob>(j => j.WithIdentity(SweepKey).StoreDurably().WithDescription("任务开始前提醒、兑换码即将过期提醒"));
        q.AddTrigger(t => t.ForJob(SweepKey).WithIdentity("notifications.sweep.schedule", "volunteer").StartNow()
            .WithSimpleSchedule(s => s.WithInterval(options.SweepInterval).RepeatForever()));
    }
}

[DisallowConcurrentExecution]
internal sealed class DeliverNotificationsJob(IServiceScopeFactory scopes, ILogger<DeliverNotificationsJob> logger) : IJob
{
    public async ValueTask Execute(IJobExecutionContext context, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        try
        {
            await scope.ServiceProvider.GetRequiredService<DeliverNotifications>().RunAsync(ct);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogError(e, "Notification delivery run failed; the next run tries again");
        }
    }
}

[DisallowConcurrentExecution]
internal sealed class TimedNotificationsJob(IServiceScopeFactory scopes, ILogger<TimedNotificationsJob> logger) : IJob
{
    public async ValueTask Execute(IJobExecutionContext context, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        try
        {
            await scope.ServiceProvider.GetRequiredService<ProduceTimedNotifications>().RunAsync(ct);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogError(e, "Timed notifications sweep failed; the next run tries again");
        }
    }
}
