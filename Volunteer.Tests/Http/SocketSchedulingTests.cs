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
/// on SQLite queued to the thread pool, and the operator's <c>Http:Sockets:*</c> settings win over either default.
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

    private static SocketSchedulingSettings Resolved(Dictionary<string, string?> settings, DatabaseProvider provider) =>
        SocketScheduling.Resolve(new ConfigurationBuilder().AddInMemoryCollection(settings).Build(), provider);

    [Fact]
    public void Without_settings_PostgreSQL_runs_requests_on_their_socket_thread_and_SQLite_queues_them_to_the_pool()
    {
        Assert.Equal(new SocketSchedulingSettings(true, true, null), Resolved([], DatabaseProvider.Postgres));
        Assert.Equal(new SocketSchedulingSettings(false, false, null), Resolved([], DatabaseProvider.Sqlite));

        var postgres = TransportWith([]);
        var sqlite = TransportWith([], DatabaseProvider.Sqlite);
        Assert.True(postgres.UnsafePreferInlineScheduling);
        Assert.False(sqlite.UnsafePreferInlineScheduling);
        Assert.Equal(new SocketTransportOptions().IOQueueCount, postgres.IOQueueCount);
    }

    [Fact]
    public void The_operators_settings_win_over_the_default_of_either_database()
    {
        var offOnPostgres = Resolved(new() { ["Http:Sockets:InlineCompletions"] = "false", ["Http:Sockets:InlineScheduling"] = "false" },
            DatabaseProvider.Postgres);
        var onOnSqlite = Resolved(new() { ["Http:Sockets:InlineCompletions"] = "true", ["Http:Sockets:InlineScheduling"] = "true" },
            DatabaseProvider.Sqlite);
        var oneOff = Resolved(new() { ["Http:Sockets:InlineScheduling"] = "false", ["Http:Sockets:IOQueueCount"] = "1" },
            DatabaseProvider.Postgres);

        Assert.Equal(new SocketSchedulingSettings(false, false, null), offOnPostgres);
        Assert.Equal(new SocketSchedulingSettings(true, true, null), onOnSqlite);
        Assert.Equal(new SocketSchedulingSettings(true, false, 1), oneOff);

        var off = TransportWith(new() { ["Http:Sockets:InlineScheduling"] = "false", ["Http:Sockets:IOQueueCount"] = "1" });
        var on = TransportWith(new() { ["Http:Sockets:InlineScheduling"] = "true", ["Http:Sockets:InlineCompletions"] = "false" },
            DatabaseProvider.Sqlite);
        Assert.False(off.UnsafePreferInlineScheduling);
        Assert.Equal(1, off.IOQueueCount);
        Assert.True(on.UnsafePreferInlineScheduling);
    }
}
