using Docket.Blobs;
using Docket.Data;
using Docket.Tests.Support;

namespace Docket.Tests.Scale;

/// <summary>The store URLs of --database and --blobs: what they mean, and a clear refusal of anything else.</summary>
public sealed class StoreUrlTests
{
    [Fact]
    public void PostgresUrl_WithEverything_BecomesTheConnectionSettings()
    {
        var builder = PostgresUrl.Parse("postgres://app%40corp:p%3Ass@db.internal:6543/docket?sslmode=require&application_name=docket-api");
        Assert.Equal("db.internal", builder.Host);
        Assert.Equal(6543, builder.Port);
        Assert.Equal("docket", builder.Database);
        Assert.Equal("app@corp", builder.Username);
        Assert.Equal("p:ss", builder.Password);
        Assert.Equal(Npgsql.SslMode.Require, builder.SslMode);
        Assert.Equal("docket-api", builder.ApplicationName);
        Assert.Equal(5432, PostgresUrl.Parse("postgresql://u@localhost/d").Port);
    }

    [Theory]
    [InlineData("mysql://u@h/d")]
    [InlineData("postgres://u@h/d?no_such_option=1")]
    public void PostgresUrl_Malformed_IsRefusedWithAReason(string url)
    {
        var error = Assert.Throws<ArgumentException>(() => PostgresUrl.Parse(url));
        Assert.Contains(url.StartsWith("mysql", StringComparison.Ordinal) ? "Not a PostgreSQL URL" : "no such option", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void PostgresUrl_Redact_HidesThePasswordOnly()
    {
        Assert.Equal("postgres://app:***@db:5432/docket", PostgresUrl.Redact("postgres://app:secret@db:5432/docket"));
        Assert.Equal("postgres://app@db/docket", PostgresUrl.Redact("postgres://app@db/docket"));
        Assert.Equal("postgres://app:secret@db:5432/other", PostgresUrl.WithDatabase("postgres://app:secret@db:5432/docket", "other"));
    }

    [Fact]
    public void S3Url_WithPrefixAndEndpoint_IsPathStyleUnderThePrefix()
    {
        var location = S3BlobLocation.Parse("s3://docket-files/tenant-a/blobs?endpoint=http://127.0.0.1:9000&region=eu-west-1");
        Assert.Equal(new S3BlobLocation("docket-files", "tenant-a/blobs/", "http://127.0.0.1:9000", "eu-west-1", PathStyle: true), location);
        Assert.Equal(new S3BlobLocation("docket-files", "", null, "us-east-1", PathStyle: false), S3BlobLocation.Parse("s3://docket-files"));
    }

    [Theory]
    [InlineData("s3://Bad_Bucket", "is not an S3 bucket name")]
    [InlineData("s3://bucket?endpoint=ftp://host", "must be an http:// or https:// URL")]
    [InlineData("s3://bucket?colour=blue", "Unknown or invalid S3 URL option 'colour=blue'")]
    [InlineData("https://bucket", "Not an S3 URL")]
    public void S3Url_Malformed_IsRefusedWithAReason(string url, string reason) =>
        Assert.Contains(reason, Assert.Throws<ArgumentException>(() => S3BlobLocation.Parse(url)).Message, StringComparison.Ordinal);

    [Fact]
    public async Task Serve_WithAnUnknownDatabaseUrl_ExitsWithAUsageError()
    {
        var result = await CliProcess.DocketAsync("serve", "--database", "mysql://root@localhost/docket", "--data", Path.Combine(Path.GetTempPath(), "docket-tests", Guid.NewGuid().ToString("N")));
        Assert.Equal(2, result.Code);
        Assert.Contains("must start with postgres://", result.Error, StringComparison.Ordinal);

        var blobs = await CliProcess.DocketAsync("worker", "--blobs", "s3://x", "--data", Path.Combine(Path.GetTempPath(), "docket-tests", Guid.NewGuid().ToString("N")));
        Assert.Equal(2, blobs.Code);
        Assert.Contains("is not an S3 bucket name", blobs.Error, StringComparison.Ordinal);
    }
}
