using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Server.Kestrel.Transport.Sockets;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Volunteer.Api.Http;

namespace Volunteer.Tests.Http;

/// <summary>
/// Where Kestrel runs a request (Http/SocketScheduling.cs): queued to the thread pool unless the operator's
/// <c>Http:Sockets:*</c> settings say otherwise.
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

    [Fact]
    public void Without_settings_a_request_is_queued_to_the_thread_pool_so_a_long_request_holds_up_no_other_connection()
    {
        var transport = TransportWith([]);

        Assert.False(transport.UnsafePreferInlineScheduling);
        Assert.Equal(new SocketTransportOptions().IOQueueCount, transport.IOQueueCount);
    }

    [Fact]
    public void The_operators_settings_reach_the_transport()
    {
        var off = TransportWith(new() { ["Http:Sockets:InlineScheduling"] = "false", ["Http:Sockets:IOQueueCount"] = "1" });
        var on = TransportWith(new() { ["Http:Sockets:InlineScheduling"] = "true", ["Http:Sockets:InlineCompletions"] = "false" });

        Assert.False(off.UnsafePreferInlineScheduling);
        Assert.Equal(1, off.IOQueueCount);
        Assert.True(on.UnsafePreferInlineScheduling);
    }
}
