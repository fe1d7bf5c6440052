using System.Globalization;
using System.Reflection;
using Mci.Emulator.Recording;
using Microsoft.Xrm.Sdk;
using static Mci.Plugins.Tests.World;

namespace Mci.Plugins.Tests;

/// <summary>
/// docs/performance.md, "Service calls per user action", is this test's output: each row's action is run here in the
/// emulator, the calls MCI's plug-ins and activities made are counted by message (the emulator's recorder), and the
/// table must say the same. A change in what a plug-in reads or writes fails here with the row to write instead.
/// </summary>
public class PerformanceTableTests
{
    private static readonly string[] Messages = { "Retrieve", "RetrieveMultiple", "Create", "Update", "Delete", "RetrieveSharedPrincipalsAndAccess", "GrantAccess", "RevokeAccess" };

    private static string Doc => Path.Combine(typeof(PerformanceTableTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "RepoRoot").Value!, "docs", "performance.md");

    /// <summary>One user action: the world it starts from, and the action; the calls are counted during the action
    /// (synchronous steps, inside the user's save) or, for a note row, while the asynchronous jobs it queued run.</summary>
    private sealed record Action(string Name, Func<World, System.Action> Arrange, bool Asynchronous = false);

    private static Guid Deal(World w, decimal value = 800_000m) => w.Opportunity(w.Seller, value: value, leadTeam: w.TeamEast);

    private static Guid Request(World w, Guid deal, DateTime neededBy) => w.As(w.Seller).Create(new Entity("mci_resourcerequest")
    {
        ["mci_name"] = "Architect for ERP", ["mci_opportunityid"] = Ref("opportunity", deal), ["mci_role"] = new OptionSetValue(SolutionArchitect), ["mci_neededby"] = neededBy,
    });

    private static Entity Engagement(World w, Guid deal, Guid partner) => new("mci_opportunitypartner")
    {
        ["mci_opportunityid"] = Ref("opportunity", deal), ["mci_partnerid"] = Ref("mci_partner", partner),
        ["mci_ourprice"] = new Money(700m), ["mci_partnerprice"] = new Money(1000m), ["mci_partnercost"] = new Money(150m), ["mci_floorprice"] = new Money(600m),
    };

    private static Guid Partner(World w) => w.As(w.PartnerManager).Create(new Entity("mci_partner") { ["mci_name"] = "Acme Integration", ["mci_minmarginpercent"] = 12m });

    private static readonly Action[] Actions =
    {
        new("route a new deal, small (the branch's technical team)", w => () => w.Opportunity(w.Seller, value: 300_000m)),
        new("route a new deal, large (dual credit: an Overlay line)", w => () => w.Opportunity(w.Seller, value: 2_000_000m)),
        new("add the deal's first split line", w => { var d = Deal(w); return () => w.Line(w.Seller, d, w.TeamEast, 60m); }),
        new("add another split line", w => { var d = Deal(w); w.Line(w.Seller, d, w.TeamEast, 60m); return () => w.Line(w.SellerZh, d, w.TeamWest, 40m); }),
        new("remove a team's last split line (its share revoked)", w =>
        {
            var d = Deal(w); w.Line(w.Seller, d, w.TeamEast, 60m); var west = w.Line(w.SellerZh, d, w.TeamWest, 40m);
            return () => w.As(w.SellerZh).Delete("mci_opportunitysplit", west);
        }),
        new("change the lead team (the new one shared, the old one holds no line)", w =>
        {
            var d = Deal(w);
            return () => w.As(w.Seller).Update(new Entity("opportunity", d) { ["mci_leadteamid"] = Ref("team", w.TeamWest) });
        }),
        new("change the estimated value (2 lines, same tier)", w =>
        {
            var d = Deal(w); w.Line(w.Seller, d, w.TeamEast, 60m); w.Line(w.SellerZh, d, w.TeamWest, 40m);
            return () => w.As(w.Seller).Update(new Entity("opportunity", d) { ["estimatedvalue"] = new Money(900_000m) });
        }),
        new("the value change's note (asynchronous; 4 collaborators to tell)", w =>
        {
            var d = Deal(w); w.Line(w.Seller, d, w.TeamEast, 60m); w.Line(w.SellerZh, d, w.TeamWest, 40m); w.Env.DrainAsync();
            w.As(w.Seller).Update(new Entity("opportunity", d) { ["estimatedvalue"] = new Money(900_000m) });
            return () => w.Env.DrainAsync();
        }, Asynchronous: true),
        new("change the estimated value into a dual-credit tier (2 lines)", w =>
        {
            var d = Deal(w); w.Line(w.Seller, d, w.TeamEast, 60m); w.Line(w.SellerZh, d, w.TeamWest, 40m);
            return () => w.As(w.Seller).Update(new Entity("opportunity", d) { ["estimatedvalue"] = new Money(2_000_000m) });
        }),
        new("confirm minutes (2 lines)", w =>
        {
            var d = Deal(w); w.Line(w.Seller, d, w.TeamEast, 60m); w.Line(w.SellerZh, d, w.TeamWest, 40m); var m = w.Minutes(w.Seller, d);
            return () => w.SetStatus(w.Executive, m, MinutesConfirmed);
        }),
        new("reopen minutes (2 lines)", w =>
        {
            var d = Deal(w); var m = w.ConfirmedSplit(d, out _, out _);
            return () => w.SetStatus(w.Executive, m, MinutesSuperseded, "West brings a second product line");
        }),
        new("win (2 lines confirmed, 1 partner engagement)", w =>
        {
            var d = Deal(w); w.ConfirmedSplit(d, out _, out _); w.As(w.PartnerManager).Create(Engagement(w, d, Partner(w)));
            return () => w.Env.Win(d, w.Seller);
        }),
        new("the win's note (asynchronous; 4 collaborators to tell)", w =>
        {
            var d = Deal(w); w.ConfirmedSplit(d, out _, out _); w.Env.DrainAsync();
            w.Env.Win(d, w.Seller);
            return () => w.Env.DrainAsync();
        }, Asynchronous: true),
        new("record a partner engagement", w => { var d = Deal(w); var p = Partner(w); return () => w.As(w.PartnerManager).Create(Engagement(w, d, p)); }),
        new("change a partner engagement's price", w =>
        {
            var d = Deal(w); var e = w.As(w.PartnerManager).Create(Engagement(w, d, Partner(w)));
            return () => w.As(w.PartnerManager).Update(new Entity("mci_opportunitypartner", e) { ["mci_ourprice"] = new Money(650m) });
        }),
        new("decline a resource request (escalate to level 1)", w =>
        {
            w.Env.Clock.UtcNow = new DateTime(2026, 3, 2, 9, 0, 0, DateTimeKind.Utc);
            var r = Request(w, Deal(w), new DateTime(2026, 3, 20));
            return () => w.As(w.Presales).Update(new Entity("mci_resourcerequest", r) { ["mci_status"] = new OptionSetValue(Declined) });
        }),
        new("decline a request on a deal without a lead team (level 2)", w =>
        {
            w.Env.Clock.UtcNow = new DateTime(2026, 3, 2, 9, 0, 0, DateTimeKind.Utc);
            var r = Request(w, w.Opportunity(w.Seller, name: "No lead"), new DateTime(2026, 3, 20));
            return () => w.As(w.Presales).Update(new Entity("mci_resourcerequest", r) { ["mci_status"] = new OptionSetValue(Declined) });
        }),
        new("EvaluateEscalation of a request due in 3 days (level 1)", w =>
        {
            w.Env.Clock.UtcNow = new DateTime(2026, 3, 2, 9, 0, 0, DateTimeKind.Utc);
            var r = Request(w, Deal(w), new DateTime(2026, 3, 5));
            return () => w.Env.RunWorkflowActivity("EvaluateEscalation", new Dictionary<string, object?> { ["ResourceRequest"] = Ref("mci_resourcerequest", r) }, w.Admin);
        }),
        new("EvaluateEscalation of a request not due", w =>
        {
            w.Env.Clock.UtcNow = new DateTime(2026, 3, 2, 9, 0, 0, DateTimeKind.Utc);
            var r = Request(w, Deal(w), new DateTime(2026, 4, 30));
            return () => w.Env.RunWorkflowActivity("EvaluateEscalation", new Dictionary<string, object?> { ["ResourceRequest"] = Ref("mci_resourcerequest", r) }, w.Admin);
        }),
        new("escalation sweep: 3 open requests, 1 due for level 1, 1 for level 2", w =>
        {
            w.Env.Clock.UtcNow = new DateTime(2026, 3, 2, 9, 0, 0, DateTimeKind.Utc);
            var d = Deal(w);
            Request(w, d, new DateTime(2026, 4, 30)); // not due
            Request(w, d, new DateTime(2026, 3, 5));  // due within the lead days: level 1
            Request(w, d, new DateTime(2026, 3, 1));  // past its date: level 2
            return () => w.As(w.TierAdmin).Execute(new OrganizationRequest("mci_EscalateDueRequests"));
        }),
    };

    /// <summary>The row the table must hold for an action: its calls by message and in all.</summary>
    private static string Measure(Action action)
    {
        var w = new World();
        var act = action.Arrange(w);
        if (!action.Asynchronous) w.Env.DrainAsync(); // what the setup queued is not the action's
        var mark = w.Env.Recorder.Mark();
        act();
        IReadOnlyList<ServiceCall> calls = mark.PluginCalls;
        var counts = Messages.Select(m => calls.Count(c => c.Message == m)).ToList();
        Assert.That(counts.Sum(), Is.EqualTo(calls.Count), "a message the table has no column for: " + string.Join(", ", calls.Select(c => c.Message).Distinct()));
        return Row(action.Name, counts.Append(calls.Count).Select(n => n.ToString(CultureInfo.InvariantCulture)));
    }

    private static string Row(string action, IEnumerable<string> numbers) => "| " + action + " | " + string.Join(" | ", numbers) + " |";

    /// <summary>The table's rows as written: the action and the numbers (the last column, what the calls are, is prose).</summary>
    private static Dictionary<string, string> Documented()
    {
        var lines = File.ReadAllLines(Doc);
        var header = Array.FindIndex(lines, l => l.StartsWith("| user action | " + string.Join(" | ", Messages) + " | in all |", StringComparison.Ordinal));
        Assert.That(header, Is.GreaterThanOrEqualTo(0), "docs/performance.md has the service-call table");
        var rows = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var line in lines.Skip(header + 2).TakeWhile(l => l.StartsWith('|')))
        {
            var cells = line.Trim('|').Split('|').Select(c => c.Trim()).ToArray();
            rows.Add(cells[0], Row(cells[0], cells.Skip(1).Take(Messages.Length + 1)));
        }
        return rows;
    }

    [Test]
    public void The_table_names_every_measured_action_and_nothing_else()
        => Assert.That(Documented().Keys, Is.EqualTo(Actions.Select(a => a.Name)));

    public static IEnumerable<string> ActionNames() => Actions.Select(a => a.Name);

    [TestCaseSource(nameof(ActionNames))]
    public void The_table_says_what_the_plug_ins_call(string name)
    {
        var measured = Measure(Actions.Single(a => a.Name == name));
        Assert.That(Documented().TryGetValue(name, out var documented) ? documented : "(no row)", Is.EqualTo(measured),
            "docs/performance.md: write the row as measured (then its prose column): " + measured);
    }
}
