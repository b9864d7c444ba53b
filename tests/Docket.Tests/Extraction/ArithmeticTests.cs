namespace Docket.Tests.Extraction;

public sealed class ArithmeticTests
{
    private const string StatementSchema = """
        {"type": "object", "properties": {
          "opening_balance": {"type": "number"},
          "closing_balance": {"type": "number"},
          "transactions": {"type": "array", "items": {"type": "object", "properties": {
            "date": {"type": "string", "format": "date"},
            "description": {"type": "string"},
            "amount": {"type": "number", "description": "Signed amount: negative for money out, positive for money in."},
            "balance": {"type": "number"}}}}
        }}
        """;

    private const string InvoiceSchema = """
        {"type": "object", "properties": {
          "items": {"type": "array", "items": {"type": "object", "properties": {
            "description": {"type": "string"}, "quantity": {"type": "number"}, "unit_price": {"type": "number"}, "amount": {"type": "number"}}}},
          "subtotal": {"type": "number"}, "tax": {"type": "number"}, "total": {"type": "number"}
        }}
        """;

    [Fact]
    public void DebitAndCreditColumns_GiveSignedAmounts()
    {
        var text = """
            Opening balance: 100.00
            Date          Details               Debit      Credit     Balance
            02.07.2024    Coffee shop           4.50                  95.50
            03.07.2024    Salary                           1,000.00   1,095.50
            04.07.2024    Rent                  500.00                595.50
            Closing balance: 595.50
            """;

        var result = Extract.Text(text, StatementSchema);

        var amounts = result["transactions"]!.AsArray().Select(t => t!["amount"]!.GetValue<decimal>());
        Assert.Equal([-4.5m, 1000m, -500m], amounts);
        Assert.Equal(595.5m, result["closing_balance"]!.GetValue<decimal>());
    }

    [Fact]
    public void RunningBalance_DecidesTheSignOfAnUnsignedAmount()
    {
        var text = """
            Opening balance: 100.00
            Date          Description           Amount     Balance
            02.07.2024    Coffee shop           4.50       95.50
            03.07.2024    Salary                1,000.00   1,095.50
            Closing balance: 1,095.50
            """;

        var result = Extract.Text(text, StatementSchema);

        var amounts = result["transactions"]!.AsArray().Select(t => t!["amount"]!.GetValue<decimal>());
        Assert.Equal([-4.5m, 1000m], amounts);
    }

    [Fact]
    public void BroughtForwardLine_IsNotATransaction_ButGivesTheStartingBalance()
    {
        var text = """
            Date          Description                Amount     Balance
            01.07.2024    Balance brought forward               200.00
            02.07.2024    Refund                     20.00      220.00
            """;

        var result = Extract.Text(text, StatementSchema);

        var transaction = Assert.Single(result["transactions"]!.AsArray());
        Assert.Equal("Refund", transaction!["description"]!.GetValue<string>());
        Assert.Equal(20m, transaction["amount"]!.GetValue<decimal>());
    }

    [Fact]
    public void MissingQuantity_FollowsFromAmountAndUnitPrice()
    {
        var text = """
            Description        Unit price    Amount
            Widgets            2.50          10.00
            Gadgets            4.00          4.00
            Subtotal: 14.00
            Tax: 1.40
            Total: 15.40
            """;

        var result = Extract.Text(text, InvoiceSchema);

        Assert.Equal([4m, 1m], result["items"]!.AsArray().Select(i => i!["quantity"]!.GetValue<decimal>()));
    }

    [Fact]
    public void MisreadQuantity_IsCorrectedByTheLineArithmetic()
    {
        var text = """
            Description        Qty    Unit price    Amount
            Widgets            3      2.50          10.00
            Total: 10.00
            """;

        var result = Extract.Text(text, InvoiceSchema);

        Assert.Equal(4m, result["items"]![0]!["quantity"]!.GetValue<decimal>());
    }

    [Fact]
    public void SubtotalNotPrinted_IsTheSumOfTheLinesWhenTaxAndTotalAgree()
    {
        var text = """
            Description        Qty    Unit price    Amount
            Widgets            4      2.50          10.00
            Gadgets            1      4.00          4.00
            Tax: 1.40
            Total: 15.40
            """;

        var result = Extract.Text(text, InvoiceSchema);

        Assert.Equal(14m, result["subtotal"]!.GetValue<decimal>());
    }

    [Fact]
    public void TwoTaxLines_AddUpToTheTax_WhenSubtotalAndTotalSaySo()
    {
        var text = """
            Subtotal:   100.00
            GST 5%:       5.00
            PST 7%:       7.00
            Total:      112.00
            """;

        var result = Extract.Text(text, InvoiceSchema);

        Assert.Equal(12m, result["tax"]!.GetValue<decimal>());
    }

    [Fact]
    public void BalancesNotPrintedApart_FollowFromTheRunningBalance()
    {
        var text = """
            Statement date: 31 March 2025

            Date      Description                 Money out    Money in    Balance
            01 Mar    Balance brought forward                              1,250.00
            03 Mar    Tesco Stores                45.20                    1,204.80
            07 Mar    Salary                                   2,300.00    3,504.80
            """;

        var result = Extract.Text(text, StatementSchema);

        Assert.Equal(1250m, result["opening_balance"]!.GetValue<decimal>());
        Assert.Equal(3504.8m, result["closing_balance"]!.GetValue<decimal>());
        Assert.Equal([-45.2m, 2300m], result["transactions"]!.AsArray().Select(t => t!["amount"]!.GetValue<decimal>()));
        Assert.Equal("2025-03-03", result["transactions"]![0]!["date"]!.GetValue<string>());
    }
}
