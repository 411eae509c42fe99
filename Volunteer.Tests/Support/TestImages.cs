using System.Buffers.Binary;
using System.Text;
using SkiaSharp;

namespace Volunteer.Tests.Support;

/// <summary>Images for upload tests, with metadata written byte by byte so the test knows exactly what went in.</summary>
public static class TestImages
{
    public const string CameraMake = "VolunteerTestCam-GPS";

    /// <summary>A JPEG of <paramref name="width"/>×<paramref name="height"/> carrying an EXIF block with camera make, orientation and GPS position.</summary>
    public static byte[] JpegWithGpsExif(int width, int height, ushort orientation = 1)
    {
        var jpeg = Encode(width, height, SKEncodedImageFormat.Jpeg);
        var exif = ExifSegment(orientation);
        // Insert the APP1 segment after SOI and the encoder's APP0 (JFIF) segment, where cameras put it.
        var at = 2;
        if (jpeg[2] == 0xFF && jpeg[3] == 0xE0)
            at = 4 + BinaryPrimitives.ReadUInt16BigEndian(jpeg.AsSpan(4));
        return [.. jpeg.AsSpan(0, at), .. exif, .. jpeg.AsSpan(at)];
    }

    public static byte[] Png(int width, int height) => Encode(width, height, SKEncodedImageFormat.Png);

    public static byte[] Webp(int width, int height) => Encode(width, height, SKEncodedImageFormat.Webp);

    private static byte[] Encode(int width, int height, SKEncodedImageFormat format)
    {
        using var bitmap = new SKBitmap(width, height);
        using (var canvas = new SKCanvas(bitmap))
        {
            canvas.Clear(SKColors.White);
            using var paint = new SKPaint { Color = SKColors.Firebrick };
            canvas.DrawRect(0, 0, width / 2f, height / 3f, paint);
        }
        using var data = bitmap.Encode(format, 90);
        return data.ToArray();
    }

    /// <summary>
    /// APP1 "Exif": a little-endian TIFF with IFD0 (Make, Orientation, GPS pointer) and a GPS IFD
    /// (N 31°59'30.5", E 119°34'12.34" — a home in 丹阳).
    /// </summary>
    private static byte[] ExifSegment(ushort orientation)
    {
        var make = Encoding.ASCII.GetBytes(CameraMake + "\0");
        const int ifd0 = 8;
        const int ifd0Size = 2 + 3 * 12 + 4;
        var makeAt = ifd0 + ifd0Size;
        var gpsAt = makeAt + make.Length + (make.Length % 2);
        const int gpsSize = 2 + 4 * 12 + 4;
        var latAt = gpsAt + gpsSize;
        var lonAt = latAt + 24;
        var tiff = new byte[lonAt + 24];
        var span = tiff.AsSpan();

        "II"u8.CopyTo(span);
        BinaryPrimitives.WriteUInt16LittleEndian(span[2..], 42);
        BinaryPrimitives.WriteUInt32LittleEndian(span[4..], ifd0);

        var p = ifd0;
        void Entry(ushort tag, ushort type, uint count, uint value)
        {
            BinaryPrimitives.WriteUInt16LittleEndian(tiff.AsSpan(p), tag);
            BinaryPrimitives.WriteUInt16LittleEndian(tiff.AsSpan(p + 2), type);
            BinaryPrimitives.WriteUInt32LittleEndian(tiff.AsSpan(p + 4), count);
            BinaryPrimitives.WriteUInt32LittleEndian(tiff.AsSpan(p + 8), value);
            p += 12;
        }

        BinaryPrimitives.WriteUInt16LittleEndian(span[p..], 3);
        p += 2;
        Entry(0x010F, 2, (uint)make.Length, (uint)makeAt);   // Make, ASCII
        Entry(0x0112, 3, 1, orientation);                    // Orientation, SHORT (inline)
        Entry(0x8825, 4, 1, (uint)gpsAt);                    // GPSInfo IFD pointer, LONG
        BinaryPrimitives.WriteUInt32LittleEndian(span[p..], 0);
        make.CopyTo(span[makeAt..]);

        p = gpsAt;
        BinaryPrimitives.WriteUInt16LittleEndian(span[p..], 4);
        p += 2;
        Entry(0x0001, 2, 2, 'N');                            // GPSLatitudeRef "N\0" inline
        Entry(0x0002, 5, 3, (uint)latAt);                    // GPSLatitude, 3 RATIONALs
        Entry(0x0003, 2, 2, 'E');                            // GPSLongitudeRef "E\0" inline
        Entry(0x0004, 5, 3, (uint)lonAt);                    // GPSLongitude
        BinaryPrimitives.WriteUInt32LittleEndian(span[p..], 0);
        Rationals(span[latAt..], (31, 1), (59, 1), (3050, 100));
        Rationals(span[lonAt..], (119, 1), (34, 1), (1234, 100));

        var length = 2 + 6 + tiff.Length;
        byte[] header = [0xFF, 0xE1, (byte)(length >> 8), (byte)length, .. "Exif\0\0"u8];
        return [.. header, .. tiff];
    }

    private static void Rationals(Span<byte> at, params (uint Numerator, uint Denominator)[] values)
    {
        for (var i = 0; i < values.Length; i++)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(at[(i * 8)..], values[i].Numerator);
            BinaryPrimitives.WriteUInt32LittleEndian(at[(i * 8 + 4)..], values[i].Denominator);
        }
    }

    /// <summary>Whether <paramref name="haystack"/> contains <paramref name="needle"/> anywhere.</summary>
    public static bool Contains(byte[] haystack, ReadOnlySpan<byte> needle) => haystack.AsSpan().IndexOf(needle) >= 0;
}
