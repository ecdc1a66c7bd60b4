using System.Text;
using Microsoft.Win32.SafeHandles;

namespace Migration.Engine.Sources;

/// <summary>One entry of a tar archive: where its data starts and how long it is.</summary>
internal sealed record TarEntry(string Name, char Type, long DataOffset, long Length, DateTimeOffset ModifiedAt, string LinkName);

/// <summary>
/// Walks a tar's headers with positioned reads, jumping over each entry's data, so indexing a 10 GB archive
/// reads a few kilobytes per file. Understands ustar, GNU long names (<c>L</c>/<c>K</c>) and PAX headers
/// (<c>x</c>: path, linkpath, size, mtime), which is what GNU tar and bsdtar write.
/// </summary>
internal static class TarIndex
{
    private const int Block = 512;

    public static List<TarEntry> Read(SafeFileHandle handle, long archiveLength, List<string> warnings)
    {
        var entries = new List<TarEntry>();
        var header = new byte[Block];
        long offset = 0;
        string? longName = null, longLink = null;
        Dictionary<string, string>? pax = null;
        while (offset + Block <= archiveLength)
        {
            if (RandomAccess.Read(handle, header, offset) < Block) break;
            if (header.All(b => b == 0)) return entries;
            if (!ChecksumMatches(header))
            {
                warnings.Add($"the archive is damaged at byte {offset} (a header's checksum is wrong); {entries.Count} files before it were read, files past that point are missing");
                return entries;
            }
            var type = (char)header[156];
            var size = ParseSize(header.AsSpan(124, 12));
            if (pax?.TryGetValue("size", out var paxSize) == true && long.TryParse(paxSize, out var s)) size = s;
            var dataOffset = offset + Block;
            offset = dataOffset + (size + Block - 1) / Block * Block;

            switch (type)
            {
                case 'L':
                    longName = ReadString(handle, dataOffset, size);
                    continue;
                case 'K':
                    longLink = ReadString(handle, dataOffset, size);
                    continue;
                case 'x':
                    pax = ParsePax(ReadString(handle, dataOffset, size));
                    continue;
                case 'g':
                    continue;
            }

            var name = pax?.GetValueOrDefault("path") ?? longName ?? UstarName(header);
            var link = pax?.GetValueOrDefault("linkpath") ?? longLink ?? CString(header.AsSpan(157, 100));
            var mtime = pax?.TryGetValue("mtime", out var m) == true && double.TryParse(m, System.Globalization.CultureInfo.InvariantCulture, out var seconds)
                ? DateTimeOffset.FromUnixTimeMilliseconds((long)(seconds * 1000))
                : DateTimeOffset.FromUnixTimeSeconds(ParseSize(header.AsSpan(136, 12)));
            entries.Add(new TarEntry(name, type == '\0' ? '0' : type, dataOffset, size, mtime, link));
            longName = longLink = null;
            pax = null;
        }
        if (offset > archiveLength || entries.Count > 0)
            warnings.Add($"the archive ends without its end marker after {entries.Count} files: it is cut short, so files past that point are missing");
        return entries;
    }

    private static bool ChecksumMatches(byte[] header)
    {
        var stored = ParseSize(header.AsSpan(148, 8));
        long sum = 0;
        for (var i = 0; i < Block; i++) sum += i is >= 148 and < 156 ? (byte)' ' : header[i];
        return sum == stored;
    }

    private static string UstarName(byte[] header)
    {
        var name = CString(header.AsSpan(0, 100));
        var magic = Encoding.ASCII.GetString(header, 257, 5);
        if (magic != "ustar" || header[263] != (byte)'0') return name; // GNU ('ustar  ') has no prefix field
        var prefix = CString(header.AsSpan(345, 155));
        return prefix.Length > 0 ? $"{prefix}/{name}" : name;
    }

    // Octal, or base-256 with the high bit set for sizes of 8 GiB and more (GNU and star).
    private static long ParseSize(ReadOnlySpan<byte> field)
    {
        if ((field[0] & 0x80) != 0)
        {
            long value = field[0] & 0x7f;
            for (var i = 1; i < field.Length; i++) value = (value << 8) | field[i];
            return value;
        }
        long result = 0;
        foreach (var b in field)
        {
            if (b is (byte)' ' or 0)
            {
                if (result != 0) break;
                continue;
            }
            if (b is < (byte)'0' or > (byte)'7') break;
            result = result * 8 + (b - '0');
        }
        return result;
    }

    private static string CString(ReadOnlySpan<byte> field)
    {
        var end = field.IndexOf((byte)0);
        return Encoding.UTF8.GetString(end < 0 ? field : field[..end]);
    }

    private static string ReadString(SafeFileHandle handle, long offset, long size)
    {
        var bytes = new byte[Math.Min(size, 1 << 20)];
        var read = RandomAccess.Read(handle, bytes, offset);
        return CString(bytes.AsSpan(0, read));
    }

    private static Dictionary<string, string> ParsePax(string records)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var line in records.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var space = line.IndexOf(' ');
            var eq = line.IndexOf('=', space + 1);
            if (space > 0 && eq > space) result[line[(space + 1)..eq]] = line[(eq + 1)..];
        }
        return result;
    }
}
