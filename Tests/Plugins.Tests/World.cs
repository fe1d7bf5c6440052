using Mci.Packaging.Registration;
using System.Reflection;
using System.ServiceModel;
using Mci.Emulator;
using Mci.Emulator.Recording;
using Microsoft.Crm.Sdk.Messages;
using Microsoft.Xrm.Sdk;
using Microsoft.Xrm.Sdk.Query;

namespace Mci.Plugins.Tests;

/// <summary>
/// A sales organisation in a fresh emulated environment with the MCI solution and its built plug-ins: the people who
/// act (sellers in English and Chinese, a sales executive, a partner manager, presales, an MCI administrator), their
/// teams, a branch and a ladder of support tiers. Each test makes its own world (cheap: the metadata is parsed once).
/// </summary>
public sealed class World
{
    // Choice values (Plugins/Common/Schema.cs; the tests name them again so a renumbering cannot pass unseen).
    public const int Direct = 613000000, PartnerLed = 613000001, Channel = 613000002;
    public const int Standard = 613000000, Complex = 613000001;
    public const int SolutionCentre = 613000000, BranchTechnicalTeam = 613000001, PartnerSelfService = 613000002, CallCentre = 613000003;
    public const int NotRequired = 613000000, Draft = 613000001, Confirmed = 613000002, Reopened = 613000003;
    public const int Revenue = 613000000, Overlay = 613000001;
    public const int MinutesDraft = 613000000, MinutesConfirmed = 613000001, MinutesSuperseded = 613000002;
    public const int ExceptionNone = 613000000, ExceptionRequested = 613000001, ExceptionApproved = 613000002, ExceptionRejected = 613000003;
    public const int Requested = 613000000, Booked = 613000001, Declined = 613000002, Escalated = 613000003, Fulfilled = 613000004;
    public const int SolutionArchitect = 613000000;

    /// <summary>What a collaborating team's share of the deal carries (SPEC, Clarifications): read, write, append, append to.</summary>
    public const AccessRights CollaboratorRights = AccessRights.ReadAccess | AccessRights.WriteAccess | AccessRights.AppendAccess | AccessRights.AppendToAccess;

    private static readonly string SolutionFolder = Path.Combine(Meta("RepoRoot"), "Solution", "src");
    private static readonly string[] PluginAssemblies = Meta("PluginAssemblies").Split(';', StringSplitOptions.RemoveEmptyEntries);

    /// <param name="order">The order in which Dataverse runs the items of a CreateMultiple/UpdateMultiple through their
    /// Create/Update steps (undocumented; MCI's rules must hold under both).</param>
    /// <param name="configure">Anything else about the environment (e.g. <see cref="RegisterWinStepsByHand"/>).</param>
    public World(BulkItemOrder order = BulkItemOrder.StageByStage, Action<DataverseOptions>? configure = null)
    {
        var options = new DataverseOptions { BulkItemOrder = order };
        foreach (var assembly in PluginAssemblies) options.AssemblyPaths.Add(assembly);
        configure?.Invoke(options);
        Env = Dataverse.Load(SolutionFolder, options);
        Assert.That(Env.MissingPluginTypes, Is.Empty, "every registered plug-in is in the built assemblies");

        Admin = Env.AdministratorId;
        TierAdmin = Env.CreateUser("Ada Admin", "ada@mci.test", new[] { "MCI Administrator", "Basic User" });
        Seller = Env.CreateUser("Emma Stone", "emma@mci.test", new[] { "MCI Seller", "Salesperson" }, 1033, fieldSecurityProfiles: new[] { "MCI Allocation Contributors" });
        SellerZh = Env.CreateUser("李 雷", "lilei@mci.test", new[] { "MCI Seller", "Salesperson" }, 2052, fieldSecurityProfiles: new[] { "MCI Allocation Contributors" });
        Executive = Env.CreateUser("Grace Hopper", ExecutiveEmail, new[] { "MCI Sales Executive", "Basic User" }, fieldSecurityProfiles: new[] { "MCI Allocation Approvers", "MCI Partner Commercials" });
        PartnerManager = Env.CreateUser("Pat Partner", "pat@mci.test", new[] { "MCI Partner Manager", "Basic User" }, fieldSecurityProfiles: new[] { "MCI Partner Commercials" });
        Presales = Env.CreateUser("Sam Presales", "sam@mci.test", new[] { "MCI Presales", "Basic User" });
        EastManager = Env.CreateUser("Mia Manager", "mia@mci.test", new[] { "MCI Seller", "Salesperson" });
        WestManager = Env.CreateUser("王 伟", "wangwei@mci.test", new[] { "MCI Seller", "Salesperson" }, 2052);
        TechLead = Env.CreateUser("Tom Tech", "tom@mci.test", new[] { "MCI Presales", "Basic User" });
        CallLead = Env.CreateUser("Carl Call", "carl@mci.test", new[] { "MCI Presales", "Basic User" });

        TeamEast = Env.CreateTeam("Team East", EastManager, new[] { EastManager, Seller });
        TeamWest = Env.CreateTeam("Team West", WestManager, new[] { WestManager, SellerZh });
        TeamSolutionCentre = Env.CreateTeam("Solution Centre", Presales, new[] { Presales });
        TeamBranchTech = Env.CreateTeam("Shanghai Tech", TechLead, new[] { TechLead });
        TeamCallCentre = Env.CreateTeam("Call Centre", CallLead, new[] { CallLead });

        var admin = As(TierAdmin);
        Branch = admin.Create(new Entity("mci_branch") { ["mci_name"] = "Shanghai", ["mci_technicalteamid"] = Ref("team", TeamBranchTech), ["mci_managerid"] = Ref("systemuser", EastManager) });
        TierLarge = Tier(admin, "Tier 1 Direct large", 10, Direct, SolutionCentre, min: 1_000_000m, team: TeamSolutionCentre, dualCredit: true);
        TierDirect = Tier(admin, "Tier 1 Direct", 20, Direct, BranchTechnicalTeam, max: 1_000_000m);
        TierPartnerComplex = Tier(admin, "Tier 2 Partner complex", 30, PartnerLed, BranchTechnicalTeam, complexity: Complex);
        TierPartnerStandard = Tier(admin, "Tier 2 Partner standard", 40, PartnerLed, PartnerSelfService, complexity: Standard);
        TierChannel = Tier(admin, "Tier 3 Channel", 50, Channel, CallCentre, team: TeamCallCentre);
        Env.SetEnvironmentVariable("mci_SalesExecutiveEmail", ExecutiveEmail);
        Env.Recorder.Clear();
    }

    public const string ExecutiveEmail = "grace@mci.test";

    public Dataverse Env { get; }
    public Guid Admin { get; }
    public Guid TierAdmin { get; }
    public Guid Seller { get; }
    public Guid SellerZh { get; }
    public Guid Executive { get; }
    public Guid PartnerManager { get; }
    public Guid Presales { get; }
    public Guid EastManager { get; }
    public Guid WestManager { get; }
    public Guid TechLead { get; }
    public Guid CallLead { get; }
    public Guid TeamEast { get; }
    public Guid TeamWest { get; }
    public Guid TeamSolutionCentre { get; }
    public Guid TeamBranchTech { get; }
    public Guid TeamCallCentre { get; }
    public Guid Branch { get; }
    public Guid TierLarge { get; }
    public Guid TierDirect { get; }
    public Guid TierPartnerComplex { get; }
    public Guid TierPartnerStandard { get; }
    public Guid TierChannel { get; }

    public IOrganizationService As(Guid user) => Env.Service(user);

    public static EntityReference Ref(string table, Guid id) => new(table, id);

    public static Guid Tier(IOrganizationService service, string name, int order, int mode, int model, decimal? min = null, decimal? max = null,
        int? complexity = null, Guid? team = null, bool dualCredit = false, int level = 613000000)
    {
        var tier = new Entity("mci_supporttier")
        {
            ["mci_name"] = name, ["mci_evaluationorder"] = order, ["mci_salesmode"] = new OptionSetValue(mode), ["mci_presalesmodel"] = new OptionSetValue(model),
            ["mci_dualcredit"] = dualCredit, ["mci_level"] = new OptionSetValue(level),
        };
        if (min != null) tier["mci_minamount"] = new Money(min.Value);
        if (max != null) tier["mci_maxamount"] = new Money(max.Value);
        if (complexity != null) tier["mci_complexity"] = new OptionSetValue(complexity.Value);
        if (team != null) tier["mci_presalesteamid"] = Ref("team", team.Value);
        return service.Create(tier);
    }

    /// <summary>An opportunity as a seller enters it; Direct under 1,000,000 by default (no dual credit, so no overlay line).</summary>
    public Guid Opportunity(Guid user, string name = "ERP rollout", decimal? value = 800_000m, int? mode = Direct, int? complexity = null, Guid? leadTeam = null, bool branch = true)
    {
        var opportunity = new Entity("opportunity") { ["name"] = name };
        if (value != null) opportunity["estimatedvalue"] = new Money(value.Value);
        if (mode != null) opportunity["mci_salesmode"] = new OptionSetValue(mode.Value);
        if (complexity != null) opportunity["mci_complexity"] = new OptionSetValue(complexity.Value);
        if (branch) opportunity["mci_branchid"] = Ref("mci_branch", Branch);
        if (leadTeam != null) opportunity["mci_leadteamid"] = Ref("team", leadTeam.Value);
        return As(user).Create(opportunity);
    }

    public Guid Line(Guid user, Guid opportunity, Guid team, decimal percent, int type = Revenue, Guid? seller = null)
    {
        var line = new Entity("mci_opportunitysplit")
        {
            ["mci_name"] = "line", ["mci_opportunityid"] = Ref("opportunity", opportunity), ["mci_teamid"] = Ref("team", team),
            ["mci_splittype"] = new OptionSetValue(type), ["mci_percent"] = percent,
        };
        if (seller != null) line["mci_sellerid"] = Ref("systemuser", seller.Value);
        return As(user).Create(line);
    }

    public Guid Minutes(Guid user, Guid opportunity, string name = "Split meeting 2 March", int? status = null)
    {
        var minutes = new Entity("mci_allocationminutes") { ["mci_name"] = name, ["mci_opportunityid"] = Ref("opportunity", opportunity), ["mci_meetingdate"] = new DateTime(2026, 3, 2) };
        if (status != null) minutes["mci_status"] = new OptionSetValue(status.Value);
        return As(user).Create(minutes);
    }

    public void SetStatus(Guid user, Guid minutes, int status, string? reason = null)
    {
        var update = new Entity("mci_allocationminutes", minutes) { ["mci_status"] = new OptionSetValue(status) };
        if (reason != null) update["mci_reopenreason"] = reason;
        As(user).Update(update);
    }

    /// <summary>A two-team split at 60/40 confirmed in minutes by the sales executive; returns the minutes.</summary>
    public Guid ConfirmedSplit(Guid opportunity, out Guid east, out Guid west)
    {
        east = Line(Seller, opportunity, TeamEast, 60m, seller: Seller);
        west = Line(SellerZh, opportunity, TeamWest, 40m, seller: SellerZh);
        var minutes = Minutes(Seller, opportunity);
        SetStatus(Executive, minutes, MinutesConfirmed);
        return minutes;
    }

    public Entity Read(string table, Guid id) => Env.Peek(table, id) ?? throw new AssertionException($"{table} {id} does not exist");

    public static decimal? MoneyOf(Entity e, string column) => e.GetAttributeValue<Money>(column)?.Value;

    public static int? OptionOf(Entity e, string column) => e.GetAttributeValue<OptionSetValue>(column)?.Value;

    /// <summary>
    /// Runs an action that must be refused: returns the message the user sees and proves the refusal left nothing
    /// behind (every table of the store as before, no async job queued).
    /// </summary>
    public string Refused(Action act)
    {
        var before = Env.Snapshot();
        var queued = Env.PendingAsyncJobs;
        var fault = Assert.Throws<FaultException<OrganizationServiceFault>>(() => act())!;
        Assert.Multiple(() =>
        {
            Assert.That(Env.Snapshot().DifferencesFrom(before), Is.Empty, "a refusal leaves no partial change anywhere");
            Assert.That(Env.PendingAsyncJobs, Is.EqualTo(queued), "a refused operation queues no asynchronous work");
        });
        return fault.Detail.Message;
    }

    /// <summary>The service calls MCI's plug-ins and activities made during <paramref name="act"/>.</summary>
    public IReadOnlyList<ServiceCall> PluginCalls(Action act)
    {
        var mark = Env.Recorder.Mark();
        act();
        return mark.PluginCalls;
    }

    public static int Count(IEnumerable<ServiceCall> calls, string message, string? table = null)
        => calls.Count(c => c.Message == message && (table == null || c.Table == table));

    public IReadOnlyList<Entity> Lines(Guid opportunity)
        => Env.All("mci_opportunitysplit").Where(l => l.GetAttributeValue<EntityReference>("mci_opportunityid")?.Id == opportunity).ToList();

    public IReadOnlyList<Entity> Where(string table, string column, Guid id)
        => Env.All(table).Where(e => e.GetAttributeValue<EntityReference>(column)?.Id == id).ToList();

    public Entity Retrieve(Guid user, string table, Guid id, params string[] columns) => As(user).Retrieve(table, id, new ColumnSet(columns));

    /// <summary>This test environment's sdkmessageid of Win (Microsoft publishes none; each environment has its own).</summary>
    public static readonly Guid WinMessageId = new("5f0e6c1a-9b7d-4e21-8c3f-2a6d4b8e1c07");

    /// <summary>
    /// What an admin does with the Plug-in Registration Tool following docs/registrations.md: registers the by-hand steps the
    /// plug-in classes declare (those on Win of opportunity), from the declarations themselves.
    /// </summary>
    public static void RegisterWinStepsByHand(DataverseOptions options)
    {
        options.SdkMessages[WinMessageId] = "Win";
        var plugins = PluginAssemblies.Single(a => Path.GetFileNameWithoutExtension(a) == "MciDataverse.Plugins");
        var types = Mci.Emulator.Metadata.SolutionLoader.Load(SolutionFolder).PluginTypes;
        var byHand = DeclaredSteps.Read(plugins).Where(s => s.RegisteredByHand).ToList();
        Assert.That(byHand.Select(s => (s.PluginType, s.Message, s.Table)), Is.EquivalentTo(new[]
        {
            ("Mci.Plugins.WinGatePlugin", "Win", "opportunity"), ("Mci.Plugins.ChangeNotePlugin", "Win", "opportunity"),
        }));
        foreach (var step in byHand)
            options.StepsRegisteredByHand.Add(RegistrationGenerator.ByHandStep(step, WinMessageId, types.Single(t => t.TypeName == step.PluginType)));
    }

    private static string Meta(string key) =>
        typeof(World).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == key).Value!;
}
