using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Volunteer.Domain.Tasks;
using Volunteer.Infrastructure.Persistence;

namespace Volunteer.Infrastructure.Photos;

/// <summary>
/// Where photo bytes live, so every API instance can serve them: the database today, an object
/// store (OSS/COS/S3) tomorrow behind the same interface. Metadata (<see cref="ClaimPhoto"/>) stays
/// in the database either way.
/// </summary>
public interface IPhotoStore
{
    /// <summary>
    /// Stores the bytes of photo <paramref name="id"/>. The database store enlists them in the caller's
    /// unit of work (saved with the metadata in one transaction); an object store would upload at once
    /// and may leave an unreferenced object behind if the metadata then fails to save, which is harmless.
    /// </summary>
    Task PutAsync(Guid id, byte[] content, CancellationToken ct);

    /// <summary>Takes back a put whose metadata was not saved (a lost race for the last slot).</summary>
    void Forget(Guid id);

    Task<byte[]?> GetAsync(Guid id, CancellationToken ct);

    /// <summary>Deletes the bytes of photo <paramref name="id"/> (erasure); nothing happens when there are none.</summary>
    Task DeleteAsync(Guid id, CancellationToken ct);
}

/// <summary>Photo bytes in their own table, apart from the metadata, so listing photos never reads images.</summary>
public sealed class PhotoBlob
{
    private PhotoBlob() { }

    public PhotoBlob(Guid id, byte[] content)
    {
        Id = id;
        Content = content;
    }

    public Guid Id { get; private set; }
    public byte[] Content { get; private set; } = [];
}

public sealed class DatabasePhotoStore(VolunteerDbContext db) : IPhotoStore
{
    public Task PutAsync(Guid id, byte[] content, CancellationToken ct)
    {
        db.Set<PhotoBlob>().Add(new PhotoBlob(id, content));
        return Task.CompletedTask;
    }

    public void Forget(Guid id)
    {
        foreach (var entry in db.ChangeTracker.Entries<PhotoBlob>().Where(e => e.Entity.Id == id).ToList())
            entry.State = EntityState.Detached;
    }

    public async Task<byte[]?> GetAsync(Guid id, CancellationToken ct) =>
        await db.Set<PhotoBlob>().AsNoTracking().Where(b => b.Id == id).Select(b => b.Content).SingleOrDefaultAsync(ct);

    public async Task DeleteAsync(Guid id, CancellationToken ct) =>
        await db.Set<PhotoBlob>().Where(b => b.Id == id).ExecuteDeleteAsync(ct);
}

internal sealed class PhotoBlobConfiguration : IEntityTypeConfiguration<PhotoBlob>
{
    public void Configure(EntityTypeBuilder<PhotoBlob> e)
    {
        e.ToTable("PhotoBlobs");
        e.Property(x => x.Id).ValueGeneratedNever();
    }
}

internal sealed class ClaimPhotoConfiguration : IEntityTypeConfiguration<ClaimPhoto>
{
    public void Configure(EntityTypeBuilder<ClaimPhoto> e)
    {
        e.ToTable("ClaimPhotos", t => t.HasCheckConstraint("CK_ClaimPhotos_Sequence", $"\"Sequence\" >= 1 AND \"Sequence\" <= {ClaimPhoto.MaxPerClaim}"));
        e.Property(x => x.Id).ValueGeneratedNever();
        e.HasOne<Claim>().WithMany().HasForeignKey(x => x.ClaimId).OnDelete(DeleteBehavior.Restrict);
        // No foreign key to PhotoBlobs: the bytes may live in another store.
        // At most MaxPerClaim photos: two uploads that read the same count collide here.
        e.HasIndex(x => new { x.ClaimId, x.Sequence }).IsUnique().HasDatabaseName("UX_ClaimPhotos_Claim_Sequence");
        e.Property(x => x.ContentType).HasMaxLength(32);
        e.Property(x => x.ContentHash).HasMaxLength(64);
    }
}
