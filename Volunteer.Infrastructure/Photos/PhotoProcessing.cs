using System.Security.Cryptography;
using SkiaSharp;
using Volunteer.Domain.Common;
using Volunteer.Domain.Tasks;

namespace Volunteer.Infrastructure.Photos;

/// <summary>A photo as it is stored: re-encoded pixels only, no metadata.</summary>
public sealed record ProcessedPhoto(byte[] Content, string ContentType, int Width, int Height, string Hash);

/// <summary>
/// Turns an upload into a photo safe to keep and show: only JPEG, PNG and WebP are accepted, the
/// image is decoded and drawn afresh (so EXIF — location, device — and any other metadata or
/// trailing data are gone), turned upright by its EXIF orientation, scaled so the longest side is
/// at most <see cref="ClaimPhoto.MaxSide"/> px, and encoded again: PNG stays PNG (it may be a
/// screenshot with transparency), everything else becomes JPEG.
/// </summary>
public static class PhotoProcessing
{
    /// <summary>Refuse images whose pixels would need more memory than this before decoding them (decompression bombs).</summary>
    public const long MaxPixels = 40_000_000;
    private const int JpegQuality = 85;

    public static ProcessedPhoto Process(ReadOnlySpan<byte> upload)
    {
        var format = Sniff(upload) ?? throw NotAnImage();
        using var data = SKData.CreateCopy(upload);
        using var codec = SKCodec.Create(data) ?? throw NotAnImage();
        if (codec.EncodedFormat != format)
            throw NotAnImage();
        var size = codec.Info;
        if (size.Width <= 0 || size.Height <= 0 || (long)size.Width * size.Height > MaxPixels)
            throw new DomainException(ErrorKind.Unprocessable, "photo.tooManyPixels", "图片尺寸过大，无法处理。");

        var info = new SKImageInfo(size.Width, size.Height, SKColorType.Rgba8888, SKAlphaType.Premul);
        using var decoded = new SKBitmap(info);
        var result = codec.GetPixels(info, decoded.GetPixels());
        if (result is not (SKCodecResult.Success or SKCodecResult.IncompleteInput))
            throw NotAnImage();

        using var upright = Orient(decoded, codec.EncodedOrigin);
        using var scaled = Downscale(upright);
        var png = format == SKEncodedImageFormat.Png;
        using var encoded = scaled.Encode(png ? SKEncodedImageFormat.Png : SKEncodedImageFormat.Jpeg, JpegQuality)
            ?? throw new InvalidOperationException("The image could not be encoded.");
        var bytes = encoded.ToArray();
        return new ProcessedPhoto(bytes, png ? "image/png" : "image/jpeg", scaled.Width, scaled.Height,
            Convert.ToHexStringLower(SHA256.HashData(bytes))[..32]);
    }

    /// <summary>What the first bytes say the file is; null for anything but JPEG, PNG and WebP.</summary>
    public static SKEncodedImageFormat? Sniff(ReadOnlySpan<byte> bytes)
    {
        if (bytes is [0xFF, 0xD8, 0xFF, ..])
            return SKEncodedImageFormat.Jpeg;
        if (bytes is [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, ..])
            return SKEncodedImageFormat.Png;
        if (bytes.Length >= 12 && bytes[..4].SequenceEqual("RIFF"u8) && bytes[8..12].SequenceEqual("WEBP"u8))
            return SKEncodedImageFormat.Webp;
        return null;
    }

    private static DomainException NotAnImage() => new(ErrorKind.Unprocessable, "photo.notImage",
        "无法识别该图片：请上传 JPEG、PNG 或 WebP 格式的照片。");

    private static SKBitmap Orient(SKBitmap source, SKEncodedOrigin origin)
    {
        var swap = origin is SKEncodedOrigin.LeftTop or SKEncodedOrigin.RightTop or SKEncodedOrigin.RightBottom or SKEncodedOrigin.LeftBottom;
        var width = swap ? source.Height : source.Width;
        var height = swap ? source.Width : source.Height;
        var result = new SKBitmap(new SKImageInfo(width, height, source.ColorType, source.AlphaType));
        using var canvas = new SKCanvas(result);
        // Each EXIF orientation is a rotation and/or mirror of the stored pixels.
        var matrix = origin switch
        {
            SKEncodedOrigin.TopRight => new SKMatrix(-1, 0, width, 0, 1, 0, 0, 0, 1),
            SKEncodedOrigin.BottomRight => new SKMatrix(-1, 0, width, 0, -1, height, 0, 0, 1),
            SKEncodedOrigin.BottomLeft => new SKMatrix(1, 0, 0, 0, -1, height, 0, 0, 1),
            SKEncodedOrigin.LeftTop => new SKMatrix(0, 1, 0, 1, 0, 0, 0, 0, 1),
            SKEncodedOrigin.RightTop => new SKMatrix(0, -1, width, 1, 0, 0, 0, 0, 1),
            SKEncodedOrigin.RightBottom => new SKMatrix(0, -1, width, -1, 0, height, 0, 0, 1),
            SKEncodedOrigin.LeftBottom => new SKMatrix(0, 1, 0, -1, 0, height, 0, 0, 1),
            _ => SKMatrix.Identity,
        };
        canvas.SetMatrix(matrix);
        canvas.DrawBitmap(source, 0, 0, new SKSamplingOptions(SKFilterMode.Nearest), null);
        canvas.Flush();
        return result;
    }

    private static SKBitmap Downscale(SKBitmap source)
    {
        var longest = Math.Max(source.Width, source.Height);
        if (longest <= ClaimPhoto.MaxSide)
            return source.Copy();
        var scale = (double)ClaimPhoto.MaxSide / longest;
        var width = Math.Max(1, (int)Math.Round(source.Width * scale));
        var height = Math.Max(1, (int)Math.Round(source.Height * scale));
        return source.Resize(new SKImageInfo(width, height, source.ColorType, source.AlphaType),
            new SKSamplingOptions(SKFilterMode.Linear, SKMipmapMode.Linear))
            ?? throw new InvalidOperationException("The image could not be scaled.");
    }
}
