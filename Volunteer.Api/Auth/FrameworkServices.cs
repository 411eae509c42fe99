namespace Volunteer.Api.Auth;

/// <summary>Taking a framework service out of the container to put one of ours in front of it (a decorator).</summary>
internal static class FrameworkServices
{
    /// <summary>
    /// Removes the last registration of <typeparamref name="TService"/> (which <paramref name="registeredBy"/> must have
    /// made, by type) and answers a factory that makes the framework's implementation when the decorator needs it.
    /// </summary>
    public static ObjectFactory Take<TService>(IServiceCollection services, string registeredBy)
    {
        var framework = services.LastOrDefault(d => d.ServiceType == typeof(TService))
            ?? throw new InvalidOperationException($"{registeredBy} must come first.");
        if (framework.ImplementationType is not { } type)
            throw new InvalidOperationException($"{typeof(TService).Name} is expected to be registered by type.");
        services.Remove(framework);
        return ActivatorUtilities.CreateFactory(type, []);
    }
}
