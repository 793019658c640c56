using System.Buffers.Binary;
using System.IO.Compression;

namespace Storefront.Web.Features.Demo;

/// <summary>
/// Pictures for the demo store, drawn in code (no downloads, no image library): a soft two-tone background in the
/// variant's colour, a simple shape for the kind of product, and the brand in a 5×7 pixel font, written as an RGB PNG
/// (zlib through System.IO.Compression, CRC-32 by table). Flat colours compress to a few kilobytes a picture.
/// </summary>
internal static class DemoPictures
{
    public const int Size = 320;

    /// <summary>The shapes a picture can show, one per kind of product.</summary>
    public enum Shape
    {
        Circle,
        Ring,
        Square,
        Diamond,
        Bottle,
        Shirt,
        Triangle,
        Bars,
    }

    private static readonly uint[] CrcTable = BuildCrcTable();

    /// <summary>
    /// A product picture: background <paramref name="rgb"/>, the shape in a lighter or darker tone, <paramref name="label"/>
    /// (A–Z, 0–9, space and hyphen) along the bottom. <paramref name="variant"/> shifts the shape, so pictures of one product differ.
    /// </summary>
    public static byte[] Draw(int rgb, Shape shape, string label, int variant = 0)
    {
        var (r, g, b) = ((rgb >> 16) & 0xFF, (rgb >> 8) & 0xFF, rgb & 0xFF);
        var light = (r * 299 + g * 587 + b * 114) / 1000 > 150;
        var ink = light ? Mix((r, g, b), (30, 30, 30), 0.75) : (250, 250, 250);
        var shapeColour = light ? Mix((r, g, b), (0, 0, 0), 0.25) : Mix((r, g, b), (255, 255, 255), 0.35);
        var top = Mix((r, g, b), (255, 255, 255), 0.18);
        var pixels = new byte[Size * (Size * 3 + 1)];
        var cx = Size / 2 + (variant % 3 - 1) * 24;
        var cy = Size / 2 - 24 + (variant / 3 % 2) * 16;
        for (var y = 0; y < Size; y++)
        {
            var row = y * (Size * 3 + 1);
            pixels[row] = 0;   // filter: none
            var background = y < Size * 2 / 3 ? top : (r, g, b);
            for (var x = 0; x < Size; x++)
            {
                var c = Inside(shape, x - cx, y - cy) ? shapeColour : background;
                var at = row + 1 + x * 3;
                (pixels[at], pixels[at + 1], pixels[at + 2]) = ((byte)c.Item1, (byte)c.Item2, (byte)c.Item3);
            }
        }

        DrawLabel(pixels, label, ink);
        return Png(pixels);
    }

    private static bool Inside(Shape shape, int dx, int dy)
    {
        var d2 = dx * dx + dy * dy;
        return shape switch
        {
            Shape.Circle => d2 <= 80 * 80,
            Shape.Ring => d2 is <= 85 * 85 and >= 50 * 50,
            Shape.Square => Math.Abs(dx) <= 72 && Math.Abs(dy) <= 72,
            Shape.Diamond => Math.Abs(dx) + Math.Abs(dy) <= 95,
            Shape.Bottle => (Math.Abs(dx) <= 42 && dy is >= -50 and <= 90) || (Math.Abs(dx) <= 18 && dy is >= -90 and < -50),
            Shape.Shirt => (Math.Abs(dx) <= 55 && dy is >= -70 and <= 85) || (Math.Abs(dx) <= 100 && dy is >= -70 and <= -20),
            Shape.Triangle => dy is >= -85 and <= 75 && Math.Abs(dx) * 160 <= (dy + 85) * 95,
            Shape.Bars => dy is >= -80 and <= 80 && Math.Abs(dx) <= 90 && ((dx + 90) / 30 % 2 == 0),
            _ => false,
        };
    }

    private static void DrawLabel(byte[] pixels, string label, (int, int, int) ink)
    {
        const int Scale = 4;
        var text = label.ToUpperInvariant().Where(Glyphs.ContainsKey).Take(12).ToArray();
        var width = text.Length * 6 * Scale - Scale;
        var left = Math.Max(4, (Size - width) / 2);
        var top = Size - 7 * Scale - 28;
        for (var i = 0; i < text.Length; i++)
        {
            var rows = Glyphs[text[i]];
            for (var gy = 0; gy < 7; gy++)
            {
                for (var gx = 0; gx < 5; gx++)
                {
                    if (((rows[gy] >> (4 - gx)) & 1) == 0)
                    {
                        continue;
                    }

                    for (var sy = 0; sy < Scale; sy++)
                    {
                        for (var sx = 0; sx < Scale; sx++)
                        {
                            var x = left + (i * 6 + gx) * Scale + sx;
                            var y = top + gy * Scale + sy;
                            if (x < Size)
                            {
                                var at = y * (Size * 3 + 1) + 1 + x * 3;
                                (pixels[at], pixels[at + 1], pixels[at + 2]) = ((byte)ink.Item1, (byte)ink.Item2, (byte)ink.Item3);
                            }
                        }
                    }
                }
            }
        }
    }

    private static (int, int, int) Mix((int R, int G, int B) a, (int R, int G, int B) b, double t) =>
        ((int)(a.R + (b.R - a.R) * t), (int)(a.G + (b.G - a.G) * t), (int)(a.B + (b.B - a.B) * t));

    private static byte[] Png(byte[] scanlines)
    {
        using var output = new MemoryStream();
        output.Write([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]);
        var header = new byte[13];
        BinaryPrimitives.WriteInt32BigEndian(header, Size);
        BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(4), Size);
        header[8] = 8;   // bits per channel
        header[9] = 2;   // RGB
        Chunk(output, "IHDR"u8, header);
        using (var compressed = new MemoryStream())
        {
            using (var zlib = new ZLibStream(compressed, CompressionLevel.Fastest, leaveOpen: true))
            {
                zlib.Write(scanlines);
            }

            Chunk(output, "IDAT"u8, compressed.ToArray());
        }

        Chunk(output, "IEND"u8, []);
        return output.ToArray();
    }

    private static void Chunk(Stream output, ReadOnlySpan<byte> type, ReadOnlySpan<byte> data)
    {
        Span<byte> number = stackalloc byte[4];
        BinaryPrimitives.WriteInt32BigEndian(number, data.Length);
        output.Write(number);
        output.Write(type);
        output.Write(data);
        var crc = Crc(Crc(0xFFFFFFFFu, type), data) ^ 0xFFFFFFFFu;
        BinaryPrimitives.WriteUInt32BigEndian(number, crc);
        output.Write(number);
    }

    private static uint Crc(uint crc, ReadOnlySpan<byte> bytes)
    {
        foreach (var b in bytes)
        {
            crc = CrcTable[(crc ^ b) & 0xFF] ^ (crc >> 8);
        }

        return crc;
    }

    private static uint[] BuildCrcTable()
    {
        var table = new uint[256];
        for (uint n = 0; n < 256; n++)
        {
            var c = n;
            for (var k = 0; k < 8; k++)
            {
                c = (c & 1) != 0 ? 0xEDB88320u ^ (c >> 1) : c >> 1;
            }

            table[n] = c;
        }

        return table;
    }

    /// <summary>A 5×7 pixel font: seven rows a glyph, the five low bits of each row left to right.</summary>
    private static readonly Dictionary<char, int[]> Glyphs = new()
    {
        ['A'] = [14, 17, 17, 31, 17, 17, 17],
        ['B'] = [30, 17, 17, 30, 17, 17, 30],
        ['C'] = [14, 17, 16, 16, 16, 17, 14],
        ['D'] = [30, 17, 17, 17, 17, 17, 30],
        ['E'] = [31, 16, 16, 30, 16, 16, 31],
        ['F'] = [31, 16, 16, 30, 16, 16, 16],
        ['G'] = [14, 17, 16, 23, 17, 17, 15],
        ['H'] = [17, 17, 17, 31, 17, 17, 17],
        ['I'] = [14, 4, 4, 4, 4, 4, 14],
        ['J'] = [7, 2, 2, 2, 2, 18, 12],
        ['K'] = [17, 18, 20, 24, 20, 18, 17],
        ['L'] = [16, 16, 16, 16, 16, 16, 31],
        ['M'] = [17, 27, 21, 21, 17, 17, 17],
        ['N'] = [17, 17, 25, 21, 19, 17, 17],
        ['O'] = [14, 17, 17, 17, 17, 17, 14],
        ['P'] = [30, 17, 17, 30, 16, 16, 16],
        ['Q'] = [14, 17, 17, 17, 21, 18, 13],
        ['R'] = [30, 17, 17, 30, 20, 18, 17],
        ['S'] = [15, 16, 16, 14, 1, 1, 30],
        ['T'] = [31, 4, 4, 4, 4, 4, 4],
        ['U'] = [17, 17, 17, 17, 17, 17, 14],
        ['V'] = [17, 17, 17, 17, 17, 10, 4],
        ['W'] = [17, 17, 17, 21, 21, 21, 10],
        ['X'] = [17, 17, 10, 4, 10, 17, 17],
        ['Y'] = [17, 17, 10, 4, 4, 4, 4],
        ['Z'] = [31, 1, 2, 4, 8, 16, 31],
        ['0'] = [14, 17, 19, 21, 25, 17, 14],
        ['1'] = [4, 12, 4, 4, 4, 4, 14],
        ['2'] = [14, 17, 1, 2, 4, 8, 31],
        ['3'] = [31, 2, 4, 2, 1, 17, 14],
        ['4'] = [2, 6, 10, 18, 31, 2, 2],
        ['5'] = [31, 16, 30, 1, 1, 17, 14],
        ['6'] = [6, 8, 16, 30, 17, 17, 14],
        ['7'] = [31, 1, 2, 4, 8, 8, 8],
        ['8'] = [14, 17, 17, 14, 17, 17, 14],
        ['9'] = [14, 17, 17, 15, 1, 2, 12],
        [' '] = [0, 0, 0, 0, 0, 0, 0],
        ['-'] = [0, 0, 0, 31, 0, 0, 0],
    };
}
