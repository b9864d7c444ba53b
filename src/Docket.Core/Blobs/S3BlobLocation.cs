namespace Docket.Blobs;

/// <summary>
/// Where an S3-compatible store keeps blobs, from <c>s3://bucket[/prefix]?endpoint=…&amp;region=…</c>.
/// Without <c>endpoint</c> it is AWS itself; with one (MinIO, Ceph, moto, R2…) requests use path-style
/// addressing unless <c>path_style=false</c>. Credentials come from the AWS SDK's usual chain
/// (<c>AWS_ACCESS_KEY_ID</c>/<c>AWS_SECRET_ACCESS_KEY</c>, profiles, instance roles).
/// </summary>
public sealed record S3BlobLocation(string Bucket, string Prefix, string? Endpoint, string Region, bool PathStyle)
{
    public static bool IsS3(string? url) => url is not null && url.StartsWith("s3://", StringComparison.OrdinalIgnoreCase);

    public static S3BlobLocation Parse(string url)
    {
        if (!IsS3(url))
        {
            throw new ArgumentException($"Not an S3 URL (s3://bucket[/prefix]?endpoint=…): '{url}'.", nameof(url));
        }

        var rest = url["s3://".Length..];
        var query = "";
        if (rest.IndexOf('?', StringComparison.Ordinal) is var q and >= 0)
        {
            query = rest[(q + 1)..];
            rest = rest[..q];
        }

        var slash = rest.IndexOf('/', StringComparison.Ordinal);
        var bucket = slash < 0 ? rest : rest[..slash];
        var prefix = slash < 0 ? "" : rest[(slash + 1)..].Trim('/');
        if (bucket.Length is < 3 or > 63 || !bucket.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c is '-' or '.'))
        {
            throw new ArgumentException($"'{bucket}' is not an S3 bucket name (3 to 63 lower-case letters, digits, '-' and '.').", nameof(url));
        }

        string? endpoint = null;
        var region = "us-east-1";
        bool? pathStyle = null;
        foreach (var pair in query.Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var (key, value) = pair.Split('=', 2) is [var k, var v] ? (k, Uri.UnescapeDataString(v)) : (pair, "");
            switch (key)
            {
                case "endpoint" when Uri.TryCreate(value, UriKind.Absolute, out var e) && e.Scheme is "http" or "https":
                    endpoint = value;
                    break;
                case "endpoint":
                    throw new ArgumentException($"The S3 endpoint must be an http:// or https:// URL; got '{value}'.", nameof(url));
                case "region" when value.Length > 0:
                    region = value;
                    break;
                case "path_style" when bool.TryParse(value, out var p):
                    pathStyle = p;
                    break;
                default:
                    throw new ArgumentException($"Unknown or invalid S3 URL option '{pair}' (endpoint, region, path_style).", nameof(url));
            }
        }

        return new S3BlobLocation(bucket, prefix.Length == 0 ? "" : prefix + "/", endpoint, region, pathStyle ?? endpoint is not null);
    }
}
