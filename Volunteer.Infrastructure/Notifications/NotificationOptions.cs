namespace Volunteer.Infrastructure.Notifications;

/// <summary>Configuration section <c>Notifications</c>.</summary>
public sealed class NotificationOptions
{
    public const string Section = "Notifications";

    /// <summary>How often the delivery worker looks for due WeChat deliveries.</summary>
    public TimeSpan DeliveryInterval { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>How often the sweep writes the time-based events (task reminders, expiring codes).</summary>
    public TimeSpan SweepInterval { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>
    /// How long a worker holds a delivery it claimed. Far longer than one send (WeChat:Timeout, twice
    /// with a token refresh), so only a worker that died or hung loses it to another.
    /// </summary>
    public TimeSpan Lease { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>Deliveries one run handles at most.</summary>
    public int BatchSize { get; set; } = 100;

    /// <summary>taskReminder: this long before a claimed task starts.</summary>
    public TimeSpan ReminderBefore { get; set; } = TimeSpan.FromHours(2);

    /// <summary>redemptionExpiring: this long before a code expires.</summary>
    public TimeSpan ExpiringBefore { get; set; } = TimeSpan.FromHours(24);

    internal IEnumerable<string> Problems()
    {
        if (!Jobs.JobSchedule.TryEvery(DeliveryInterval, out _))
            yield return "Notifications:DeliveryInterval must be whole seconds dividing a minute, an hour or a day evenly.";
        if (!Jobs.JobSchedule.TryEvery(SweepInterval, out _))
            yield return "Notifications:SweepInterval must be whole seconds dividing a minute, an hour or a day evenly.";
        if (Lease < TimeSpan.FromSeconds(30))
            yield return "Notifications:Lease must be at least 30 seconds.";
        if (BatchSize is < 1 or > 10_000)
            yield return "Notifications:BatchSize must be between 1 and 10000.";
    }
}
