// Usage: dotnet run -- <MigrationName>
//   Scaffolds one migration per provider into Volunteer.Infrastructure/Persistence/Migrations/{Sqlite,Postgres}.
// Usage: dotnet run -- --compiled-model
//   Writes the EF Core compiled model of each provider into Volunteer.Infrastructure/Persistence/CompiledModels/{Sqlite,Postgres}
//   (what `dotnet ef dbcontext optimize` writes); the API starts with them (Persistence/CompiledModel.cs).
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations.Design;
using Microsoft.Extensions.DependencyInjection;
using Volunteer.Infrastructure.Persistence;

if (args.Length != 1)
{
    Console.Error.WriteLine("usage: add-migration.sh <MigrationName>");
    return 2;
}

var infrastructure = Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "../../../../../Volunteer.Infrastructure"));
if (!File.Exists(Path.Combine(infrastructure, "Volunteer.Infrastructure.csproj")))
    infrastructure = Path.GetFullPath(Path.Combine(Directory.GetCurrentDirectory(), "../../Volunteer.Infrastructure"));

if (args[0] == "--compiled-model")
{
    using var sqliteContext = new SqliteVolunteerDbContext(new DbContextOptionsBuilder<SqliteVolunteerDbContext>()
        .UseSqlite("Data Source=:memory:").Options);
    using var postgresContext = new PostgresVolunteerDbContext(new DbContextOptionsBuilder<PostgresVolunteerDbContext>()
        .UseNpgsql("Host=localhost").Options);
    Optimize(sqliteContext, new Microsoft.EntityFrameworkCore.Sqlite.Design.Internal.SqliteDesignTimeServices(), "Sqlite");
    Optimize(postgresContext, new Npgsql.EntityFrameworkCore.PostgreSQL.Design.Internal.NpgsqlDesignTimeServices(), "Postgres");
    return 0;
}

Scaffold(new SqliteVolunteerDbContext(new DbContextOptionsBuilder<SqliteVolunteerDbContext>()
        .UseSqlite("Data Source=:memory:").Options),
    new Microsoft.EntityFrameworkCore.Sqlite.Design.Internal.SqliteDesignTimeServices(), "Sqlite");
Scaffold(new PostgresVolunteerDbContext(new DbContextOptionsBuilder<PostgresVolunteerDbContext>()
        .UseNpgsql("Host=localhost").Options),
    new Npgsql.EntityFrameworkCore.PostgreSQL.Design.Internal.NpgsqlDesignTimeServices(), "Postgres");
return 0;

ServiceProvider DesignTimeServices(DbContext context, IDesignTimeServices providerServices)
{
    var services = new ServiceCollection();
    services.AddEntityFrameworkDesignTimeServices();
    services.AddDbContextDesignTimeServices(context);
    providerServices.ConfigureDesignTimeServices(services);
    return services.BuildServiceProvider();
}

void Optimize(DbContext context, IDesignTimeServices providerServices, string provider)
{
    using var sp = DesignTimeServices(context, providerServices);
    var folder = Path.Combine(infrastructure, "Persistence", "CompiledModels", provider);
    if (Directory.Exists(folder))
        Directory.Delete(folder, recursive: true);
    var files = sp.GetRequiredService<Microsoft.EntityFrameworkCore.Scaffolding.ICompiledModelScaffolder>().ScaffoldModel(
        context.GetService<Microsoft.EntityFrameworkCore.Metadata.IDesignTimeModel>().Model, folder,
        new Microsoft.EntityFrameworkCore.Scaffolding.CompiledModelCodeGenerationOptions
        {
            ContextType = context.GetType(),
            ModelNamespace = $"Volunteer.Infrastructure.Persistence.CompiledModels.{provider}",
            Language = "C#",
            UseNullableReferenceTypes = true,
        });
    Console.WriteLine($"{provider}: {files.Count} files in {folder}");
}

void Scaffold(DbContext context, IDesignTimeServices providerServices, string provider)
{
    using var sp = DesignTimeServices(context, providerServices);
    var scaffolder = sp.GetRequiredService<IMigrationsScaffolder>();
    var migration = scaffolder.ScaffoldMigration(args[0], "Volunteer.Infrastructure", $"Persistence.Migrations.{provider}", "C#");
    var files = scaffolder.Save(infrastructure, migration, Path.Combine(infrastructure, "Persistence", "Migrations", provider));
    Console.WriteLine($"{provider}: {files.MigrationFile}");
}
