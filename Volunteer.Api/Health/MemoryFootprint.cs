namespace Volunteer.Api.Health;

/// <summary>
/// What keeps the process small in a container (README, "Benchmark: load", memory pass): the data-protection key
/// ring (the console's cookies and antiforgery) is read when the console first needs it rather than at start,
/// so a process that never serves the console never loads the XML stack behind it.
/// </summary>
public static class MemoryFootprint
{
    public static IServiceCollection AddVolunteerMemoryFootprint(this IServiceCollection services)
    {
        // ASP.NET Core's DataProtectionHostedService only reads the key ring early ("preloads" it); the key ring
        // provider reads it on first use all the same (a console sign-in, an antiforgery token).
        var preload = services.Where(d => d.ServiceType == typeof(IHostedService)
            && d.ImplementationType?.FullName == "Microsoft.AspNetCore.DataProtection.Internal.DataProtectionHostedService").ToList();
        foreach (var descriptor in preload)
            services.Remove(descriptor);
        return services;
    }
}
