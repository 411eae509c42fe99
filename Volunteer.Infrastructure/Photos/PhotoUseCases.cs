using Microsoft.EntityFrameworkCore;
using Volunteer.Domain.Common;
using Volunteer.Domain.Tasks;
using Volunteer.Infrastructure.Common;
using Volunteer.Infrastructure.Persistence;
using Volunteer.Infrastructure.Tasks;

namespace Volunteer.Infrastructure.Photos;

/// <summary>
/// 服务照片: the claimant (between check-in and verification) or staff of the community add a photo
/// to a claim. The image is re-encoded first (<see cref="PhotoProcessing"/>), so nothing is stored
/// unless it decoded; the metadata and the bytes are saved together.
/// </summary>
public sealed class AddClaimPhoto(VolunteerDbContext db, TimeProvider clock, IPhotoStore store) : IUseCase
{
    public async Task<ClaimPhoto> ExecuteAsync(Actor actor, Guid claimId, byte[] upload, CancellationToken ct)
    {
        var (claim, _, manages) = await ClaimAccess.LoadVisibleAsync(db, actor, claimId, ct);
        if (!manages && !ClaimAccess.IsClaimant(actor, claim))
            throw DomainException.Forbidden("photo.notAllowed", "只有认领人本人（或认领单位）和本社区工作人员可以上传服务照片。");
        ClaimPhoto.EnsureAccepts(claim, manages);
        if (upload.Length == 0)
            throw DomainException.Invalid("file", "请选择要上传的照片。");
        if (upload.Length > ClaimPhoto.MaxUploadBytes)
            throw PhotoTooLarge();

        var photo = PhotoProcessing.Process(upload);
        for (var attempt = 1; ; attempt++)
        {
            var existing = await db.Set<ClaimPhoto>().CountAsync(p => p.ClaimId == claim.Id, ct);
            var added = ClaimPhoto.Add(claim, existing, manages, actor.Id, photo.ContentType, photo.Width, photo.Height,
                photo.Content.Length, photo.Hash, clock.GetUtcNow());
            db.Set<ClaimPhoto>().Add(added);
            await store.PutAsync(added.Id, photo.Content, ct);
            try
            {
                await db.SaveChangesAsync(ct);
                return added;
            }
            catch (DbUpdateException e) when (DatabaseErrors.IsUniqueViolation(e) && attempt <= ClaimPhoto.MaxPerClaim)
            {
                // Another upload to this claim committed the same number first; count again. Each lost
                // race means one more stored photo, so after at most MaxPerClaim rounds the limit answers.
                db.Entry(added).State = EntityState.Detached;
                store.Forget(added.Id);
            }
        }
    }

    public static DomainException PhotoTooLarge() => new(ErrorKind.TooLarge, "photo.tooLarge",
        $"照片不能超过 {ClaimPhoto.MaxUploadBytes / 1024 / 1024} MB。");
}

/// <summary>A stored photo with its bytes, for those who may see its claim.</summary>
public sealed record PhotoContent(ClaimPhoto Photo, byte[] Content);

/// <summary>Serves a photo to those who may see its claim (claimant, requester, the community's staff); for anyone else it does not exist.</summary>
public sealed class GetClaimPhoto(VolunteerDbContext db, IPhotoStore store) : IUseCase
{
    public async Task<PhotoContent> ExecuteAsync(Actor actor, Guid photoId, CancellationToken ct)
    {
        var photo = await db.Set<ClaimPhoto>().AsNoTracking().SingleOrDefaultAsync(p => p.Id == photoId, ct) ?? throw NotFound();
        try
        {
            await ClaimAccess.LoadVisibleAsync(db, actor, photo.ClaimId, ct);
        }
        catch (DomainException e) when (e.Kind == ErrorKind.NotFound)
        {
            throw NotFound();
        }
        var content = await store.GetAsync(photo.Id, ct) ?? throw NotFound();
        return new PhotoContent(photo, content);
    }

    private static DomainException NotFound() => DomainException.NotFound("photo.notFound", "照片不存在。");
}

/// <summary>Reads of the photos feature.</summary>
public static class PhotoQueries
{
    /// <summary>The photos of each claim, in upload order (the caller has checked the claims are visible).</summary>
    public static async Task<ILookup<Guid, ClaimPhoto>> OfClaimsAsync(VolunteerDbContext db, IReadOnlyCollection<Guid> claimIds, CancellationToken ct)
    {
        if (claimIds.Count == 0)
            return Array.Empty<ClaimPhoto>().ToLookup(p => p.ClaimId);
        var photos = await db.Set<ClaimPhoto>().AsNoTracking().Where(p => claimIds.Contains(p.ClaimId))
            .OrderBy(p => p.ClaimId).ThenBy(p => p.Sequence).ToListAsync(ct);
        return photos.ToLookup(p => p.ClaimId);
    }
}
