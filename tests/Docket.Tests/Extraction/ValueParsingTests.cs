using Docket.Engine.Extraction;

namespace Docket.Tests.Extraction;

public sealed class ValueParsingTests
{
    [Theory]
    [InlineData("1,314.10", 1314.10)]
    [InlineData("1.314,10", 1314.10)]
    [InlineData("1 314,10", 1314.10)]
    [InlineData("1'314.10", 1314.10)]
    [InlineData("$2,633.96", 2633.96)]
    [InlineData("USD 252.83", 252.83)]
    [InlineData("EUR800.00", 800)]
    [InlineData("€3.99", 3.99)]
    [InlineData("-£2,200.65", -2200.65)]
    [InlineData("£-78.16", -78.16)]
    [InlineData("(12.00)", -12)]
    [InlineData("12.00-", -12)]
    [InlineData("5.00 DR", -5)]
    [InlineData("5.00 CR", 5)]
    [InlineData("+2,485.00", 2485)]
    [InlineData("22,43", 22.43)]
    [InlineData("14.5", 14.5)]
    [InlineData("2 pc", 2)]
    [InlineData("28 hrs", 28)]
    [InlineData("1,833.29.", 1833.29)]
    public void Number_ReadsEitherConventionAndDecorations(string text, double expected)
    {
        Assert.True(NumberValue.TryParse(text, DecimalStyle.Point, out var number, unitWords: true), text);
        Assert.Equal((decimal)expected, number.Value);
    }

    [Theory]
    [InlineData("1,234", false, 1234)]
    [InlineData("1.234", true, 1234)]
    [InlineData("1,234", true, 1.234)]
    [InlineData("8.875", false, 8.875)]
    public void Number_ThreeDigitsAfterOneSeparator_FollowsTheDocumentsConvention(string text, bool decimalComma, double expected)
    {
        Assert.True(NumberValue.TryParse(text, decimalComma ? DecimalStyle.Comma : DecimalStyle.Point, out var number));
        Assert.Equal((decimal)expected, number.Value);
    }

    [Theory]
    [InlineData("Total")]
    [InlineData("8.875%")]
    [InlineData("12.34.56,7")]
    [InlineData("Invoice 12")]
    [InlineData("2025-03-04")]
    public void Number_TextThatIsNotOneNumber_IsRefused(string text) =>
        Assert.False(NumberValue.TryParse(text, DecimalStyle.Point, out _, unitWords: true), text);

    [Theory]
    [InlineData("2025-03-04")]
    [InlineData("2025/03/04")]
    [InlineData("04.03.2025")]
    [InlineData("4.3.25")]
    [InlineData("04/03/2025")]
    [InlineData("4 March 2025")]
    [InlineData("4th March 2025")]
    [InlineData("March 4, 2025")]
    [InlineData("Mar 4, 2025")]
    [InlineData("4-Mar-2025")]
    [InlineData("04 Mar 25")]
    [InlineData("Tuesday, 4 March 2025")]
    [InlineData("4 März 2025")]
    [InlineData("4. März 2025")]
    [InlineData("4 mars 2025")]
    [InlineData("4 de marzo de 2025")]
    [InlineData("4 marzo 2025")]
    [InlineData("4 maart 2025")]
    [InlineData("4 de março de 2025")]
    [InlineData("Order date: Mar 4, 2025 at 5:12 PM")]
    public void Date_CommonFormatsAndLanguages_AreIso(string text)
    {
        Assert.True(DateValue.TryParse(text, DateContext.Default, out var date), text);
        Assert.Equal("2025-03-04", DateValue.Iso(date));
    }

    [Fact]
    public void Date_AmbiguousNumericDate_FollowsTheDocumentsDayOrder()
    {
        Assert.True(DateValue.TryParse("03/04/2025", new DateContext(DayFirst: false, Year: null), out var us));
        Assert.True(DateValue.TryParse("03/04/2025", new DateContext(DayFirst: true, Year: null), out var european));
        Assert.True(DateValue.TryParse("13/04/2025", new DateContext(DayFirst: false, Year: null), out var unambiguous));

        Assert.Equal("2025-03-04", DateValue.Iso(us));
        Assert.Equal("2025-04-03", DateValue.Iso(european));
        Assert.Equal("2025-04-13", DateValue.Iso(unambiguous));
    }

    [Fact]
    public void Date_WithoutYear_TakesTheDocumentsYearOnlyWhenAllowed()
    {
        var context = new DateContext(DayFirst: true, Year: 2024);

        Assert.False(DateValue.TryParse("Jul 02", context, out _));
        Assert.True(DateValue.TryParse("Jul 02", context, out var date, allowYearless: true));
        Assert.Equal("2024-07-02", DateValue.Iso(date));
    }

    [Theory]
    [InlineData("31.02.2025")]
    [InlineData("13.58")]
    [InlineData("Invoice 2025")]
    public void Date_ImpossibleOrNotADate_IsRefused(string text) =>
        Assert.False(DateValue.TryParse(text, DateContext.Default, out _), text);

    [Theory]
    [InlineData("5:12 PM", "17:12")]
    [InlineData("12:05 am", "00:05")]
    [InlineData("18:30", "18:30")]
    [InlineData("18h30", "18:30")]
    [InlineData("6.30 p.m.", "18:30")]
    [InlineData("2025-12-20 20:33:15", "20:33")]
    public void Time_CommonFormats_AreTwentyFourHour(string text, string expected)
    {
        var time = Assert.Single(TimeValue.FindAll(text));
        Assert.Equal(expected, TimeValue.Format(time.Time, seconds: false));
    }

    [Fact]
    public void Time_PricesAndQuantities_AreNotTimes()
    {
        Assert.Empty(TimeValue.FindAll("13.58"));
        Assert.Empty(TimeValue.FindAll("Qty 5"));
    }

    [Theory]
    [InlineData("CAD", "CAD")]
    [InlineData("€", "EUR")]
    [InlineData("Euro", "EUR")]
    [InlineData("Pounds sterling", "GBP")]
    [InlineData("Swiss francs", "CHF")]
    [InlineData("US$", "USD")]
    [InlineData("A$", "AUD")]
    [InlineData("Canadian dollars", "CAD")]
    public void Currency_FromCodesSymbolsAndNames(string text, string expected) =>
        Assert.Equal(expected, CurrencyCodes.FromValue(text));

    [Fact]
    public void Currency_OfADocument_CodesOutweighTheDollarSign()
    {
        Assert.Equal("AUD", CurrencyCodes.Detect(["Cappuccino $14.32", "Total (AUD) $34.45", "$3.13"]));
        Assert.Equal("USD", CurrencyCodes.Detect(["Security audit $1,556.39"]));
        Assert.Equal("GBP", CurrencyCodes.Detect(["£1,604.96", "£2,987.35"]));
        Assert.Null(CurrencyCodes.Detect(["No money here"]));
    }
}
