// Usage: dotnet run -- <MigrationName>
// Scaffolds one migration per provider into Volunteer.Infrastructure/Persistence/Migrations/{Sqlite,Postgres}.
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
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

Scaffold(new SqliteVolunteerDbContext(new DbContextOptionsBuilder<SqliteVolunteerDbContext>()
        .UseSqlite("Data Source=:memory:").Options),
    new Microsoft.EntityFrameworkCore.Sqlite.Design.Internal.SqliteDesignTimeServices(), "Sqlite");
Scaffold(new PostgresVolunteerDbContext(new DbContextOptionsBuilder<PostgresVolunteerDbContext>()
        .UseNpgsql("Host=localhost").Options),
    new Npgsql.EntityFrameworkCore.PostgreSQL.Design.Internal.NpgsqlDesignTimeServices(), "Postgres");
return 0;

void Scaffold(DbContext context, IDesignTimeServices providerServices, string provider)
{
    var services = new ServiceCollection();
    services.AddEntityFrameworkDesignTimeServices();
    services.AddDbContextDesignTimeServices(context);
    providerServices.ConfigureDesignTimeServices(services);
    using var sp = services.BuildServiceProvider();
    var scaffolder = sp.GetRequiredService<IMigrationsScaffolder>();
    var migration = scaffolder.ScaffoldMigration(args[0], "Volunteer.Infrastructure", $"Persistence.Migrations.{provider}", "C#");
    var files = scaffolder.Save(infrastructure, migration, Path.Combine(infrastructure, "Persistence", "Migrations", provider));
    Console.WriteLine($"{provider}: {files.MigrationFile}");
}
