using System.Reflection;
using Mci.SolutionModel;
using Mci.Tests;

namespace Mci.Solution.Tests
{
    /// <summary>The one model of what a solution declares (docs/solution-model.md): its names and its platform tables.</summary>
    public class SolutionModelTests
    {
        private static IReadOnlyList<Type> ModelTypes() =>
            typeof(SolutionDefinition).Assembly.GetExportedTypes().Where(t => !t.IsNested).OrderBy(t => t.Name, StringComparer.Ordinal).ToList();

        /// <summary>Type names of the real Microsoft.Xrm.Sdk (its public API listing in ../shared/xrm-api).</summary>
        private static HashSet<string> SdkTypeNames()
        {
            var dir = Path.Combine(Repo.SharedDir, "xrm-api");
            SharedMaterial.Require("the model's type names are not compared with the real SDK's", dir);
            return Directory.GetFiles(dir, "*.api.txt").SelectMany(File.ReadLines)
                .Where(l => l.StartsWith("T:", StringComparison.Ordinal))
                .Select(l => l[2..].Split(' ')[0].Split('`')[0].Split('.').Last())
                .ToHashSet(StringComparer.Ordinal);
        }

        [Test]
        public void No_model_type_is_named_like_a_type_of_the_real_SDK()
        {
            var sdk = SdkTypeNames();
            Assert.That(sdk, Does.Contain("OptionMetadata").And.Contain("EntityMetadata").And.Contain("Label").And.Contain("CascadeType"), "the listing is the SDK's");
            Assert.That(ModelTypes().Select(t => t.Name).Where(sdk.Contains), Is.Empty,
                "a model type named like an SDK type (Microsoft.Xrm.Sdk.Metadata.OptionMetadata, ...) is ambiguous wherever both namespaces are used");
        }

        [Test]
        public void The_model_has_one_record_per_component_kind()
        {
            var names = ModelTypes().Select(t => t.Name).ToList();
            Assert.That(names, Is.SupersetOf(new[]
            {
                "SolutionDefinition", "SolutionManifest", "DeclaredDependency", "TableDefinition", "ColumnDefinition", "Choice", "ChoiceOption", "RelationshipDefinition",
                "FormDefinition", "ViewDefinition", "SecurityRoleDefinition", "RolePrivilege", "FieldSecurityProfileDefinition", "FieldPermissionDefinition",
                "EnvironmentVariableDefinition", "ConnectionReferenceDefinition", "PluginAssemblyDefinition", "PluginTypeDefinition", "StepDefinition",
                "StepImageDefinition", "WebResourceDefinition", "SiteMapDefinition", "AppDefinition", "LocalizedText",
            }));
            Assert.That(names.Where(n => n.EndsWith("Metadata", StringComparison.Ordinal)), Is.Empty, "Metadata is the SDK's suffix");
        }

        [Test]
        public void Platform_tables_are_the_records_a_solution_is_read_into()
        {
            var opportunity = PlatformTables.Find("opportunity")!;
            Assert.Multiple(() =>
            {
                Assert.That(opportunity.ProvidedBy, Is.EqualTo(PlatformTables.Sales), "opportunity comes from Dynamics 365 Sales");
                Assert.That(PlatformTables.Find("account")!.ProvidedBy, Is.EqualTo(PlatformTables.System));
                Assert.That(opportunity.ObjectTypeCode, Is.EqualTo(3));
                Assert.That(opportunity.Column("statuscode")!.Choice!.Find(3)!.State, Is.EqualTo(1), "Won belongs to the Won state");
                Assert.That(opportunity.IsCustom, Is.False);
                Assert.That(PlatformTables.PrivilegeName("systemuser"), Is.EqualTo("User"));
                Assert.That(PlatformTables.PrivilegeName("annotation"), Is.EqualTo("Note"));
                Assert.That(PlatformTables.PrivilegeName("opportunityclose"), Is.EqualTo("Activity"));
                Assert.That(PlatformTables.PrivilegeName("mci_branch"), Is.EqualTo("mci_branch"), "a table the platform does not have keeps its name");
                Assert.That(PlatformTables.Lookups, Has.Some.EqualTo(new PlatformLookup("annotation", "objectid", PlatformTables.TablesWithNotes, CascadeBehavior.Cascade)));
                Assert.That(PlatformTables.Lookups, Has.Some.EqualTo(new PlatformLookup("task", "regardingobjectid", PlatformTables.TablesWithActivities, CascadeBehavior.Cascade)));
                Assert.That((opportunity.HasNotes, opportunity.HasActivities), Is.EqualTo((true, true)), "a standard table with a timeline");
                // Entity.xml's <HasRelatedNotes>/<HasRelatedActivities> (True/False): the resource request's escalation tasks need both.
                var request = Repo.Metadata.Tables.Single(t => t.LogicalName == "mci_resourcerequest");
                Assert.That((request.HasNotes, request.HasActivities), Is.EqualTo((true, true)), "escalation tasks are regarding the request");
                var branch = Repo.Metadata.Tables.Single(t => t.LogicalName == "mci_branch");
                Assert.That((branch.HasNotes, branch.HasActivities), Is.EqualTo((false, false)), "absent means disabled");
            });
            // The registration checker's columns of a table the solution extends are the platform's plus the solution's.
            var columns = Mci.Packaging.Registration.RegistrationChecker.Columns(Repo.Metadata, "opportunity")!;
            Assert.That(columns, Does.Contain("estimatedvalue").And.Contain("budgetamount").And.Contain("mci_salesmode").And.Contain("createdonbehalfby"));
            Assert.That(columns, Does.Not.Contain("mci_nosuchcolumn"));
            Assert.That(Mci.Packaging.Registration.RegistrationChecker.Columns(Repo.Metadata, "nosuchtable"), Is.Null);
        }

        [Test]
        public void A_privilege_name_says_its_access_and_table()
        {
            var p = new RolePrivilege("prvAppendTomci_Branch", "Global");
            Assert.Multiple(() =>
            {
                Assert.That((p.Access, p.TableName, p.Level), Is.EqualTo(((PrivilegeAccess?)PrivilegeAccess.AppendTo, "mci_Branch", PrivilegeLevel.Global)));
                Assert.That(new RolePrivilege("prvAppendmci_Branch", "Local").Access, Is.EqualTo(PrivilegeAccess.Append), "Append is not AppendTo");
                Assert.That(new RolePrivilege("prvExportToExcel", "Basic").TableName, Is.Null, "not a table privilege");
                Assert.That(new RolePrivilege("prvReadAccount", "Tenant").Level, Is.EqualTo(PrivilegeLevel.Global), "an unknown level reads as Global");
            });
        }

        [Test]
        public void A_role_compares_privilege_names_ignoring_case()
        {
            var role = new SecurityRoleDefinition(Guid.NewGuid(), "R") { Privileges = new[] { new RolePrivilege("prvReadmci_Branch", "Local") } };
            Assert.That((role.Level("PRVREADMCI_BRANCH"), role.Level("prvWritemci_Branch")), Is.EqualTo((PrivilegeLevel.Local, PrivilegeLevel.None)));
            var copy = role with { Privileges = new[] { new RolePrivilege("prvWritemci_Branch", "Basic") } };
            Assert.That((copy.Level("prvReadmci_Branch"), copy.Level("prvWritemci_Branch")), Is.EqualTo((PrivilegeLevel.None, PrivilegeLevel.Basic)), "a copy with other privileges answers for its own");
        }
    }
}
