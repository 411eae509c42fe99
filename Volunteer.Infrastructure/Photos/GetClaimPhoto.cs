using Microsoft.EntityFrameworkCore;
using Volunteer.Domain.Common;
using Volunteer.Domain.Tasks;
using Volunteer.Infrastructure.Common;
using Volunteer.Infrastructure.Persistence;
using Volunteer.Infrastructure.Tasks;

namespace Volunteer.Infrastructure.Photos;

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
