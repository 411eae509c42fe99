using System.Xml.Linq;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Microsoft.Extensions.DependencyInjection;

namespace Volunteer.Infrastructure.Persistence;

/// <summary>
/// One key of ASP.NET Core Data Protection's key ring (the console's sign-in cookie, its antiforgery and message
/// cookies), kept in the product's database so that every instance on the database reads and writes the same ring
/// and a restarted or redeployed process keeps its staff signed in. The XML is the framework's own element, as it
/// would be in a key file; the row is never changed after it is written (a revocation is a new element).
/// </summary>
public sealed class DataProtectionKeyRow
{
    public const int MaxXmlLength = 20_000;

    private DataProtectionKeyRow() { }

    public DataProtectionKeyRow(string friendlyName, string xml, DateTimeOffset storedAt)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(friendlyName);
        ArgumentException.ThrowIfNullOrWhiteSpace(xml);
        if (xml.Length > MaxXmlLength)
            throw new ArgumentOutOfRangeException(nameof(xml), $"A key element is at most {MaxXmlLength} characters.");
        FriendlyName = friendlyName;
        Xml = xml;
        StoredAt = storedAt;
    }

    public int Id { get; private set; }
    public string FriendlyName { get; private set; } = "";
    public string Xml { get; private set; } = "";
    public DateTimeOffset StoredAt { get; private set; }
}

public sealed class DataProtectionKeyRowConfiguration : IEntityTypeConfiguration<DataProtectionKeyRow>
{
    public void Configure(EntityTypeBuilder<DataProtectionKeyRow> e)
    {
        e.ToTable("DataProtectionKeys");
        e.Property(x => x.FriendlyName).HasMaxLength(200);
        e.Property(x => x.Xml).HasMaxLength(DataProtectionKeyRow.MaxXmlLength);
        e.HasIndex(x => x.FriendlyName).IsUnique();
    }
}

/// <summary>
/// The key ring's store (<see cref="IXmlRepository"/>) on <c>DataProtectionKeys</c>. The framework reads it when the
/// console first needs a key, again about once a day, and whenever a cookie names a key it does not know (one made by
/// another instance since), and writes a row when it makes or revokes a key (every 90 days by default). Its interface
/// is synchronous, so these few calls are synchronous EF Core calls on a scope of their own.
/// </summary>
public sealed class DatabaseKeyRing(IServiceScopeFactory scopes, TimeProvider clock) : IXmlRepository
{
    public IReadOnlyCollection<XElement> GetAllElements()
    {
        using var scope = scopes.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<VolunteerDbContext>();
        return db.Set<DataProtectionKeyRow>().AsNoTracking().OrderBy(k => k.Id).Select(k => k.Xml).ToList()
            .Select(xml => XElement.Parse(xml)).ToList();
    }

    public void StoreElement(XElement element, string friendlyName)
    {
        using var scope = scopes.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<VolunteerDbContext>();
        db.Add(new DataProtectionKeyRow(friendlyName, element.ToString(SaveOptions.DisableFormatting), clock.GetUtcNow()));
        db.SaveChanges();
    }
}
