using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Server.Kestrel.Transport.Sockets;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Volunteer.Api.Http;

namespace Volunteer.Tests.Http;

/// <summary>
/// Where Kestrel runs a request (Http/SocketScheduling.cs): queued to the thread pool unless the operator's
/// <c>Http:Sockets:*</c> settings say otherwise, each setting on its own.
/// </summary>
public sealed class SocketSchedulingTests
{
    private static SocketTransportOptions TransportWith(Dictionary<string, string?> settings)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Testing" });
        builder.Configuration.AddInMemoryCollection(settings);
        builder.UseVolunteerSocketScheduling();
        using var app = builder.Build();
        return app.Services.GetRequiredService<IOptions<SocketTransportOptions>>().Value;
    }

    private static SocketSchedulingSettings Resolved(Dictionary<string, string?> settings) =>
        SocketScheduling.Resolve(new ConfigurationBuilder().AddInMemoryCollection(settings).Build());

    [Fact]
    public void Without_settings_requests_are_queued_to_the_thread_pool_as_Kestrel_does()
    {
        Assert.Equal(new SocketSchedulingSettings(false, false, null), Resolved([]));

        var transport = TransportWith([]);
        Assert.False(transport.UnsafePreferInlineScheduling);
        Assert.Equal(new SocketTransportOptions().IOQueueCount, transport.IOQueueCount);
    }

    [Fact]
    public void The_operators_settings_are_applied_each_on_its_own()
    {
        var on = Resolved(new() { ["Http:Sockets:InlineCompletions"] = "true", ["Http:Sockets:InlineScheduling"] = "true" });
        var oneOn = Resolved(new() { ["Http:Sockets:InlineScheduling"] = "true", ["Http:Sockets:IOQueueCount"] = "1" });

        Assert.Equal(new SocketSchedulingSettings(true, true, null), on);
        Assert.Equal(new SocketSchedulingSettings(false, true, 1), oneOn);

        var inline = TransportWith(new() { ["Http:Sockets:InlineScheduling"] = "true", ["Http:Sockets:IOQueueCount"] = "1" });
        var queued = TransportWith(new() { ["Http:Sockets:InlineScheduling"] = "false", ["Http:Sockets:InlineCompletions"] = "true" });
        Assert.True(inline.UnsafePreferInlineScheduling);
        Assert.Equal(1, inline.IOQueueCount);
        Assert.False(queued.UnsafePreferInlineScheduling);
    }
}
