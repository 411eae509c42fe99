using System.Security.Claims;
using Hangfire;
using Hangfire.Dashboard;
using Microsoft.AspNetCore.Authentication;
using Volunteer.Api.Auth;
using Volunteer.Api.Console;
using Volunteer.Domain.Common;
using Volunteer.Infrastructure.Common;

namespace Volunteer.Api.Jobs;

/// <summary>What a console user may do on the job dashboard.</summary>
public enum JobDashboardAccess
{
    None,
    /// <summary>Street admins: see jobs, schedules, failures and servers.</summary>
    ReadOnly,
    /// <summary>Platform admins (a street admin account without a street): also retry, trigger and delete.</summary>
    Full,
}

/// <summary>
/// Hangfire's dashboard (定时任务看板) at <c>/console/jobs</c>, behind the console's cookie sign-in:
/// anonymous visitors are sent to the sign-in page, community staff, partner staff and residents get
/// 403, street admins see it read-only, platform admins may retry and trigger jobs.
/// </summary>
public static class JobDashboard
{
    public const string Path = "/console/jobs";

    public static JobDashboardAccess AccessOf(ClaimsPrincipal user)
    {
        if (user.Identity?.IsAuthenticated != true)
            return JobDashboardAccess.None;
        Actor actor;
        try
        {
            actor = user.Actor();
        }
        catch (Exception e) when (e is ArgumentException or FormatException or InvalidOperationException)
        {
            return JobDashboardAccess.None;
        }
        return actor.IsPlatformAdmin ? JobDashboardAccess.Full : actor.IsAdmin ? JobDashboardAccess.ReadOnly : JobDashboardAccess.None;
    }

    public static IEndpointRouteBuilder MapJobDashboard(this IEndpointRouteBuilder app)
    {
        var options = new DashboardOptions
        {
            AppPath = "/console",
            DashboardTitle = "定时任务",
            DisplayStorageConnectionString = false,
            Authorization = [],
            AsyncAuthorization = [new ConsoleAdminFilter()],
            IsReadOnlyFunc = context => AccessOf(context.GetHttpContext().User) != JobDashboardAccess.Full,
        };
        // Built on first use, so a process whose dashboard nobody opens never touches the job storage
        // for it (on PostgreSQL, opening the storage prepares its schema).
        var dashboard = new Lazy<RequestDelegate>(() =>
        {
            var builder = app.CreateApplicationBuilder();
            var storage = builder.ApplicationServices.GetRequiredService<JobStorage>();
            var routes = builder.ApplicationServices.GetRequiredService<Hangfire.Dashboard.RouteCollection>();
            options.TimeZoneResolver = builder.ApplicationServices.GetService<ITimeZoneResolver>();
            return builder.UsePathBase(Path).UseMiddleware<AspNetCoreDashboardMiddleware>(storage, options, routes, true).Build();
        });
        app.Map(Path + "/{**path}", new RequestDelegate(http => GateAsync(http, dashboard.Value))).ExcludeFromDescription();
        return app;
    }

    /// <summary>
    /// The console's sign-in decides who may open the dashboard; a read-only user's POSTs are refused
    /// here (403) except the dashboard's own statistics poll, which changes nothing.
    /// </summary>
    private static async Task GateAsync(HttpContext http, RequestDelegate dashboard)
    {
        var result = await http.AuthenticateAsync(ConsoleAuth.Scheme);
        if (!result.Succeeded)
        {
            await http.ChallengeAsync(ConsoleAuth.Scheme);
            return;
        }
        http.User = result.Principal;
        var access = AccessOf(http.User);
        if (access == JobDashboardAccess.None)
        {
            await http.ForbidAsync(ConsoleAuth.Scheme);
            return;
        }
        if (access == JobDashboardAccess.ReadOnly && HttpMethods.IsPost(http.Request.Method)
            && !string.Equals(http.Request.Path.Value, Path + "/stats", StringComparison.OrdinalIgnoreCase))
        {
            http.Response.StatusCode = StatusCodes.Status403Forbidden;
            return;
        }
        // Hangfire's storage calls are synchronous (blocking database round trips) and its pages are rendered in one go:
        // on the thread pool, never on a socket thread, which would hold up every connection it serves (CpuWork).
        await CpuWork.LeaveSocketThread();
        await dashboard(http);
    }

    /// <summary>The same rule inside Hangfire's own pipeline, which otherwise lets only local requests in.</summary>
    private sealed class ConsoleAdminFilter : IDashboardAsyncAuthorizationFilter
    {
        public Task<bool> AuthorizeAsync(DashboardContext context) =>
            Task.FromResult(AccessOf(context.GetHttpContext().User) != JobDashboardAccess.None);
    }
}
