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

        // Decoding, scaling and encoding take tens of milliseconds: on the thread pool, not on a socket thread (CpuWork).
        var photo = await CpuWork.RunAsync(() => PhotoProcessing.Process(upload), ct);
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
