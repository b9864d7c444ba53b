using System.Collections.Frozen;
using System.Reflection;
using System.Security.Cryptography;
using System.Text;

namespace Docket.Server.Features.Dashboard;

/// <summary>
/// The dashboard's static files, embedded in this assembly (so <c>docket serve</c> needs no files
/// beside it) and held in memory: a few hundred kilobytes. Every asset is served under
/// <c>/assets/{version}/</c>, where the version is a hash of all of them; the modules import each
/// other by relative paths, so they all resolve under the same versioned prefix and may be cached
/// for a year. Only <c>index.html</c>, which names the current version, is revalidated each time.
/// </summary>
internal sealed class DashboardAssets
{
    private const string ResourcePrefix = "wwwroot/";
    private const string VersionPlaceholder = "{{version}}";

    private static readonly FrozenDictionary<string, string> ContentTypes = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
    {
        [".html"] = "text/html; charset=utf-8",
        [".js"] = "text/javascript; charset=utf-8",
        [".css"] = "text/css; charset=utf-8",
        [".svg"] = "image/svg+xml",
        [".json"] = "application/json",
        [".png"] = "image/png",
        [".ico"] = "image/x-icon",
    }.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);

    private readonly FrozenDictionary<string, Asset> _assets;

    public DashboardAssets()
        : this(typeof(DashboardAssets).Assembly)
    {
    }

    internal DashboardAssets(Assembly assembly)
    {
        var files = new SortedDictionary<string, byte[]>(StringComparer.Ordinal);
        foreach (var resource in assembly.GetManifestResourceNames().Where(n => n.StartsWith(ResourcePrefix, StringComparison.Ordinal)))
        {
            using var stream = assembly.GetManifestResourceStream(resource)!;
            using var copy = new MemoryStream();
            stream.CopyTo(copy);
            files[resource[ResourcePrefix.Length..]] = copy.ToArray();
        }

        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var (path, bytes) in files)
        {
            hash.AppendData(Encoding.UTF8.GetBytes(path));
            hash.AppendData(bytes);
        }

        Version = Convert.ToHexStringLower(hash.GetHashAndReset())[..12];
        var assets = new Dictionary<string, Asset>(StringComparer.Ordinal);
        foreach (var (path, bytes) in files)
        {
            var content = path == "index.html" ? Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(bytes).Replace(VersionPlaceholder, Version, StringComparison.Ordinal)) : bytes;
            var type = ContentTypes.GetValueOrDefault(Path.GetExtension(path), "application/octet-stream");
            assets[path] = new Asset(content, type, $"\"{Convert.ToHexStringLower(SHA256.HashData(content))[..16]}\"");
        }

        _assets = assets.ToFrozenDictionary(StringComparer.Ordinal);
    }

    /// <summary>The hash of all assets, part of every asset URL.</summary>
    public string Version { get; }

    public bool TryGet(string path, out Asset asset) => _assets.TryGetValue(path, out asset!);

    /// <summary>One file's bytes, its exact Content-Type and a strong ETag.</summary>
    internal sealed record Asset(byte[] Content, string ContentType, string ETag);
}
