using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Docket.Agents;
using Docket.Data;
using Docket.Executions;
using Docket.Tenants;

namespace Docket.Bench;

/// <summary>
/// How fast the executions listing answers with many executions stored: the page the dashboard
/// asks for (newest first, 50 rows) with each of its filters, deep pages by offset and by cursor.
/// The executions are written straight into the server's SQLite file through Docket's own store
/// (an HTTP submit of 100,000 would only measure the submit path again), with a realistic mix of
/// agents, statuses, response sizes and creation times spread over 90 days.
/// </summary>
internal static class ListBench
{
    private const int PageSize = 50;

    public static async Task<int> RunAsync(BenchArgs args, CancellationToken cancellationToken)
    {
        var count = args.Int("executions", 100_000);
        var samples = args.Int("samples", 100);
        var warmup = args.Int("warmup", 10);
        var docket = args.Text("docket");
        args.RejectUnknown();
        var report = new Report("list");

        // No workers: the seeded pending executions must stay as they are while we measure.
        using var server = await ServerProcess.StartAsync(Servers.Docket(docket), workers: 0, cancellationToken: cancellationToken).ConfigureAwait(false);
        Console.WriteLine($"server pid {server.Pid} at {server.BaseUrl}; seeding {count:N0} executions (and {count / 5:N0} of another tenant)");
        var seeded = Stopwatch.StartNew();
        var seed = await SeedAsync(server, count, cancellationToken).ConfigureAwait(false);
        Console.WriteLine($"seeded in {seeded.Elapsed.TotalSeconds:F1} s; {warmup} warm-up and {samples} measured requests per query");

        using var client = server.CreateClient();
        var day = TimeSpan.FromDays(1);
        var middle = seed.Newest - TimeSpan.FromDays(45);
        var queries = new (string Key, string Label, string Query)[]
        {
            ("newest", "newest page, no filter", ""),
            ("status_failed", "status=failed (8 %)", "&status=failed"),
            ("status_running", "status=running (0.2 %)", "&status=running"),
            ("name_common", "name=document/invoice (40 %)", "&name=document/invoice"),
            ("name_versions", "name=invoice-extractor (all versions, 15 %)", "&name=invoice-extractor"),
            ("name_rare", "name=rare-agent (0.2 %)", "&name=rare-agent"),
            ("day", "one day 45 days back", $"&created_after={Iso(middle)}&created_before={Iso(middle + day)}"),
            ("combined", "failed + document/receipt + 30 days", $"&status=failed&name=document/receipt&created_after={Iso(middle)}&created_before={Iso(middle + TimeSpan.FromDays(30))}"),
            ("offset_deep", $"offset page at skip={count * 9 / 10:N0}", $"&skip={count * 9 / 10}"),
            ("cursor_deep", $"cursor page after the {count * 9 / 10:N0}th", $"&starting_after={seed.DeepCursor}"),
        };

        report.Watch(server);
        report.Set("executions", count);
        report.Set("page_size", PageSize);
        foreach (var (key, label, query) in queries)
        {
            var path = $"agent/executions?limit={PageSize}{query}";
            var times = new List<double>();
            var rows = 0;
            for (var i = 0; i < warmup + samples; i++)
            {
                var started = Stopwatch.GetTimestamp();
                using var document = await Api.GetJsonAsync(client, path, cancellationToken).ConfigureAwait(false);
                var elapsed = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
                rows = document.RootElement.GetArrayLength();
                if (i >= warmup)
                {
                    times.Add(elapsed);
                }
            }

            if (rows == 0)
            {
                throw new InvalidOperationException($"'{label}' returned no rows: the seed does not match the query.");
            }

            times.Sort();
            // Skip is there for comparison: the dashboard pages by cursor, and an offset costs what it skips.
            report.Add($"{key}_p50_ms", $"{label}: p50 ({rows} rows)", Stats.Percentile(times, 50), "ms", 2, atMost: key == "offset_deep" ? null : 25);
            report.Add($"{key}_p99_ms", $"{label}: p99", Stats.Percentile(times, 99), "ms", 2);
        }

        report.Print();
        return 0;
    }

    private static string Iso(DateTimeOffset at) => Uri.EscapeDataString(at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture));

    private sealed record Seed(DateTimeOffset Newest, string DeepCursor);

    /// <summary>Writes the executions through a second connection to the server's database file, as another process would.</summary>
    private static async Task<Seed> SeedAsync(ServerProcess server, int count, CancellationToken cancellationToken)
    {
        await using var database = new SqliteDatabase(Path.Combine(server.DataDirectory, "docket.db"));
        var tenants = new TenantStore(database, TimeProvider.System);
        var tenantId = await tenants.AuthenticateAsync(server.ApiKey, cancellationToken).ConfigureAwait(false)
            ?? throw new InvalidOperationException("The bootstrap key does not authenticate.");
        var other = (await tenants.EnsureTenantAsync("bench-other", cancellationToken).ConfigureAwait(false)).Id;

        // The stored agents whose versions the executions below name (invoice-extractor:v1 and v2, rare-agent:v1).
        var agents = new AgentStore(database, TimeProvider.System);
        foreach (var (name, prompt) in new[] { ("invoice-extractor", "Extract the invoice."), ("invoice-extractor", "Extract the invoice and its lines."), ("rare-agent", "Summarize.") })
        {
            await agents.CreateAsync(tenantId, new AgentName(name, null), new JsonObject { ["prompt"] = prompt }, null, null, cancellationToken).ConfigureAwait(false);
        }

        var random = new Random(20261201);
        var newest = DateTimeOffset.UtcNow;
        var span = TimeSpan.FromDays(90).TotalMilliseconds;
        var oldest = newest.ToUnixTimeMilliseconds() - (long)span;
        var total = count + (count / 5);
        var deepCursor = string.Empty;
        const int Batch = 2_000;
        for (var start = 0; start < total; start += Batch)
        {
            var rows = new List<ExecutionRecord>(Batch);
            for (var i = start; i < Math.Min(total, start + Batch); i++)
            {
                // Creation times rise with the insertion order, with a little jitter as several API nodes would give.
                var created = oldest + (long)(span * i / total) + random.Next(0, 2_000);
                var tenant = i % 6 == 5 ? other : tenantId;
                rows.Add(Row(random, tenant, created));
            }

            await database.WriteAsync(
                async (connection, transaction) =>
                {
                    foreach (var row in rows)
                    {
                        await ExecutionStore.InsertAsync(connection, transaction, row, cancellationToken).ConfigureAwait(false);
                    }

                    return 0;
                },
                cancellationToken).ConfigureAwait(false);
        }

        // The cursor of a deep page: the 90 %-th newest execution of the measured tenant.
        deepCursor = await database.ReadAsync(
            async connection =>
            {
                await using var command = connection.Command(null, "SELECT id FROM executions WHERE tenant_id = @t ORDER BY created_at DESC, seq DESC LIMIT 1 OFFSET @n", ("@t", tenantId), ("@n", count * 9 / 10));
                return (string)(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
            },
            cancellationToken).ConfigureAwait(false);
        return new Seed(newest, deepCursor);
    }

    private static ExecutionRecord Row(Random random, string tenantId, long created)
    {
        var pick = random.NextDouble();
        var name = pick switch
        {
            < 0.40 => "document/invoice",
            < 0.65 => "document/receipt",
            < 0.85 => "document/parse",
            < 0.998 => random.Next(2) == 0 ? "invoice-extractor:v1" : "invoice-extractor:v2",
            _ => "rare-agent:v1",
        };
        var roll = random.NextDouble();
        var status = roll switch
        {
            < 0.002 => ExecutionStatus.Running,
            < 0.005 => ExecutionStatus.Pending,
            < 0.085 => ExecutionStatus.Failed,
            _ => ExecutionStatus.Completed,
        };
        var terminal = status is ExecutionStatus.Completed or ExecutionStatus.Failed;
        var response = status == ExecutionStatus.Completed ? ResponseJson(random) : null;
        return new ExecutionRecord
        {
            Id = "exe_" + Convert.ToHexStringLower(BitConverter.GetBytes(random.NextInt64())) + Convert.ToHexStringLower(BitConverter.GetBytes(random.NextInt64()))[..8],
            TenantId = tenantId,
            Name = name,
            Handler = name.Contains(':', StringComparison.Ordinal) ? "document/extract" : name,
            Status = status,
            Priority = (Priority)random.Next(0, 3),
            Config = """{"grounding":true}""",
            Inputs = """[{"name":"file","kind":"file","source_type":"input_file","file_id":"file_0001","sha256":"00"}]""",
            Toolsets = """["core","document"]""",
            Fingerprint = Convert.ToHexStringLower(BitConverter.GetBytes(random.NextInt64())).PadRight(64, '0'),
            Attempt = status == ExecutionStatus.Pending ? 0 : 1,
            MaxAttempts = 3,
            TimeoutMs = 3_600_000,
            RunAfter = created,
            CreatedAt = created,
            StartedAt = status == ExecutionStatus.Pending ? null : created + 40,
            CompletedAt = terminal ? created + 40 + random.Next(100, 4_000) : null,
            Response = response,
            Usage = terminal ? """{"elements_processed":1,"element_type":"page","credits_used":0,"steps":1,"duration_seconds":1,"message":null}""" : null,
            ErrorCode = status == ExecutionStatus.Failed ? "invalid_input" : null,
            ErrorMessage = status == ExecutionStatus.Failed ? "The file is not a document this agent can read." : null,
        };
    }

    /// <summary>An invoice-sized response (about 1 KB), as document/invoice returns.</summary>
    private static string ResponseJson(Random random)
    {
        var items = Enumerable.Range(0, random.Next(1, 6)).Select(i => new { description = $"Line item {i}", quantity = random.Next(1, 9), unit_price = random.Next(100, 99_999) / 100.0, amount = random.Next(100, 99_999) / 100.0 });
        return JsonSerializer.Serialize(new
        {
            invoice_number = $"INV-{random.Next(10_000, 99_999)}",
            invoice_date = "2026-10-01",
            due_date = "2026-10-31",
            currency = "EUR",
            vendor = new { name = "Northwind Supplies GmbH", address = "Hauptstrasse 5, 10115 Berlin" },
            customer = new { name = "Contoso Ltd", address = "1 Market Street, London" },
            line_items = items,
            subtotal = 1234.5,
            tax = 234.56,
            total = 1469.06,
        });
    }
}
