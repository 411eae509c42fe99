using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Server.Kestrel.Transport.Sockets;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Volunteer.Api.Http;
using Volunteer.Infrastructure.Persistence;

namespace Volunteer.Tests.Http;

/// <summary>
/// Where Kestrel runs a request (Http/SocketScheduling.cs): on PostgreSQL on the thread that completed its socket read,
/// on SQLite queued to the thread pool as before, and the operator's <c>Http:Sockets:*</c> settings win.
/// </summary>
public sealed class SocketSchedulingTests
{
    private static SocketTransportOptions TransportWith(Dictionary<string, string?> settings, DatabaseProvider provider = DatabaseProvider.Postgres)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Testing" });
        builder.Configuration.AddInMemoryCollection(settings);
        builder.UseVolunteerSocketScheduling(provider);
        using var app = builder.Build();
        return app.Services.GetRequiredService<IOptions<SocketTransportOptions>>().Value;
    }

    [Fact]
    public void Without_settings_a_request_on_PostgreSQL_runs_on_its_socket_thread_and_on_SQLite_it_is_queued_as_before()
    {
        var postgres = TransportWith([]);
        var sqlite = TransportWith([], DatabaseProvider.Sqlite);

        Assert.True(postgres.UnsafePreferInlineScheduling);
        Assert.False(sqlite.UnsafePreferInlineScheduling);
        Assert.Equal(new SocketTransportOptions().IOQueueCount, postgres.IOQueueCount);
    }

    [Fact]
    public void The_operators_settings_reach_the_transport()
    {
        var off = TransportWith(new() { ["Http:Sockets:InlineScheduling"] = "false", ["Http:Sockets:IOQueueCount"] = "1" });
        var on = TransportWith(new() { ["Http:Sockets:InlineScheduling"] = "true", ["Http:Sockets:InlineCompletions"] = "false" },
            DatabaseProvider.Sqlite);

        Assert.False(off.UnsafePreferInlineScheduling);
        Assert.Equal(1, off.IOQueueCount);
        Assert.True(on.UnsafePreferInlineScheduling);
    }
}
