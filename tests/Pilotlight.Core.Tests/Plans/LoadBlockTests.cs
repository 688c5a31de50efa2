namespace Pilotlight.Core.Tests.Plans;

public sealed class LoadBlockTests
{
    private const string Anchor = "drills:\n";

    [Fact]
    public void NoLoadBlock_DefaultsToTheShopsOrders()
    {
        var plan = SamplePlans.Parse(SamplePlans.Valid).Plan.ShouldNotBeNull();

        plan.Load.Method.ShouldBe("POST");
        plan.Load.Path.ShouldBe("/orders");
        plan.Load.Body.ShouldContain("\"client_ref\":\"{ref}\"");
        plan.Load.ExpectStatus.ShouldBe(201);
        (plan.Load.LedgerTable, plan.Load.LedgerColumn).ShouldBe(("orders", "client_ref"));
    }

    [Fact]
    public void LoadBlock_IsRead()
    {
        var plan = SamplePlans.Parse(SamplePlans.With(Anchor, """
            load:
              method: PUT
              path: /api/payments
              body: '{"payment":"{ref}"}'
              expect_status: 200
              ledger: { table: billing.payments, column: idempotency_key }

            """ + Anchor)).Plan.ShouldNotBeNull();

        plan.Load.ShouldBe(new Core.Plans.LoadSettings
        {
            Method = "PUT",
            Path = "/api/payments",
            Body = """{"payment":"{ref}"}""",
            ExpectStatus = 200,
            LedgerTable = "billing.payments",
            LedgerColumn = "idempotency_key",
        });
    }

    [Fact]
    public void LoadBlock_Problems_NameLineAndKey()
    {
        var result = SamplePlans.Parse(SamplePlans.With(Anchor, """
            load:
              path: orders
              body: '{"sku":"SKU-1"}'
              expect_status: 2010
              ledger: { table: "orders; drop table orders", colum: x }

            """ + Anchor));

        result.Plan.ShouldBeNull();
        var problems = result.Problems.Select(p => p.ToString()).ToList();
        problems.ShouldContain(p => p.Contains("load.path", StringComparison.Ordinal) && p.Contains("does not start with /", StringComparison.Ordinal));
        problems.ShouldContain(p => p.Contains("load.body", StringComparison.Ordinal) && p.Contains("{ref}", StringComparison.Ordinal));
        problems.ShouldContain(p => p.Contains("load.expect_status", StringComparison.Ordinal));
        problems.ShouldContain(p => p.Contains("load.ledger.table", StringComparison.Ordinal) && p.Contains("not a SQL identifier", StringComparison.Ordinal));
        problems.ShouldContain(p => p.Contains("load.ledger", StringComparison.Ordinal) && p.Contains("colum", StringComparison.Ordinal));
        problems.ShouldAllBe(p => p.StartsWith("plan.yaml:", StringComparison.Ordinal));
    }
}
