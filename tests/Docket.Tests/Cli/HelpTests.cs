using Docket.Tests.Support;

namespace Docket.Tests.Cli;

/// <summary>`docket … --help` names and describes every command and option.</summary>
public sealed class HelpTests
{
    private static readonly string[] Connection = ["--url", "--api-key", "--json"];

    public static TheoryData<string, string[]> Commands => new()
    {
        { "files upload", ["--purpose", .. Connection] },
        { "files list", ["--skip", "--limit", .. Connection] },
        { "files get", Connection },
        { "files download", ["-o", "--output", .. Connection] },
        { "files delete", Connection },
        { "agents create", ["-f", "--file", .. Connection] },
        { "agents list", Connection },
        { "agents get", Connection },
        { "execute", ["--prompt", "--schema", "--config", "-i", "--input", "--priority", "--toolset", "--wait", "--timeout", "--out", .. Connection] },
        { "executions list", ["--status", "--name", "--skip", "--limit", .. Connection] },
        { "executions get", Connection },
        { "executions wait", ["--timeout", .. Connection] },
        { "executions cancel", Connection },
        { "executions watch", Connection },
        { "artifacts list", Connection },
        { "artifacts get", ["-o", "--output", .. Connection] },
    };

    [Theory]
    [MemberData(nameof(Commands))]
    public async Task Help_DescribesEveryOption(string command, string[] options)
    {
        var result = await CliProcess.DocketAsync([.. command.Split(' '), "--help"]);

        Assert.True(result.Code == 0, result.ToString());
        Assert.Contains($"docket {command}", result.Output, StringComparison.Ordinal);
        var optionLines = OptionLines(result.Output);
        foreach (var option in options)
        {
            var line = optionLines.SingleOrDefault(l => l.Trim().Split("  ")[0].Split([' ', ','], StringSplitOptions.RemoveEmptyEntries).Contains(option));
            Assert.True(line is not null, $"`docket {command} --help` does not list {option}:\n{result.Output}");
        }

        // Every option line has a description after its name (two spaces or more between them).
        Assert.All(optionLines, line => Assert.Matches(@"^\s+\S.*?\S\s{2,}\S", line));
    }

    [Fact]
    public async Task RootHelp_ListsEveryCommand_AndTheExitCodes()
    {
        var result = await CliProcess.DocketAsync("--help");

        Assert.Equal(0, result.Code);
        foreach (var command in new[] { "serve", "worker", "keys", "webhooks", "run", "files", "agents", "execute", "executions", "artifacts" })
        {
            Assert.Matches($@"(?m)^  {command}( <[^>]+>)*  +\S", result.Output);
        }

        Assert.Contains("3 when the server cannot be reached", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task BareDocket_ShowsTheHelp_AndExits2()
    {
        var result = await CliProcess.DocketAsync();

        Assert.Equal(2, result.Code);
        Assert.Contains("Commands:", result.Output, StringComparison.Ordinal);
    }

    /// <summary>The lines of the Options section, one per option (continuation lines of a wrapped description left out).</summary>
    private static List<string> OptionLines(string help) =>
        help.Split('\n').SkipWhile(l => !l.StartsWith("Options:", StringComparison.Ordinal)).Skip(1)
            .TakeWhile(l => l.Trim().Length > 0)
            .Where(l => l.TrimStart().StartsWith('-'))
            .ToList();
}
