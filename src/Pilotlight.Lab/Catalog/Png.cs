using System.Buffers.Binary;
using System.IO.Compression;

namespace Pilotlight.Lab.Catalog;

/// <summary>Writes a small solid-colour PNG: enough for a product image that is a real, checkable file.</summary>
internal static class Png
{
    public static byte[] Solid(int width, int height, byte red, byte green, byte blue)
    {
        using var output = new MemoryStream();
        output.Write([0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A]);
        var header = new byte[13];
        BinaryPrimitives.WriteInt32BigEndian(header, width);
        BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(4), height);
        header[8] = 8; // bit depth
        header[9] = 2; // truecolour RGB
        Chunk(output, "IHDR", header);

        var raw = new byte[height * (1 + (3 * width))];
        for (var y = 0; y < height; y++)
        {
            var row = y * (1 + (3 * width));
            for (var x = 0; x < width; x++)
            {
                raw[row + 1 + (3 * x)] = red;
                raw[row + 2 + (3 * x)] = green;
                raw[row + 3 + (3 * x)] = blue;
            }
        }

        using (var compressed = new MemoryStream())
        {
            using (var zlib = new ZLibStream(compressed, CompressionLevel.Optimal, leaveOpen: true))
            {
                zlib.Write(raw);
            }

            Chunk(output, "IDAT", compressed.ToArray());
        }

        Chunk(output, "IEND", []);
        return output.ToArray();
    }

    private static void Chunk(Stream output, string type, byte[] data)
    {
        Span<byte> length = stackalloc byte[4];
        BinaryPrimitives.WriteInt32BigEndian(length, data.Length);
        output.Write(length);
        var typeBytes = System.Text.Encoding.ASCII.GetBytes(type);
        output.Write(typeBytes);
        output.Write(data);
        Span<byte> sum = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(sum, ~Crc(Crc(0xFFFFFFFFu, typeBytes), data));
        output.Write(sum);
    }

    // CRC-32 as PNG defines it (ISO 3309, reflected polynomial 0xEDB88320); System.IO.Hashing is not available here.
    private static uint Crc(uint crc, ReadOnlySpan<byte> bytes)
    {
        foreach (var b in bytes)
        {
            crc ^= b;
            for (var k = 0; k < 8; k++)
            {
                crc = (crc & 1) != 0 ? 0xEDB88320u ^ (crc >> 1) : crc >> 1;
            }
        }

        return crc;
    }
}
