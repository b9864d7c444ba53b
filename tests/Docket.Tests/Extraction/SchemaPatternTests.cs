using System.Diagnostics;
using Docket.Engine.Extraction;

namespace Docket.Tests.Extraction;

/// <summary>A schema's <c>pattern</c> is user input: its answer must not depend on time or load.</summary>
public sealed class SchemaPatternTests
{
    [Theory]
    [InlineData(@"^INV-\d{4}$", "INV-0042", true)]
    [InlineData(@"^INV-\d{4}$", "INV-42", false)]
    [InlineData(@"^(?=.*\d)[A-Z0-9-]+$", "AB-12", true)]
    [InlineData(@"^(?=.*\d)[A-Z0-9-]+$", "AB-CD", false)]
    [InlineData(@"^(\w)\1$", "aa", true)]
    [InlineData(@"^(\w)\1$", "ab", false)]
    [InlineData(@"([unclosed", "anything", true)]
    public void MatchesPattern_AnswersAsTheRegexSays(string pattern, string value, bool expected) =>
        Assert.Equal(expected, Fallbacks.MatchesPattern(pattern, value));

    [Fact]
    public void MatchesPattern_CatastrophicPattern_AnswersAtOnceAndTheSameEveryTime()
    {
        var text = new string('a', 5_000) + "!";
        var clock = Stopwatch.StartNew();

        var answers = Enumerable.Range(0, 5).Select(_ => Fallbacks.MatchesPattern(@"^(a+)+$", text)).ToList();

        Assert.All(answers, Assert.False);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"took {clock.Elapsed}");
    }
}
