using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Volunteer.Domain.Members;
using Volunteer.Infrastructure.Common;
using Volunteer.Infrastructure.Escalations;
using Volunteer.Infrastructure.Jobs;
using Volunteer.Infrastructure.Notifications;
using Volunteer.Infrastructure.Persistence;
using Volunteer.Infrastructure.Points;
using Volunteer.Infrastructure.Privacy;
using Volunteer.Infrastructure.Rewards;
using Volunteer.Infrastructure.Seeding;
using Volunteer.Infrastructure.Tasks;
using Volunteer.Infrastructure.WeChat;

namespace Volunteer.Infrastructure;

public static class InfrastructureSetup
{
    public static IServiceCollection AddVolunteerInfrastructure(this IServiceCollection services, IConfiguration configuration,
        DatabaseSettings database, byte[] checkInKey)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddVolunteerPersistence(database);
        services.AddScoped<PointsLedger>();
        services.AddSingleton<Tasks.PublishedTermsCache>();
        services.AddSingleton<IPasswordHasher<Account>, PasswordHasher<Account>>();
        services.AddSingleton(sp => new CheckInCodes(checkInKey, sp.GetRequiredService<TimeProvider>()));

        foreach (var type in typeof(InfrastructureSetup).Assembly.GetTypes())
            if (type is { IsClass: true, IsAbstract: false } && typeof(IUseCase).IsAssignableFrom(type))
                services.AddScoped(type);

        services.Configure<WeChatOptions>(configuration.GetSection(WeChatOptions.Section));
        services.AddHttpClient<WeChatHttpClient>((sp, http) => http.Timeout = sp.GetRequiredService<IOptions<WeChatOptions>>().Value.Timeout);
        services.AddScoped<IWeChatClient>(sp => sp.GetRequiredService<IOptions<WeChatOptions>>().Value.IsConfigured
            ? sp.GetRequiredService<WeChatHttpClient>()
            : sp.GetRequiredService<IHostEnvironment>().IsProduction() ? new UnconfiguredWeChatClient() : new DevWeChatClient());

        services.AddOptions<RedemptionOptions>().Bind(configuration.GetSection(RedemptionOptions.Section))
            .Validate(o => o.IsValid, "Redemptions:ExpiryDays must be between 1 and 365.").ValidateOnStart();

        services.AddSignInRecords(configuration, checkInKey);
        services.AddOptions<Reports.AnomalyOptions>().Bind(configuration.GetSection(Reports.AnomalyOptions.Section))
            .Validate(o => o.SharedSignInMembers >= 2, "Anomalies:SharedSignInMembers must be at least 2.").ValidateOnStart();
        services.AddOptions<Privacy.PrivacyOptions>().Bind(configuration.GetSection(Privacy.PrivacyOptions.Section))
            .Validate(o => o.IsValid, "Privacy:PolicyVersion (at most 32 characters) and Privacy:PolicyText are required.").ValidateOnStart();
        services.AddOptions<CheckInOptions>().Bind(configuration.GetSection(CheckInOptions.Section))
            .Validate(o => o.IsValid, "Tasks:CheckInRadiusMeters must be between 10 and 5000.").ValidateOnStart();
        services.AddOptions<TaskListCacheOptions>().Bind(configuration.GetSection(TaskListCacheOptions.Section))
            .Validate(o => o.IsValid, "Tasks:ListCache:Seconds must be between 0 and 60, MaxEntries ≥ 1, MaxBytes ≥ 1024.").ValidateOnStart();
        services.AddSingleton<TaskListCache>();
        services.AddScoped<Photos.IPhotoStore, Photos.DatabasePhotoStore>();

        services.Configure<SeedingOptions>(configuration.GetSection(SeedingOptions.Section));
        services.AddScoped<StartupData>();
        services.AddScoped<DemoData>();

        services.AddScoped<Members.ContentCheck>();
        services.AddVolunteerNotifications(configuration);
        services.AddEscalations(configuration);
        services.AddVolunteerJobs(configuration, database);
        return services;
    }
}
