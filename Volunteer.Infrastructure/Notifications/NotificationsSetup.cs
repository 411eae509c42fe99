using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Volunteer.Infrastructure.WeChat;

namespace Volunteer.Infrastructure.Notifications;

public static class NotificationsSetup
{
    /// <summary>Notifications, the WeChat server APIs (token cache, subscribe messages, 小程序码, phone, content check).</summary>
    public static IServiceCollection AddVolunteerNotifications(this IServiceCollection services, IConfiguration configuration)
    {
        var section = configuration.GetSection(NotificationOptions.Section);
        services.AddOptions<NotificationOptions>().Bind(section);
        var options = section.Get<NotificationOptions>() ?? new NotificationOptions();
        var problems = options.Problems().ToList();
        if (problems.Count > 0)
            throw new InvalidOperationException(string.Join(" ", problems));
        services.AddNotificationJobs(options);

        services.AddScoped<NotificationQueries>();
        services.AddScoped<Members.ContentReviewQueries>();
        services.AddHttpClient(WeChatServerClient.HttpClientName, (sp, http) =>
            http.Timeout = sp.GetRequiredService<IOptions<WeChatOptions>>().Value.Timeout);
        services.AddSingleton<AccessTokenCache>();
        services.AddSingleton<WxaCodes>();
        services.AddScoped<IWeChatServerApi>(sp => sp.GetRequiredService<IOptions<WeChatOptions>>().Value.IsConfigured
            ? ActivatorUtilities.CreateInstance<WeChatServerClient>(sp)
            : new DevWeChatServerApi(allowDevCodes: !sp.GetRequiredService<IHostEnvironment>().IsProduction()));
        return services;
    }
}
