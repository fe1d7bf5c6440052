using System.ServiceModel;
using System.Text.RegularExpressions;
using Mci.Emulator;
using Microsoft.Xrm.Sdk;
using Microsoft.Xrm.Sdk.Query;
using static Mci.Plugins.Tests.World;

namespace Mci.Plugins.Tests;

/// <summary>
/// MCI never blocks plain Sales work (SPEC, Clarifications): a user of every standard role the emulator knows creates and
/// edits opportunities with MCI installed exactly as without it, with and without MCI's fields; what routing derives
/// (tier, presales team, dual credit, the Overlay line, amounts) needs no privilege of the saving user on MCI tables; and
/// a privilege MCI's own call is refused reads as MCI's message naming the role to ask for.
/// </summary>
public class PlainSalesTests
{
    private World _w = null!;

    [SetUp]
    public void SetUp() => _w = new World();

    /// <summary>The standard roles the emulator knows (Emulator/Metadata/StandardRoles.cs and the built-in System Administrator).</summary>
    public static IEnumerable<string> StandardRoles() => Dataverse.Standard().Metadata.Roles.Select(r => r.Name).OrderBy(n => n, StringComparer.Ordinal);

    private static readonly Regex PrivilegeOf = new(@"is missing (prv\w+) privilege");

    /// <summary>What a user of <paramref name="role"/> gets for creating then editing a plain opportunity: "saved", or the
    /// privilege the platform refused (ids left out, they differ between environments).</summary>
    private static string PlainOutcome(Dataverse env, string role, out Guid user)
    {
        user = env.CreateUser("Plain " + role, role.Replace(' ', '.').ToLowerInvariant() + "@plain.test", new[] { role });
        return Outcome(env.Service(user), new Entity("opportunity") { ["name"] = "Plain deal", ["estimatedvalue"] = new Money(300_000m) },
            new Entity("opportunity") { ["estimatedvalue"] = new Money(320_000m), ["description"] = "Customer asked for a second quote" });
    }

    private static string Outcome(IOrganizationService service, Entity create, Entity update)
    {
        try
        {
            update.Id = service.Create(create);
            service.Update(update);
            return "saved";
        }
        catch (FaultException<OrganizationServiceFault> fault)
        {
            var privilege = PrivilegeOf.Match(fault.Detail.Message);
            return privilege.Success ? "refused: " + privilege.Groups[1].Value : "refused: " + fault.Detail.Message;
        }
    }

    [TestCaseSource(nameof(StandardRoles))]
    public void A_user_of_each_standard_role_saves_plain_and_MCI_opportunities_as_without_MCI(string role)
    {
        var without = PlainOutcome(Dataverse.Standard(), role, out _);
        var plain = PlainOutcome(_w.Env, role, out var user);
        var service = _w.As(user);
        var mci = Outcome(service,
            new Entity("opportunity") { ["name"] = "MCI deal", ["estimatedvalue"] = new Money(300_000m), ["mci_salesmode"] = new OptionSetValue(Direct), ["mci_complexity"] = new OptionSetValue(Standard) },
            new Entity("opportunity") { ["estimatedvalue"] = new Money(2_000_000m) });
        Assert.Multiple(() =>
        {
            Assert.That(plain, Is.EqualTo(without), "a plain opportunity: the same outcome as in an environment without MCI");
            Assert.That(mci, Is.EqualTo(without), "an opportunity with a sales mode, routed and then routed again: the same outcome");
            Assert.That(plain + mci, Does.Not.Contain("mci_"), "no privilege on an MCI table is ever asked of the user");
        });
        if (without != "saved") return;

        var deal = _w.Env.All("opportunity").Single(o => o.GetAttributeValue<string>("name") == "MCI deal");
        var overlay = _w.Lines(deal.Id).Single();
        Assert.Multiple(() =>
        {
            Assert.That(deal.GetAttributeValue<EntityReference>("mci_supporttierid").Id, Is.EqualTo(_w.TierLarge), "routed again to the dual-credit tier");
            Assert.That(deal.GetAttributeValue<EntityReference>("mci_presalesteamid").Id, Is.EqualTo(_w.TeamSolutionCentre));
            Assert.That(deal.GetAttributeValue<bool>("mci_dualcredit"), Is.True);
            Assert.That(overlay.GetAttributeValue<EntityReference>("mci_teamid").Id, Is.EqualTo(_w.TeamSolutionCentre));
            Assert.That(MoneyOf(overlay, "mci_amount"), Is.EqualTo(2_000_000m));
            Assert.That(OptionOf(deal, "mci_allocationstatus"), Is.EqualTo(Draft));
            Assert.That(service.Retrieve("opportunity", deal.Id, new ColumnSet("mci_supporttierid", "mci_presalesmodel")).GetAttributeValue<EntityReference>("mci_supporttierid").Id,
                Is.EqualTo(_w.TierLarge), "the user reads the routing outcome on their own deal");
        });
        Assert.DoesNotThrow(() => _w.Env.DrainAsync(), "the change note runs as SYSTEM");
    }

    [Test]
    public void A_salesperson_without_an_MCI_role_changes_the_value_of_a_deal_with_a_split_and_everything_follows()
    {
        var salesperson = _w.Env.CreateUser("Sally Sales", "sally@plain.test", new[] { "Salesperson" });
        var deal = _w.As(salesperson).Create(new Entity("opportunity")
        {
            ["name"] = "Sally's deal", ["estimatedvalue"] = new Money(300_000m), ["mci_salesmode"] = new OptionSetValue(Direct), ["mci_leadteamid"] = Ref("team", _w.TeamEast),
        });
        _w.Line(_w.Seller, deal, _w.TeamEast, 100m); // an MCI seller of the business unit adds the split line
        // Across a band: a new tier, dual credit, its Overlay line, the amounts; none of it written in Sally's name.
        _w.As(salesperson).Update(new Entity("opportunity", deal) { ["estimatedvalue"] = new Money(1_500_000m), ["stepname"] = "Propose" });
        var lines = _w.Lines(deal);
        Assert.Multiple(() =>
        {
            Assert.That(_w.Read("opportunity", deal).GetAttributeValue<EntityReference>("mci_supporttierid").Id, Is.EqualTo(_w.TierLarge));
            Assert.That(lines.Select(l => MoneyOf(l, "mci_amount")), Is.All.EqualTo(1_500_000m), "the Revenue line at 100% and the new Overlay line");
            Assert.That(lines, Has.Count.EqualTo(2));
        });
    }

    [Test]
    public void Routing_sends_no_lookup_the_saving_user_did_not_choose_even_when_one_is_set_by_hand()
    {
        var salesperson = _w.Env.CreateUser("Sally Sales", "sally@plain.test", new[] { "Salesperson" });
        var deal = _w.As(salesperson).Create(new Entity("opportunity") { ["name"] = "Hand-set", ["estimatedvalue"] = new Money(2_000_000m), ["mci_salesmode"] = new OptionSetValue(Direct) });
        // A client sets routing's lookups by hand: the values are routing's to set, dropped rather than checked against the user.
        _w.As(salesperson).Update(new Entity("opportunity", deal) { ["mci_supporttierid"] = Ref("mci_supporttier", _w.TierChannel), ["mci_presalesteamid"] = Ref("team", _w.TeamEast) });
        var read = _w.Read("opportunity", deal);
        Assert.Multiple(() =>
        {
            Assert.That(read.GetAttributeValue<EntityReference>("mci_supporttierid").Id, Is.EqualTo(_w.TierLarge));
            Assert.That(read.GetAttributeValue<EntityReference>("mci_presalesteamid").Id, Is.EqualTo(_w.TeamSolutionCentre));
        });
    }

    // ------------------------------------------------------------------ a privilege MCI's own call needs names the role

    private IDictionary<string, object?> Run(string activity, string input, EntityReference record, Guid user)
        => _w.Env.RunWorkflowActivity(activity, new Dictionary<string, object?> { [input] = record }, user);

    [Test]
    public void A_process_run_by_a_user_without_the_privilege_says_which_role_to_ask_for()
    {
        var deal = _w.Opportunity(_w.Seller, leadTeam: _w.TeamEast);
        var request = _w.As(_w.Seller).Create(new Entity("mci_resourcerequest")
        {
            ["mci_name"] = "Architect", ["mci_opportunityid"] = Ref("opportunity", deal), ["mci_role"] = new OptionSetValue(SolutionArchitect), ["mci_neededby"] = new DateTime(2026, 3, 20),
        });
        var manager = _w.Env.CreateUser("Petra Partner", "petra@plain.test", new[] { "Basic User", "MCI Partner Manager" });
        var message = _w.Refused(() => Run("EvaluateEscalation", "ResourceRequest", Ref("mci_resourcerequest", request), manager));
        Assert.That(message, Is.EqualTo("MCI could not finish this for you: your security roles lack the privilege prvReadmci_resourcerequest (read resource requests). "
            + "Ask your administrator for the security role “MCI Administrator” or “MCI Sales Executive” or “MCI Presales” or “MCI Seller”, which includes it."));
        Assert.That(message, Does.Not.Contain("Principal").And.Not.Contain(manager.ToString("D")), "no platform text, no ids");
    }

    [Test]
    public void The_role_is_named_in_chinese_for_a_chinese_user()
    {
        var deal = _w.Opportunity(_w.Seller);
        var presales = _w.Env.CreateUser("张 售前", "zhang@plain.test", new[] { "Basic User", "MCI Presales" }, 2052);
        var message = _w.Refused(() => Run("RouteSupportTier", "Opportunity", Ref("opportunity", deal), presales));
        Assert.That(message, Is.EqualTo("MCI 无法为您完成此操作：您的安全角色缺少权限 prvWriteOpportunity（修改商机）。请联系管理员为您分配包含该权限的安全角色“MCI Sales Executive”。"));
    }

    [Test]
    public void A_record_out_of_the_roles_reach_names_the_record_and_the_roles_that_reach_it()
    {
        var deal = _w.Opportunity(_w.Seller);
        var north = _w.Env.CreateBusinessUnit("North");
        var stranger = _w.Env.CreateUser("Nora North", "nora@plain.test", new[] { "Basic User", "MCI Seller" }, businessUnitId: north);
        var message = _w.Refused(() => Run("RouteSupportTier", "Opportunity", Ref("opportunity", deal), stranger));
        Assert.That(message, Is.EqualTo($"MCI could not finish this for you: your security roles do not reach record {deal:D} (read opportunities). "
            + "Ask your administrator for the security role “MCI Partner Manager” or “MCI Sales Executive”, or ask the record's owner to share it with you."));
    }

    [Test]
    public void The_mci_administrator_runs_the_escalation_evaluation_with_no_other_role()
    {
        _w.Env.Clock.UtcNow = new DateTime(2026, 3, 2, 9, 0, 0, DateTimeKind.Utc);
        var deal = _w.Opportunity(_w.Seller, leadTeam: _w.TeamEast);
        var request = _w.As(_w.Seller).Create(new Entity("mci_resourcerequest")
        {
            ["mci_name"] = "Architect", ["mci_opportunityid"] = Ref("opportunity", deal), ["mci_role"] = new OptionSetValue(SolutionArchitect), ["mci_neededby"] = new DateTime(2026, 3, 4),
        });
        var admin = _w.Env.CreateUser("Alex Admin", "alex@plain.test", new[] { "Basic User", "MCI Administrator" });
        var outputs = Run("EvaluateEscalation", "ResourceRequest", Ref("mci_resourcerequest", request), admin);
        Assert.That(outputs["EscalationLevel"], Is.EqualTo(1));
        Assert.That(((EntityReference)outputs["EscalatedTo"]!).Id, Is.EqualTo(_w.EastManager));
    }
}
