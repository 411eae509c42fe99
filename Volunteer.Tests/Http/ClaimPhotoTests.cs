using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Microsoft.EntityFrameworkCore;
using SkiaSharp;
using Volunteer.Api.Claims;
using Volunteer.Api.Photos;
using Volunteer.Domain.Tasks;
using Volunteer.Infrastructure.Photos;
using Volunteer.Tests.Support;

namespace Volunteer.Tests.Http;

/// <summary>服务照片: uploads are re-encoded without EXIF, limited in size and number, and served only to those who may see the claim.</summary>
public abstract class ClaimPhotoTests(ApiFactory api)
{
    private static MultipartFormDataContent Form(byte[] bytes, string fileName = "photo.jpg", string contentType = "image/jpeg", string field = "file")
    {
        var file = new ByteArrayContent(bytes);
        file.Headers.ContentType = new MediaTypeHeaderValue(contentType);
        return new MultipartFormDataContent { { file, field, fileName } };
    }

    private Task<HttpResponseMessage> UploadAsync(string token, Guid claimId, byte[] bytes, string fileName = "photo.jpg") =>
        api.Client(token).PostAsync($"/api/v1/claims/{claimId}/photos", Form(bytes, fileName));

    private Task<int> StoredCountAsync(Guid claimId) => api.DbAsync(async db =>
    {
        var ids = await db.Set<ClaimPhoto>().Where(p => p.ClaimId == claimId).Select(p => p.Id).ToListAsync();
        var blobs = await db.Set<PhotoBlob>().CountAsync(b => ids.Contains(b.Id));
        Assert.Equal(ids.Count, blobs);
        return ids.Count;
    });

    /// <summary>A requester's need served by a volunteer who has checked in.</summary>
    private async Task<(Place Place, Person Requester, Person Volunteer, ClaimResponse Claim)> CheckedInAsync()
    {
        var place = await api.NewCommunityAsync();
        var requester = await api.NewResidentAsync(place);
        var volunteer = await api.NewResidentAsync(place);
        var now = api.Clock.GetUtcNow();
        var need = await (await api.Client(requester.Token).PostJsonAsync("/api/v1/needs", new { title = "打扫房间", category = "elderlyCare" }))
            .ReadAsync<Volunteer.Api.Needs.NeedResponse>(HttpStatusCode.Created);
        var approved = await (await api.Client(place.StaffToken).PostJsonAsync($"/api/v1/needs/{need.Id}/approve",
            new { slots = 1, points = 5, startsAt = now.AddMinutes(-5), endsAt = now.AddHours(3) }))
            .ReadAsync<Volunteer.Api.Needs.ApprovedNeedResponse>(HttpStatusCode.Created);
        var claim = await api.ClaimAsync(volunteer.Token, approved.Task.Id);
        var code = await (await api.Client(requester.Token).GetAsync($"/api/v1/tasks/{approved.Task.Id}/check-in-code"))
            .ReadAsync<Volunteer.Api.Tasks.CheckInCodeResponse>();
        await (await api.Client(volunteer.Token).PostJsonAsync($"/api/v1/claims/{claim.Id}/check-in", new { code = code.Code }))
            .ShouldBeAsync(HttpStatusCode.OK);
        return (place, requester, volunteer, claim);
    }

    [Fact]
    public async Task An_uploaded_photo_loses_its_exif_location_and_camera_and_is_downscaled()
    {
        var (place, _, volunteer, claim) = await CheckedInAsync();
        // 2400×1800 as stored, EXIF orientation 6 (shown rotated a quarter turn), GPS position and camera make.
        var original = TestImages.JpegWithGpsExif(2400, 1800, orientation: 6);
        Assert.True(TestImages.Contains(original, "Exif\0\0"u8));
        Assert.True(TestImages.Contains(original, Encoding.ASCII.GetBytes(TestImages.CameraMake)));

        var created = await (await UploadAsync(volunteer.Token, claim.Id, original)).ReadAsync<PhotoCreatedResponse>(HttpStatusCode.Created);
        Assert.Equal($"/api/v1/photos/{created.Id}", created.Url);

        var stored = await api.UseAsync<IPhotoStore, byte[]?>(s => s.GetAsync(created.Id, default));
        Assert.NotNull(stored);
        Assert.False(TestImages.Contains(stored, "Exif"u8), "the stored photo still has an EXIF block");
        Assert.False(TestImages.Contains(stored, Encoding.ASCII.GetBytes(TestImages.CameraMake)), "the camera make survived");
        Assert.False(TestImages.Contains(stored, [0xFF, 0xE1]) && HasApp1(stored), "the stored JPEG has an APP1 segment");
        using (var codec = SKCodec.Create(new MemoryStream(stored)))
        {
            Assert.Equal(SKEncodedImageFormat.Jpeg, codec.EncodedFormat);
            Assert.Equal(SKEncodedOrigin.TopLeft, codec.EncodedOrigin);
            // Turned upright (the orientation was read, then dropped) and the longest side brought to 1600.
            Assert.Equal((1200, 1600), (codec.Info.Width, codec.Info.Height));
        }

        // The claim and the verification show the photo; its URL serves exactly the stored bytes.
        var seen = await (await api.Client(place.StaffToken).GetAsync($"/api/v1/claims/{claim.Id}")).ReadAsync<ClaimResponse>();
        var photo = Assert.Single(seen.Photos);
        Assert.Equal((created.Id, created.Url, 1200, 1600, false), (photo.Id, photo.Url, photo.Width, photo.Height, photo.UploadedByStaff));
        var served = await api.Client(volunteer.Token).GetAsync(created.Url);
        await served.ShouldBeAsync(HttpStatusCode.OK);
        Assert.Equal("image/jpeg", served.Content.Headers.ContentType!.MediaType);
        Assert.Equal(stored, await served.Content.ReadAsByteArrayAsync());
    }

    private static bool HasApp1(byte[] jpeg)
    {
        // Walk the segments before the image data: none may be APP1 (EXIF/XMP).
        for (var i = 2; i + 4 < jpeg.Length && jpeg[i] == 0xFF;)
        {
            var marker = jpeg[i + 1];
            if (marker == 0xE1)
                return true;
            if (marker == 0xDA)
                return false;
            i += 2 + (jpeg[i + 2] << 8 | jpeg[i + 3]);
        }
        return false;
    }

    [Fact]
    public async Task Png_and_webp_are_accepted_and_small_photos_keep_their_size()
    {
        var (place, _, volunteer, claim) = await CheckedInAsync();
        var png = await (await UploadAsync(volunteer.Token, claim.Id, TestImages.Png(640, 480), "shot.png")).ReadAsync<PhotoCreatedResponse>(HttpStatusCode.Created);
        var webp = await (await UploadAsync(place.StaffToken, claim.Id, TestImages.Webp(1000, 3000), "x.webp")).ReadAsync<PhotoCreatedResponse>(HttpStatusCode.Created);
        var seen = await (await api.Client(volunteer.Token).GetAsync($"/api/v1/claims/{claim.Id}")).ReadAsync<ClaimResponse>();
        Assert.Equal([(png.Id, "image/png", 640, 480, false), (webp.Id, "image/jpeg", 533, 1600, true)],
            seen.Photos.Select(p => (p.Id, p.ContentType, p.Width, p.Height, p.UploadedByStaff)).ToList());
    }

    [Fact]
    public async Task Oversized_and_non_image_uploads_are_refused_and_nothing_is_stored()
    {
        var (_, _, volunteer, claim) = await CheckedInAsync();

        // Just over 5 MB: a real JPEG start, then padding.
        var big = new byte[(int)ClaimPhoto.MaxUploadBytes + 1];
        TestImages.JpegWithGpsExif(64, 64).CopyTo(big, 0);
        Assert.Equal("photo.tooLarge", (await (await UploadAsync(volunteer.Token, claim.Id, big)).ProblemAsync(HttpStatusCode.RequestEntityTooLarge)).Code);
        // Far over: refused before the body is read, like any other route's oversized body.
        var huge = new byte[(int)ClaimPhoto.MaxUploadBytes * 2];
        await (await UploadAsync(volunteer.Token, claim.Id, huge)).ProblemAsync(HttpStatusCode.RequestEntityTooLarge);

        var text = Encoding.UTF8.GetBytes("这不是照片，只是一段文字。");
        Assert.Equal("photo.notImage", (await (await UploadAsync(volunteer.Token, claim.Id, text, "photo.jpg")).ProblemAsync(HttpStatusCode.UnprocessableEntity)).Code);
        var jpeg = TestImages.JpegWithGpsExif(200, 200);
        var truncated = jpeg[..40];
        Assert.Equal("photo.notImage", (await (await UploadAsync(volunteer.Token, claim.Id, truncated)).ProblemAsync(HttpStatusCode.UnprocessableEntity)).Code);
        var gif = Encoding.ASCII.GetBytes("GIF89a").Concat(new byte[100]).ToArray();
        Assert.Equal("photo.notImage", (await (await UploadAsync(volunteer.Token, claim.Id, gif, "a.gif")).ProblemAsync(HttpStatusCode.UnprocessableEntity)).Code);
        var noFile = await api.Client(volunteer.Token).PostAsync($"/api/v1/claims/{claim.Id}/photos", Form(jpeg, field: "image"));
        Assert.Contains("file", (await noFile.ProblemAsync(HttpStatusCode.BadRequest)).Errors!.Keys);

        Assert.Equal(0, await StoredCountAsync(claim.Id));
    }

    [Fact]
    public async Task Only_those_who_may_see_the_claim_get_its_photo_with_caching_headers()
    {
        var (place, requester, volunteer, claim) = await CheckedInAsync();
        var created = await (await UploadAsync(volunteer.Token, claim.Id, TestImages.JpegWithGpsExif(300, 200)))
            .ReadAsync<PhotoCreatedResponse>(HttpStatusCode.Created);

        foreach (var token in new[] { volunteer.Token, requester.Token, place.StaffToken })
        {
            var ok = await api.Client(token).GetAsync(created.Url);
            await ok.ShouldBeAsync(HttpStatusCode.OK);
            Assert.True(ok.Headers.CacheControl!.Private);
            Assert.NotNull(ok.Headers.ETag);

            using var again = new HttpRequestMessage(HttpMethod.Get, created.Url);
            again.Headers.IfNoneMatch.Add(ok.Headers.ETag!);
            var client = api.Client(token);
            Assert.Equal(HttpStatusCode.NotModified, (await client.SendAsync(again)).StatusCode);
        }

        var neighbour = await api.NewResidentAsync(place);
        var otherStaff = await api.NewCommunityAsync(place.StreetId);
        var (_, partnerStaff) = await api.NewPartnerAsync(otherStaff);
        foreach (var token in new[] { neighbour.Token, otherStaff.StaffToken, partnerStaff.Token })
            Assert.Equal("photo.notFound", (await (await api.Client(token).GetAsync(created.Url)).ProblemAsync(HttpStatusCode.NotFound)).Code);
        Assert.Equal("photo.notFound", (await (await api.Client(volunteer.Token).GetAsync($"/api/v1/photos/{Guid.NewGuid()}"))
            .ProblemAsync(HttpStatusCode.NotFound)).Code);
        Assert.Equal(HttpStatusCode.Unauthorized, (await api.Client().GetAsync(created.Url)).StatusCode);

        // Uploading: a stranger cannot find the claim, the requester may see it but not add to it.
        Assert.Equal("claim.notFound", (await (await UploadAsync(neighbour.Token, claim.Id, TestImages.Png(10, 10), "a.png"))
            .ProblemAsync(HttpStatusCode.NotFound)).Code);
        Assert.Equal("photo.notAllowed", (await (await UploadAsync(requester.Token, claim.Id, TestImages.Png(10, 10), "a.png"))
            .ProblemAsync(HttpStatusCode.Forbidden)).Code);
    }

    [Fact]
    public async Task A_claim_takes_six_photos_at_most_even_when_they_arrive_at_once()
    {
        var (place, _, volunteer, claim) = await CheckedInAsync();
        var bytes = TestImages.Png(32, 32);
        var uploads = await Task.WhenAll(Enumerable.Range(0, 8).Select(i =>
            UploadAsync(i % 2 == 0 ? volunteer.Token : place.StaffToken, claim.Id, bytes, "a.png")));
        Assert.Equal(6, uploads.Count(r => r.StatusCode == HttpStatusCode.Created));
        foreach (var refused in uploads.Where(r => r.StatusCode != HttpStatusCode.Created))
            Assert.Equal("photo.tooMany", (await refused.ProblemAsync(HttpStatusCode.Conflict)).Code);
        Assert.Equal(6, await StoredCountAsync(claim.Id));
        Assert.Equal([1, 2, 3, 4, 5, 6], await api.DbAsync(db => db.Set<ClaimPhoto>().Where(p => p.ClaimId == claim.Id)
            .OrderBy(p => p.Sequence).Select(p => p.Sequence).ToListAsync()));
    }
}

public sealed class ClaimPhotosOnPostgres(PostgresApi api) : ClaimPhotoTests(api), IClassFixture<PostgresApi>;

public sealed class ClaimPhotosOnSqlite(SqliteApi api) : ClaimPhotoTests(api), IClassFixture<SqliteApi>;
