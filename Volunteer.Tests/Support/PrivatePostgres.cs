using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace Volunteer.Tests.Support;

/// <summary>
/// A throw-away PostgreSQL cluster of a test's own (initdb + pg_ctl in a temp folder, on a free port,
/// its socket in that folder), so a test can shut the server down under a running request and start it
/// again. The shared server is never touched. Root may not run PostgreSQL: then the binaries run as the
/// <c>postgres</c> user.
/// </summary>
public sealed class PrivatePostgres : IAsyncDisposable
{
    private readonly string _folder;
    private readonly string _data;
    private readonly string _bin;
    private readonly int _port;

    private PrivatePostgres(string folder, string bin, int port)
    {
        _folder = folder;
        _data = Path.Combine(folder, "data");
        _bin = bin;
        _port = port;
    }

    public string ConnectionString => new NpgsqlConnectionStringBuilder
    {
        Host = "127.0.0.1",
        Port = _port,
        Username = "volunteer",
        Database = "volunteer",
        Timeout = 5,
        MaxPoolSize = 20,
    }.ConnectionString;

    /// <summary>The binaries of the newest PostgreSQL installed, or null when there are none.</summary>
    public static string? Binaries()
    {
        const string root = "/usr/lib/postgresql";
        if (!Directory.Exists(root))
            return null;
        return Directory.GetDirectories(root)
            .Select(d => Path.Combine(d, "bin"))
            .Where(b => File.Exists(Path.Combine(b, "initdb")) && File.Exists(Path.Combine(b, "pg_ctl")))
            .OrderByDescending(b => int.TryParse(Path.GetFileName(Path.GetDirectoryName(b)), out var v) ? v : 0)
            .FirstOrDefault();
    }

    public static async Task<PrivatePostgres> StartAsync()
    {
        var bin = Binaries() ?? throw new InvalidOperationException("PostgreSQL binaries not found under /usr/lib/postgresql.");
        var folder = Directory.CreateTempSubdirectory("volunteer-pg-").FullName;
        var cluster = new PrivatePostgres(folder, bin, FreePort());
        if (Environment.UserName == "root")
            await RunAsync("chown", $"-R postgres \"{folder}\"", asPostgres: false);
        await cluster.RunPgAsync("initdb", $"-D \"{cluster._data}\" -U volunteer -A trust -E UTF8 --no-sync --no-instructions");
        await cluster.StartAgainAsync();
        await using (var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(cluster.ConnectionString) { Database = "postgres" }.ConnectionString))
        {
            await connection.OpenAsync();
            await using var create = new NpgsqlCommand("CREATE DATABASE volunteer", connection);
            await create.ExecuteNonQueryAsync();
        }
        return cluster;
    }

    /// <summary>Shuts the server down the way an operator or a failover does (fast: sessions are terminated, 57P01).</summary>
    public Task StopAsync() => RunPgAsync("pg_ctl", $"-D \"{_data}\" -m fast -w -t 30 stop");

    public Task StartAgainAsync() => RunPgAsync("pg_ctl",
        $"-D \"{_data}\" -l \"{Path.Combine(_folder, "server.log")}\" -w -t 60 " +
        $"-o \"-p {_port} -k {_folder} -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off -c max_connections=50\" start");

    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        try
        {
            await RunPgAsync("pg_ctl", $"-D \"{_data}\" -m immediate -w -t 30 stop");
        }
        catch (InvalidOperationException)
        {
            // Already stopped.
        }
        Directory.Delete(_folder, recursive: true);
    }

    private Task RunPgAsync(string tool, string arguments) => RunAsync(Path.Combine(_bin, tool), arguments, asPostgres: Environment.UserName == "root");

    private static async Task RunAsync(string file, string arguments, bool asPostgres)
    {
        var start = asPostgres
            ? new ProcessStartInfo("runuser", $"-u postgres -- {file} {arguments}")
            : new ProcessStartInfo(file, arguments);
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        start.WorkingDirectory = "/tmp";
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {file}.");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"{Path.GetFileName(file)} {arguments} failed ({process.ExitCode}): {await output}{await error}");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
