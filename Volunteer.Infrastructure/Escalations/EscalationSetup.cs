using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Volunteer.Infrastructure.Jobs;

namespace Volunteer.Infrastructure.Escalations;

/// <summary>
/// Escalation's configuration (<c>Escalations:AcknowledgeWithin</c>) and its recurring job
/// <c>escalation-overdue</c>, every <c>Jobs:EscalationOverdueInterval</c>.
/// </summary>
public static class EscalationSetup
{
    public const string OverdueJobId = "escalation-overdue";

    public static IServiceCollection AddEscalations(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<EscalationOptions>().Bind(configuration.GetSection(EscalationOptions.Section))
            .Validate(o => o.IsValid, "Escalations:AcknowledgeWithin must be between one minute and 30 days.").ValidateOnStart();
        return services;
    }

    public static IServiceCollection AddEscalationOverdueJob(this IServiceCollection services, JobOptions options) =>
        services.AddRecurringJob<MarkOverdueEscalations>(OverdueJobId, JobSchedule.Every(options.EscalationOverdueInterval),
            async (job, ct) => await job.ExecuteAsync(ct));
}
