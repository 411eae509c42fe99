using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.Mvc.Filters;
using Volunteer.Infrastructure.Persistence;

namespace Volunteer.Api.Console;

/// <summary>
/// The web console under <c>/console</c>: Razor Pages in this folder (one sub-folder per feature),
/// its cookie sign-in, antiforgery on every form and HTML status pages.
/// </summary>
public static class ConsoleSetup
{
    /// <summary>Data Protection's application name: instances that share it (and the database) share the console's cookies.</summary>
    public const string DataProtectionApplicationName = "Volunteer";

    public static IServiceCollection AddVolunteerConsole(this IServiceCollection services, IHostEnvironment environment)
    {
        // The console's cookies are protected with keys every instance on the database shares (DataProtectionKeys):
        // a restart, a redeploy or another instance behind the proxy reads the same cookie. The application name,
        // not the folder the app runs from, is what sets the cookies' purposes apart from other apps' keys.
        services.AddDataProtection().SetApplicationName(DataProtectionApplicationName);
        services.AddSingleton<DatabaseKeyRing>();
        services.AddOptions<KeyManagementOptions>().Configure<DatabaseKeyRing>((o, ring) => o.XmlRepository = ring);
        services.AddAuthentication().AddConsoleCookie(environment);
        services.AddAntiforgery(o =>
        {
            o.Cookie.Name = "volunteer.console.af";
            o.Cookie.Path = "/console";
            o.Cookie.SecurePolicy = environment.IsProduction()
                ? Microsoft.AspNetCore.Http.CookieSecurePolicy.Always
                : Microsoft.AspNetCore.Http.CookieSecurePolicy.SameAsRequest;
        });
        // Chinese text is written as text, not as &#x…; escapes.
        services.Configure<Microsoft.Extensions.WebEncoders.WebEncoderOptions>(o =>
            o.TextEncoderSettings = new System.Text.Encodings.Web.TextEncoderSettings(System.Text.Unicode.UnicodeRanges.All));
        services.Configure<Microsoft.AspNetCore.Mvc.CookieTempDataProviderOptions>(o =>
        {
            o.Cookie.Name = "volunteer.console.msg";
            o.Cookie.Path = "/console";
        });
        services.AddRazorPages(o =>
        {
            o.RootDirectory = "/Console";
            // Every page needs a console sign-in unless it says otherwise; role pages narrow it further.
            o.Conventions.AuthorizeFolder("/", ConsoleAuth.AnyRole);
        }).AddMvcOptions(o => o.Filters.Add<DomainErrorPageFilter>());
        return services;
    }

    /// <summary>Static files, the console's HTML status pages and its pages. Call after <c>UseStatusCodePages</c>.</summary>
    public static WebApplication UseVolunteerConsole(this WebApplication app)
    {
        app.UseWhen(c => c.Request.Path.StartsWithSegments("/console"),
            console => console.UseStatusCodePages(context => ConsoleErrors.WriteAsync(context.HttpContext)));
        app.UseStaticFiles();
        app.MapRazorPages();
        app.MapConsolePhotos();
        return app;
    }
}

/// <summary>A rule broken while a page loads (unknown or foreign id) becomes the console's 404/403 page, like the API's ProblemDetails.</summary>
internal sealed class DomainErrorPageFilter : IAsyncPageFilter
{
    public Task OnPageHandlerSelectionAsync(PageHandlerSelectedContext context) => Task.CompletedTask;

    public async Task OnPageHandlerExecutionAsync(PageHandlerExecutingContext context, PageHandlerExecutionDelegate next)
    {
        var executed = await next();
        if (executed.Exception is Volunteer.Domain.Common.DomainException e && !executed.ExceptionHandled)
        {
            executed.HttpContext.Items[ConsoleErrors.ItemKey] = e.Message;
            executed.Result = new Microsoft.AspNetCore.Mvc.StatusCodeResult(ConsoleErrors.StatusOf(e.Kind));
            executed.ExceptionHandled = true;
        }
    }
}
