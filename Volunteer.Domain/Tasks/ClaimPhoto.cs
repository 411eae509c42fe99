using Volunteer.Domain.Common;

namespace Volunteer.Domain.Tasks;

/// <summary>
/// 服务照片: evidence of a service, attached to a claim. Only the metadata lives here; the image (already
/// re-encoded without EXIF) is kept by a photo store under the same id. <see cref="Sequence"/> numbers
/// a claim's photos 1…<see cref="MaxPerClaim"/>, and a unique index on (claim, sequence) keeps the
/// limit when uploads arrive at once.
/// </summary>
public sealed class ClaimPhoto
{
    public const int MaxPerClaim = 6;
    public const long MaxUploadBytes = 5 * 1024 * 1024;
    /// <summary>Longest side of a stored photo, in pixels.</summary>
    public const int MaxSide = 1600;

    private ClaimPhoto() { }

    public Guid Id { get; private set; }
    public Guid ClaimId { get; private set; }
    public int Sequence { get; private set; }
    public string ContentType { get; private set; } = "";
    public int Width { get; private set; }
    public int Height { get; private set; }
    public int SizeBytes { get; private set; }
    /// <summary>Hash of the stored bytes: the HTTP entity tag.</summary>
    public string ContentHash { get; private set; } = "";
    public Guid UploadedById { get; private set; }
    /// <summary>Uploaded by community staff rather than by the claimant.</summary>
    public bool UploadedByStaff { get; private set; }
    public DateTimeOffset CreatedAt { get; private set; }

    /// <summary>
    /// Who may add a photo, and when: the claimant between check-in and verification; staff of the
    /// community from check-in on, also after verification (e.g. for a service they confirmed).
    /// </summary>
    public static void EnsureAccepts(Claim claim, bool byStaff)
    {
        var open = claim.Status is ClaimStatus.CheckedIn or ClaimStatus.CheckedOut
            || (byStaff && claim.Status == ClaimStatus.Verified);
        if (!open)
            throw DomainException.Conflict("photo.notNow", byStaff
                ? "签到后才能为该认领上传服务照片。"
                : "签到后、核验前才能上传服务照片。");
    }

    public static ClaimPhoto Add(Claim claim, int existing, bool byStaff, Guid uploaderId, string contentType, int width, int height,
        int sizeBytes, string contentHash, DateTimeOffset now)
    {
        EnsureAccepts(claim, byStaff);
        if (existing >= MaxPerClaim)
            throw DomainException.Conflict("photo.tooMany", $"每次服务最多上传 {MaxPerClaim} 张照片。");
        return new ClaimPhoto
        {
            Id = Ids.NewV7(now),
            ClaimId = claim.Id,
            Sequence = existing + 1,
            ContentType = contentType,
            Width = width,
            Height = height,
            SizeBytes = sizeBytes,
            ContentHash = contentHash,
            UploadedById = uploaderId,
            UploadedByStaff = byStaff,
            CreatedAt = now,
        };
    }
}
