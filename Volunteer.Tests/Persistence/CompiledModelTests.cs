#pragma warning disable EF1001 // the providers' design-time services live in their .Internal namespaces
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Scaffolding;
using Microsoft.Extensions.DependencyInjection;
using Volunteer.Infrastructure.Persistence;
using Volunteer.Tests.Support;

namespace Volunteer.Tests.Persistence;

/// <summary>
/// The API starts with the EF Core compiled model of its provider (Persistence/CompiledModels). It must be what the
/// entity configurations describe today: these tests regenerate it in memory, as eng/migrations/compiled-model.sh
/// does, and compare it with the files in the repository.
/// </summary>
public sealed partial class CompiledModelTests
{
    [Theory]
    [InlineData("Sqlite")]
    [InlineData("Postgres")]
    public void The_compiled_model_in_the_repository_is_the_current_model(string provider)
    {
        using var context = Context(provider);
        var services = new ServiceCollection();
        services.AddEntityFrameworkDesignTimeServices();
        services.AddDbContextDesignTimeServices(context);
        IDesignTimeServices providerServices = provider == "Sqlite"
            ? new Microsoft.EntityFrameworkCore.Sqlite.Design.Internal.SqliteDesignTimeServices()
            : new Npgsql.EntityFrameworkCore.PostgreSQL.Design.Internal.NpgsqlDesignTimeServices();
        providerServices.ConfigureDesignTimeServices(services);
        using var sp = services.BuildServiceProvider();

        var generated = sp.GetRequiredService<ICompiledModelCodeGenerator>().GenerateModel(
            context.GetService<IDesignTimeModel>().Model,
            new CompiledModelCodeGenerationOptions
            {
                ContextType = context.GetType(),
                ModelNamespace = $"Volunteer.Infrastructure.Persistence.CompiledModels.{provider}",
                Language = "C#",
                UseNullableReferenceTypes = true,
            });

        const string hint = "The compiled model is out of date: run eng/migrations/compiled-model.sh.";
        var folder = Path.Combine(RepositoryRoot(), "Volunteer.Infrastructure", "Persistence", "CompiledModels", provider);
        Assert.True(Directory.Exists(folder), hint);
        var onDisk = Directory.EnumerateFiles(folder, "*.cs").Select(Path.GetFileName).Order(StringComparer.Ordinal).ToList();
        Assert.True(generated.Select(f => f.Path).Order(StringComparer.Ordinal).SequenceEqual(onDisk), hint);
        foreach (var file in generated)
        {
            var written = File.ReadAllText(Path.Combine(folder, file.Path));
            Assert.True(Normalize(file.Code) == Normalize(written), $"{hint} ({provider}/{file.Path} differs)");
        }
    }

    [Fact]
    public void Each_provider_finds_its_own_compiled_model()
    {
        var sqlite = CompiledModel.Find(typeof(SqliteVolunteerDbContext));
        var postgres = CompiledModel.Find(typeof(PostgresVolunteerDbContext));

        Assert.NotNull(sqlite);
        Assert.NotNull(postgres);
        Assert.NotSame(sqlite, postgres);
        // SQLite stores instants as UTC ticks, PostgreSQL as timestamptz: each model carries its provider's mapping.
        Assert.Equal(typeof(long), DateColumn(sqlite).GetValueConverter()?.ProviderClrType);
        Assert.Null(DateColumn(postgres).GetValueConverter());
    }

    private static IReadOnlyProperty DateColumn(IModel model) =>
        model.FindEntityType(typeof(Volunteer.Domain.Tasks.ServiceTask))!.FindProperty(nameof(Volunteer.Domain.Tasks.ServiceTask.StartsAt))!;

    private static DbContext Context(string provider) => provider == "Sqlite"
        ? new SqliteVolunteerDbContext(new DbContextOptionsBuilder<SqliteVolunteerDbContext>().UseSqlite("Data Source=:memory:").Options)
        : new PostgresVolunteerDbContext(new DbContextOptionsBuilder<PostgresVolunteerDbContext>().UseNpgsql("Host=localhost").Options);

    /// <summary>Line endings and the byte-order mark aside, and the model id, which is a new GUID each time the model is generated.</summary>
    private static string Normalize(string code) =>
        ModelId().Replace(code.Replace("\r\n", "\n").TrimStart('\uFEFF'), "modelId: new Guid()");

    [System.Text.RegularExpressions.GeneratedRegex("""modelId: new Guid\("[0-9a-f-]+"\)""")]
    private static partial System.Text.RegularExpressions.Regex ModelId();

    private static string RepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Volunteer.sln")))
            dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("Volunteer.sln not found above the test binaries.");
    }
}

/// <summary>The running API (as the HTTP tests start it) works on the compiled model of its provider.</summary>
public abstract class CompiledModelInUseTests(ApiFactory api)
{
    [Fact]
    public async Task The_api_runs_on_the_compiled_model()
    {
        var (model, contextType) = await api.DbAsync(db => Task.FromResult((db.Model, db.GetType())));

        Assert.Same(CompiledModel.Find(contextType), model);
    }
}

public sealed class CompiledModelInUseOnPostgres(PostgresApi api) : CompiledModelInUseTests(api), IClassFixture<PostgresApi>;

public sealed class CompiledModelInUseOnSqlite(SqliteApi api) : CompiledModelInUseTests(api), IClassFixture<SqliteApi>;
