using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Volunteer.Domain.Members;
using Volunteer.Infrastructure.Persistence;

namespace Volunteer.Infrastructure.Seeding;

public sealed class SeedingOptions
{
    public const string Section = "Seeding";

    /// <summary>Loads the demo street on the embedded SQLite default outside Production. Default true.</summary>
    public bool DemoData { get; set; } = true;

    /// <summary>Creates this platform admin on first start when no account has the username (production bootstrap).</summary>
    public string? AdminUsername { get; set; }
    public string? AdminPassword { get; set; }
}

/// <summary>What the database needs before the first request: the bootstrap admin and, for demos, demo data.</summary>
public sealed class StartupData(VolunteerDbContext db, DatabaseSettings database, IHostEnvironment environment,
    IOptions<SeedingOptions> options, IPasswordHasher<Account> hasher, TimeProvider clock, DemoData demo, ILogger<StartupData> logger)
{
    public async Task EnsureAsync(CancellationToken ct)
    {
        var o = options.Value;
        if (!string.IsNullOrWhiteSpace(o.AdminUsername) && !string.IsNullOrEmpty(o.AdminPassword))
            await EnsureBootstrapAdminAsync(o.AdminUsername, o.AdminPassword, ct);

        if (o.DemoData && database.Provider == DatabaseProvider.Sqlite && !environment.IsProduction())
            await demo.SeedAsync(ct);
    }

    private async Task EnsureBootstrapAdminAsync(string username, string password, CancellationToken ct)
    {
        var normalized = Account.NormalizeUsername(username);
        if (await db.Accounts.AnyAsync(a => a.Username == normalized, ct))
            return;
        PasswordPolicy.Validate(password, "Seeding:AdminPassword");
        var admin = Account.CreateAdmin(normalized, "平台管理员", null, clock.GetUtcNow());
        admin.SetPasswordHash(hasher.HashPassword(admin, password));
        db.Accounts.Add(admin);
        await db.SaveChangesAsync(ct);
        logger.LogInformation("Created the bootstrap platform admin {Username}", normalized);
    }
}
